// What the host allows a coordinator with many units: the listen backlog (the kernel's
// somaxconn) and open files. Read at start, at the edge (docs/coordinator.md, "Restarts").
#pragma once

namespace fieldops {

// The listen backlog the coordinator's sockets ask for (ZMQ_BACKLOG): the kernel's
// /proc/sys/net/core/somaxconn, since Linux silently caps a larger one there, within
// [kMinListenBacklog, kMaxListenBacklog]; kMinListenBacklog when it cannot be read.
inline constexpr int kMinListenBacklog = 100;  // ZeroMQ's own default
inline constexpr int kMaxListenBacklog = 65535;
int listenBacklog();

// Raises this process's soft limit on open files to its hard limit: every connected unit is a
// file descriptor. Returns the soft limit in force afterwards.
long raiseOpenFileLimit();

}  // namespace fieldops
