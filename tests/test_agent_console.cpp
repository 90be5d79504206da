// The real fieldops-agent console, typed at through a tmux pane, against a real coordinator
// (in-process, 127.0.0.1 ephemeral ports, LMDB in a temporary directory).
#define BOOST_TEST_MODULE agent_console
#include <boost/test/unit_test.hpp>

#include <coordinator/coordinator.hpp>
#include <protocol/session.hpp>
#include <tests/support/running_coordinator.hpp>
#include <tests/support/support.hpp>

#include <spdlog/sinks/null_sink.h>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <fstream>
#include <functional>
#include <thread>

using namespace fieldops;
using namespace fieldops::test;
using namespace std::chrono_literals;

namespace {

constexpr auto kPatience = 20s;  // the longest any awaited line or state may take
constexpr auto kPollEvery = 100ms;


bool eventually(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(kPollEvery);
  }
  return true;
}

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// True while the process exists and is not a zombie waiting for a parent to reap it.
bool alive(pid_t pid) {
  if (::kill(pid, 0) != 0) return errno != ESRCH;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pidField, comm, state;
  stat >> pidField >> comm >> state;
  return state != "Z";
}

// fieldops-agent in interactive mode, alone in a tmux server on a socket of its own (in the
// test's temporary directory, so nothing is left behind). A shell in
// the pane runs the agent and writes its exit status to a file: tmux can miss the SIGCHLD of a
// pane process (tmux/tmux#311), so #{pane_dead_status} is not reliable. The server and the
// agent are killed on destruction.
class AgentPane {
 public:
  AgentPane(const RunningCoordinator& c, const TempDir& dir) : exitFile_(dir / "agent-exit") {
    socket_ = dir / "tmux.sock";
    const std::string conf = dir / "tmux.conf";
    std::ofstream(conf) << "set -g remain-on-exit on\nset -g history-limit 10000\n";
    const std::string command = std::string("'") + FIELDOPS_AGENT_BIN + "' --coordinator " +
                                c.coordinator->agentEndpoint() + " --operation " + kOperation +
                                " --callsign ALPHA-1 --post Tabanovce --outbox-dir '" +
                                (dir / "outbox") + "'; echo $? > '" + exitFile_ + "'";
    auto started =
        tmux({"-f", conf, "new-session", "-d", "-s", "agent", "-x", "200", "-y", "50", command});
    BOOST_REQUIRE_MESSAGE(started.status == 0, "tmux did not start: " << started.err);
    const std::string shell = tmux({"display-message", "-p", "-t", "agent", "#{pane_pid}"}).out;
    BOOST_REQUIRE_MESSAGE(eventually([&] {
                            std::ifstream children("/proc/" + trimmed(shell) + "/task/" +
                                                   trimmed(shell) + "/children");
                            return static_cast<bool>(children >> agentPid_);
                          }),
                          "the agent did not start under tmux");
  }

  ~AgentPane() {
    tmux({"kill-server"});  // hangs up the pane: the shell and the agent get SIGHUP
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (agentPid_ > 0 && alive(agentPid_) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(20ms);
    }
    if (agentPid_ > 0 && alive(agentPid_)) ::kill(agentPid_, SIGKILL);
  }
  AgentPane(const AgentPane&) = delete;
  AgentPane& operator=(const AgentPane&) = delete;

  // Types one line and presses Enter.
  void type(const std::string& line) {
    tmux({"send-keys", "-t", "agent", "-l", line});
    tmux({"send-keys", "-t", "agent", "Enter"});
  }
  void press(const std::string& key) { tmux({"send-keys", "-t", "agent", key}); }

  // Everything the pane shows, scrollback included, wrapped lines joined.
  std::string screen() const {
    return tmux({"capture-pane", "-p", "-J", "-t", "agent", "-S", "-10000"}).out;
  }

  // Waits until `needle` is on the screen `times` times; false after kPatience.
  bool waitFor(const std::string& needle, std::size_t times = 1) const {
    return eventually([&] { return occurrences(screen(), needle) >= times; });
  }

  // The agent's exit status once it has exited (128 + signal if a signal ended it); nullopt if
  // it still runs after kPatience.
  std::optional<int> exitStatus() const {
    int status = -1;
    if (!eventually([&] { return static_cast<bool>(std::ifstream(exitFile_) >> status); })) {
      return std::nullopt;
    }
    return status;
  }

 private:
  RunResult tmux(std::vector<std::string> args) const {
    args.insert(args.begin(), {"-u", "-S", socket_});
    return runProgram(FIELDOPS_TMUX_BIN, args, 10s);
  }

  static std::string trimmed(std::string s) {
    s.erase(std::remove(s.begin(), s.end(), '\n'), s.end());
    return s;
  }

  std::string exitFile_;
  std::string socket_;
  pid_t agentPid_ = -1;
};

Snapshot snapshot(ControlClient& control) {
  auto reply = control.request(SnapshotQuery{}, 5s);
  BOOST_REQUIRE_MESSAGE(reply.has_value(), "snapshot failed");
  return std::get<Snapshot>(*reply);
}

std::vector<StoredSighting> sightings(ControlClient& control) {
  auto reply = control.request(SightingQuery{0, 100, false, "test: what the agent stored"}, 5s);
  BOOST_REQUIRE_MESSAGE(reply.has_value(), "sighting query failed");
  return std::get<std::vector<StoredSighting>>(*reply);
}

std::uint64_t createTaskForAlpha(ControlClient& control) {
  const Millis due = wallClockNow() + Millis{30} * 60'000;  // in 30 min
  auto created = control.request(sampleCreateTask("ALPHA-1", due), 5s);
  BOOST_REQUIRE_MESSAGE(created.has_value(), "createTask failed");
  return std::get<ControlOk>(*created).taskId;
}

std::optional<TaskView> coordinatorTask(ControlClient& control, std::uint64_t id) {
  for (const auto& t : snapshot(control).tasks) {
    if (t.task.taskId == id) return t;
  }
  return std::nullopt;
}

bool hasState(const TaskView& t, TaskState s) {
  return std::any_of(t.history.begin(), t.history.end(),
                     [&](const Transition& tr) { return tr.state == s; });
}

// A coordinator, an agent console connected to it and online, and a control client.
struct ConsoleFixture {
  ConsoleFixture() : pane(coordinator, dir), control(coordinator.context, coordinator.control()) {
    BOOST_REQUIRE_MESSAGE(pane.waitFor("online: registered as ALPHA-1"),
                          "the agent did not come online:\n"
                              << pane.screen());
  }
  RunningCoordinator coordinator;
  TempDir dir;
  AgentPane pane;
  ControlClient control;
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_task_is_shown_accepted_worked_and_completed_from_the_console,
                        ConsoleFixture) {
  const std::string screen = pane.screen();
  BOOST_TEST(screen.find("fieldops-agent: ALPHA-1 at Tabanovce, operation LANTERN-TEST") !=
             std::string::npos);
  BOOST_TEST(screen.find("no active tasks") != std::string::npos);

  const std::uint64_t id = createTaskForAlpha(control);
  const std::string n = std::to_string(id);
  BOOST_REQUIRE_MESSAGE(pane.waitFor("NEW task " + n + "  P1  inspect vehicle  due "),
                        "the task did not appear:\n"
                            << pane.screen());
  const std::string shown = pane.screen();
  BOOST_TEST(shown.find("instructions: White van, plate SK-1234-AB, lane 3") != std::string::npos);
  BOOST_TEST(shown.find("target: Tabanovce border crossing") != std::string::npos);
  BOOST_TEST((shown.find("(in 30 min)") != std::string::npos ||
              shown.find("(in 29 min)") != std::string::npos));

  pane.type("accept " + n);
  BOOST_REQUIRE(pane.waitFor("task " + n + " answer acknowledged"));
  pane.type("ONSCENE " + n);  // commands forgive case
  pane.type("complete " + n + " done");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("task " + n + " update acknowledged", 2), pane.screen());

  std::optional<TaskView> task;
  BOOST_REQUIRE(eventually([&] {
    task = coordinatorTask(control, id);
    return task && task->state == TaskState::COMPLETED;
  }));
  BOOST_TEST(hasState(*task, TaskState::ACCEPTED));
  BOOST_TEST(hasState(*task, TaskState::ON_SCENE));
  BOOST_TEST(hasState(*task, TaskState::COMPLETED));
  BOOST_TEST(!hasState(*task, TaskState::EN_ROUTE));
  BOOST_TEST(task->history.back().note == "done");

  pane.type("tasks");
  BOOST_TEST(pane.waitFor("no active tasks (1 finished or declined not shown)"));
  pane.type("quit");
  BOOST_TEST(pane.exitStatus().value_or(-1) == 0);
}

BOOST_FIXTURE_TEST_CASE(a_guided_group_sighting_is_stored_once_with_the_answers, ConsoleFixture) {
  pane.type("report group");
  const std::vector<std::pair<std::string, std::string>> dialogue = {
      {"How many persons in the group?", "6"},
      {"How many of them are minors", "2"},
      {"Names as written", "Ahmad Karimi, أحمد كريمي"},
      {"Nationality", "afg"},
      {"You reported 2 minor(s): 5 (unaccompanied minor) may apply.", "5,6"},
      {"Suspected exploitation", "2"},
      {"Anything else the coordinator should know?", "six on foot by the rail line"},
      {"Your confidence in this report", "80"},
      {"Send this report? [y/n]", "y"},
  };
  for (const auto& [question, answer] : dialogue) {
    BOOST_REQUIRE_MESSAGE(pane.waitFor(question), "not asked: " << question << "\n"
                                                                << pane.screen());
    pane.type(answer);
  }
  BOOST_REQUIRE_MESSAGE(pane.waitFor("queued sighting ALPHA-1-"), pane.screen());
  BOOST_REQUIRE_MESSAGE(pane.waitFor(" acknowledged"), pane.screen());

  std::vector<StoredSighting> stored;
  BOOST_REQUIRE(eventually([&] {
    stored = sightings(control);
    return !stored.empty();
  }));
  BOOST_REQUIRE(stored.size() == 1u);
  const Sighting& s = stored[0].sighting;
  BOOST_TEST(stored[0].unit == "ALPHA-1");
  BOOST_TEST(pane.screen().find("queued sighting " + s.sightingId + " (outbox") !=
             std::string::npos);
  BOOST_TEST(s.category == SightingCategory::GROUP);
  BOOST_TEST(s.personCount == 6u);
  BOOST_TEST(s.minorCount == 2u);
  BOOST_TEST((s.subject.names == std::vector<std::string>{"Ahmad Karimi", "أحمد كريمي"}));
  BOOST_TEST(s.subject.nationality == "AFG");
  BOOST_TEST((s.indicators == std::vector<Indicator>{Indicator::UNACCOMPANIED_MINOR,
                                                     Indicator::RESTRICTED_MOVEMENT}));
  BOOST_TEST(s.exploitation == Exploitation::FORCED_LABOUR);
  BOOST_TEST(s.freeText == "six on foot by the rail line");
  BOOST_TEST(s.confidence == 80);
  BOOST_TEST(s.post == "Tabanovce");
  BOOST_TEST(s.observedAt > 0);
}

BOOST_FIXTURE_TEST_CASE(invalid_input_gets_a_clear_message_and_sends_nothing, ConsoleFixture) {
  const std::uint64_t id = createTaskForAlpha(control);
  const std::string n = std::to_string(id);
  BOOST_REQUIRE(pane.waitFor("NEW task " + n));
  std::optional<TaskView> before;
  BOOST_REQUIRE(eventually([&] {
    before = coordinatorTask(control, id);
    return before && before->state == TaskState::DELIVERED;
  }));

  const std::vector<std::pair<std::string, std::string>> mistakes = {
      {"accept", "accept needs a task number: accept " + n},
      {"accept x", "'x' is not a task number; type tasks to see them, then e.g. accept " + n},
      {"frobnicate", "unknown command 'frobnicate'; type help for the list"},
      {"complete 99", "no task 99; type tasks to see yours"},
      {"decline " + n, "decline needs a reason: decline " + n + " <reason>"},
      {"fail " + n, "fail needs a note: fail " + n + " <note>"},
      {"complete " + n, "task " + n + " is delivered, it cannot become completed"},
      {"report spaceship", "'spaceship' is not a kind of sighting"},
  };
  for (const auto& [typed, message] : mistakes) {
    pane.type(typed);
    BOOST_TEST(pane.waitFor(message), "no '" << message << "' after '" << typed << "':\n"
                                             << pane.screen());
  }
  pane.type("report site");
  BOOST_REQUIRE(pane.waitFor("How many persons are involved?"));
  pane.type("many");
  BOOST_TEST(pane.waitFor("! type a whole number from 0 to 10000"));
  pane.type("cancel");
  BOOST_TEST(pane.waitFor("report discarded; nothing was sent"));
  // A date of birth after now is refused at its question, with the decoder's own reason.
  pane.type("report person");
  for (const char* question :
       {"How many persons? [1]", "How many of them are minors", "Names as written"}) {
    BOOST_REQUIRE_MESSAGE(pane.waitFor(question), "not asked: " << question << "\n"
                                                                << pane.screen());
    pane.press("Enter");
  }
  BOOST_REQUIRE(pane.waitFor("Date of birth"));
  pane.type("2999-01-01");
  BOOST_TEST(pane.waitFor("! '2999-01-01' is after the time observed ("), pane.screen());
  pane.type("cancel");
  BOOST_TEST(pane.waitFor("report discarded; nothing was sent", 2));

  pane.type("help");
  BOOST_REQUIRE(pane.waitFor("commands (N is the task number shown by tasks):"));
  for (const char* usage :
       {"help", "tasks", "status", "accept N", "decline N <reason>", "enroute N", "onscene N",
        "complete N [note]", "fail N <note>", "report [kind]", "quit"}) {
    BOOST_TEST(pane.screen().find("\n  " + std::string(usage) + " ") != std::string::npos, usage);
  }

  // Nothing queued and nothing acknowledged: every mistake stayed in the console.
  pane.type("status");
  BOOST_TEST(pane.waitFor("link: online; outbox: 0 waiting; last acknowledgement: never"));
  const auto after = coordinatorTask(control, id);
  BOOST_REQUIRE(after.has_value());
  BOOST_TEST(after->state == TaskState::DELIVERED);
  BOOST_TEST(after->history.size() == before->history.size());
  BOOST_TEST(sightings(control).empty());

  pane.press("C-d");  // end of input
  BOOST_TEST(pane.exitStatus().value_or(-1) == 0);
}
