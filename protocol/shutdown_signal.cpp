// SIGINT/SIGTERM through a signalfd (see shutdown_signal.hpp).
#include <protocol/shutdown_signal.hpp>

#include <csignal>
#include <pthread.h>
#include <sys/signalfd.h>

namespace fieldops {

int shutdownSignalFd() {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGTERM);
  if (pthread_sigmask(SIG_BLOCK, &mask, nullptr) != 0) return -1;
  return signalfd(-1, &mask, SFD_CLOEXEC);
}

}  // namespace fieldops
