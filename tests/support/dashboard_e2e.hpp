// Shared by the dashboard's end-to-end tests: the real dashboard in a tmux pane (its own tmux
// socket), typed at with send-keys and read with capture-pane, against a real secure
// coordinator process and real agents in script mode, on 127.0.0.1 ephemeral ports.
// Needs FIELDOPS_DASHBOARD_BIN, FIELDOPS_AGENT_BIN, FIELDOPS_TMUX_BIN, FIELDOPS_COORDINATOR_BIN.
#pragma once

#include <signal.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <fstream>
#include <functional>
#include <sstream>
#include <protocol/session.hpp>
#include <tests/support/enrolment.hpp>
#include <tests/support/support.hpp>
#include <thread>

namespace fieldops::test::e2e {

using namespace std::chrono_literals;


constexpr auto kPatience = 20s;  // the longest any awaited screen or output may take
constexpr auto kPollEvery = 100ms;

inline bool eventually(const std::function<bool()>& condition,
                std::chrono::milliseconds patience = kPatience) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(kPollEvery);
  }
  return true;
}

inline bool alive(pid_t pid) {
  if (::kill(pid, 0) != 0) return errno != ESRCH;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pidField, comm, state;
  stat >> pidField >> comm >> state;
  return state != "Z";
}

inline std::vector<std::string> coordinatorArgs(const TestKeys& keys, const std::string& agent,
                                         const std::string& control, const std::string& updates,
                                         const std::string& ready) {
  std::vector<std::string> args = {
      "--data-dir", keys.dataDir(), "--operation",  kOperation, "--agent-endpoint", agent,
      "--control-endpoint", control,      "--ready-file", ready,      "--log-level",      "warn",
      "--map-size-mb",      "256"};
  args.insert(args.end(), {"--updates-endpoint", updates});
  const auto secure = keys.coordinatorArgs();
  args.insert(args.end(), secure.begin(), secure.end());
  return args;
}

// The principals enrolled for every test.
inline const std::string kCommander = "cmdr.maric";
inline const std::string kObserver = "liaison.observer";
inline const std::string kAlphaAgent = "unit.alpha-1";
inline const std::string kTrainer = "trainer.exercise";

// fieldops-dashboard alone in a tmux server on a socket of its own, in the test's temporary
// directory. The dashboard is the pane's process (no shell), in a UTF-8 locale. The server and
// the dashboard are killed on destruction.
class DashboardPane {
 public:
  // `named`: started with --commander; otherwise without it and without $USER.
  DashboardPane(const TempDir& dir, const std::string& name, const std::string& control,
                std::vector<std::string> extra = {}, int cols = 120, int rows = 40,
                bool named = true)
      : name_(name), socket_(dir / (name + ".sock")) {
    const std::string conf = dir / "tmux.conf";
    std::ofstream(conf) << "set -g remain-on-exit on\nset -g default-terminal screen-256color\n";
    std::vector<std::string> args = {"-f",
                                     conf,
                                     "new-session",
                                     "-d",
                                     "-s",
                                     name_,
                                     "-x",
                                     std::to_string(cols),
                                     "-y",
                                     std::to_string(rows),
                                     "env",
                                     "-u",
                                     "USER",
                                     "LANG=C.UTF-8",
                                     "LC_ALL=C.UTF-8",
                                     FIELDOPS_DASHBOARD_BIN,
                                     "--coordinator",
                                     control,
                                     "--operation",
                                     kOperation};
    if (named) args.insert(args.end(), {"--commander", "Cdr. Marić"});
    args.insert(args.end(), extra.begin(), extra.end());
    const auto started = tmux(args);
    BOOST_REQUIRE_MESSAGE(started.status == 0, "tmux did not start: " << started.err);
    pid_ = std::stoi(tmux({"display-message", "-p", "-t", name_, "#{pane_pid}"}).out);
  }

  ~DashboardPane() {
    tmux({"kill-server"});  // hangs up the pane: the dashboard gets SIGHUP
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (pid_ > 0 && alive(pid_) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(20ms);
    }
    if (pid_ > 0 && alive(pid_)) ::kill(pid_, SIGKILL);
  }
  DashboardPane(const DashboardPane&) = delete;
  DashboardPane& operator=(const DashboardPane&) = delete;

  void type(const std::string& text) { tmux({"send-keys", "-t", name_, "-l", text}); }
  void press(const std::string& key) { tmux({"send-keys", "-t", name_, key}); }
  void resize(int cols, int rows) {
    tmux({"resize-window", "-t", name_, "-x", std::to_string(cols), "-y", std::to_string(rows)});
  }
  std::string screen() const { return tmux({"capture-pane", "-p", "-t", name_}).out; }
  bool waitFor(const std::string& needle) const {
    return eventually([&] { return screen().find(needle) != std::string::npos; });
  }
  bool waitForAll(const std::vector<std::string>& needles) const {
    return eventually([&] {
      const std::string s = screen();
      for (const auto& n : needles) {
        if (s.find(n) == std::string::npos) return false;
      }
      return true;
    });
  }
  // A line of the screen with every needle, in this order (columns move with the width).
  static bool hasRow(const std::string& screen, const std::vector<std::string>& needles) {
    std::size_t start = 0;
    while (start < screen.size()) {
      const std::size_t end = std::min(screen.find('\n', start), screen.size());
      const std::string line = screen.substr(start, end - start);
      std::size_t at = 0;
      bool all = true;
      for (const auto& n : needles) {
        at = line.find(n, at);
        if (at == std::string::npos) {
          all = false;
          break;
        }
        at += n.size();
      }
      if (all) return true;
      start = end + 1;
    }
    return false;
  }
  bool hasRow(const std::vector<std::string>& needles) const { return hasRow(screen(), needles); }
  bool waitForRow(const std::vector<std::string>& needles) const {
    return eventually([&] { return hasRow(needles); });
  }
  // The screen's lines, top to bottom.
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    std::istringstream in(screen());
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
  }
  pid_t pid() const { return pid_; }

 private:
  RunResult tmux(std::vector<std::string> args) const {
    args.insert(args.begin(), {"-u", "-S", socket_});
    return runProgram(FIELDOPS_TMUX_BIN, args, 10s);
  }

  std::string name_;
  std::string socket_;
  pid_t pid_ = -1;
};

inline std::vector<std::string> agentArgs(const std::string& endpoint, const std::string& outbox,
                                   const std::string& callsign) {
  return {"--coordinator",
          endpoint,
          "--operation",
          kOperation,
          "--callsign",
          callsign,
          "--post",
          "Tabanovce",
          "--lat",
          "42.21",
          "--lon",
          "21.70",
          "--document-check",
          "--outbox-dir",
          outbox,
          "--script",
          "--hello-timeout-ms",
          "300",
          "--backoff-max-ms",
          "1000"};
}

// A secure coordinator process with every endpoint on an ephemeral 127.0.0.1 port, and the keys
// of the principals enrolled in its allow-list.
struct Operation {
  // `extra`: more coordinator options (--posts, --clock stepped ...); `agents`: more units whose
  // agents have keys of their own ("BRAVO-2" is enrolled as principal "unit.bravo-2").
  explicit Operation(std::vector<std::string> extra = {}, std::vector<std::string> agents = {})
      : keys(dir / "keys", dir / "data"), extraArgs(std::move(extra)) {
    keys.enroll(kCommander, "commander");
    keys.enroll(kObserver, "observer");
    keys.enroll(kTrainer, "trainer");
    keys.enroll(kAlphaAgent, "agent", "ALPHA-1");
    for (const auto& unit : agents) keys.enroll(agentPrincipal(unit), "agent", unit);
    start("tcp://127.0.0.1:*", "tcp://127.0.0.1:*", "tcp://127.0.0.1:*");
  }

  static std::string agentPrincipal(const std::string& unit) {
    std::string p = "unit.";
    for (char c : unit) p += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return p;
  }

  void start(const std::string& agent, const std::string& control, const std::string& updates) {
    const std::string ready = dir / ("ready-" + std::to_string(++starts));
    auto args = coordinatorArgs(keys, agent, control, updates, ready);
    args.insert(args.end(), extraArgs.begin(), extraArgs.end());
    coordinator = std::make_unique<Child>(FIELDOPS_COORDINATOR_BIN, args, dir.path());
    endpoints = waitReadyFile(ready, 30s);
  }

  // A field agent in script mode reporting as `callsign`, with the ALPHA-1 agent's key unless
  // the unit was enrolled with a key of its own.
  std::unique_ptr<Child> agent(const std::string& callsign, std::vector<std::string> extra = {}) {
    auto args = agentArgs(endpoints.at("agent"), dir / callsign, callsign);
    const bool own = keys.has(agentPrincipal(callsign));
    const auto secure = keys.clientArgs(own ? agentPrincipal(callsign) : kAlphaAgent);
    args.insert(args.end(), secure.begin(), secure.end());
    args.insert(args.end(), extra.begin(), extra.end());
    return std::make_unique<Child>(FIELDOPS_AGENT_BIN, args, dir.path(), true);
  }

  // A dashboard with `principal`'s keys, in a terminal cols x rows.
  std::unique_ptr<DashboardPane> dashboard(const std::string& name, const std::string& principal,
                                           std::vector<std::string> extra = {}, int cols = 120,
                                           int rows = 40, bool named = true) {
    const auto secure = keys.clientArgs(principal);
    extra.insert(extra.end(), secure.begin(), secure.end());
    return std::make_unique<DashboardPane>(dir, name, endpoints.at("control"), extra, cols, rows,
                                           named);
  }

  // A control request as `principal` (the trainer moves a stepped clock).
  ControlReply request(const std::string& principal, ControlRequest r) {
    ControlClient control(context,
                          {endpoints.at("control"), kOperation, true, keys.clientKeys(principal)});
    auto reply = control.request(std::move(r), 5s);
    BOOST_REQUIRE_MESSAGE(reply.has_value(), "no reply to the control request");
    return *reply;
  }

  Snapshot snapshot() {
    ControlClient control(context,
                          {endpoints.at("control"), kOperation, true, keys.clientKeys(kCommander)});
    auto reply = control.request(SnapshotQuery{}, 5s);
    BOOST_REQUIRE(reply.has_value());
    return std::get<Snapshot>(*reply);
  }

  // `fieldops-coordinator audit`: the access log, read beside the running coordinator.
  RunResult audit() {
    return runProgram(FIELDOPS_COORDINATOR_BIN, {"--data-dir", keys.dataDir(), "audit"});
  }

  TempDir dir;
  TestKeys keys;
  std::vector<std::string> extraArgs;
  zmq::context_t context{1};
  int starts = 0;
  std::unique_ptr<Child> coordinator;
  std::map<std::string, std::string> endpoints;
};

}  // namespace fieldops::test::e2e
