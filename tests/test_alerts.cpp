// Alerts in the pure core: the rule table (coordinator/alert_rules.hpp) applied to screened
// sightings (decide_alerts.cpp), the follow-up tasks given to the nearest available capable unit,
// the alert timers (alert_timers.cpp: renotify, escalate, lost units, post coverage), the
// commanders' acknowledge and resolve commands (decide_control.cpp), and one round trip of
// alerts and posts through the LMDB event store. Time is always given explicitly.
#define BOOST_TEST_MODULE alerts
#include <boost/test/unit_test.hpp>

#include <coordinator/alert_rules.hpp>
#include <coordinator/alerts.hpp>
#include <coordinator/core.hpp>
#include <coordinator/store.hpp>
#include <protocol/convert.hpp>
#include <tests/support/decisions.hpp>
#include <tests/support/support.hpp>

#include <algorithm>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

// Boost.Test prints the operands of a failed check: the schema's enums print as numbers.
namespace fieldops::wire {
template <class E, class = std::enable_if_t<std::is_enum_v<E>>>
std::ostream& operator<<(std::ostream& os, E e) {
  return os << static_cast<int>(e);
}
}  // namespace fieldops::wire

BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::AlertView)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::PostView)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::ProposedTask)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::ScreeningResult)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::Target)

namespace {

using namespace fieldops;
namespace test = fieldops::test;

constexpr Millis kT0 = 1'800'000'000'000;
constexpr Millis kMinute = 60'000;
constexpr const char* kDashboard = "dashboard-1";
constexpr const char* kPost = "Tabanovce border crossing";
const Position kSightingAt{42.2106, 21.6993};

using Names = std::vector<std::string>;

using test::eventNames;
using test::eventsOf;
using test::sentTo;

// The alerts a decision raises.
std::vector<AlertView> raised(const Decision& d) {
  std::vector<AlertView> out;
  for (const auto& r : eventsOf<AlertRaised>(d)) out.push_back(r.alert);
  return out;
}

// The one error a decision answers with; fails the test if there is not exactly one.
Error onlyError(const Decision& d) {
  std::vector<Error> errors;
  for (const auto& o : d.out) {
    if (const auto* e = std::get_if<Error>(&o.body)) errors.push_back(*e);
  }
  BOOST_REQUIRE_EQUAL(errors.size(), 1u);
  return errors.front();
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

ScreeningMatch match(WatchlistKind list, const std::string& category, HitLevel level,
                     const std::string& reference) {
  return {list, reference, category, level, 100, "matched in the test: " + reference};
}

Capabilities everything() {
  return {true, true, true, true, {"ar", "sq"}};
}

// One operation driven the way the coordinator loop drives it: every decision is applied to the
// state (and, with a store, appended to it) before the next one is taken; a sighting is screened
// (here: given its matches) before it is applied, and its alerts decided after.
struct Operation {
  CoreSettings settings{test::kOperation, true, 1000, 3, 1000, 30000};
  OperationState state;
  EventStore* store = nullptr;
  MemoryDurableSightings durable;  // sightings stay in flight here: decided in memory
  std::uint64_t lastMessageId = 100;

  Envelope envelope(Body body) {
    return Envelope{kProtocolVersion, test::kOperation, true, ++lastMessageId, kT0,
                    std::move(body)};
  }
  Decision run(Decision d) {
    apply(state, d);
    if (store != nullptr && !d.events.empty()) store->append(d.events, state);
    return d;
  }
  Decision fromAgent(const std::string& peer, Body body, Millis now) {
    return run(
        decideAgent(state, durable, settings, AgentInput{peer, envelope(std::move(body))}, now));
  }
  Decision command(ControlRequest request, Millis now) {
    return run(decideControl(state, settings,
                             ControlInput{kDashboard, envelope(Body{std::move(request)})}, now));
  }
  Decision timers(Millis now) { return run(tick(state, settings, now)); }

  Decision registerUnit(const std::string& callsign, const std::string& peer, Millis now,
                        const std::string& post, Position position, Capabilities caps) {
    Hello h{callsign, post, position, std::move(caps)};
    return fromAgent(peer, h, now);
  }
  // Reports a sighting screened with these matches; returns the alerts decision.
  Decision sighting(const std::string& peer, Sighting s, std::vector<ScreeningMatch> matches,
                    Millis now) {
    Decision d =
        decideAgent(state, durable, settings, AgentInput{peer, envelope(std::move(s))}, now);
    std::vector<SightingRecorded> recorded;
    for (auto& e : d.events) {
      if (auto* r = std::get_if<SightingRecorded>(&e.body)) {
        for (const auto& m : matches) r->screening.level = std::max(r->screening.level, m.level);
        r->screening.matches = matches;
        r->screening.reason = "screened in the test";
        recorded.push_back(*r);
      }
    }
    BOOST_REQUIRE_EQUAL(recorded.size(), 1u);
    run(std::move(d));
    return run(decideSightingAlerts(state, settings, recorded.front(), now));
  }
  // Creates a task assigned to `unit` and has the unit accept it: the unit is then busy.
  std::uint64_t keepBusy(const std::string& unit, const std::string& peer, Millis now) {
    CreateTask c = test::sampleCreateTask(unit, now + 3'600'000);
    const auto replies = sentTo<ControlReply>(command(c, now), kDashboard);
    BOOST_REQUIRE(!replies.empty() && std::holds_alternative<ControlOk>(replies[0]));
    const std::uint64_t id = std::get<ControlOk>(replies[0]).taskId;
    fromAgent(peer, TaskAck{id, TaskAckDecision::ACCEPTED, ""}, now);
    BOOST_REQUIRE(state.units.at(unit).status == UnitStatus::BUSY);
    return id;
  }
  Decision acknowledge(std::uint64_t alertId, const std::string& commander, Millis now,
                       const std::string& note = {}) {
    return command(AcknowledgeAlert{alertId, commander, note}, now);
  }
  Decision resolve(std::uint64_t alertId, const std::string& commander, AlertOutcome outcome,
                   Millis now, const std::string& note = "done") {
    return command(ResolveAlert{alertId, commander, outcome, note}, now);
  }
  const AlertView& alert(std::uint64_t id) const { return state.alerts.at(id); }
};

// A sighting at Tabanovce with nothing that fires a rule: no minors, no indicators.
Sighting quietSighting(const std::string& id) {
  Sighting s = test::sampleSighting(id);
  s.minorCount = 0;
  s.personCount = 1;
  s.indicators.clear();
  s.exploitation = Exploitation::UNKNOWN;
  return s;
}

// Six units around the sighting at Tabanovce, registered at T0:
//   ALPHA-1   every capability, mobile, about 100 km away
//   BRAVO-2   every capability, mobile, about 50 km away: the nearest capable available unit
//   CHARLIE-3 every capability, at the post, 15 m away, but busy
//   DELTA-4   every capability, at the post, 15 m away, but lost
//   ECHO-5    no capability, 100 m away: the nearest available unit of all; reports sightings
//   FOXTROT-6 document check only, at the post but last seen in Belgrade (290 km)
struct Field : Operation {
  Millis now = kT0 + 3000;

  Field() {
    registerUnit("DELTA-4", "peer-delta", kT0, kPost, {42.2107, 21.6994}, everything());
    const Millis later = kT0 + 2000;
    registerUnit("ALPHA-1", "peer-alpha", later, "", {43.1106, 21.6993}, everything());
    registerUnit("BRAVO-2", "peer-bravo", later, "", {42.6606, 21.6993}, everything());
    registerUnit("CHARLIE-3", "peer-charlie", later, kPost, {42.2105, 21.6992}, everything());
    registerUnit("ECHO-5", "peer-echo", later, "", {42.2115, 21.6993}, Capabilities{});
    Capabilities documentCheck;
    documentCheck.documentCheck = true;
    registerUnit("FOXTROT-6", "peer-foxtrot", later, kPost, {44.8125, 20.4612}, documentCheck);
    keepBusy("CHARLIE-3", "peer-charlie", later);
    timers(now);  // DELTA-4 has been silent for three intervals
    BOOST_REQUIRE(state.units.at("DELTA-4").status == UnitStatus::LOST);
    BOOST_REQUIRE(state.units.at("ECHO-5").status == UnitStatus::AVAILABLE);
  }

  // Who should get a task needing `needs` to be done at `place`, by the layout above.
  static std::string expectedUnit(Needs needs, TaskPlace place) {
    if (needs == Needs::nothing) return "ECHO-5";
    if (needs == Needs::documentCheck && place == TaskPlace::sightingPost) return "FOXTROT-6";
    return "BRAVO-2";
  }
  static std::string peerOf(const std::string& unit) {
    static const std::map<std::string, std::string> peers{
        {"ALPHA-1", "peer-alpha"}, {"BRAVO-2", "peer-bravo"}, {"CHARLIE-3", "peer-charlie"},
        {"DELTA-4", "peer-delta"}, {"ECHO-5", "peer-echo"},   {"FOXTROT-6", "peer-foxtrot"}};
    return peers.at(unit);
  }

  Decision report(Sighting s, std::vector<ScreeningMatch> matches) {
    return sighting("peer-echo", std::move(s), std::move(matches), now);
  }
};

// What a rule's condition needs, built from the condition: a match on its list and category at
// its level, minors, the indicator, enough indicators, a suspected form of exploitation.
Sighting sightingFor(const AlertRule& rule) {
  Sighting s = quietSighting(std::string("s-") + std::string(rule.name));
  const RuleCondition& c = rule.condition;
  if (c.minorsInvolved) s.minorCount = 1;
  if (c.indicator) s.indicators.push_back(*c.indicator);
  for (Indicator extra :
       {Indicator::SCRIPTED_STORY, Indicator::DEBT_BONDAGE, Indicator::SIGNS_OF_ABUSE}) {
    if (s.indicators.size() >= c.minIndicators) break;
    s.indicators.push_back(extra);
  }
  if (c.exploitationSuspected) s.exploitation = Exploitation::FORCED_LABOUR;
  return s;
}

std::vector<ScreeningMatch> matchesFor(const AlertRule& rule) {
  const RuleCondition& c = rule.condition;
  if (!c.list) return {};
  const std::string category = !c.categories.empty() ? std::string(c.categories.front())
                               : *c.list == WatchlistKind::NOTICE  ? "blue notice"
                               : *c.list == WatchlistKind::VEHICLE ? "vehicle of interest"
                                                                   : "stolen passport";
  return {match(*c.list, category, c.exactly ? *c.exactly : c.atLeast,
                "REF-" + std::string(rule.name))};
}

Target targetOf(TaskPlace place) {
  return place == TaskPlace::sightingPost ? Target{std::string(kPost)} : Target{kSightingAt};
}

// Checks an alert raised by a sighting, and its task, against what the rule says.
void expectRuleOutcome(const Field& f, const Decision& d, const AlertRule& rule,
                       const std::string& sightingId) {
  const auto alerts = raised(d);
  BOOST_REQUIRE_EQUAL(alerts.size(), 1u);
  const AlertView& a = alerts[0];
  BOOST_TEST(a.rule == std::string(rule.name));
  BOOST_TEST(a.cause == rule.cause);
  BOOST_TEST(a.severity == rule.severity);
  BOOST_TEST(a.state == AlertState::RAISED);
  BOOST_TEST(a.raisedAt == f.now);
  BOOST_TEST(a.lastNotifiedAt == f.now);
  BOOST_TEST(a.notifications == 0u);
  BOOST_TEST(!a.escalated);
  BOOST_TEST(a.unit == "ECHO-5");
  BOOST_TEST(a.sightingId == sightingId);
  BOOST_TEST(a.post == kPost);
  BOOST_TEST(contains(a.summary, sightingId), a.summary);
  BOOST_TEST(!a.why.empty());
  BOOST_TEST((f.state.alerts.at(a.alertId) == a));

  const auto created = eventsOf<TaskCreated>(d);
  const auto assigned = eventsOf<TaskAssigned>(d);
  if (!rule.task) {
    BOOST_TEST(!a.proposal.has_value());
    BOOST_TEST(created.empty());
    return;
  }
  BOOST_REQUIRE(a.proposal.has_value());
  const ProposedTask& p = *a.proposal;
  const std::string unit = Field::expectedUnit(rule.needs, rule.place);
  BOOST_TEST(p.kind == *rule.task);
  BOOST_TEST(p.priority == rule.priority);
  BOOST_TEST((p.target == targetOf(rule.place)));
  BOOST_TEST(p.unit == unit);
  BOOST_TEST(contains(p.instructions, rule.name), p.instructions);
  if (!rule.createAtOnce) {
    BOOST_TEST(p.taskId == 0u);
    BOOST_TEST(created.empty());
    BOOST_TEST(assigned.empty());
    return;
  }
  BOOST_REQUIRE_EQUAL(created.size(), 1u);
  const Task& task = created[0].task;
  BOOST_TEST(p.taskId == task.taskId);
  BOOST_TEST(task.kind == *rule.task);
  BOOST_TEST(task.priority == rule.priority);
  BOOST_TEST(task.dueAt == f.now + rule.dueIn);
  BOOST_TEST((task.target == targetOf(rule.place)));
  BOOST_REQUIRE_EQUAL(assigned.size(), 1u);
  BOOST_TEST(assigned[0].taskId == task.taskId);
  BOOST_TEST(assigned[0].callsign == unit);
  const auto pushed = sentTo<Task>(d, Field::peerOf(unit));
  BOOST_REQUIRE_EQUAL(pushed.size(), 1u);
  BOOST_TEST((pushed[0] == task));
  BOOST_TEST(f.state.tasks.at(task.taskId).unit == unit);
  BOOST_TEST(f.state.tasks.at(task.taskId).state == TaskState::ASSIGNED);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rule_table)

BOOST_FIXTURE_TEST_CASE(every_sighting_rule_raises_the_alert_and_task_its_row_says, Field) {
  BOOST_REQUIRE(!sightingRules().empty());
  for (const AlertRule& rule : sightingRules()) {
    BOOST_TEST_CONTEXT("rule " << rule.name) {
      const Sighting s = sightingFor(rule);
      const Decision d = report(s, matchesFor(rule));
      expectRuleOutcome(*this, d, rule, s.sightingId);
    }
  }
}

BOOST_FIXTURE_TEST_CASE(
    a_red_notice_hit_holds_the_subject_at_once_with_the_nearest_document_checker, Field) {
  const Decision d =
      report(quietSighting("s-red"),
             {match(WatchlistKind::NOTICE, "red notice", HitLevel::HIT, "FICT-R-0001")});
  BOOST_TEST(eventNames(d) == (Names{"taskCreated", "taskAssigned", "alertRaised"}));
  const AlertView a = raised(d).at(0);
  BOOST_TEST(a.rule == "red-notice-hit");
  BOOST_TEST(a.cause == AlertCause::HIT);
  BOOST_TEST(a.severity == Severity::CRITICAL);
  BOOST_TEST(contains(a.summary, "FICT-R-0001"), a.summary);
  const Task task = eventsOf<TaskCreated>(d).at(0).task;
  BOOST_TEST(task.kind == TaskKind::HOLD_FOR_VERIFICATION);
  BOOST_TEST(task.priority == Priority::P1);
  BOOST_TEST(task.dueAt == now + 15 * kMinute);
  BOOST_TEST((task.target == Target{kSightingAt}));
  // CHARLIE-3 (busy) and DELTA-4 (lost) are nearer, ECHO-5 cannot check documents, FOXTROT-6's
  // post does not count for a task at the sighting's position: BRAVO-2, not the farther ALPHA-1.
  BOOST_TEST(eventsOf<TaskAssigned>(d).at(0).callsign == "BRAVO-2");
  BOOST_TEST(sentTo<Task>(d, "peer-bravo").size() == 1u);
  BOOST_TEST(sentTo<Task>(d, "peer-charlie").empty());
  BOOST_TEST(a.proposal->taskId == task.taskId);
}

BOOST_FIXTURE_TEST_CASE(a_red_notice_possible_hit_only_proposes_a_check_at_the_post, Field) {
  const Decision d =
      report(quietSighting("s-red-possible"),
             {match(WatchlistKind::NOTICE, "red notice", HitLevel::POSSIBLE_HIT, "FICT-R-0002")});
  BOOST_TEST(eventNames(d) == Names{"alertRaised"});
  const AlertView a = raised(d).at(0);
  BOOST_TEST(a.rule == "red-notice-possible-hit");
  BOOST_TEST(a.cause == AlertCause::POSSIBLE_HIT);
  BOOST_TEST(a.severity == Severity::HIGH);
  BOOST_REQUIRE(a.proposal.has_value());
  BOOST_TEST(a.proposal->kind == TaskKind::SECOND_LINE_DOCUMENT_CHECK);
  BOOST_TEST(a.proposal->priority == Priority::P2);
  BOOST_TEST((a.proposal->target == Target{std::string(kPost)}));
  BOOST_TEST(a.proposal->unit == "FOXTROT-6");  // at the post, whatever position it last gave
  BOOST_TEST(a.proposal->taskId == 0u);
  BOOST_TEST(d.out.empty());
}

BOOST_FIXTURE_TEST_CASE(a_stolen_document_and_a_vehicle_of_interest_each_get_their_task_at_once,
                        Field) {
  Sighting s = quietSighting("s-van");
  const Decision d = report(
      s, {match(WatchlistKind::TRAVEL_DOCUMENT, "stolen passport", HitLevel::HIT, "FICT-D-0021"),
          match(WatchlistKind::VEHICLE, "vehicle of interest", HitLevel::HIT, "FICT-V-0002")});
  const auto alerts = raised(d);
  BOOST_REQUIRE_EQUAL(alerts.size(), 2u);
  BOOST_TEST(alerts[0].rule == "travel-document-hit");
  BOOST_TEST(alerts[1].rule == "vehicle-hit");
  BOOST_TEST(alerts[1].alertId == alerts[0].alertId + 1);
  const auto created = eventsOf<TaskCreated>(d);
  BOOST_REQUIRE_EQUAL(created.size(), 2u);
  BOOST_TEST(created[0].task.kind == TaskKind::SECOND_LINE_DOCUMENT_CHECK);
  BOOST_TEST((created[0].task.target == Target{std::string(kPost)}));
  BOOST_TEST(created[1].task.kind == TaskKind::INSPECT_VEHICLE);
  BOOST_TEST((created[1].task.target == Target{kSightingAt}));
  BOOST_TEST(created[1].task.taskId == created[0].task.taskId + 1);
  const auto assigned = eventsOf<TaskAssigned>(d);
  BOOST_REQUIRE_EQUAL(assigned.size(), 2u);
  BOOST_TEST(assigned[0].callsign == "FOXTROT-6");  // document check at the post
  BOOST_TEST(assigned[1].callsign == "BRAVO-2");    // vehicle search, nearest
  BOOST_TEST(alerts[0].proposal->taskId == created[0].task.taskId);
  BOOST_TEST(alerts[1].proposal->taskId == created[1].task.taskId);
}

BOOST_FIXTURE_TEST_CASE(an_unaccompanied_minor_gets_a_child_protection_referral_at_once, Field) {
  Sighting s = quietSighting("s-minor");
  s.minorCount = 1;
  s.indicators = {Indicator::UNACCOMPANIED_MINOR};
  const Decision d = report(s, {});
  const auto alerts = raised(d);
  BOOST_REQUIRE_EQUAL(alerts.size(), 1u);
  BOOST_TEST(alerts[0].rule == "unaccompanied-minor");
  BOOST_TEST(alerts[0].cause == AlertCause::SAFEGUARDING);
  BOOST_TEST(alerts[0].severity == Severity::CRITICAL);
  BOOST_TEST(contains(alerts[0].summary, "1 minor(s)"), alerts[0].summary);
  const Task task = eventsOf<TaskCreated>(d).at(0).task;
  BOOST_TEST(task.kind == TaskKind::CHILD_PROTECTION_REFERRAL);
  BOOST_TEST(task.priority == Priority::P1);
  BOOST_TEST(task.dueAt == now + 30 * kMinute);
  BOOST_TEST(eventsOf<TaskAssigned>(d).at(0).callsign == "BRAVO-2");
}

BOOST_FIXTURE_TEST_CASE(signs_of_a_victim_propose_one_interview_however_many_signs, Field) {
  Sighting s = quietSighting("s-victim");
  s.indicators = {Indicator::DEBT_BONDAGE, Indicator::RESTRICTED_MOVEMENT,
                  Indicator::FEARFUL_OR_SUBMISSIVE};
  s.exploitation = Exploitation::SEXUAL_EXPLOITATION;
  const Decision d = report(s, {});
  const auto alerts = raised(d);
  BOOST_REQUIRE_EQUAL(alerts.size(), 1u);
  BOOST_TEST(alerts[0].rule == "possible-victim");
  BOOST_TEST(alerts[0].severity == Severity::HIGH);
  BOOST_TEST(alerts[0].proposal->kind == TaskKind::INTERVIEW_POSSIBLE_VICTIM);
  BOOST_TEST(alerts[0].proposal->unit == "BRAVO-2");  // an interpreter
  BOOST_TEST(eventsOf<TaskCreated>(d).empty());

  // Smuggling only is not a form of exploitation; one indicator is not enough.
  Sighting smuggled = quietSighting("s-smuggled");
  smuggled.indicators = {Indicator::TICKET_BOUGHT_BY_OTHER};
  smuggled.exploitation = Exploitation::SMUGGLING_ONLY;
  BOOST_TEST(report(smuggled, {}).events.empty());
}

BOOST_FIXTURE_TEST_CASE(a_task_for_any_unit_goes_to_the_nearest_available_one, Field) {
  const Decision d =
      report(quietSighting("s-blue"),
             {match(WatchlistKind::NOTICE, "blue notice", HitLevel::HIT, "FICT-B-0001")});
  const AlertView a = raised(d).at(0);
  BOOST_TEST(a.rule == "notice-hit");
  BOOST_TEST(a.proposal->kind == TaskKind::SURVEIL);
  BOOST_TEST(a.proposal->unit == "ECHO-5");
}

BOOST_AUTO_TEST_CASE(a_task_no_available_unit_can_do_is_created_unassigned) {
  Operation op;
  Capabilities none;
  op.registerUnit("ECHO-5", "peer-echo", kT0, "", {42.2115, 21.6993}, none);
  const Decision d = op.sighting(
      "peer-echo", quietSighting("s-van"),
      {match(WatchlistKind::VEHICLE, "vehicle of interest", HitLevel::HIT, "FICT-V-0001")},
      kT0 + 10);
  BOOST_TEST(eventNames(d) == (Names{"taskCreated", "alertRaised"}));
  const AlertView a = raised(d).at(0);
  BOOST_TEST(a.proposal->unit.empty());
  BOOST_TEST(contains(a.summary, "no available unit with vehicle search"), a.summary);
  const std::uint64_t id = a.proposal->taskId;
  BOOST_TEST(id != 0u);
  BOOST_TEST(op.state.tasks.at(id).state == TaskState::CREATED);
  BOOST_TEST(op.state.tasks.at(id).unit.empty());
  BOOST_TEST(d.out.empty());
}

BOOST_AUTO_TEST_CASE(a_task_for_the_post_goes_to_the_position_when_the_sighting_names_no_post) {
  Operation op;
  Capabilities documentCheck;
  documentCheck.documentCheck = true;
  op.registerUnit("FOXTROT-6", "peer-foxtrot", kT0, kPost, {42.2115, 21.6993}, documentCheck);
  Sighting s = quietSighting("s-nopost");
  s.post.clear();
  const Decision d = op.sighting(
      "peer-foxtrot", s,
      {match(WatchlistKind::TRAVEL_DOCUMENT, "lost passport", HitLevel::HIT, "FICT-D-0002")},
      kT0 + 10);
  const Task task = eventsOf<TaskCreated>(d).at(0).task;
  BOOST_TEST((task.target == Target{kSightingAt}));
  BOOST_TEST(eventsOf<TaskAssigned>(d).at(0).callsign == "FOXTROT-6");
  BOOST_TEST(raised(d).at(0).post.empty());
}

BOOST_FIXTURE_TEST_CASE(a_screening_match_never_raises_two_alerts, Field) {
  // A red notice hit fits "red-notice-hit" and also "notice-hit" (any notice): one alert.
  Decision d = report(quietSighting("s-1"),
                      {match(WatchlistKind::NOTICE, "red notice", HitLevel::HIT, "FICT-R-0001")});
  BOOST_TEST(raised(d).size() == 1u);
  // A yellow notice on a minor, with minors counted, fits four rules: one alert.
  Sighting minors = quietSighting("s-2");
  minors.minorCount = 2;
  d = report(minors,
             {match(WatchlistKind::NOTICE, "yellow notice, minor", HitLevel::HIT, "FICT-Y-0001")});
  const auto alerts = raised(d);
  BOOST_REQUIRE_EQUAL(alerts.size(), 1u);
  BOOST_TEST(alerts[0].rule == "minor-on-yellow-notice");
  // A possible hit on a blue notice fits only "notice-possible-hit".
  d = report(quietSighting("s-3"),
             {match(WatchlistKind::NOTICE, "blue notice", HitLevel::POSSIBLE_HIT, "FICT-B-0002")});
  BOOST_REQUIRE_EQUAL(raised(d).size(), 1u);
  BOOST_TEST(raised(d)[0].rule == "notice-possible-hit");
  BOOST_TEST(raised(d)[0].severity == Severity::MEDIUM);
}

BOOST_FIXTURE_TEST_CASE(two_notices_on_one_sighting_raise_one_alert_each_by_their_own_rule, Field) {
  const Decision d =
      report(quietSighting("s-two"),
             {match(WatchlistKind::NOTICE, "red notice", HitLevel::HIT, "FICT-R-0001"),
              match(WatchlistKind::NOTICE, "blue notice", HitLevel::HIT, "FICT-B-0001")});
  const auto alerts = raised(d);
  BOOST_REQUIRE_EQUAL(alerts.size(), 2u);
  BOOST_TEST(alerts[0].rule == "red-notice-hit");
  BOOST_TEST(contains(alerts[0].summary, "FICT-R-0001"));
  BOOST_TEST(!contains(alerts[0].summary, "FICT-B-0001"));
  BOOST_TEST(alerts[1].rule == "notice-hit");
  BOOST_TEST(contains(alerts[1].summary, "FICT-B-0001"));
  BOOST_TEST(!contains(alerts[1].summary, "FICT-R-0001"));
}

BOOST_FIXTURE_TEST_CASE(an_unaccompanied_minor_on_a_yellow_minor_notice_gets_one_referral_only,
                        Field) {
  Sighting s = quietSighting("s-child");
  s.minorCount = 1;
  s.indicators = {Indicator::UNACCOMPANIED_MINOR};
  const Decision d = report(
      s, {match(WatchlistKind::NOTICE, "yellow notice, minor", HitLevel::HIT, "FICT-Y-0001")});
  const auto alerts = raised(d);
  BOOST_REQUIRE_EQUAL(alerts.size(), 1u);
  BOOST_TEST(alerts[0].rule == "minor-on-yellow-notice");
  const auto created = eventsOf<TaskCreated>(d);
  BOOST_REQUIRE_EQUAL(created.size(), 1u);
  BOOST_TEST(created[0].task.kind == TaskKind::CHILD_PROTECTION_REFERRAL);
}

BOOST_FIXTURE_TEST_CASE(a_sighting_with_no_matches_and_no_indicators_raises_nothing, Field) {
  const std::size_t alertsBefore = state.alerts.size();
  const std::size_t tasksBefore = state.tasks.size();
  BOOST_TEST(report(quietSighting("s-quiet"), {}).events.empty());
  // The shared sample sighting carries minors and one indicator, and raises nothing either.
  BOOST_TEST(report(test::sampleSighting("s-sample"), {}).events.empty());
  BOOST_TEST(state.alerts.size() == alertsBefore);
  BOOST_TEST(state.tasks.size() == tasksBefore);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rules_that_mean_what_they_say)

namespace {

// A match on a yellow notice as the screener gives it, with its basis and date-of-birth agreement.
ScreeningMatch yellowMatch(const std::string& category, HitLevel level, DateOfBirthAgreement dob,
                           const std::string& basis) {
  ScreeningMatch m = match(WatchlistKind::NOTICE, category, level, "FICT-Y-0001");
  m.score = 100;
  m.basis = basis;
  m.dateOfBirth = dob;
  return m;
}

// kT0 is 2027-01-15: "2014-06-01" is 12 then, "2009" at least 17, "1990-01-01" 37.
Sighting counted(const std::string& id, std::uint32_t persons, std::uint32_t minors,
                 const std::string& dateOfBirth = {}) {
  Sighting s = quietSighting(id);
  s.category = SightingCategory::PERSON;
  s.observedAt = kT0;
  s.personCount = persons;
  s.minorCount = minors;
  s.subject.dateOfBirth = dateOfBirth;
  return s;
}

const std::string kAdultOnMinorNotice =
    "name 100%, date of birth differs; the notice is for a minor, 14 at the sighting; the person "
    "seen is an adult by date of birth, so not that minor";

}  // namespace

BOOST_AUTO_TEST_CASE(a_child_alone_is_minors_with_no_adult_counted_or_by_date_of_birth) {
  BOOST_TEST(childAlone(counted("c", 1, 1)));
  BOOST_TEST(childAlone(counted("c", 2, 2)));
  BOOST_TEST(childAlone(counted("c", 1, 0, "2014-06-01")));
  BOOST_TEST(childAlone(counted("c", 0, 0, "2014-06-01")));
  BOOST_TEST(childAlone(counted("c", 1, 0, "2009")));        // 17 or 18: the youngest age counts
  BOOST_TEST(childAlone(counted("c", 1, 1, "1990-01-01")));  // counted a minor: counted
  BOOST_TEST(!childAlone(counted("c", 3, 1)));               // a family: two adults
  BOOST_TEST(!childAlone(counted("c", 3, 1, "2014-06-01")));
  BOOST_TEST(!childAlone(counted("c", 2, 0, "2014-06-01")));  // the other one is an adult
  BOOST_TEST(!childAlone(counted("c", 1, 0)));
  BOOST_TEST(!childAlone(counted("c", 1, 0, "1990-01-01")));
  BOOST_TEST(!childAlone(counted("c", 1, 0, "2008")));  // 18 whatever day of 2008
  BOOST_TEST(!childAlone(counted("c", 0, 0)));
  Sighting found = counted("c", 0, 0, "2014-06-01");  // a child's passport found, nobody seen
  found.category = SightingCategory::DOCUMENT;
  BOOST_TEST(!childAlone(found));
}

BOOST_FIXTURE_TEST_CASE(one_person_one_minor_is_an_unaccompanied_minor_without_the_indicator,
                        Field) {
  const Decision d = report(counted("s-alone", 1, 1), {});
  const auto alerts = raised(d);
  BOOST_REQUIRE_EQUAL(alerts.size(), 1u);
  BOOST_TEST(alerts[0].rule == "unaccompanied-minor");
  BOOST_TEST(alerts[0].severity == Severity::CRITICAL);
  BOOST_TEST(alerts[0].why == "one person, one minor, no adult in the sighting", alerts[0].why);
  const auto created = eventsOf<TaskCreated>(d);
  BOOST_REQUIRE_EQUAL(created.size(), 1u);
  BOOST_TEST(created[0].task.kind == TaskKind::CHILD_PROTECTION_REFERRAL);
  BOOST_TEST(created[0].task.priority == Priority::P1);
  BOOST_TEST(eventsOf<TaskAssigned>(d).at(0).callsign == "BRAVO-2");
}

BOOST_FIXTURE_TEST_CASE(a_subject_of_twelve_by_date_of_birth_counted_as_no_minor_is_a_child_alone,
                        Field) {
  const Decision d = report(counted("s-twelve", 1, 0, "2014-06-01"), {});
  const auto alerts = raised(d);
  BOOST_REQUIRE_EQUAL(alerts.size(), 1u);
  BOOST_TEST(alerts[0].rule == "unaccompanied-minor");
  BOOST_TEST(
      alerts[0].why == "the person seen is under 18 by date of birth, no adult in the sighting",
      alerts[0].why);
  BOOST_TEST(eventsOf<TaskCreated>(d).size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_family_with_a_child_or_an_adult_alone_raises_nothing, Field) {
  BOOST_TEST(report(counted("s-family", 3, 1), {}).events.empty());
  BOOST_TEST(report(counted("s-family-dob", 3, 1, "2014-06-01"), {}).events.empty());
  BOOST_TEST(report(counted("s-adult", 1, 0, "1990-01-01"), {}).events.empty());
}

BOOST_FIXTURE_TEST_CASE(a_child_alone_with_the_indicator_too_gets_one_referral_only, Field) {
  Sighting s = counted("s-alone-ticked", 1, 1);
  s.indicators = {Indicator::UNACCOMPANIED_MINOR};
  const Decision d = report(s, {});
  const auto alerts = raised(d);
  BOOST_REQUIRE_EQUAL(alerts.size(), 1u);
  BOOST_TEST(alerts[0].why == "the unit reported the indicator 'unaccompanied minor'",
             alerts[0].why);
  BOOST_TEST(eventsOf<TaskCreated>(d).size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_child_alone_on_a_yellow_minor_notice_gets_one_referral_only, Field) {
  const Decision d =
      report(counted("s-alone-notice", 1, 1),
             {yellowMatch("yellow notice, minor", HitLevel::HIT, DateOfBirthAgreement::AGREES,
                          "name 100%, date of birth agrees; the notice is for a minor, 14 at the "
                          "sighting")});
  const auto alerts = raised(d);
  BOOST_REQUIRE_EQUAL(alerts.size(), 1u);
  BOOST_TEST(alerts[0].rule == "minor-on-yellow-notice");
  BOOST_TEST(alerts[0].why ==
                 "hit on yellow notice, minor FICT-Y-0001: name 100%, date of birth agrees; the "
                 "notice is for a minor, 14 at the sighting",
             alerts[0].why);
  BOOST_TEST(eventsOf<TaskCreated>(d).size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(an_adult_ruled_out_as_the_minor_gets_the_ordinary_yellow_notice_alert,
                        Field) {
  // The screener calls the match "yellow notice" (not "minor") and its dates of birth differ;
  // the sighting counts two minors, which must not make it a child-protection case.
  Sighting s = counted("s-adult", 5, 2, "1990-01-01");
  const Decision d = report(s, {yellowMatch("yellow notice", HitLevel::POSSIBLE_HIT,
                                            DateOfBirthAgreement::DIFFERS, kAdultOnMinorNotice)});
  BOOST_TEST(eventNames(d) == Names{"alertRaised"});
  const auto alerts = raised(d);
  BOOST_REQUIRE_EQUAL(alerts.size(), 1u);
  BOOST_TEST(alerts[0].rule == "yellow-notice");
  BOOST_TEST(alerts[0].severity == Severity::HIGH);
  BOOST_REQUIRE(alerts[0].proposal.has_value());
  BOOST_TEST(alerts[0].proposal->kind == TaskKind::INTERVIEW_POSSIBLE_VICTIM);
  BOOST_TEST(alerts[0].proposal->taskId == 0u);
  BOOST_TEST(alerts[0].why == "possible hit on yellow notice FICT-Y-0001: " + kAdultOnMinorNotice,
             alerts[0].why);
}

BOOST_FIXTURE_TEST_CASE(a_missing_adult_seen_with_minors_still_gets_the_child_referral, Field) {
  const Decision d =
      report(counted("s-mother", 3, 2),
             {yellowMatch("yellow notice", HitLevel::HIT, DateOfBirthAgreement::AGREES,
                          "name 97%, date of birth agrees")});
  const auto alerts = raised(d);
  BOOST_REQUIRE_EQUAL(alerts.size(), 1u);
  BOOST_TEST(alerts[0].rule == "yellow-notice-with-minors");
  BOOST_TEST(alerts[0].severity == Severity::CRITICAL);
  BOOST_TEST(alerts[0].why ==
                 "hit on yellow notice FICT-Y-0001: name 97%, date of birth agrees; the sighting "
                 "counts 2 minors",
             alerts[0].why);
  BOOST_TEST(eventsOf<TaskCreated>(d).size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_stolen_passport_possible_hit_proposes_a_second_line_check, Field) {
  ScreeningMatch possible = match(WatchlistKind::TRAVEL_DOCUMENT, "stolen passport",
                                  HitLevel::POSSIBLE_HIT, "FICT-D-0003");
  possible.basis = "document number agrees, issuing country not known on both sides";
  const Decision d = report(quietSighting("s-passport"), {possible});
  BOOST_TEST(eventNames(d) == Names{"alertRaised"});
  const AlertView a = raised(d).at(0);
  BOOST_TEST(a.rule == "travel-document-possible-hit");
  BOOST_TEST(a.cause == AlertCause::POSSIBLE_HIT);
  BOOST_TEST(a.severity == Severity::MEDIUM);
  BOOST_REQUIRE(a.proposal.has_value());
  BOOST_TEST(a.proposal->kind == TaskKind::SECOND_LINE_DOCUMENT_CHECK);
  BOOST_TEST(a.proposal->priority == Priority::P3);
  BOOST_TEST((a.proposal->target == Target{std::string(kPost)}));
  BOOST_TEST(a.proposal->unit == "FOXTROT-6");
  BOOST_TEST(a.proposal->taskId == 0u);
  BOOST_TEST(a.why ==
                 "possible hit on stolen passport FICT-D-0003: document number agrees, issuing "
                 "country not known on both sides",
             a.why);
}

BOOST_FIXTURE_TEST_CASE(the_why_line_names_the_signs_of_a_victim_without_personal_data, Field) {
  Sighting s = quietSighting("s-victim-why");
  s.subject.names = {"Ахмед Салех"};
  s.subject.documentNumber = "N1234567";
  s.indicators = {Indicator::DEBT_BONDAGE, Indicator::RESTRICTED_MOVEMENT};
  s.exploitation = Exploitation::FORCED_LABOUR;
  const auto alerts = raised(report(s, {}));
  BOOST_REQUIRE_EQUAL(alerts.size(), 1u);
  BOOST_TEST(alerts[0].rule == "possible-victim");
  BOOST_TEST(alerts[0].why == "2 trafficking indicators reported", alerts[0].why);
  BOOST_TEST(!contains(alerts[0].why, "Ахмед"));
  BOOST_TEST(!contains(alerts[0].why, "N1234567"));
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// Settings where nothing but the alerts has anything to do for a long time: heartbeats every
// hour, so a unit registered once stays available through the test.
Operation slowOperation() {
  Operation op;
  op.settings.heartbeatInterval = 3'600'000;
  return op;
}

// Raises one alert of the given rule kind at `at` and returns its id.
std::uint64_t raiseRedPossibleHit(Operation& op, Millis at, const std::string& sightingId = "s-1",
                                  const std::string& reference = "FICT-R-0002") {
  const auto alerts = raised(op.sighting(
      "peer-echo", quietSighting(sightingId),
      {match(WatchlistKind::NOTICE, "red notice", HitLevel::POSSIBLE_HIT, reference)}, at));
  BOOST_REQUIRE_EQUAL(alerts.size(), 1u);
  BOOST_REQUIRE(alerts[0].severity == Severity::HIGH);
  return alerts[0].alertId;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(alert_timers)

BOOST_AUTO_TEST_CASE(
    renotification_is_derived_from_the_clock_never_stored_and_a_high_alert_escalates_once) {
  Operation op = slowOperation();
  op.registerUnit("ECHO-5", "peer-echo", kT0, "", kSightingAt, Capabilities{});
  const Millis t = kT0 + 1000;
  const std::uint64_t id = raiseRedPossibleHit(op, t);
  const Millis renotify = op.settings.alertRenotify;
  const Millis escalate = op.settings.alertEscalateAfter;
  BOOST_REQUIRE(renotify == 60'000);
  BOOST_REQUIRE(escalate == 300'000);
  BOOST_TEST(op.alert(id).raisedSeverity == Severity::HIGH);

  // No event for a renotification, however long it waits: the count comes from the clock.
  for (Millis at = t; at < t + escalate; at += renotify / 2) {
    BOOST_TEST_CONTEXT("at T+" << at - t) { BOOST_TEST(op.timers(at).events.empty()); }
  }
  BOOST_TEST(renotifications(op.alert(id), op.settings, t + renotify - 1) == 0u);
  const AlertView once = notifiedView(op.alert(id), op.settings, t + renotify);
  BOOST_TEST(once.notifications == 1u);
  BOOST_TEST(once.lastNotifiedAt == t + renotify);
  const AlertView later = notifiedView(op.alert(id), op.settings, t + 2 * renotify + 30'000);
  BOOST_TEST(later.notifications == 2u);
  BOOST_TEST(later.lastNotifiedAt == t + 2 * renotify);

  // A high alert becomes critical once, and keeps what it was raised with.
  BOOST_TEST(nextTimer(op.state, op.settings, t + escalate - renotify) <= t + escalate);
  const Decision d = op.timers(t + escalate);
  BOOST_TEST(eventNames(d) == Names{"alertEscalated"});
  BOOST_TEST(eventsOf<AlertEscalated>(d).at(0).severity == Severity::CRITICAL);
  BOOST_TEST(op.alert(id).severity == Severity::CRITICAL);
  BOOST_TEST(op.alert(id).raisedSeverity == Severity::HIGH);
  BOOST_TEST(op.alert(id).escalated);
  for (Millis at = t + escalate + renotify; at <= t + 20 * escalate; at += escalate) {
    BOOST_TEST_CONTEXT("at T+" << at - t) { BOOST_TEST(op.timers(at).events.empty()); }
  }

  // Acknowledged, the count stops where it was.
  const Millis ack = t + 7 * renotify + 5;
  op.acknowledge(id, "Cmdr Novak", ack);
  BOOST_TEST(renotifications(op.alert(id), op.settings, ack + 100 * renotify) == 7u);
}

BOOST_AUTO_TEST_CASE(an_alert_acknowledged_in_time_is_not_escalated) {
  Operation op = slowOperation();
  op.registerUnit("ECHO-5", "peer-echo", kT0, "", kSightingAt, Capabilities{});
  const Millis t = kT0 + 1000;
  const std::uint64_t id = raiseRedPossibleHit(op, t);
  op.acknowledge(id, "Cmdr Novak", t + 30'000);
  for (Millis at = t + 60'000; at <= t + 3'600'000; at += 60'000) {
    BOOST_TEST_CONTEXT("at T+" << at - t) {
      BOOST_TEST(op.timers(at).events.empty());
    }
  }
  BOOST_TEST(op.alert(id).severity == Severity::HIGH);
  BOOST_TEST(!op.alert(id).escalated);
  BOOST_TEST(renotifications(op.alert(id), op.settings, t + 3'600'000) == 0u);
}

BOOST_AUTO_TEST_CASE(escalation_goes_by_the_severity_raised_and_the_board_keeps_its_colours) {
  BOOST_TEST(escalationFor(Severity::CRITICAL) == nullptr);
  BOOST_TEST(escalationFor(Severity::LOW) == nullptr);
  BOOST_REQUIRE(escalationFor(Severity::HIGH) != nullptr);
  BOOST_TEST(escalationFor(Severity::HIGH)->to == Severity::CRITICAL);
  BOOST_REQUIRE(escalationFor(Severity::MEDIUM) != nullptr);
  BOOST_TEST(escalationFor(Severity::MEDIUM)->to == Severity::HIGH);

  Operation op = slowOperation();
  op.registerUnit("ECHO-5", "peer-echo", kT0, "", kSightingAt, Capabilities{});
  const Millis t = kT0 + 1000;
  const auto critical = raised(
      op.sighting("peer-echo", quietSighting("s-red"),
                  {match(WatchlistKind::NOTICE, "red notice", HitLevel::HIT, "FICT-R-0001")}, t));
  const std::uint64_t high = raiseRedPossibleHit(op, t, "s-2", "FICT-R-0002");
  const auto medium = raised(op.sighting(
      "peer-echo", quietSighting("s-3"),
      {match(WatchlistKind::NOTICE, "blue notice", HitLevel::POSSIBLE_HIT, "FICT-B-0003")}, t));
  BOOST_REQUIRE_EQUAL(critical.size(), 1u);
  BOOST_REQUIRE_EQUAL(medium.size(), 1u);
  BOOST_REQUIRE(medium[0].severity == Severity::MEDIUM);

  const Millis escalate = op.settings.alertEscalateAfter;
  Decision d = op.timers(t + escalate);  // the high one only
  BOOST_REQUIRE_EQUAL(eventsOf<AlertEscalated>(d).size(), 1u);
  BOOST_TEST(eventsOf<AlertEscalated>(d).at(0).alertId == high);
  BOOST_TEST(op.timers(t + 3 * escalate - 1).events.empty());
  d = op.timers(t + 3 * escalate);  // then the medium one, to high
  BOOST_REQUIRE_EQUAL(eventsOf<AlertEscalated>(d).size(), 1u);
  BOOST_TEST(eventsOf<AlertEscalated>(d).at(0).alertId == medium[0].alertId);
  BOOST_TEST(eventsOf<AlertEscalated>(d).at(0).severity == Severity::HIGH);
  // An hour on, unacknowledged: critical, high->critical, medium->high. The critical alert
  // never "escalated".
  BOOST_TEST(eventsOf<AlertEscalated>(op.timers(t + 3'600'000)).empty());  // (its task is overdue)
  BOOST_TEST(!op.alert(critical[0].alertId).escalated);
  BOOST_TEST(op.alert(high).severity == Severity::CRITICAL);
  BOOST_TEST(op.alert(medium[0].alertId).severity == Severity::HIGH);
  BOOST_TEST(op.alert(medium[0].alertId).raisedSeverity == Severity::MEDIUM);
}

BOOST_AUTO_TEST_CASE(another_sighting_of_the_same_subject_counts_on_the_open_alert) {
  Operation op = slowOperation();
  op.registerUnit("ECHO-5", "peer-echo", kT0, "", kSightingAt, Capabilities{});
  const Millis t = kT0 + 1000;
  const std::uint64_t id = raiseRedPossibleHit(op, t, "s-1");
  // The same notice seen again 10 minutes on: counted, no second alert, no second task.
  Decision d = op.sighting(
      "peer-echo", quietSighting("s-2"),
      {match(WatchlistKind::NOTICE, "red notice", HitLevel::POSSIBLE_HIT, "FICT-R-0002")},
      t + 600'000);
  BOOST_TEST(eventNames(d) == Names{"alertRepeated"});
  BOOST_TEST(eventsOf<AlertRepeated>(d).at(0).alertId == id);
  BOOST_TEST(op.alert(id).occurrences == 2u);
  BOOST_TEST(op.alert(id).lastOccurredAt == t + 600'000);
  BOOST_TEST(op.alert(id).lastSightingId == "s-2");
  BOOST_TEST(op.alert(id).lastUnit == "ECHO-5");
  // Another subject is another alert.
  BOOST_TEST(raised(op.sighting("peer-echo", quietSighting("s-3"),
                                {match(WatchlistKind::NOTICE, "red notice",
                                       HitLevel::POSSIBLE_HIT, "FICT-R-0009")},
                                t + 600'000))
                 .size() == 1u);
  // The window runs from the last occurrence: 29 minutes after it, still the same alert...
  d = op.sighting("peer-echo", quietSighting("s-4"),
                  {match(WatchlistKind::NOTICE, "red notice", HitLevel::POSSIBLE_HIT,
                         "FICT-R-0002")},
                  t + 600'000 + 29 * 60'000);
  BOOST_TEST(eventNames(d) == Names{"alertRepeated"});
  BOOST_TEST(op.alert(id).occurrences == 3u);
  // ...and once resolved, the next sighting raises a new one.
  BOOST_TEST(!op.resolve(id, "Cmdr Novak", AlertOutcome::FALSE_POSITIVE, t + 3'000'000).events.empty());
  const auto again = raised(op.sighting(
      "peer-echo", quietSighting("s-5"),
      {match(WatchlistKind::NOTICE, "red notice", HitLevel::POSSIBLE_HIT, "FICT-R-0002")},
      t + 3'000'001));
  BOOST_REQUIRE_EQUAL(again.size(), 1u);
  BOOST_TEST(again[0].alertId != id);
  BOOST_TEST(again[0].occurrences == 1u);
}

BOOST_AUTO_TEST_CASE(after_the_grouping_window_the_same_subject_raises_a_new_alert) {
  Operation op = slowOperation();
  op.registerUnit("ECHO-5", "peer-echo", kT0, "", kSightingAt, Capabilities{});
  const Millis t = kT0 + 1000;
  const std::uint64_t id = raiseRedPossibleHit(op, t, "s-1");
  const auto later = raised(op.sighting(
      "peer-echo", quietSighting("s-2"),
      {match(WatchlistKind::NOTICE, "red notice", HitLevel::POSSIBLE_HIT, "FICT-R-0002")},
      t + op.settings.alertGroupWindow + 1));
  BOOST_REQUIRE_EQUAL(later.size(), 1u);
  BOOST_TEST(later[0].alertId != id);
  // With grouping off, every sighting raises its own.
  op.settings.alertGroupWindow = 0;
  BOOST_TEST(raised(op.sighting("peer-echo", quietSighting("s-3"),
                                {match(WatchlistKind::NOTICE, "red notice",
                                       HitLevel::POSSIBLE_HIT, "FICT-R-0002")},
                                t + op.settings.alertGroupWindow + 2))
                 .size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_group_key_names_the_subject_without_personal_data) {
  Sighting a = quietSighting("s-1");
  a.subject.names = {"Ana  MARIC"};
  a.subject.dateOfBirth = "2012-03-04";
  a.subject.documentNumber.clear();
  Sighting b = a;
  b.subject.names = {"ana maric"};
  const std::string key = sightingGroupKey(a, {});
  BOOST_TEST(key.rfind("person:", 0) == 0u);
  BOOST_TEST(key.find("maric") == std::string::npos);
  BOOST_TEST(key == sightingGroupKey(b, {}));
  b.subject.dateOfBirth = "2013-03-04";
  BOOST_TEST(key != sightingGroupKey(b, {}));
  Sighting nobody = quietSighting("s-2");
  nobody.subject = Subject{};
  BOOST_TEST(sightingGroupKey(nobody, {}).empty());  // nobody named: never grouped
  const ScreeningMatch m = match(WatchlistKind::NOTICE, "red notice", HitLevel::HIT, "FICT-R-0001");
  const std::vector<const ScreeningMatch*> matched{&m};
  BOOST_TEST(sightingGroupKey(nobody, matched) == "match:notice/FICT-R-0001");
}

BOOST_AUTO_TEST_CASE(a_lost_unit_raises_one_unit_lost_alert) {
  Operation op;
  op.registerUnit("ALPHA-1", "peer-a", kT0, kPost, kSightingAt, everything());
  BOOST_TEST(op.timers(kT0 + 2999).events.empty());
  const Decision d = op.timers(kT0 + 3000);
  BOOST_TEST(eventNames(d) == (Names{"unitLost", "alertRaised"}));
  const auto alerts = raised(d);
  BOOST_REQUIRE_EQUAL(alerts.size(), 1u);
  const AlertView& a = alerts[0];
  BOOST_TEST(a.rule == "unit-lost");
  BOOST_TEST(a.cause == AlertCause::UNIT_LOST);
  BOOST_TEST(a.severity == Severity::HIGH);
  BOOST_TEST(a.unit == "ALPHA-1");
  BOOST_TEST(a.post == kPost);
  BOOST_TEST(a.sightingId.empty());
  BOOST_TEST(!a.proposal.has_value());
  BOOST_TEST(a.raisedAt == kT0 + 3000);
  BOOST_TEST(contains(a.summary, "ALPHA-1"), a.summary);
  BOOST_TEST(contains(a.summary, "lost"), a.summary);
  BOOST_TEST(a.why == "no message from the unit for 3 heartbeat intervals (3 s)", a.why);
  BOOST_TEST(op.state.alerts.size() == 1u);
  // Lost once, alerted once.
  for (Millis at = kT0 + 4000; at <= kT0 + 10'000; at += 1000) {
    BOOST_TEST(raised(op.timers(at)).empty());
  }
}

BOOST_AUTO_TEST_CASE(a_unit_lost_again_while_its_alert_is_open_counts_on_that_alert) {
  Operation op;
  op.registerUnit("ALPHA-1", "peer-a", kT0, kPost, kSightingAt, everything());
  const auto first = raised(op.timers(kT0 + 3000));
  BOOST_REQUIRE_EQUAL(first.size(), 1u);
  BOOST_TEST(first[0].groupKey == "unit:ALPHA-1");
  BOOST_TEST(op.state.units.at("ALPHA-1").statusSince == kT0 + 3000);
  op.acknowledge(first[0].alertId, "Cmdr Novak", kT0 + 4000);  // open, but not escalating
  // Back, then silent again ten minutes later.
  const Millis back = kT0 + 600'000;
  op.registerUnit("ALPHA-1", "peer-a2", back, kPost, kSightingAt, everything());
  BOOST_TEST(op.state.units.at("ALPHA-1").status == UnitStatus::AVAILABLE);
  BOOST_TEST(op.state.units.at("ALPHA-1").statusSince == back);
  const Decision d = op.timers(back + 3000);
  BOOST_TEST(eventNames(d) == (Names{"unitLost", "alertRepeated"}));
  BOOST_TEST(op.alert(first[0].alertId).occurrences == 2u);
  BOOST_TEST(op.alert(first[0].alertId).lastUnit == "ALPHA-1");
  BOOST_TEST(op.state.alerts.size() == 1u);
}

BOOST_AUTO_TEST_CASE(
    a_staffed_post_without_an_available_unit_raises_one_alert_after_the_coverage_time) {
  Operation op = slowOperation();
  const Decision defined = op.run(definePosts(op.state, {PostView{kPost, kSightingAt, true}}, kT0));
  BOOST_TEST(eventNames(defined) == Names{"postDefined"});
  BOOST_TEST((op.state.posts.at(kPost) == PostView{kPost, kSightingAt, true}));
  op.registerUnit("FOXTROT-6", "peer-f", kT0, kPost, kSightingAt, everything());
  BOOST_TEST(op.timers(kT0 + 1000).events.empty());  // covered
  BOOST_TEST(op.state.uncoveredSince.empty());

  const Millis since = kT0 + 2000;
  op.keepBusy("FOXTROT-6", "peer-f", since);  // its only unit is busy from here on
  BOOST_TEST(op.timers(since).events.empty());
  BOOST_TEST(op.state.uncoveredSince.at(kPost) == since);
  const Millis after = op.settings.coverageAfter;
  BOOST_REQUIRE(after == 10 * kMinute);
  BOOST_TEST(nextTimer(op.state, op.settings, since) <= since + 1000);
  BOOST_TEST(raised(op.timers(since + after / 2)).empty());
  BOOST_TEST(raised(op.timers(since + after - 1)).empty());

  const Decision d = op.timers(since + after);
  const auto alerts = raised(d);
  BOOST_REQUIRE_EQUAL(alerts.size(), 1u);
  const AlertView& a = alerts[0];
  BOOST_TEST(a.rule == "post-unstaffed");
  BOOST_TEST(a.cause == AlertCause::POST_UNSTAFFED);
  BOOST_TEST(a.severity == Severity::MEDIUM);
  BOOST_TEST(a.post == kPost);
  BOOST_TEST(a.unit.empty());
  BOOST_TEST(!a.proposal.has_value());
  BOOST_TEST(contains(a.summary, "10 min"), a.summary);

  // No second alert while the first is open, acknowledged or not.
  for (Millis at = since + after + 1000; at <= since + 3 * after; at += 30'000) {
    BOOST_TEST_CONTEXT("at T+" << at - since) {
      BOOST_TEST(raised(op.timers(at)).empty());
    }
  }
  op.acknowledge(a.alertId, "Cmdr Novak", since + 3 * after + 1);
  BOOST_TEST(raised(op.timers(since + 4 * after)).empty());
  BOOST_TEST(op.state.alerts.size() == 1u);
}

BOOST_AUTO_TEST_CASE(coverage_counts_afresh_once_a_unit_is_available_at_the_post_again) {
  Operation op = slowOperation();
  op.run(definePosts(op.state, {PostView{kPost, kSightingAt, true}}, kT0));
  op.registerUnit("FOXTROT-6", "peer-f", kT0, kPost, kSightingAt, everything());
  const std::uint64_t task = op.keepBusy("FOXTROT-6", "peer-f", kT0);
  op.timers(kT0);
  BOOST_REQUIRE(op.state.uncoveredSince.count(kPost) == 1u);
  // Back before the coverage time: the clock stops...
  op.command(CancelTask{task, "not needed"}, kT0 + 5 * kMinute);
  BOOST_TEST(op.timers(kT0 + 5 * kMinute).events.empty());
  BOOST_TEST(op.state.uncoveredSince.count(kPost) == 0u);
  // ...and starts again from zero when the unit is busy again.
  const Millis again = kT0 + 6 * kMinute;
  op.keepBusy("FOXTROT-6", "peer-f", again);
  op.timers(again);
  BOOST_TEST(raised(op.timers(kT0 + 10 * kMinute)).empty());  // 10 min after the first start
  BOOST_TEST(raised(op.timers(again + 10 * kMinute - 1)).empty());
  BOOST_TEST(raised(op.timers(again + 10 * kMinute)).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_post_that_is_not_staffed_or_is_staffed_elsewhere_raises_nothing) {
  Operation op = slowOperation();
  op.run(definePosts(op.state,
                     {PostView{"Bogorodica border crossing", {41.14, 22.50}, false},
                      PostView{kPost, kSightingAt, true}},
                     kT0));
  // An available unit at another post does not cover this one.
  op.registerUnit("ALPHA-1", "peer-a", kT0, "Bogorodica border crossing", {41.14, 22.50},
                  everything());
  op.timers(kT0);
  BOOST_TEST(op.state.uncoveredSince.count(kPost) == 1u);
  BOOST_TEST(op.state.uncoveredSince.count("Bogorodica border crossing") == 0u);
  const auto alerts = raised(op.timers(kT0 + op.settings.coverageAfter));
  BOOST_REQUIRE_EQUAL(alerts.size(), 1u);
  BOOST_TEST(alerts[0].post == kPost);
}

BOOST_AUTO_TEST_CASE(posts_are_defined_when_new_or_changed_only) {
  Operation op;
  const PostView post{kPost, kSightingAt, true};
  op.run(definePosts(op.state, {post}, kT0));
  BOOST_TEST(definePosts(op.state, {post}, kT0 + 1).events.empty());
  PostView moved = post;
  moved.staffed = false;
  const Decision d = op.run(definePosts(op.state, {moved}, kT0 + 2));
  BOOST_TEST(eventNames(d) == Names{"postDefined"});
  BOOST_TEST(!op.state.posts.at(kPost).staffed);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(alert_commands)

namespace {

// One operation with a screening alert (red notice possible hit) and a unit-lost alert.
struct TwoAlerts : Operation {
  std::uint64_t screeningAlert = 0;
  std::uint64_t lostAlert = 0;
  TwoAlerts() {
    registerUnit("ECHO-5", "peer-echo", kT0, "", kSightingAt, Capabilities{});
    registerUnit("GOLF-7", "peer-g", kT0, kPost, kSightingAt, Capabilities{});
    screeningAlert = raiseRedPossibleHit(*this, kT0 + 100);
    fromAgent("peer-echo", Heartbeat{}, kT0 + 2500);
    const auto lost = raised(timers(kT0 + 3000));  // GOLF-7 has been silent
    BOOST_REQUIRE_EQUAL(lost.size(), 1u);
    lostAlert = lost[0].alertId;
  }
  std::uint64_t okAlertId(const Decision& d) {
    const auto replies = sentTo<ControlReply>(d, kDashboard);
    BOOST_REQUIRE_EQUAL(replies.size(), 1u);
    BOOST_REQUIRE(std::holds_alternative<ControlOk>(replies[0]));
    return std::get<ControlOk>(replies[0]).alertId;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(acknowledging_records_the_commander_the_time_and_the_note, TwoAlerts) {
  const Decision d = acknowledge(screeningAlert, "Cmdr Novak", kT0 + 4000, "team on the way");
  BOOST_TEST(eventNames(d) == Names{"alertAcknowledged"});
  BOOST_TEST(d.events.at(0).principal == kControlPrincipal);
  BOOST_TEST(okAlertId(d) == screeningAlert);
  const AlertView& a = alert(screeningAlert);
  BOOST_TEST(a.state == AlertState::ACKNOWLEDGED);
  BOOST_TEST(a.acknowledgedBy == "Cmdr Novak");
  BOOST_TEST(a.acknowledgedAt == kT0 + 4000);
  BOOST_TEST(a.note == "Cmdr Novak: team on the way");
  BOOST_TEST(a.resolvedBy.empty());
  BOOST_TEST(alert(lostAlert).state == AlertState::RAISED);  // the other is untouched
}

BOOST_FIXTURE_TEST_CASE(a_second_acknowledgement_is_refused_naming_who_acknowledged, TwoAlerts) {
  acknowledge(screeningAlert, "Cmdr Novak", kT0 + 4000);
  const Decision d = acknowledge(screeningAlert, "Cmdr Petrova", kT0 + 5000);
  const Error e = onlyError(d);
  BOOST_TEST(e.code == ErrorCode::INVALID_TRANSITION);
  BOOST_TEST(contains(e.message, "Cmdr Novak"), e.message);
  BOOST_TEST(d.events.empty());
  BOOST_TEST(alert(screeningAlert).acknowledgedBy == "Cmdr Novak");
  BOOST_TEST(alert(screeningAlert).acknowledgedAt == kT0 + 4000);
}

BOOST_FIXTURE_TEST_CASE(an_unknown_alert_is_refused_for_both_commands, TwoAlerts) {
  Decision d = acknowledge(999, "Cmdr Novak", kT0 + 4000);
  BOOST_TEST(onlyError(d).code == ErrorCode::UNKNOWN_ALERT);
  BOOST_TEST(d.events.empty());
  d = resolve(999, "Cmdr Novak", AlertOutcome::FALSE_POSITIVE, kT0 + 4000);
  BOOST_TEST(onlyError(d).code == ErrorCode::UNKNOWN_ALERT);
  BOOST_TEST(d.events.empty());
}

BOOST_FIXTURE_TEST_CASE(a_resolved_alert_cannot_be_resolved_or_acknowledged_again, TwoAlerts) {
  resolve(lostAlert, "Cmdr Novak", AlertOutcome::HANDLED, kT0 + 4000, "unit back on the radio");
  Decision d = resolve(lostAlert, "Cmdr Petrova", AlertOutcome::HANDLED, kT0 + 5000);
  BOOST_TEST(onlyError(d).code == ErrorCode::INVALID_TRANSITION);
  BOOST_TEST(contains(onlyError(d).message, "Cmdr Novak"), onlyError(d).message);
  BOOST_TEST(d.events.empty());
  d = acknowledge(lostAlert, "Cmdr Petrova", kT0 + 5000);
  BOOST_TEST(onlyError(d).code == ErrorCode::INVALID_TRANSITION);
  BOOST_TEST(alert(lostAlert).resolvedBy == "Cmdr Novak");
  BOOST_TEST(alert(lostAlert).resolvedAt == kT0 + 4000);
}

BOOST_FIXTURE_TEST_CASE(a_screening_alert_is_resolved_as_confirmed_or_false_positive_not_handled,
                        TwoAlerts) {
  const Decision refused = resolve(screeningAlert, "Cmdr Novak", AlertOutcome::HANDLED, kT0 + 4000);
  BOOST_TEST(onlyError(refused).code == ErrorCode::INVALID_VALUE);
  BOOST_TEST(refused.events.empty());
  BOOST_TEST(alert(screeningAlert).state == AlertState::RAISED);

  const Decision d = resolve(screeningAlert, "Cmdr Novak", AlertOutcome::FALSE_POSITIVE, kT0 + 5000,
                             "date of birth differs on the passport");
  BOOST_TEST(eventNames(d) == Names{"alertResolved"});
  BOOST_TEST(okAlertId(d) == screeningAlert);
  BOOST_TEST(alert(screeningAlert).outcome == AlertOutcome::FALSE_POSITIVE);
  // A lost unit is not a screening result: "handled" is its outcome.
  BOOST_TEST(eventNames(resolve(lostAlert, "Cmdr Novak", AlertOutcome::HANDLED, kT0 + 6000)) ==
             Names{"alertResolved"});
}

BOOST_FIXTURE_TEST_CASE(a_hit_alert_cannot_be_resolved_as_handled_either, Field) {
  const auto alerts = raised(report(
      quietSighting("s-doc"),
      {match(WatchlistKind::TRAVEL_DOCUMENT, "stolen passport", HitLevel::HIT, "FICT-D-0021")}));
  BOOST_REQUIRE_EQUAL(alerts.size(), 1u);
  BOOST_REQUIRE(alerts[0].cause == AlertCause::HIT);
  BOOST_TEST(
      onlyError(resolve(alerts[0].alertId, "Cmdr Novak", AlertOutcome::HANDLED, now + 1)).code ==
      ErrorCode::INVALID_VALUE);
  BOOST_TEST(eventNames(resolve(alerts[0].alertId, "Cmdr Novak", AlertOutcome::CONFIRMED_HIT,
                                now + 2)) == Names{"alertResolved"});
}

BOOST_FIXTURE_TEST_CASE(resolving_without_acknowledging_records_the_acknowledgement_too,
                        TwoAlerts) {
  const Decision d = resolve(screeningAlert, "Cmdr Novak", AlertOutcome::CONFIRMED_HIT, kT0 + 7000,
                             "identity confirmed by fingerprints");
  BOOST_TEST(eventNames(d) == Names{"alertResolved"});
  const AlertView& a = alert(screeningAlert);
  BOOST_TEST(a.state == AlertState::RESOLVED);
  BOOST_TEST(a.acknowledgedBy == "Cmdr Novak");
  BOOST_TEST(a.acknowledgedAt == kT0 + 7000);
  BOOST_TEST(a.resolvedBy == "Cmdr Novak");
  BOOST_TEST(a.resolvedAt == kT0 + 7000);
  BOOST_TEST(a.outcome == AlertOutcome::CONFIRMED_HIT);
  BOOST_TEST(a.note == "Cmdr Novak: identity confirmed by fingerprints");
  // A resolved alert is neither renotified nor escalated.
  timers(kT0 + 100 + 10 * kMinute);
  BOOST_TEST(alert(screeningAlert).notifications == 0u);
  BOOST_TEST(!alert(screeningAlert).escalated);
}

BOOST_FIXTURE_TEST_CASE(resolving_after_an_acknowledgement_keeps_who_acknowledged, TwoAlerts) {
  acknowledge(lostAlert, "Cmdr Novak", kT0 + 4000, "calling them");
  resolve(lostAlert, "Cmdr Petrova", AlertOutcome::HANDLED, kT0 + 9000, "back online");
  const AlertView& a = alert(lostAlert);
  BOOST_TEST(a.acknowledgedBy == "Cmdr Novak");
  BOOST_TEST(a.acknowledgedAt == kT0 + 4000);
  BOOST_TEST(a.resolvedBy == "Cmdr Petrova");
  BOOST_TEST(a.resolvedAt == kT0 + 9000);
  BOOST_TEST(a.note == "Cmdr Novak: calling them\nCmdr Petrova: back online");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(stored_alerts)

namespace {

StoreOptions optionsFor(const test::TempDir& dir) {
  return {dir / "data", test::kOperation, true, std::size_t{64} << 20, false};
}

}  // namespace

BOOST_AUTO_TEST_CASE(alerts_and_posts_survive_the_store_and_a_rebuild_from_the_log) {
  test::TempDir dir;
  EventStore store(optionsFor(dir));
  Operation live = slowOperation();
  live.store = &store;
  live.run(definePosts(
      live.state,
      {PostView{kPost, kSightingAt, true}, PostView{"Skopje airport", {41.96, 21.62}, false}},
      kT0));
  live.registerUnit("BRAVO-2", "peer-bravo", kT0, "", {42.6606, 21.6993}, everything());
  live.registerUnit("ECHO-5", "peer-echo", kT0, "", {42.2115, 21.6993}, Capabilities{});
  // A red notice hit (task created at once), a possible hit, and a safeguarding alert.
  const auto red = raised(live.sighting(
      "peer-echo", quietSighting("s-red"),
      {match(WatchlistKind::NOTICE, "red notice", HitLevel::HIT, "FICT-R-0001")}, kT0 + 100));
  const std::uint64_t possible = raiseRedPossibleHit(live, kT0 + 200, "s-possible");
  Sighting minor = quietSighting("s-minor");
  minor.minorCount = 1;
  minor.indicators = {Indicator::UNACCOMPANIED_MINOR};
  const auto child = raised(live.sighting("peer-echo", minor, {}, kT0 + 300));
  BOOST_REQUIRE_EQUAL(red.size(), 1u);
  BOOST_REQUIRE_EQUAL(child.size(), 1u);
  // Acknowledged, resolved, renotified and escalated alerts; a post left without a unit.
  live.acknowledge(red[0].alertId, "Cmdr Novak", kT0 + 400, "holding him");
  live.resolve(child[0].alertId, "Cmdr Petrova", AlertOutcome::HANDLED, kT0 + 500, "referred");
  live.timers(kT0 + 1000);
  live.timers(kT0 + 200 + 60'000);
  live.timers(kT0 + 200 + 180'000);
  live.timers(kT0 + 1000 + 10 * kMinute);
  BOOST_REQUIRE(live.alert(possible).escalated);
  BOOST_REQUIRE_EQUAL(live.state.alerts.size(), 4u);  // with the post-unstaffed one

  const OperationState loaded = store.load();
  BOOST_TEST(loaded.alerts.size() == live.state.alerts.size());
  for (const auto& [id, a] : live.state.alerts) {
    BOOST_TEST_CONTEXT("alert " << id << " (" << a.rule << ")") {
      BOOST_REQUIRE(loaded.alerts.count(id) == 1u);
      BOOST_TEST((loaded.alerts.at(id) == a));
    }
  }
  BOOST_TEST(loaded.nextAlertId == live.state.nextAlertId);
  BOOST_TEST((loaded.posts == live.state.posts));
  BOOST_TEST(loaded.posts.size() == 2u);
  BOOST_TEST((loaded.tasks == live.state.tasks));
  // The screening result is stored with its sighting.
  const auto sightings = store.sightings(0, 10);
  BOOST_REQUIRE_EQUAL(sightings.size(), 3u);
  BOOST_TEST(sightings[0].screening.matches.size() == 1u);
  BOOST_TEST(sightings[0].screening.matches[0].reference == "FICT-R-0001");

  std::map<std::string, std::vector<std::pair<std::string, std::string>>> before;
  for (const char* p : {"alerts", "posts", "tasks", "units"}) before[p] = store.dumpProjection(p);
  BOOST_TEST(before["alerts"].size() == 4u);
  BOOST_TEST(before["posts"].size() == 2u);
  store.rebuildProjections();
  for (const char* p : {"alerts", "posts", "tasks", "units"}) {
    BOOST_TEST_CONTEXT(p) {
      BOOST_TEST((store.dumpProjection(p) == before[p]));
    }
  }
  BOOST_TEST(store.verifyChain().ok);
}

BOOST_AUTO_TEST_CASE(long_notes_and_summaries_still_load_from_the_store) {
  // The longest a commander can write (what the decoder accepts), twice, and a sighting whose
  // many matches carry long reasons in Cyrillic.
  test::TempDir dir;
  EventStore store(optionsFor(dir));
  Operation live = slowOperation();
  live.store = &store;
  live.registerUnit("BRAVO-2", "peer-bravo", kT0, "", {42.6606, 21.6993}, everything());
  std::vector<ScreeningMatch> many;
  for (int i = 0; i < 16; ++i) {
    std::string reason = "name 93% ('";
    while (reason.size() < 500) reason += "Александр Ковальов ";
    reason += "'), date of birth agrees";
    many.push_back({WatchlistKind::NOTICE, "FICT-B-" + std::to_string(1000 + i), "blue notice",
                    HitLevel::HIT, 93, reason});
  }
  const auto alerts = raised(live.sighting("peer-bravo", quietSighting("s-many"), many, kT0 + 100));
  BOOST_REQUIRE_EQUAL(alerts.size(), 1u);
  const AlertView& a = alerts[0];
  BOOST_TEST(a.summary.size() <= convert::kLongText);
  BOOST_TEST(convert::validUtf8(a.summary));
  BOOST_REQUIRE(a.proposal.has_value());
  BOOST_TEST(a.proposal->instructions.size() <= convert::kLongText);
  BOOST_TEST(convert::validUtf8(a.proposal->instructions));

  const std::string longNote(convert::kLongText, 'n');
  const std::string commander(convert::kNameText, 'C');
  live.acknowledge(a.alertId, commander, kT0 + 200, longNote);
  live.resolve(a.alertId, commander, AlertOutcome::FALSE_POSITIVE, kT0 + 300, longNote);

  const OperationState loaded = store.load();
  BOOST_REQUIRE(loaded.alerts.count(a.alertId) == 1u);
  BOOST_TEST((loaded.alerts.at(a.alertId) == live.alert(a.alertId)));
  BOOST_TEST(loaded.alerts.at(a.alertId).state == AlertState::RESOLVED);
  BOOST_TEST(convert::validUtf8(loaded.alerts.at(a.alertId).note));
}

BOOST_AUTO_TEST_SUITE_END()
