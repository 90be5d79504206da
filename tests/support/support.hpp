// Shared test fixtures: temporary directories, child processes, a manual clock and sample
// domain values. Every test binds tcp://127.0.0.1:* and reads the port back (style.md 15).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <coordinator/clock.hpp>
#include <map>
#include <optional>
#include <protocol/messages.hpp>
#include <string>
#include <tests/support/printing.hpp>
#include <vector>

namespace fieldops::test {

// A fresh directory under $TMPDIR, removed with everything in it when this goes out of scope.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A child process with its output captured to files; killed (SIGKILL) and reaped on destruction.
class Child {
 public:
  // With pipeStdin the child reads what writeStdin() sends; otherwise it reads /dev/null.
  Child(const std::string& program, const std::vector<std::string>& args,
        const std::string& outputDir, bool pipeStdin = false);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  void signal(int sig);
  // Waits up to `timeout` for the child to exit; returns its exit status (or 128+signal).
  std::optional<int> wait(std::chrono::milliseconds timeout);
  bool running();
  std::string stderrText() const;
  std::string stdoutText() const;
  void writeStdin(const std::string& text);
  void closeStdin();
  // Waits until stdout contains `needle` at least `times` times; false on timeout.
  bool waitForOutput(const std::string& needle, std::chrono::milliseconds timeout,
                     std::size_t times = 1) const;

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  std::optional<int> status_;
  std::string out_;
  std::string err_;
};

// Runs a program to completion (bounded) and returns (exit status, stdout, stderr).
struct RunResult {
  int status = -1;
  std::string out;
  std::string err;
};
RunResult runProgram(const std::string& program, const std::vector<std::string>& args,
                     std::chrono::milliseconds timeout = std::chrono::seconds(30));

// The first line of `text` (a program's output) holding every one of `parts`; empty if none.
std::string lineWith(const std::string& text, const std::vector<std::string>& parts);

// Waits for a coordinator's --ready-file and returns its key=value lines.
std::map<std::string, std::string> waitReadyFile(const std::string& path,
                                                 std::chrono::milliseconds timeout);

class ManualClock final : public Clock {
 public:
  explicit ManualClock(Millis start = 1'800'000'000'000) : now_(start) {}
  Millis now() const override { return now_; }
  void advance(Millis ms) { now_ += ms; }

 private:
  Millis now_;
};

Hello sampleHello(const std::string& callsign);
Sighting sampleSighting(const std::string& id, Millis observedAt = 1'800'000'000'000);
CreateTask sampleCreateTask(const std::string& assignTo, Millis dueAt = 1'800'000'600'000);

inline constexpr const char* kOperation = "LANTERN-TEST";

}  // namespace fieldops::test
