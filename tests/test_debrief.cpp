// Debrief replay: the timeline built from a recorded log (pure), and a recorded exercise
// re-enacted into a fresh coordinator child (stepped clock, real LMDB in a temporary directory,
// 127.0.0.1 ephemeral ports) telling the same story.
#define BOOST_TEST_MODULE debrief
#include <boost/test/unit_test.hpp>
#include <coordinator/allow_list.hpp>
#include <coordinator/audit_log.hpp>
#include <coordinator/host_access.hpp>
#include <coordinator/core.hpp>
#include <coordinator/store.hpp>
#include <csignal>
#include <filesystem>
#include <ostream>
#include <scenarios/replay/debrief.hpp>
#include <scenarios/replay/debrief_source.hpp>
#include <scenarios/replay/scenario_check.hpp>
#include <sstream>
#include <tests/support/support.hpp>

namespace fieldops::replay {
std::ostream& operator<<(std::ostream& os, const StoryLine& l) {
  return os << l.kind << " by " << l.principal << " at " << l.at;
}
}  // namespace fieldops::replay

using namespace fieldops;
using namespace fieldops::replay;
using namespace fieldops::test;

namespace {

constexpr Millis kT0 = 1'780'000'000'000;
constexpr Millis kMin = 60'000;

RecordedEvent ev(std::uint64_t seq, Millis at, std::string principal, EventBody body) {
  return {seq, kT0 + at, std::move(principal), std::move(body)};
}

Hello hello(const std::string& callsign) {
  return Hello{callsign, "Tabanovce", {42.21, 21.70}, {true, false, true, false, {"ar"}}};
}

template <class T>
const T* bodyOf(const DebriefAction& a) {
  if (const auto* m = std::get_if<UnitMessage>(&a.what)) return std::get_if<T>(&m->body);
  return nullptr;
}

template <class T>
const T* requestOf(const DebriefAction& a) {
  if (const auto* c = std::get_if<ControlCommand>(&a.what)) return std::get_if<T>(&c->request);
  return nullptr;
}

std::vector<DebriefAction> withoutHeartbeats(const DebriefTimeline& t) {
  std::vector<DebriefAction> out;
  for (const auto& a : t.actions) {
    if (!bodyOf<Heartbeat>(a)) out.push_back(a);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(
    what_units_and_commanders_did_is_re_enacted_and_what_the_coordinator_decided_is_not) {
  Sighting s;
  s.sightingId = "S-1";
  Task task{1, TaskKind::CHILD_PROTECTION_REFERRAL, Priority::P1, kT0 + 30 * kMin, Position{}, ""};
  AlertView alert;
  alert.alertId = 7;
  const std::vector<RecordedEvent> log = {
      ev(1, 0, "ALPHA-1", UnitRegistered{hello("ALPHA-1")}),
      ev(2, 5 * kMin, "ALPHA-1", SightingRecorded{"ALPHA-1", s, {}}),
      ev(3, 5 * kMin, kCoordinatorPrincipal, TaskCreated{task}),
      ev(4, 5 * kMin, kCoordinatorPrincipal, TaskAssigned{1, "ALPHA-1"}),
      ev(5, 5 * kMin, kCoordinatorPrincipal, AlertRaised{alert}),
      ev(6, 5 * kMin + 1, "ALPHA-1", TaskDelivered{1}),
      ev(7, 6 * kMin, "ALPHA-1", TaskAccepted{1}),
      ev(8, 7 * kMin, kControlPrincipal, AlertAcknowledged{7, "Cdr. A", "seen"}),
      ev(9, 8 * kMin, "ALPHA-1", TaskProgressed{1, TaskProgress::EN_ROUTE, ""}),
  };
  const DebriefTimeline t = debriefTimeline(log, {kMin, 3});
  BOOST_TEST(t.start == kT0);
  BOOST_TEST(t.end == kT0 + 8 * kMin);
  BOOST_TEST(t.recordedTaskOrder == std::vector<std::uint64_t>{1});
  BOOST_TEST(t.recordedAlertOrder == std::vector<std::uint64_t>{7});
  const auto acts = withoutHeartbeats(t);
  BOOST_REQUIRE_EQUAL(acts.size(), 6u);
  BOOST_TEST(bodyOf<Hello>(acts[0])->callsign == "ALPHA-1");
  BOOST_TEST(bodyOf<Sighting>(acts[1])->sightingId == "S-1");
  BOOST_TEST(acts[1].at == kT0 + 5 * kMin);
  BOOST_TEST((bodyOf<TaskAck>(acts[2])->decision == TaskAckDecision::RECEIVED));
  BOOST_TEST(std::get<UnitMessage>(acts[2].what).recordedTask == 1u);
  BOOST_TEST(acts[2].at == kT0 + 5 * kMin + 1);
  BOOST_TEST((bodyOf<TaskAck>(acts[3])->decision == TaskAckDecision::ACCEPTED));
  BOOST_TEST(requestOf<AcknowledgeAlert>(acts[4])->commander == "Cdr. A");
  BOOST_TEST(std::get<ControlCommand>(acts[4].what).recordedAlert == 7u);
  BOOST_TEST((bodyOf<TaskUpdate>(acts[5])->status == TaskProgress::EN_ROUTE));
  // heartbeats every minute while the unit lives, up to the end
  std::size_t beats = t.actions.size() - acts.size();
  BOOST_TEST(beats == 8u);
}

BOOST_AUTO_TEST_CASE(a_lost_unit_falls_silent_so_that_it_is_lost_at_the_recorded_time) {
  const std::vector<RecordedEvent> log = {
      ev(1, 0, "BRAVO-2", UnitRegistered{hello("BRAVO-2")}),
      ev(2, 10 * kMin + 30'000, kCoordinatorPrincipal, UnitLost{"BRAVO-2"}),
      ev(3, 20 * kMin, "BRAVO-2", UnitRegistered{hello("BRAVO-2")}),
      ev(4, 22 * kMin, kCoordinatorPrincipal, PostDefined{}),
  };
  const DebriefTimeline t = debriefTimeline(log, {kMin, 3});
  std::vector<Millis> beats;
  for (const auto& a : t.actions) {
    if (bodyOf<Heartbeat>(a)) beats.push_back(a.at - kT0);
  }
  // every minute up to 7:30 (three intervals before the loss), the last one exactly then; none
  // while lost; again after the unit came back, up to the end
  const std::vector<Millis> expected = {1 * kMin,  2 * kMin, 3 * kMin, 4 * kMin,
                                        5 * kMin,  6 * kMin, 7 * kMin, 7 * kMin + 30'000,
                                        21 * kMin, 22 * kMin};
  BOOST_TEST(beats == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_commanders_task_is_created_with_its_unit_and_a_move_is_a_reassignment) {
  Task task{1, TaskKind::SURVEIL, Priority::P2, kT0 + kMin, std::string("Tabanovce"), "watch"};
  const std::vector<RecordedEvent> log = {
      ev(1, 0, "A", UnitRegistered{hello("A")}),
      ev(2, 0, "B", UnitRegistered{hello("B")}),
      ev(3, kMin, kControlPrincipal, TaskCreated{task}),
      ev(4, kMin, kControlPrincipal, TaskAssigned{1, "A"}),
      ev(5, 2 * kMin, kControlPrincipal, TaskAssigned{1, "B"}),
      ev(6, 3 * kMin, kControlPrincipal, TaskCancelled{1, "stood down"}),
  };
  const auto acts = withoutHeartbeats(debriefTimeline(log, {kMin, 3}));
  BOOST_REQUIRE_EQUAL(acts.size(), 5u);
  const auto* create = requestOf<CreateTask>(acts[2]);
  BOOST_REQUIRE(create != nullptr);
  BOOST_TEST(create->assignTo == "A");
  BOOST_TEST(create->instructions == "watch");
  const auto* move = requestOf<AssignTask>(acts[3]);
  BOOST_REQUIRE(move != nullptr);
  BOOST_TEST(move->callsign == "B");
  BOOST_TEST(move->reassign);
  BOOST_TEST(requestOf<CancelTask>(acts[4])->reason == "stood down");
}

BOOST_AUTO_TEST_CASE(commands_of_authenticated_commanders_are_re_issued_as_theirs) {
  Task task{1, TaskKind::SURVEIL, Priority::P2, kT0 + kMin, std::string("Tabanovce"), "watch"};
  const std::vector<RecordedEvent> log = {
      ev(1, 0, "A", UnitRegistered{hello("A")}),
      ev(2, kMin, "cmdr.petrovic", TaskCreated{task}),
      ev(3, 2 * kMin, "A", TaskDelivered{1}),
      ev(4, 3 * kMin, "cmdr.maric", TaskCancelled{1, "stood down"}),
  };
  const DebriefTimeline t = debriefTimeline(log, {kMin, 3});
  const auto acts = withoutHeartbeats(t);
  BOOST_REQUIRE_EQUAL(acts.size(), 4u);
  BOOST_REQUIRE(requestOf<CreateTask>(acts[1]) != nullptr);
  BOOST_TEST(std::get<ControlCommand>(acts[1].what).principal == "cmdr.petrovic");
  BOOST_REQUIRE(bodyOf<TaskAck>(acts[2]) != nullptr);  // the unit's, by its callsign
  BOOST_TEST(std::get<ControlCommand>(acts[3].what).principal == "cmdr.maric");
  BOOST_TEST(t.commanders == (std::vector<std::string>{"cmdr.petrovic", "cmdr.maric"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_story_that_differs_is_told_where) {
  const std::vector<StoryLine> a = {{"unitRegistered", "A", 1}, {"sightingRecorded", "A", 2}};
  auto b = a;
  BOOST_TEST(firstDifference(a, b).empty());
  b[1].at = 3;
  BOOST_TEST(firstDifference(a, b).find("event 2") != std::string::npos);
  b.pop_back();
  BOOST_TEST(!firstDifference(a, b).empty());
}

// End to end: record the library drill, debrief it at full speed into a fresh coordinator, and
// compare the two event logs.
BOOST_AUTO_TEST_CASE(a_recorded_exercise_replays_into_a_fresh_coordinator_with_the_same_story) {
  TempDir dir;
  auto drill =
      loadScenario(std::string(FIELDOPS_SOURCE_DIR) + "/scenarios/library/tabanovce-drill.yaml");
  BOOST_REQUIRE(drill.has_value());
  RunOptions run;
  run.coordinatorBin = FIELDOPS_COORDINATOR_BIN;
  run.dataDir = dir / "recorded";
  run.quiet = true;
  std::ostringstream console;
  auto recorded = runExercise(*drill, run, console);
  BOOST_REQUIRE_MESSAGE(recorded.has_value(), (recorded ? std::string() : recorded.error()));

  DebriefOptions o;
  o.fromDir = dir / "recorded";
  o.link.heartbeat = drill->operation.heartbeat;
  o.coordinatorBin = FIELDOPS_COORDINATOR_BIN;
  o.dataDir = dir / "fresh";
  o.quiet = true;
  auto outcome = runDebrief(o, console);
  BOOST_REQUIRE_MESSAGE(outcome.has_value(), (outcome ? std::string() : outcome.error()));
  for (const auto& w : outcome->warnings) BOOST_TEST_MESSAGE("warning: " << w);
  BOOST_TEST(outcome->difference.empty(), outcome->difference);

  // Checked here again from both stores, independently of the debrief's own comparison.
  auto before = readRecording(dir / "recorded");
  auto after = readRecording(dir / "fresh");
  BOOST_REQUIRE(before.has_value());
  BOOST_REQUIRE(after.has_value());
  BOOST_TEST(after->exercise);
  const auto story = storyLines(before->events);
  BOOST_TEST(story.size() > 30u);  // registrations, sightings, task lifecycles, a loss
  BOOST_TEST(storyLines(after->events) == story, boost::test_tools::per_element());
  std::vector<std::string> rulesBefore, rulesAfter;
  for (const auto& e : before->events) {
    if (const auto* a = std::get_if<AlertRaised>(&e.body)) rulesBefore.push_back(a->alert.rule);
  }
  for (const auto& e : after->events) {
    if (const auto* a = std::get_if<AlertRaised>(&e.body)) rulesAfter.push_back(a->alert.rule);
  }
  BOOST_TEST(rulesAfter == rulesBefore, boost::test_tools::per_element());
  BOOST_TEST(outcome->commands > 0u);
  // The fresh coordinator ran with throwaway keys: the recorded commander enrolled again.
  auto list = AllowList::load(dir / "fresh/allow-list");
  BOOST_REQUIRE(list.has_value());
  const Enrolment* commander = list->byName("Cdr.-Simulated");
  BOOST_REQUIRE(commander != nullptr);
  BOOST_TEST((commander->principal.role == Role::commander));
  BOOST_TEST(std::filesystem::exists(dir / "fresh/keys/trainer.key"));
  BOOST_TEST(std::filesystem::exists(dir / "fresh/replay-ready"));
}

// A recording made without security (a coordinator run with --insecure-dev, driven plain):
// its commands carry the principal "control", which no key can be enrolled as. They are
// re-issued as debrief.commander, and the story still compares as the recorded one.
BOOST_AUTO_TEST_CASE(a_recording_made_without_security_replays_with_keys_and_the_same_story) {
  using namespace std::chrono_literals;
  TempDir dir;
  auto drill =
      loadScenario(std::string(FIELDOPS_SOURCE_DIR) + "/scenarios/library/tabanovce-drill.yaml");
  BOOST_REQUIRE(drill.has_value());
  std::filesystem::create_directories(dir / "recorded");
  {
    Child plain(
        FIELDOPS_COORDINATOR_BIN,
        {"--data-dir", dir / "recorded", "--operation", drill->operation.id, "--insecure-dev",
         "--clock", "stepped", "--clock-start", std::to_string(drill->operation.start),
         "--heartbeat-ms", std::to_string(drill->operation.heartbeat), "--agent-endpoint",
         "tcp://127.0.0.1:*", "--control-endpoint", "tcp://127.0.0.1:*", "--updates-endpoint",
         "tcp://127.0.0.1:*", "--ready-file", dir / "ready"},
        dir.path());
    const auto endpoints = waitReadyFile(dir / "ready", 30s);
    RunOptions run;
    run.controlEndpoint = endpoints.at("control");
    run.agentEndpoint = endpoints.at("agent");
    run.coordinatorBin = FIELDOPS_COORDINATOR_BIN;  // for the watchlist imports
    run.dataDir = dir / "recorded";
    run.quiet = true;
    std::ostringstream console;
    auto recorded = runExercise(*drill, run, console);
    BOOST_REQUIRE_MESSAGE(recorded.has_value(), (recorded ? std::string() : recorded.error()));
    BOOST_TEST(console.str().find("connecting without CURVE") != std::string::npos, console.str());
    plain.signal(SIGTERM);
    BOOST_REQUIRE(plain.wait(30s).has_value());
  }
  DebriefOptions o;
  o.fromDir = dir / "recorded";
  o.link.heartbeat = drill->operation.heartbeat;
  o.coordinatorBin = FIELDOPS_COORDINATOR_BIN;
  o.dataDir = dir / "fresh";
  o.quiet = true;
  std::ostringstream console;
  auto outcome = runDebrief(o, console);
  BOOST_REQUIRE_MESSAGE(outcome.has_value(), (outcome ? std::string() : outcome.error()));
  BOOST_TEST(outcome->commands > 0u);
  BOOST_TEST(outcome->difference.empty(), outcome->difference);
  auto after = readRecording(dir / "fresh");
  BOOST_REQUIRE(after.has_value());
  bool byDebriefCommander = false;
  for (const auto& e : after->events) byDebriefCommander |= e.principal == "debrief.commander";
  BOOST_TEST(byDebriefCommander);
}

// A live operation's debrief replays its personal data into an exercise coordinator: refused
// without a justification (nothing started), and recorded in the recorded store's access log,
// with who ran it and why, before anything is replayed.
BOOST_AUTO_TEST_CASE(a_live_recording_is_debriefed_only_with_a_justification_which_is_recorded) {
  TempDir dir;
  {
    EventStore store(StoreOptions{dir / "recorded", "LIVE-NIGHT", false});
    OperationState state;
    const std::vector<Event> events{
        Event{kT0, "ALPHA-1", UnitRegistered{hello("ALPHA-1")}},
        Event{kT0 + kMin, "ALPHA-1",
              SightingRecorded{"ALPHA-1", sampleSighting("s-1", kT0 + kMin), {}}}};
    for (const auto& e : events) apply(state, e);
    store.append(events, state);
  }
  DebriefOptions o;
  o.fromDir = dir / "recorded";
  o.coordinatorBin = FIELDOPS_COORDINATOR_BIN;
  o.dataDir = dir / "fresh";
  o.quiet = true;
  std::ostringstream console;
  auto refused = runDebrief(o, console);
  BOOST_REQUIRE(!refused.has_value());
  BOOST_TEST(refused.error().find("is live") != std::string::npos, refused.error());
  BOOST_TEST(refused.error().find("--justification") != std::string::npos, refused.error());
  BOOST_TEST(!std::filesystem::exists(dir / "fresh/data.mdb"));

  o.justification = "debrief of the night shift with the border police";
  auto outcome = runDebrief(o, console);
  BOOST_REQUIRE_MESSAGE(outcome.has_value(), (outcome ? std::string() : outcome.error()));
  std::vector<AccessRecord> records;
  {
    lmdb::Env env(dir / "recorded", std::size_t{1} << 30, kMaxDbs, true);
    AuditLog log(env, false);
    lmdb::Txn txn(env, true);
    log.forEach(txn, 0, [&records](const AccessRecord& r) {
      records.push_back(r);
      return true;
    });
  }
  BOOST_REQUIRE_EQUAL(records.size(), 1u);
  BOOST_TEST(records[0].action == "debrief");
  BOOST_TEST(records[0].justification == o.justification);
  BOOST_TEST(records[0].principal == hostAccount());
  BOOST_TEST(records[0].subject.find("LIVE-NIGHT") != std::string::npos, records[0].subject);
  BOOST_TEST(records[0].detail.find(o.dataDir) != std::string::npos, records[0].detail);
}
