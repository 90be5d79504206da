// fieldops-dashboard end to end, as a commander meets it: the real dashboard in a tmux pane
// (its own tmux socket, 120x40), typed at with send-keys and read with capture-pane, against a
// real coordinator process and a real agent in script mode, on 127.0.0.1 ephemeral ports.
#define BOOST_TEST_MODULE dashboard_e2e
#include <signal.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <fstream>
#include <functional>
#include <protocol/session.hpp>
#include <tests/support/support.hpp>
#include <thread>

using namespace fieldops;
using namespace fieldops::test;
using namespace std::chrono_literals;

namespace {

constexpr auto kPatience = 20s;  // the longest any awaited screen or output may take
constexpr auto kPollEvery = 100ms;

bool eventually(const std::function<bool()>& condition,
                std::chrono::milliseconds patience = kPatience) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(kPollEvery);
  }
  return true;
}

bool alive(pid_t pid) {
  if (::kill(pid, 0) != 0) return errno != ESRCH;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pidField, comm, state;
  stat >> pidField >> comm >> state;
  return state != "Z";
}

std::vector<std::string> coordinatorArgs(const TempDir& dir, const std::string& agent,
                                         const std::string& control, const std::string& updates,
                                         const std::string& ready) {
  std::vector<std::string> args = {
      "--insecure-dev", "--data-dir", dir / "data", "--operation",  kOperation, "--agent-endpoint", agent,
      "--control-endpoint", control,      "--ready-file", ready,      "--log-level",      "warn",
      "--map-size-mb",      "256"};
  args.insert(args.end(), {"--updates-endpoint", updates});
  return args;
}

// fieldops-dashboard alone in a tmux server on a socket of its own, in the test's temporary
// directory. The dashboard is the pane's process (no shell), in a UTF-8 locale. The server and
// the dashboard are killed on destruction.
class DashboardPane {
 public:
  DashboardPane(const TempDir& dir, const std::string& name, const std::string& control,
                std::vector<std::string> extra = {})
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
                                     "120",
                                     "-y",
                                     "40",
                                     "env",
                                     "LANG=C.UTF-8",
                                     "LC_ALL=C.UTF-8",
                                     FIELDOPS_DASHBOARD_BIN,
                                     "--coordinator",
                                     control,
                                     "--operation",
                                     kOperation,
                                     "--commander",
                                     "Cdr. Marić"};
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

std::vector<std::string> agentArgs(const std::string& endpoint, const std::string& outbox,
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

// A coordinator process with every endpoint on an ephemeral 127.0.0.1 port.
struct Operation {
  Operation() { start("tcp://127.0.0.1:*", "tcp://127.0.0.1:*", "tcp://127.0.0.1:*"); }

  void start(const std::string& agent, const std::string& control, const std::string& updates) {
    const std::string ready = dir / ("ready-" + std::to_string(++starts));
    coordinator = std::make_unique<Child>(
        FIELDOPS_COORDINATOR_BIN, coordinatorArgs(dir, agent, control, updates, ready), dir.path());
    endpoints = waitReadyFile(ready, 30s);
  }

  std::unique_ptr<Child> agent(const std::string& callsign) {
    return std::make_unique<Child>(FIELDOPS_AGENT_BIN,
                                   agentArgs(endpoints.at("agent"), dir / callsign, callsign),
                                   dir.path(), true);
  }

  Snapshot snapshot() {
    ControlClient control(context, {endpoints.at("control"), kOperation, true});
    auto reply = control.request(SnapshotQuery{}, 5s);
    BOOST_REQUIRE(reply.has_value());
    return std::get<Snapshot>(*reply);
  }

  TempDir dir;
  zmq::context_t context{1};
  int starts = 0;
  std::unique_ptr<Child> coordinator;
  std::map<std::string, std::string> endpoints;
};

const std::string kRussianName = "Ахмед Салех";
const std::string kArabicName = "أحمد كريمي";

}  // namespace

BOOST_AUTO_TEST_CASE(a_unit_registers_a_sighting_appears_and_a_task_typed_reaches_the_agent) {
  Operation op;
  DashboardPane pane(op.dir, "commander", op.endpoints.at("control"));
  BOOST_REQUIRE_MESSAGE(pane.waitFor("CONNECTED"), pane.screen());
  BOOST_TEST(pane.screen().find("EXERCISE") != std::string::npos);
  // A second dashboard, an observer, watches the same coordinator.
  DashboardPane observer(op.dir, "observer", op.endpoints.at("control"), {"--observer"});

  auto agent = op.agent("ALPHA-1");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("ALPHA-1      Tabanovce"), pane.screen());
  agent->writeStdin(R"({"sighting":{"category":"person","personCount":1,"subject":{"names":[")" +
                    kRussianName + R"("]}}})" + "\n");
  // The update stream carries no personal data: the name shows redacted on both dashboards.
  BOOST_REQUIRE_MESSAGE(pane.waitFor("[redacted]"), pane.screen());
  BOOST_REQUIRE_MESSAGE(observer.waitFor("[redacted]"), observer.screen());
  BOOST_TEST(pane.screen().find(kRussianName) == std::string::npos, pane.screen());

  // New task: kind and priority as they are, due in 60 min, target by prefix, instructions,
  // and the suggested unit (the nearest available with document check: ALPHA-1).
  pane.type("n");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("suggested: ALPHA-1"), pane.screen());
  for (int i = 0; i < 3; ++i) pane.press("Tab");
  pane.type("taban");
  pane.press("Tab");
  pane.type("E2E check lane 3");
  pane.press("Tab");
  pane.press("Enter");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("created and assigned to ALPHA-1"), pane.screen());
  BOOST_TEST(agent->waitForOutput("E2E check lane 3", kPatience), agent->stdoutText());
  BOOST_REQUIRE_MESSAGE(pane.waitFor("screen arrivals"), pane.screen());  // on the board

  observer.type("n");
  BOOST_TEST(observer.waitFor("read-only (observer)"), observer.screen());
}

BOOST_AUTO_TEST_CASE(an_unaccompanied_minor_raises_an_alert_the_commander_acknowledges) {
  Operation op;
  DashboardPane pane(op.dir, "commander", op.endpoints.at("control"));
  auto agent = op.agent("ALPHA-1");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("ALPHA-1      Tabanovce"), pane.screen());
  agent->writeStdin(R"({"sighting":{"category":"group","personCount":3,"minorCount":2,)"
                    R"("indicators":["unaccompaniedMinor"],"subject":{"names":[")" +
                    kArabicName + R"("]}}})" + "\n");
  BOOST_REQUIRE_MESSAGE(pane.waitForAll({"1 NEW ALERT", "MINOR", "[redacted]"}), pane.screen());

  pane.type("1");  // the alerts pane; its first row is the new alert
  pane.type("k");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("Acknowledge alert !1"), pane.screen());
  pane.type("child-protection team on the way");
  pane.press("Enter");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("alert !1 acknowledged"), pane.screen());
  BOOST_TEST(pane.waitFor("critical acknowledged"), pane.screen());  // the row, not only the status
  const Snapshot snap = op.snapshot();
  BOOST_REQUIRE(snap.alerts.size() == 1u);
  BOOST_TEST(snap.alerts.front().state == AlertState::ACKNOWLEDGED);
  BOOST_TEST(snap.alerts.front().acknowledgedBy == "Cdr. Marić");
  BOOST_TEST(snap.alerts.front().note.find("child-protection team on the way") !=
             std::string::npos);

  // The details of the alert, with its history from the event log.
  pane.press("Enter");
  BOOST_TEST(pane.waitForAll({"Details alert:1", "alertAcknowledged"}), pane.screen());
}

BOOST_AUTO_TEST_CASE(the_layout_follows_the_terminal_size) {
  Operation op;
  DashboardPane pane(op.dir, "commander", op.endpoints.at("control"));
  BOOST_REQUIRE_MESSAGE(pane.waitForAll({"CONNECTED", "2 Units (", "5 Map"}), pane.screen());
  pane.resize(80, 24);
  BOOST_REQUIRE_MESSAGE(pane.waitFor("2 Units   3 Tasks"), pane.screen());  // tabs
  BOOST_TEST(pane.screen().find("5 Map ─") == std::string::npos);
  pane.press("Tab");
  BOOST_TEST(pane.waitFor("Units (0)"), pane.screen());
  pane.resize(160, 48);
  BOOST_TEST(pane.waitForAll({"2 Units (", "5 Map", "3 Tasks ("}), pane.screen());
  BOOST_TEST(pane.screen().find("2 Units   3 Tasks") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_coordinator_restart_shows_disconnected_then_resyncs) {
  Operation op;
  DashboardPane pane(op.dir, "commander", op.endpoints.at("control"));
  auto agent = op.agent("ALPHA-1");
  BOOST_REQUIRE_MESSAGE(pane.waitForAll({"CONNECTED", "ALPHA-1      Tabanovce"}), pane.screen());
  const auto endpoints = op.endpoints;
  op.coordinator->signal(SIGTERM);
  BOOST_REQUIRE(op.coordinator->wait(10s).has_value());
  BOOST_REQUIRE_MESSAGE(pane.waitFor("DISCONNECTED"), pane.screen());
  BOOST_TEST(pane.screen().find("ALPHA-1      Tabanovce") !=
             std::string::npos);  // the last picture

  op.start(endpoints.at("agent"), endpoints.at("control"), endpoints.at("updates"));
  agent->writeStdin(R"({"sighting":{"category":"vehicle","subject":{"vehiclePlate":"SK-1234-AB"}}})"
                    "\n");
  // The plate is personal data: redacted on the stream; the vehicle sighting shows all the same.
  BOOST_REQUIRE_MESSAGE(pane.waitForAll({"CONNECTED", "vehicle"}), pane.screen());
  BOOST_TEST(pane.screen().find("SK-1234-AB") == std::string::npos, pane.screen());
  BOOST_TEST(pane.screen().find("DISCONNECTED") == std::string::npos);
  BOOST_TEST(alive(pane.pid()));
}
