// Host limits for many connections (see host_limits.hpp).
#include <coordinator/host_limits.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <fstream>

namespace fieldops {

int listenBacklog() {
  std::ifstream f("/proc/sys/net/core/somaxconn");
  long value = 0;
  if (!(f >> value)) return kMinListenBacklog;
  return static_cast<int>(std::clamp<long>(value, kMinListenBacklog, kMaxListenBacklog));
}

long raiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return -1;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? -1 : static_cast<long>(limit.rlim_cur);
}

}  // namespace fieldops
