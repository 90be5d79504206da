// A coordinator child process for a self-contained exercise (`run --coordinator-bin`): started
// in stepped-clock mode on 127.0.0.1 ephemeral ports with CURVE (the keys of exercise_keys.hpp),
// found through its ready file (DATA-DIR/coordinator-ready), and stopped
// with SIGTERM (SIGKILL if it does not stop in time). Also runs its import subcommand.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <protocol/expected.hpp>
#include <protocol/messages.hpp>
#include <string>
#include <vector>

namespace fieldops::replay {

struct ChildSettings {
  std::string binary;
  std::string dataDir;
  std::string operationId;
  Millis clockStart = 0;
  Millis heartbeat = 30'000;
  std::string postsFile;  // may be empty
  std::size_t mapSizeMb = 1024;
  std::string keyFile;        // its key pair (--key), and
  std::string allowListFile;  // who may connect (--allow-list): CURVE always
};

class CoordinatorProcess {
 public:
  CoordinatorProcess() = default;
  ~CoordinatorProcess();
  CoordinatorProcess(const CoordinatorProcess&) = delete;
  CoordinatorProcess& operator=(const CoordinatorProcess&) = delete;

  // Starts it and waits (bounded) for its endpoints: agent=, control=, updates=.
  Expected<std::map<std::string, std::string>, std::string> start(
      const ChildSettings& s, std::chrono::milliseconds timeout);
  // SIGTERM, then waits; SIGKILL after `timeout`. Returns the exit status.
  int stop(std::chrono::milliseconds timeout);
  bool running() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
};

// Runs `binary args...` to completion (bounded), output appended to `logFile`; the exit status,
// or an error text.
Expected<int, std::string> runToCompletion(const std::string& binary,
                                           const std::vector<std::string>& args,
                                           const std::string& logFile,
                                           std::chrono::milliseconds timeout);

}  // namespace fieldops::replay
