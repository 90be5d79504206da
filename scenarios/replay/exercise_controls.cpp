// Pause, resume and stop from keys and signals (see exercise_controls.hpp).
#include <signal.h>
#include <sys/signalfd.h>
#include <termios.h>
#include <unistd.h>

#include <scenarios/replay/exercise_controls.hpp>

namespace fieldops::replay {

struct ExerciseControls::TermState {
  termios attrs{};
};

ExerciseControls::ExerciseControls(bool keys) {
  sigset_t set;
  sigemptyset(&set);
  for (int s : {SIGUSR1, SIGUSR2, SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, s);
  if (sigprocmask(SIG_BLOCK, &set, nullptr) == 0) {
    signalFd_ = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  }
  if (keys && isatty(STDIN_FILENO)) {
    keysFd_ = STDIN_FILENO;
    saved_ = std::make_unique<TermState>();
    if (tcgetattr(keysFd_, &saved_->attrs) == 0) {
      termios raw = saved_->attrs;
      raw.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO));
      raw.c_cc[VMIN] = 0;
      raw.c_cc[VTIME] = 0;
      restoreTerminal_ = tcsetattr(keysFd_, TCSANOW, &raw) == 0;
    }
  }
}

ExerciseControls::~ExerciseControls() {
  if (restoreTerminal_) tcsetattr(keysFd_, TCSANOW, &saved_->attrs);
  if (signalFd_ >= 0) close(signalFd_);
}

void ExerciseControls::addPollItems(std::vector<zmq::pollitem_t>& items) const {
  if (signalFd_ >= 0) items.push_back({nullptr, signalFd_, ZMQ_POLLIN, 0});
  if (keysFd_ >= 0) items.push_back({nullptr, keysFd_, ZMQ_POLLIN, 0});
}

Command ExerciseControls::read() {
  Command c = Command::none;
  signalfd_siginfo info{};
  while (signalFd_ >= 0 && ::read(signalFd_, &info, sizeof info) == sizeof info) {
    if (info.ssi_signo == SIGUSR1)
      c = Command::pause;
    else if (info.ssi_signo == SIGUSR2)
      c = Command::resume;
    else
      return Command::stop;
  }
  char key = 0;
  while (keysFd_ >= 0 && ::read(keysFd_, &key, 1) == 1) {
    if (key == 'p' || key == 'P' || key == ' ')
      c = Command::pause;
    else if (key == 'r' || key == 'R')
      c = Command::resume;
    else if (key == 'q' || key == 'Q')
      return Command::stop;
  }
  return c;
}

}  // namespace fieldops::replay
