// How a trainer steers a running exercise: keys p (pause), r (resume) and q (stop) on an
// interactive terminal, and signals for scripts: SIGUSR1 pauses, SIGUSR2 resumes, SIGINT and
// SIGTERM stop. Signals are blocked and read through a signalfd that the runner's one poll
// loop watches (no handler, no global flag).
#pragma once

#include <memory>
#include <vector>
#include <zmq.hpp>

namespace fieldops::replay {

enum class Command { none, pause, resume, stop };

class ExerciseControls {
 public:
  explicit ExerciseControls(bool keys);
  ~ExerciseControls();
  ExerciseControls(const ExerciseControls&) = delete;
  ExerciseControls& operator=(const ExerciseControls&) = delete;

  void addPollItems(std::vector<zmq::pollitem_t>& items) const;
  // Reads what is ready on the signal and key descriptors; the last command wins.
  Command read();

 private:
  int signalFd_ = -1;
  int keysFd_ = -1;
  bool restoreTerminal_ = false;
  struct TermState;
  std::unique_ptr<TermState> saved_;
};

}  // namespace fieldops::replay
