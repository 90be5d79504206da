// The commander's screen, exceptions first, end to end (tests/support/dashboard_e2e.hpp): the
// real dashboard in tmux at 80x24 and 200x50 against a real secure coordinator and real agents.
// Due times on the exercise clock, a finished task's lateness, a lost unit at the top, a
// sighting at a post on the map, the proposed task created with one key, a bulk acknowledge
// recorded per alert.
#define BOOST_TEST_MODULE dashboard_exceptions_e2e
#include <tests/support/dashboard_e2e.hpp>

#include <chrono>

using namespace fieldops;
using namespace fieldops::test;
using namespace fieldops::test::e2e;

namespace {

constexpr const char* kClockStart = "2030-06-01T06:00:00Z";
constexpr Millis kStart = 1'906'524'000'000;  // 2030-06-01 06:00:00 UTC
constexpr Millis kMinute = 60'000;

Millis wallNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::uint64_t createdTask(const ControlReply& reply) {
  BOOST_REQUIRE(std::holds_alternative<ControlOk>(reply));
  return std::get<ControlOk>(reply).taskId;
}

}  // namespace

BOOST_AUTO_TEST_CASE(at_80x24_a_task_typed_in_an_exercise_is_due_on_its_clock_and_turns_overdue) {
  Operation op({"--clock", "stepped", "--clock-start", kClockStart});
  auto dashboard = op.dashboard("commander", kCommander, {}, 80, 24);
  DashboardPane& pane = *dashboard;
  BOOST_REQUIRE_MESSAGE(pane.waitForAll({"CONNECTED", "06:00:00"}), pane.screen());
  // The header keeps the clock and the event number at 80 columns.
  BOOST_TEST(pane.screen().find("#0") != std::string::npos, pane.screen());

  pane.type("3");  // the Tasks tab
  pane.type("n");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("New task"), pane.screen());
  for (int i = 0; i < 3; ++i) pane.press("Tab");  // due stays 60 (minutes)
  pane.type("42.2,21.7");
  pane.press("Tab");
  pane.type("check the lane");
  pane.press("Tab");
  pane.press("Enter");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("task #1 created"), pane.screen());
  // Due an hour of exercise time on: not an hour of the wall clock, years away.
  BOOST_REQUIRE_MESSAGE(pane.waitForRow({"#1", "screen arrivals", "in 60m"}), pane.screen());
  const Snapshot before = op.snapshot();
  BOOST_REQUIRE_EQUAL(before.tasks.size(), 1u);
  BOOST_TEST(before.tasks.front().task.dueAt == kStart + 60 * kMinute);

  // The trainer moves the exercise clock past the due time: the row turns OVERDUE, the header
  // counts it.
  (void)op.request(kTrainer, AdvanceClock{kStart + 75 * kMinute, 0});
  BOOST_REQUIRE_MESSAGE(pane.waitForRow({"#1", "OVERDUE"}), pane.screen());
  BOOST_TEST(pane.waitFor("1 late"), pane.screen());
  BOOST_TEST(pane.screen().find("07:15") != std::string::npos, pane.screen());
}

BOOST_AUTO_TEST_CASE(at_200x50_exceptions_come_first_and_each_takes_one_key) {
  TempDir postsDir;
  const std::string posts = postsDir / "posts.csv";
  std::ofstream(posts) << "name,lat,lon,staffed\nTabanovce,42.21,21.70,yes\n";
  Operation op({"--posts", posts}, {"BRAVO-2"});
  auto dashboard = op.dashboard("commander", kCommander, {}, 200, 50);
  DashboardPane& pane = *dashboard;
  auto alpha = op.agent("ALPHA-1");
  auto bravo = op.agent("BRAVO-2");
  BOOST_REQUIRE_MESSAGE(pane.waitForRow({"ALPHA-1", "Tabanovce", "available"}) &&
                            pane.waitForRow({"BRAVO-2", "Tabanovce", "available"}),
                        pane.screen());

  // A task finished before its due time reads "on time" (and stays so: test_dashboard_model).
  CreateTask early;
  early.kind = TaskKind::SCREEN_ARRIVALS;
  early.dueAt = wallNow() + 30 * kMinute;
  early.target = std::string("Tabanovce");
  early.instructions = "lane 1";
  early.assignTo = "ALPHA-1";
  const std::uint64_t task = createdTask(op.request(kCommander, early));
  alpha->writeStdin(R"({"taskAck":{"taskId":)" + std::to_string(task) +
                    R"(,"decision":"accepted"}})" + "\n");
  alpha->writeStdin(R"({"taskUpdate":{"taskId":)" + std::to_string(task) +
                    R"(,"status":"completed","note":"done"}})" + "\n");
  BOOST_REQUIRE_MESSAGE(pane.waitForRow({"#" + std::to_string(task), "completed", "on time"}),
                        pane.screen());

  // A child alone at the post: on the map beside the post's mark, not hidden under it.
  alpha->writeStdin(
      R"({"sighting":{"category":"person","personCount":1,"minorCount":1}})" "\n");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("1 NEW ALERT"), pane.screen());
  BOOST_REQUIRE_MESSAGE(pane.waitFor("A ALPHA-1"), pane.screen());  // the map's unit legend
  // The map pane: where its legend is. Every pane left of it is ASCII here, so byte offsets
  // of one column agree from line to line.
  const auto lines = pane.lines();
  std::size_t mapCol = std::string::npos;
  for (const auto& line : lines) {
    if (const auto c = line.find("units (colour: status)"); c != std::string::npos) mapCol = c;
  }
  BOOST_REQUIRE_MESSAGE(mapCol != std::string::npos, pane.screen());
  bool minorShown = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find("# post") != std::string::npos) continue;  // the legend
    const auto post = lines[i].find('#', mapCol);
    if (post == std::string::npos || post > mapCol + 60) continue;
    for (std::size_t j = (i > 2 ? i - 2 : 0); j < std::min(lines.size(), i + 3); ++j) {
      if (lines[j].size() > post + 3 &&
          lines[j].substr(post > 2 ? post - 2 : 0, 5).find('m') != std::string::npos) {
        minorShown = true;
      }
    }
  }
  BOOST_TEST(minorShown, pane.screen());

  // A possible victim: an alert with a proposed task, created with one key.
  alpha->writeStdin(R"({"sighting":{"category":"person","personCount":1,)"
                    R"("indicators":["documentsHeldByOther","debtBondage"]}})" "\n");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("2 NEW ALERTS"), pane.screen());
  pane.type("1");
  pane.type("/");
  pane.type("trafficking indicators");
  pane.press("Enter");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("Alerts (1)"), pane.screen());
  pane.type("t");
  BOOST_REQUIRE_MESSAGE(pane.waitForAll({"Task for alert", "interview possible victim"}),
                        pane.screen());
  pane.press("Enter");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("Task for alert"), pane.screen());  // sent, then answered
  pane.press("Escape");  // the search off
  BOOST_REQUIRE_MESSAGE(pane.waitForRow({"P2", "interview possible victim"}), pane.screen());

  // BRAVO-2 goes silent: lost, and first in the units pane.
  bravo->signal(SIGKILL);
  BOOST_REQUIRE(bravo->wait(10s).has_value());
  BOOST_REQUIRE_MESSAGE(pane.waitForRow({"BRAVO-2", "lost"}), pane.screen());
  {
    const auto now = pane.lines();
    std::size_t header = now.size(), bravoRow = now.size(), alphaRow = now.size();
    for (std::size_t i = 0; i < now.size(); ++i) {
      if (header == now.size() && now[i].find("callsign") != std::string::npos) header = i;
      if (DashboardPane::hasRow(now[i], {"BRAVO-2", "lost"})) bravoRow = std::min(bravoRow, i);
      if (DashboardPane::hasRow(now[i], {"ALPHA-1", "available"})) alphaRow = std::min(alphaRow, i);
    }
    BOOST_TEST(bravoRow == header + 1, pane.screen());
    BOOST_TEST(alphaRow > bravoRow, pane.screen());
  }
  BOOST_TEST(pane.waitFor("1 LOST"), pane.screen());

  // Bulk acknowledge: mark the first two new alerts, acknowledge them in one go; each is
  // recorded with the commander.
  BOOST_REQUIRE_MESSAGE(pane.waitFor("3 NEW ALERTS"), pane.screen());  // and the lost unit's
  pane.type("1");
  pane.press("Home");
  pane.press("Space");
  pane.press("Down");
  pane.press("Space");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("2 alert(s) marked"), pane.screen());
  pane.type("k");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("Acknowledge 2 alerts"), pane.screen());
  pane.type("on it");
  pane.press("Enter");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("1 NEW ALERT"), pane.screen());
  const Snapshot snap = op.snapshot();
  std::size_t acknowledged = 0;
  for (const auto& a : snap.alerts) {
    if (a.state != AlertState::ACKNOWLEDGED) continue;
    ++acknowledged;
    BOOST_TEST(a.acknowledgedBy == kCommander);
    BOOST_TEST(a.note.find("on it") != std::string::npos, a.note);
  }
  BOOST_TEST(acknowledged == 2u);
}

BOOST_AUTO_TEST_CASE(a_key_the_coordinator_refuses_is_named_on_the_screen) {
  Operation op;
  op.keys.makeKey("cmdr.not-enrolled");
  auto dashboard = op.dashboard("stranger", "cmdr.not-enrolled", {}, 80, 24);
  DashboardPane& pane = *dashboard;
  BOOST_TEST(pane.waitFor("refused this dashboard's key"), pane.screen());
  // Never connected: the header does not claim it is.
  const std::string header = pane.lines().at(0);
  const bool claimsConnected = header.find(" CONNECTED") != std::string::npos;
  BOOST_TEST(!claimsConnected, header);
}

BOOST_AUTO_TEST_CASE(with_a_key_no_name_is_needed_and_the_key_is_credited) {
  // Without a key and without a name to go by, a commander dashboard does not start.
  const RunResult refused =
      runProgram("/usr/bin/env", {"-u", "USER", FIELDOPS_DASHBOARD_BIN, "--coordinator",
                                  "tcp://127.0.0.1:9"});
  BOOST_TEST(refused.status == 2);
  BOOST_TEST(refused.err.find("give --commander NAME") != std::string::npos, refused.err);

  Operation op;
  auto dashboard = op.dashboard("commander", kCommander, {}, 120, 40, false);
  DashboardPane& pane = *dashboard;
  auto agent = op.agent("ALPHA-1");
  BOOST_REQUIRE_MESSAGE(pane.waitForRow({"ALPHA-1", "Tabanovce", "available"}), pane.screen());
  agent->writeStdin(R"({"sighting":{"category":"person","personCount":1,"minorCount":1}})" "\n");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("1 NEW ALERT"), pane.screen());
  pane.type("1");
  pane.type("k");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("Acknowledge alert !1"), pane.screen());
  pane.press("Enter");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("alert !1 acknowledged"), pane.screen());
  const Snapshot snap = op.snapshot();
  BOOST_REQUIRE_EQUAL(snap.alerts.size(), 1u);
  BOOST_TEST(snap.alerts.front().acknowledgedBy == kCommander);
}
