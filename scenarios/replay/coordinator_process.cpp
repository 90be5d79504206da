// The coordinator child process (see coordinator_process.hpp).
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <scenarios/replay/coordinator_process.hpp>
#include <thread>

namespace fieldops::replay {

namespace {

using namespace std::chrono_literals;

// fork + exec with stdout and stderr appended to `logFile`; stdin from /dev/null.
pid_t spawn(const std::string& binary, const std::vector<std::string>& args,
            const std::string& logFile) {
  std::vector<std::string> argv{binary};
  argv.insert(argv.end(), args.begin(), args.end());
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid != 0) return pid;
  // If the runner dies without stopping it (SIGKILL, a closed terminal), the coordinator
  // gets SIGTERM and stops cleanly instead of running on as an orphan.
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) _exit(127);  // the runner died before prctl took effect
  const int out = open(logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  const int in = open("/dev/null", O_RDONLY);
  if (out >= 0) {
    dup2(out, 1);
    dup2(out, 2);
  }
  if (in >= 0) dup2(in, 0);
  setpgid(0, 0);  // a Ctrl-C at the trainer's terminal stops the runner, which stops the child
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);  // the runner blocks signals for its signalfd
  std::vector<char*> raw;
  for (auto& a : argv) raw.push_back(a.data());
  raw.push_back(nullptr);
  execv(binary.c_str(), raw.data());
  _exit(127);
}

std::optional<int> waitExit(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    int status = 0;
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    }
    if (r < 0) return -1;
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(10ms);
  }
}

std::map<std::string, std::string> readReady(const std::string& path) {
  std::map<std::string, std::string> out;
  std::ifstream f(path);
  std::string line;
  while (std::getline(f, line)) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

}  // namespace

CoordinatorProcess::~CoordinatorProcess() {
  if (pid_ > 0) stop(5s);
}

Expected<std::map<std::string, std::string>, std::string> CoordinatorProcess::start(
    const ChildSettings& s, std::chrono::milliseconds timeout) {
  if (s.keyFile.empty() || s.allowListFile.empty()) {
    return std::string("the coordinator child needs its key file and an allow-list");
  }
  // The replayer writes DATA-DIR/replay-ready itself, with the keys dashboards need.
  const std::string ready = s.dataDir + "/coordinator-ready";
  std::filesystem::remove(ready);
  std::vector<std::string> args = {"--data-dir",
                                   s.dataDir,
                                   "--operation",
                                   s.operationId,
                                   "--clock",
                                   "stepped",
                                   "--clock-start",
                                   std::to_string(s.clockStart),
                                   "--ready-file",
                                   ready,
                                   "--agent-endpoint",
                                   "tcp://127.0.0.1:*",
                                   "--control-endpoint",
                                   "tcp://127.0.0.1:*",
                                   "--updates-endpoint",
                                   "tcp://127.0.0.1:*",
                                   "--heartbeat-ms",
                                   std::to_string(s.heartbeat),
                                   "--map-size-mb",
                                   std::to_string(s.mapSizeMb),
                                   "--log-level",
                                   "warn",
                                   "--key",
                                   s.keyFile,
                                   "--allow-list",
                                   s.allowListFile};
  if (!s.postsFile.empty()) {
    args.push_back("--posts");
    args.push_back(s.postsFile);
  }
  pid_ = spawn(s.binary, args, s.dataDir + "/replay-coordinator.out");
  if (pid_ < 0) return std::string("cannot start ") + s.binary;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(ready)) {
      auto endpoints = readReady(ready);
      if (endpoints.count("agent") && endpoints.count("control")) return endpoints;
    }
    if (auto status = waitExit(pid_, 0ms)) {
      pid_ = -1;
      return "the coordinator exited with status " + std::to_string(*status) + " at start; see " +
             s.dataDir + "/replay-coordinator.out";
    }
    std::this_thread::sleep_for(20ms);
  }
  stop(5s);
  return std::string("the coordinator did not get ready in time");
}

int CoordinatorProcess::stop(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  auto status = waitExit(pid_, timeout);
  if (!status) {
    kill(pid_, SIGKILL);
    status = waitExit(pid_, 5s);
  }
  pid_ = -1;
  return status.value_or(-1);
}

Expected<int, std::string> runToCompletion(const std::string& binary,
                                           const std::vector<std::string>& args,
                                           const std::string& logFile,
                                           std::chrono::milliseconds timeout) {
  const pid_t pid = spawn(binary, args, logFile);
  if (pid < 0) return std::string("cannot start ") + binary;
  auto status = waitExit(pid, timeout);
  if (status) return *status;
  kill(pid, SIGKILL);
  waitExit(pid, 5s);
  return binary + " did not finish in time";
}

}  // namespace fieldops::replay
