// Exercises run end to end: fieldops-replay's simulated units and commander against a real
// coordinator child (stepped exercise clock, real LMDB in a temporary directory, 127.0.0.1
// ephemeral ports). The library drill's results were worked out by hand (docs/trainer-guide.md,
// "The library drill"); the event-log hash depends only on the scenario and the seed.
#define BOOST_TEST_MODULE replay_run
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <coordinator/allow_list.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <protocol/session.hpp>
#include <scenarios/replay/exercise_keys.hpp>
#include <scenarios/replay/runner.hpp>
#include <scenarios/replay/scenario_check.hpp>
#include <sstream>
#include <tests/support/replay_printing.hpp>
#include <tests/support/enrolment.hpp>
#include <tests/support/support.hpp>
#include <thread>

using namespace fieldops;
using namespace fieldops::replay;
using namespace fieldops::test;
using namespace std::chrono_literals;

namespace {

const std::string kDrill =
    std::string(FIELDOPS_SOURCE_DIR) + "/scenarios/library/tabanovce-drill.yaml";

Scenario drill() {
  auto s = loadScenario(kDrill);
  BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? std::string() : s.error().text()));
  return *s;
}

RunOutcome runDrill(const TempDir& dir, const std::string& name, std::uint64_t seed) {
  RunOptions o;
  o.seed = seed;
  o.coordinatorBin = FIELDOPS_COORDINATOR_BIN;
  o.dataDir = dir / name;
  o.quiet = true;
  std::ostringstream console;
  auto outcome = runExercise(drill(), o, console);
  BOOST_REQUIRE_MESSAGE(outcome.has_value(), (outcome ? std::string() : outcome.error()));
  for (const auto& w : outcome->warnings) BOOST_TEST_MESSAGE("warning: " << w);
  return *outcome;
}

unsigned modeOf(const std::string& path) {
  struct stat st {};
  BOOST_REQUIRE_MESSAGE(::stat(path.c_str(), &st) == 0, path);
  return st.st_mode & 0777;
}

std::string textOf(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

const ActionResult* actionOf(const Evaluation& e, const std::string& id) {
  for (const auto& r : e.injects) {
    for (const auto& a : r.actions) {
      if (a.id == id) return &a;
    }
  }
  return nullptr;
}

const InjectResult* injectOf(const Evaluation& e, const std::string& id) {
  for (const auto& r : e.injects) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_drill_scores_as_worked_out_by_hand) {
  TempDir dir;
  const RunOutcome run = runDrill(dir, "data", 1);
  const Evaluation& e = run.evaluation;
  BOOST_TEST(!run.stoppedEarly);
  const std::pair<const char*, Outcome> expected[] = {
      {"I-1.1", Outcome::met},      {"I-1.2", Outcome::met}, {"I-2.1", Outcome::late},
      {"I-2.2", Outcome::met},      {"I-3.1", Outcome::met}, {"I-3.2", Outcome::late},
      {"I-4.ack", Outcome::missed}, {"I-7.1", Outcome::met}, {"I-7.2", Outcome::met}};
  for (const auto& [id, outcome] : expected) {
    const ActionResult* a = actionOf(e, id);
    BOOST_REQUIRE_MESSAGE(a != nullptr, id);
    BOOST_TEST(a->outcome == outcome, id << ": " << a->evidence);
  }
  // The commander acknowledges every alert two minutes after it was raised.
  BOOST_TEST(*actionOf(e, "I-1.1")->doneAt - injectOf(e, "I-1")->at == 120'000);
  // The referral: received at T+5, accepted 1 min later, then 2 + 5 + 10 min to completion.
  BOOST_TEST(*actionOf(e, "I-1.2")->doneAt - injectOf(e, "I-1")->at == 18 * 60'000);
  // The interview is created by the commander 12 min after the alert, for DELTA-4.
  BOOST_TEST(actionOf(e, "I-3.2")->evidence.find("DELTA-4") != std::string::npos,
             actionOf(e, "I-3.2")->evidence);
  // ALPHA-1's loss was not acknowledged: the contingency fired at the deadline; the other did not.
  const InjectResult* c1 = injectOf(e, "C-1");
  BOOST_REQUIRE(c1 != nullptr);
  BOOST_TEST(c1->fired);
  BOOST_TEST(c1->at - e.start == 35 * 60'000);
  BOOST_TEST(!injectOf(e, "C-2")->fired);
  // The vehicle added during the exercise was screened: its alert and task belong to I-7.
  BOOST_TEST(injectOf(e, "I-7")->actual.find("vehicle-hit") != std::string::npos,
             injectOf(e, "I-7")->actual);
  BOOST_TEST(e.overall.met == 6);
  BOOST_TEST(e.overall.late == 2);
  BOOST_TEST(e.overall.missed == 1);
  BOOST_TEST(run.facts.chainHead.size() == 64u);
}

BOOST_AUTO_TEST_CASE(the_replayer_gives_its_coordinator_throwaway_keys_and_binds_each_unit) {
  TempDir dir;
  const RunOutcome run = runDrill(dir, "data", 1);
  BOOST_TEST(!run.stoppedEarly);
  const std::string keys = dir / "data/keys";
  BOOST_TEST(modeOf(keys) == 0700u);
  const Scenario s = drill();
  std::vector<std::string> secrets = {"coordinator.key", "trainer.key", "commander.key",
                                      "dashboard-commander.key", "dashboard-observer.key"};
  for (const auto& u : s.units) secrets.push_back(u.callsign + ".key");
  for (const auto& f : secrets) {
    BOOST_TEST(modeOf(keys + "/" + f) == 0600u, f);
    BOOST_TEST(std::filesystem::exists(keys + "/" + f + ".pub"), f);
  }
  // The child ran with that allow-list: each simulated unit an agent bound to its callsign.
  auto list = AllowList::load(dir / "data/allow-list");
  BOOST_REQUIRE_MESSAGE(list.has_value(), (list ? std::string() : list.error()));
  for (const auto& u : s.units) {
    const Enrolment* e = nullptr;
    for (const auto& x : list->entries()) {
      if (x.principal.role == Role::agent && x.principal.unit == u.callsign) e = &x;
    }
    BOOST_REQUIRE_MESSAGE(e != nullptr, u.callsign);
    auto own = curve::readPublicKey(keys + "/" + u.callsign + ".key.pub");
    BOOST_REQUIRE(own.has_value());
    BOOST_TEST(e->publicKey == *own, u.callsign);
  }
  std::map<Role, int> roles;
  for (const auto& e : list->entries()) ++roles[e.principal.role];
  BOOST_TEST(roles[Role::agent] == static_cast<int>(s.units.size()));
  BOOST_TEST(roles[Role::trainer] == 1);
  BOOST_TEST(roles[Role::commander] == 2);  // the simulated one and the dashboards'
  BOOST_TEST(roles[Role::observer] == 1);
  // Never without CURVE: the coordinator says so loudly when it is.
  const std::string log = textOf(dir / "data/replay-coordinator.out");
  BOOST_TEST(log.find("INSECURE") == std::string::npos, log);
  // The simulated commander's acknowledgements are credited to its principal.
  BOOST_TEST(
      actionOf(run.evaluation, "I-1.1")->evidence.find("Cdr.-Simulated") != std::string::npos,
      actionOf(run.evaluation, "I-1.1")->evidence);
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_event_log_hash_and_another_seed_another) {
  TempDir dir;
  const RunOutcome first = runDrill(dir, "one", 7);
  const RunOutcome second = runDrill(dir, "two", 7);
  const RunOutcome other = runDrill(dir, "three", 8);
  BOOST_TEST(first.facts.events > 50u);
  BOOST_TEST(first.facts.chainHead == second.facts.chainHead);
  BOOST_TEST(first.facts.events == second.facts.events);
  BOOST_TEST(first.facts.chainHead != other.facts.chainHead);
}

BOOST_AUTO_TEST_CASE(the_headless_demo_completes_and_writes_the_reports) {
  TempDir dir;
  auto r = runProgram(
      FIELDOPS_REPLAY_BIN,
      {"run", kDrill, "--speed", "max", "--seed", "3", "--coordinator-bin",
       FIELDOPS_COORDINATOR_BIN, "--data-dir", dir / "data", "--report-dir", dir / "aar"},
      180s);
  BOOST_TEST(r.status == 0, r.out + r.err);
  BOOST_TEST(r.out.find("EXERCISE TABANOVCE-DRILL") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("contingency inject C-1 fires") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("overall: 6 met, 2 late, 1 missed") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("event-log hash: ") != std::string::npos, r.out);
  BOOST_TEST(std::filesystem::exists(dir / "aar/after-action-report.md"));
  // Well-formed XML: the page is written as XHTML, its inline SVG included.
  auto lint = runProgram("/usr/bin/xmllint", {"--noout", dir / "aar/after-action-report.html"});
  BOOST_TEST(lint.status == 0, lint.err);
  BOOST_TEST(lint.err.empty(), lint.err);
}

BOOST_AUTO_TEST_CASE(an_exercise_pauses_and_resumes_on_signals) {
  TempDir dir;
  Child replay(FIELDOPS_REPLAY_BIN,
               {"run", kDrill, "--speed", "x300", "--coordinator-bin", FIELDOPS_COORDINATOR_BIN,
                "--data-dir", dir / "data"},
               dir.path());
  BOOST_REQUIRE(replay.waitForOutput("inject I-1", 60s));
  replay.signal(SIGUSR1);
  BOOST_REQUIRE(replay.waitForOutput("paused", 10s));
  const std::string atPause = replay.stdoutText();
  std::this_thread::sleep_for(1500ms);  // at x300 this would be 7.5 exercise minutes
  BOOST_TEST(replay.stdoutText() == atPause);
  replay.signal(SIGUSR2);
  BOOST_REQUIRE(replay.waitForOutput("resumed", 10s));
  BOOST_TEST(replay.wait(120s).value_or(-1) == 0, replay.stdoutText() + replay.stderrText());
}

// The ready file names the dashboards' keys; with them a dashboard's control client is let in,
// as an observer (reads only) or a commander; without a key nothing is answered.
BOOST_AUTO_TEST_CASE(a_dashboard_follows_the_exercise_with_the_keys_in_the_ready_file) {
  TempDir dir;
  Child replay(FIELDOPS_REPLAY_BIN,
               {"run", kDrill, "--speed", "x60", "--coordinator-bin", FIELDOPS_COORDINATOR_BIN,
                "--data-dir", dir / "data"},
               dir.path());
  const auto ready = waitReadyFile(dir / "data/replay-ready", 60s);
  BOOST_REQUIRE(ready.count("control") && ready.count("coordinator-key"));
  BOOST_TEST(ready.at("dashboard-commander-key") ==
             std::filesystem::absolute(dir / "data/keys/dashboard-commander.key").string());
  zmq::context_t context;
  auto connect = [&](const std::string& keyName) {
    SessionOptions o{ready.at("control"), "TABANOVCE-DRILL", true};
    if (!keyName.empty()) {
      auto keys = curve::clientKeysFrom(ready.at(keyName), ready.at("coordinator-key"));
      BOOST_REQUIRE_MESSAGE(keys.has_value(), (keys ? std::string() : keys.error().message));
      o.keys = *keys;
    }
    return std::make_unique<ControlClient>(context, o);
  };
  auto observer = connect("dashboard-observer-key");
  auto snap = observer->request(SnapshotQuery{}, 10s);
  BOOST_REQUIRE_MESSAGE(snap.has_value(), (snap ? std::string() : snap.error().message));
  BOOST_TEST(std::holds_alternative<Snapshot>(*snap));
  auto refused = observer->request(CancelTask{1, "not an observer's"}, 10s);
  BOOST_REQUIRE(!refused.has_value());
  BOOST_TEST((refused.error().code == ErrorCode::NOT_ALLOWED), refused.error().message);
  auto commander = connect("dashboard-commander-key");
  BOOST_TEST(commander->request(SnapshotQuery{}, 10s).has_value());
  auto plain = connect("");
  BOOST_TEST(!plain->request(SnapshotQuery{}, 1500ms).has_value());
  replay.signal(SIGTERM);
  BOOST_TEST(replay.wait(60s).has_value());
}

// A coordinator started by others, with the keys of a --keys-dir enrolled: the replayer uses
// them (trainer, commander, one agent key per unit) and the exercise scores as with its own.
BOOST_AUTO_TEST_CASE(an_external_coordinator_is_driven_with_the_keys_of_a_keys_dir) {
  TempDir dir;
  const Scenario s = drill();
  std::filesystem::create_directories(dir / "ext");
  std::vector<std::string> units;
  for (const auto& u : s.units) units.push_back(u.callsign);
  auto keys = makeExerciseKeys(dir / "ext", KeyRoster{"cmdr.external", {}, units});
  BOOST_REQUIRE_MESSAGE(keys.has_value(), (keys ? std::string() : keys.error()));
  Child coordinator(FIELDOPS_COORDINATOR_BIN,
                    {"--data-dir",
                     dir / "ext",
                     "--operation",
                     "TABANOVCE-DRILL",
                     "--clock",
                     "stepped",
                     "--clock-start",
                     std::to_string(s.operation.start),
                     "--heartbeat-ms",
                     std::to_string(s.operation.heartbeat),
                     "--key",
                     keys->coordinatorKeyFile,
                     "--allow-list",
                     keys->allowListFile,
                     "--agent-endpoint",
                     "tcp://127.0.0.1:*",
                     "--control-endpoint",
                     "tcp://127.0.0.1:*",
                     "--updates-endpoint",
                     "tcp://127.0.0.1:*",
                     "--ready-file",
                     dir / "ready"},
                    dir.path());
  const auto endpoints = waitReadyFile(dir / "ready", 30s);
  RunOptions o;
  o.controlEndpoint = endpoints.at("control");
  o.agentEndpoint = endpoints.at("agent");
  o.keysDir = keys->dir;
  o.coordinatorKey = keys->coordinatorPublicFile;
  o.coordinatorBin = FIELDOPS_COORDINATOR_BIN;  // for the watchlist imports
  o.dataDir = dir / "ext";
  o.quiet = true;
  std::ostringstream console;
  auto outcome = runExercise(s, o, console);
  BOOST_REQUIRE_MESSAGE(outcome.has_value(), (outcome ? std::string() : outcome.error()));
  for (const auto& w : outcome->warnings) BOOST_TEST_MESSAGE("warning: " << w);
  BOOST_TEST(!outcome->stoppedEarly);
  BOOST_TEST(outcome->evaluation.overall.met == 6);
  BOOST_TEST(outcome->evaluation.overall.late == 2);
  BOOST_TEST(outcome->evaluation.overall.missed == 1);
  BOOST_TEST(
      actionOf(outcome->evaluation, "I-1.1")->evidence.find("cmdr.external") != std::string::npos,
      actionOf(outcome->evaluation, "I-1.1")->evidence);
  coordinator.signal(SIGTERM);
  BOOST_TEST(coordinator.wait(30s).has_value());
}

// --keys-dir and --coordinator-key go together.
BOOST_AUTO_TEST_CASE(a_keys_dir_needs_the_coordinator_key) {
  RunOptions o;
  o.controlEndpoint = "tcp://127.0.0.1:1";
  o.agentEndpoint = "tcp://127.0.0.1:2";
  o.keysDir = "/nonexistent";
  o.quiet = true;
  std::ostringstream console;
  auto outcome = runExercise(drill(), o, console);
  BOOST_REQUIRE(!outcome.has_value());
  BOOST_TEST(outcome.error().find("--coordinator-key") != std::string::npos, outcome.error());
}

BOOST_AUTO_TEST_CASE(a_live_coordinator_is_refused) {
  TempDir dir;
  // A live coordinator with security on; the replayer has a trainer's and a commander's key.
  TestKeys keys(dir / "keys", dir / "data");
  keys.enroll("trainer", "trainer");
  keys.enroll("commander", "commander");
  for (const auto& u : drill().units) keys.enroll(u.callsign, "agent", u.callsign);
  std::vector<std::string> args = {
      "--data-dir", dir / "data", "--operation", "TABANOVCE-DRILL", "--live",
      "--agent-endpoint", "tcp://127.0.0.1:*", "--control-endpoint", "tcp://127.0.0.1:*",
      "--updates-endpoint", "tcp://127.0.0.1:*", "--ready-file", dir / "ready"};
  for (const auto& a : keys.coordinatorArgs()) args.push_back(a);
  Child live(FIELDOPS_COORDINATOR_BIN, args, dir.path());
  const auto endpoints = waitReadyFile(dir / "ready", 30s);
  RunOptions o;
  o.keysDir = dir / "keys";
  o.coordinatorKey = keys.coordinatorPublicKey();
  o.controlEndpoint = endpoints.at("control");
  o.agentEndpoint = endpoints.at("agent");
  o.replyTimeout = 5s;
  o.quiet = true;
  std::ostringstream console;
  auto outcome = runExercise(drill(), o, console);
  BOOST_REQUIRE(!outcome.has_value());
  BOOST_TEST(outcome.error().find("exercises only") != std::string::npos, outcome.error());
}
