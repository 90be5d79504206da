// SIGINT and SIGTERM as a readable fd for a process's one poll loop (style.md 6: a signal only
// sets a flag; here the kernel keeps the flag). Call before any thread starts, so that no
// thread (ZeroMQ's included) takes the signal the default way.
#pragma once

namespace fieldops {

// Blocks SIGINT and SIGTERM in the calling thread (inherited by threads it starts) and returns
// a signalfd that becomes readable when one arrives; -1 on failure.
int shutdownSignalFd();

}  // namespace fieldops
