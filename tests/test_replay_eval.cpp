// Scoring and the after-action report, from a scenario and what a coordinator recorded (a
// snapshot written here by hand): met, late and missed; time to acknowledge and to act;
// scores by capability; an HTML page that parses as XML and loads nothing from anywhere.
#define BOOST_TEST_MODULE replay_eval
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <scenarios/replay/evaluation.hpp>
#include <scenarios/replay/report.hpp>
#include <scenarios/replay/scenario_check.hpp>
#include <tests/support/replay_printing.hpp>
#include <tests/support/support.hpp>

using namespace fieldops;
using namespace fieldops::replay;

namespace {

constexpr Millis kStart = 1'777'874'400'000LL;  // 2026-05-04T06:00:00Z
constexpr Millis kMin = 60'000;

const char* kScenario =
    R"(operation: {id: EX-2, name: Scoring <drill> & co, start: 2026-05-04T06:00:00Z, duration: 01:00:00}
posts:
  - {name: Airport, lat: 41.96, lon: 21.62}
  - {name: Border, lat: 42.21, lon: 21.70}
units:
  - {callsign: A-1, post: Airport, capabilities: [documentCheck]}
  - {callsign: B-2, post: Border, capabilities: [childProtectionTrained]}
injects:
  - id: I-1
    at: T+00:05:00
    kind: minorAlone
    unit: A-1
    expect:
      - {action: alertAcknowledged, within: 3m}
      - {action: taskCompleted, task_kind: childProtectionReferral, within: 30m}
  - id: I-2
    at: T+00:10:00
    kind: documentHit
    unit: A-1
    sighting: {document: {number: X1, country: MKD}}
    expect:
      - {action: alertAcknowledged, within: 1m}
      - {action: taskAssigned, task_kind: secondLineDocumentCheck, post: Airport, within: 5m}
  - id: I-3
    at: T+00:20:00
    kind: unitSilent
    unit: B-2
    expect:
      - {id: I-3.ack, action: alertAcknowledged, within: 5m}
  - {id: C-1, if_missed: I-3.ack, kind: note, text: the hub calls}
  - {id: C-2, if_missed: I-1.1, kind: note, text: the shelter calls}
)";

Scenario scenario() {
  auto s = loadScenarioText(kScenario, "ex2.yaml", ".");
  BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? std::string() : s.error().text()));
  return *s;
}

TaskView task(std::uint64_t id, TaskKind kind, const std::string& unit,
              std::vector<std::pair<TaskState, Millis>> steps) {
  TaskView t;
  t.task.taskId = id;
  t.task.kind = kind;
  t.unit = unit;
  for (auto [state, at] : steps)
    t.history.push_back({state, at, state == TaskState::ASSIGNED ? unit : ""});
  t.state = steps.back().first;
  return t;
}

// What the coordinator recorded, by hand: the minor's alert acknowledged after 2 min and its
// referral completed after 20; the stolen document acknowledged after 4 min (late), its check
// assigned at once; the lost unit's alert never acknowledged.
Snapshot observed() {
  Snapshot s;
  s.units = {{"A-1", "Airport", {}, {}, UnitStatus::AVAILABLE, 0, 0},
             {"B-2", "Border", {}, {}, UnitStatus::LOST, 0, 0}};
  AlertView minor;
  minor.alertId = 1;
  minor.rule = "unaccompanied-minor";
  minor.unit = "A-1";
  minor.sightingId = "I-1";
  minor.raisedAt = kStart + 5 * kMin;
  minor.acknowledgedAt = kStart + 7 * kMin;
  minor.acknowledgedBy = "Cdr. Test";
  minor.proposal =
      ProposedTask{TaskKind::CHILD_PROTECTION_REFERRAL, Priority::P1, {}, "B-2", "", 1};
  AlertView doc;
  doc.alertId = 2;
  doc.rule = "travel-document-hit";
  doc.unit = "A-1";
  doc.sightingId = "I-2";
  doc.raisedAt = kStart + 10 * kMin;
  doc.acknowledgedAt = kStart + 14 * kMin;
  doc.acknowledgedBy = "Cdr. Test";
  AlertView lost;
  lost.alertId = 3;
  lost.cause = AlertCause::UNIT_LOST;
  lost.rule = "unit-lost";
  lost.unit = "B-2";
  lost.raisedAt = kStart + 21 * kMin + 30'000;
  s.alerts = {minor, doc, lost};
  s.tasks = {
      task(1, TaskKind::CHILD_PROTECTION_REFERRAL, "B-2",
           {{TaskState::CREATED, kStart + 5 * kMin},
            {TaskState::ASSIGNED, kStart + 5 * kMin},
            {TaskState::ACCEPTED, kStart + 6 * kMin},
            {TaskState::COMPLETED, kStart + 25 * kMin}}),
      task(2, TaskKind::SECOND_LINE_DOCUMENT_CHECK, "A-1",
           {{TaskState::CREATED, kStart + 10 * kMin}, {TaskState::ASSIGNED, kStart + 10 * kMin}})};
  s.chainHead = "ab12";
  s.seq = 42;
  return s;
}

const std::vector<FiredInject> kFired = {{"I-1", kStart + 5 * kMin},
                                         {"I-2", kStart + 10 * kMin},
                                         {"I-3", kStart + 20 * kMin},
                                         {"C-1", kStart + 25 * kMin}};

const ActionResult& actionOf(const Evaluation& e, const std::string& id) {
  for (const auto& r : e.injects) {
    for (const auto& a : r.actions) {
      if (a.id == id) return a;
    }
  }
  BOOST_FAIL("no result for " + id);
  throw std::logic_error("unreachable");
}

}  // namespace

BOOST_AUTO_TEST_CASE(each_expected_action_is_met_late_or_missed_as_worked_out_by_hand) {
  const Evaluation e = evaluate(scenario(), kFired, observed(), kStart + 60 * kMin);
  BOOST_TEST(actionOf(e, "I-1.1").outcome == Outcome::met);
  BOOST_TEST(*actionOf(e, "I-1.1").doneAt == kStart + 7 * kMin);
  BOOST_TEST(actionOf(e, "I-1.2").outcome == Outcome::met);
  BOOST_TEST(actionOf(e, "I-2.1").outcome == Outcome::late);
  BOOST_TEST(actionOf(e, "I-2.2").outcome == Outcome::met);
  BOOST_TEST(actionOf(e, "I-2.2").evidence == "task 2 (secondLineDocumentCheck) assigned to A-1");
  BOOST_TEST(actionOf(e, "I-3.ack").outcome == Outcome::missed);
  BOOST_TEST(!actionOf(e, "I-3.ack").doneAt.has_value());
}

BOOST_AUTO_TEST_CASE(times_to_acknowledge_and_to_act_count_from_the_inject) {
  const Evaluation e = evaluate(scenario(), kFired, observed(), kStart + 60 * kMin);
  BOOST_REQUIRE(e.injects.size() == 5u);  // four fired, one contingency that did not
  BOOST_TEST(e.injects[0].id == "I-1");
  BOOST_TEST(*e.injects[0].timeToAcknowledge == 2 * kMin);
  BOOST_TEST(*e.injects[0].timeToAct == 20 * kMin);  // the referral's completion
  BOOST_TEST(*e.injects[1].timeToAcknowledge == 4 * kMin);
  BOOST_TEST(*e.injects[1].timeToAct == 0);
  BOOST_TEST(!e.injects[2].timeToAcknowledge.has_value());
  BOOST_TEST(e.injects[3].id == "C-1");
  BOOST_TEST(e.injects[4].id == "C-2");
  BOOST_TEST(!e.injects[4].fired);
}

BOOST_AUTO_TEST_CASE(scores_by_capability_count_met_one_late_half_missed_nothing) {
  const Evaluation e = evaluate(scenario(), kFired, observed(), kStart + 60 * kMin);
  BOOST_REQUIRE(e.capabilities.size() == 3u);
  BOOST_TEST(e.capabilities[0].capability == "alert handling");
  BOOST_TEST(e.capabilities[0].met == 1);
  BOOST_TEST(e.capabilities[0].late == 1);
  BOOST_TEST(e.capabilities[0].missed == 1);
  BOOST_TEST(e.capabilities[0].percent() == 50.0);
  BOOST_TEST(e.capabilities[1].capability == "child protection");
  BOOST_TEST(e.capabilities[1].percent() == 100.0);
  BOOST_TEST(e.capabilities[2].capability == "document checks");
  BOOST_TEST(e.overall.met == 3);
  BOOST_TEST(e.overall.late == 1);
  BOOST_TEST(e.overall.missed == 1);
}

BOOST_AUTO_TEST_CASE(
    a_deadline_not_yet_reached_is_pending_and_a_task_before_the_inject_does_not_count) {
  const Scenario s = scenario();
  const Snapshot o = observed();
  BOOST_TEST(
      judge(s, *s.expectedAction("I-3.ack"), kStart + 20 * kMin, o, kStart + 22 * kMin).outcome ==
      Outcome::pending);
  BOOST_TEST(
      judge(s, *s.expectedAction("I-3.ack"), kStart + 20 * kMin, o, kStart + 25 * kMin).outcome ==
      Outcome::missed);
  // The referral was assigned at T+5; judged for an inject at T+6 it is no answer to it.
  BOOST_TEST(
      judge(s, *s.expectedAction("I-2.2"), kStart + 11 * kMin, o, kStart + 60 * kMin).outcome ==
      Outcome::missed);
}

BOOST_AUTO_TEST_CASE(the_html_report_is_well_formed_self_contained_and_escaped) {
  const Evaluation e = evaluate(scenario(), kFired, observed(), kStart + 60 * kMin);
  const RunFacts facts{"ex2.yaml", "Scoring <drill> & co", "max", 7, "ab12", 42};
  const std::string html = htmlReport(e, facts);
  fieldops::test::TempDir dir;
  std::ofstream(dir / "aar.xhtml") << html.substr(html.find('\n') + 1);  // without the doctype
  auto parsed = fieldops::test::runProgram("/usr/bin/xmllint", {"--noout", dir / "aar.xhtml"});
  BOOST_TEST(parsed.status == 0, parsed.err);
  BOOST_TEST(html.find("Scoring &lt;drill&gt; &amp; co") != std::string::npos);
  BOOST_TEST(html.find("<svg") != std::string::npos);
  for (const char* external : {"<script", "<link", "src=", "href=", "url(", "@import"}) {
    BOOST_TEST(html.find(external) == std::string::npos, external);
  }
  // The only URLs are the XML namespaces.
  std::size_t urls = 0;
  for (auto p = html.find("http"); p != std::string::npos; p = html.find("http", p + 1)) ++urls;
  BOOST_TEST(urls == 2u);
  BOOST_TEST(html.find("EXERCISE") != std::string::npos);
  BOOST_TEST(html.find("class=\"late\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_markdown_report_has_a_row_per_inject_and_the_scores) {
  const Evaluation e = evaluate(scenario(), kFired, observed(), kStart + 60 * kMin);
  const std::string md = markdownReport(e, RunFacts{"ex2.yaml", "Drill", "max", 7, "ab12", 42});
  BOOST_TEST(md.find("| I-2 | T+00:10:00 | documentHit A-1 |") != std::string::npos, md);
  BOOST_TEST(md.find("| alert handling | 1 | 1 | 1 | 50% |") != std::string::npos, md);
  BOOST_TEST(md.find("C-2: its expected action I-1.1 was met in time") != std::string::npos, md);
  BOOST_TEST(md.find("Event-log hash: `ab12`") != std::string::npos, md);
}
