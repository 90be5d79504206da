// fieldops-dashboard end to end, as a commander meets it: the real dashboard in a tmux pane
// (its own tmux socket, 120x40), typed at with send-keys and read with capture-pane, against a
// real coordinator process and a real agent in script mode, on 127.0.0.1 ephemeral ports. The
// coordinator runs secure, as in operations: CURVE keys and an allow-list made with its own CLI
// (a commander, an observer and a field agent bound to ALPHA-1).
#define BOOST_TEST_MODULE dashboard_e2e
#include <tests/support/dashboard_e2e.hpp>

using namespace fieldops;
using namespace fieldops::test;
using namespace std::chrono_literals;

using namespace fieldops::test::e2e;

namespace {

const std::string kRussianName = "Ахмед Салех";
const std::string kArabicName = "أحمد كريمي";

}  // namespace

BOOST_AUTO_TEST_CASE(a_unit_registers_a_sighting_appears_and_a_task_typed_reaches_the_agent) {
  Operation op;
  auto dashboard = op.dashboard("commander", kCommander);
  DashboardPane& pane = *dashboard;
  BOOST_REQUIRE_MESSAGE(pane.waitFor("CONNECTED"), pane.screen());
  BOOST_TEST(pane.screen().find("EXERCISE") != std::string::npos);
  // A second dashboard, an observer, watches the same coordinator.
  auto observerPane = op.dashboard("observer", kObserver, {"--observer"});
  DashboardPane& observer = *observerPane;

  auto agent = op.agent("ALPHA-1");
  BOOST_REQUIRE_MESSAGE(pane.waitForRow({"ALPHA-1", "Tabanovce", "available"}), pane.screen());
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
  auto dashboard = op.dashboard("commander", kCommander);
  DashboardPane& pane = *dashboard;
  auto agent = op.agent("ALPHA-1");
  BOOST_REQUIRE_MESSAGE(pane.waitForRow({"ALPHA-1", "Tabanovce", "available"}), pane.screen());
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
  BOOST_TEST(pane.waitForRow({"!1", "critical", "ack"}), pane.screen());  // the row itself
  const Snapshot snap = op.snapshot();
  BOOST_REQUIRE(snap.alerts.size() == 1u);
  BOOST_TEST(snap.alerts.front().state == AlertState::ACKNOWLEDGED);
  // Credited to the principal of the key, not to the name the dashboard was started with.
  BOOST_TEST(snap.alerts.front().acknowledgedBy == kCommander);
  BOOST_TEST(snap.alerts.front().note.find("child-protection team on the way") !=
             std::string::npos);

  // The details of the alert, with its history from the event log.
  pane.press("Enter");
  BOOST_TEST(pane.waitForAll({"Details alert:1", "alertAcknowledged"}), pane.screen());
}

BOOST_AUTO_TEST_CASE(the_layout_follows_the_terminal_size) {
  Operation op;
  auto dashboard = op.dashboard("commander", kCommander);
  DashboardPane& pane = *dashboard;
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
  auto dashboard = op.dashboard("commander", kCommander);
  DashboardPane& pane = *dashboard;
  auto agent = op.agent("ALPHA-1");
  BOOST_REQUIRE_MESSAGE(pane.waitForAll({"CONNECTED", "ALPHA-1"}) &&
                            pane.waitForRow({"ALPHA-1", "Tabanovce", "available"}), pane.screen());
  const auto endpoints = op.endpoints;
  op.coordinator->signal(SIGTERM);
  BOOST_REQUIRE(op.coordinator->wait(10s).has_value());
  BOOST_REQUIRE_MESSAGE(pane.waitFor("DISCONNECTED"), pane.screen());
  BOOST_TEST(pane.hasRow({"ALPHA-1", "Tabanovce"}), pane.screen());  // the last picture

  op.start(endpoints.at("agent"), endpoints.at("control"), endpoints.at("updates"));
  agent->writeStdin(R"({"sighting":{"category":"vehicle","subject":{"vehiclePlate":"SK-1234-AB"}}})"
                    "\n");
  // The plate is personal data: redacted on the stream; the vehicle sighting shows all the same.
  BOOST_REQUIRE_MESSAGE(pane.waitForAll({"CONNECTED", "vehicle"}), pane.screen());
  BOOST_TEST(pane.screen().find("SK-1234-AB") == std::string::npos, pane.screen());
  BOOST_TEST(pane.screen().find("DISCONNECTED") == std::string::npos);
  BOOST_TEST(alive(pane.pid()));
}

BOOST_AUTO_TEST_CASE(a_commander_sees_a_persons_details_for_a_justification_and_the_audit_shows_it) {
  Operation op;
  auto dashboard = op.dashboard("commander", kCommander);
  DashboardPane& pane = *dashboard;
  auto agent = op.agent("ALPHA-1");
  BOOST_REQUIRE_MESSAGE(pane.waitForRow({"ALPHA-1", "Tabanovce", "available"}), pane.screen());
  agent->writeStdin(R"({"sighting":{"category":"person","personCount":1,"subject":{"names":[")" +
                    kRussianName + R"(","Ahmed Saleh"],"dateOfBirth":"1990-04-12",)" +
                    R"("nationality":"SYR","documentNumber":"N7654321"}}})" + "\n");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("[redacted]"), pane.screen());

  pane.type("4");  // the sightings pane; its first row is the new sighting
  pane.type("p");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("justification (recorded in the access log)"), pane.screen());
  pane.press("Enter");  // no reason given: refused in the form, nothing sent
  BOOST_REQUIRE_MESSAGE(pane.waitFor("needs a justification"), pane.screen());
  const std::string why = "case 2026/114: identify the driver at lane 3";
  pane.type(why);
  pane.press("Enter");
  BOOST_REQUIRE_MESSAGE(pane.waitForAll({kRussianName, "Ahmed Saleh", "1990-04-12", "N7654321"}),
                        pane.screen());

  // The coordinator wrote the disclosure to its access log before it answered.
  const RunResult audit = op.audit();
  BOOST_TEST(audit.status == 0, audit.err);
  BOOST_TEST(audit.out.find(kCommander) != std::string::npos, audit.out);
  BOOST_TEST(audit.out.find(why) != std::string::npos, audit.out);

  pane.press("Escape");  // closing forgets the personal data: only the redacted row is left
  BOOST_REQUIRE_MESSAGE(pane.waitFor("person details closed"), pane.screen());
  BOOST_TEST(pane.screen().find(kRussianName) == std::string::npos, pane.screen());
}

BOOST_AUTO_TEST_CASE(the_coordinator_refuses_an_observers_command_even_without_the_observer_flag) {
  Operation op;
  // The observer's key, but a dashboard not told it is an observer: its client lets the command
  // through, and the coordinator refuses it by the role enrolled for the key.
  auto dashboard = op.dashboard("observer", kObserver);
  DashboardPane& pane = *dashboard;
  BOOST_REQUIRE_MESSAGE(pane.waitFor("CONNECTED"), pane.screen());
  pane.type("n");
  BOOST_REQUIRE_MESSAGE(pane.waitFor("New task"), pane.screen());
  for (int i = 0; i < 3; ++i) pane.press("Tab");
  pane.type("42.2,21.7");
  pane.press("Tab");
  pane.type("not allowed for an observer");
  pane.press("Tab");
  pane.press("Enter");
  BOOST_TEST(pane.waitForAll({"refused", "observers read, they change nothing"}), pane.screen());
  BOOST_TEST(op.snapshot().tasks.empty());
}

BOOST_AUTO_TEST_CASE(an_agent_key_bound_to_alpha_1_cannot_register_as_bravo_2) {
  Operation op;
  auto dashboard = op.dashboard("commander", kCommander);
  DashboardPane& pane = *dashboard;
  BOOST_REQUIRE_MESSAGE(pane.waitFor("CONNECTED"), pane.screen());
  auto agent = op.agent("BRAVO-2");
  BOOST_REQUIRE_MESSAGE(agent->waitForOutput("\"event\":\"fatal\"", kPatience),
                        agent->stdoutText() + agent->stderrText());
  BOOST_TEST(agent->stdoutText().find("refused to register BRAVO-2") != std::string::npos,
             agent->stdoutText());
  BOOST_TEST(agent->stdoutText().find("bound to unit ALPHA-1") != std::string::npos,
             agent->stdoutText());
  BOOST_TEST(agent->wait(10s).value_or(-1) == 3);  // registration refused
  BOOST_TEST(op.snapshot().units.empty());
  BOOST_TEST(pane.screen().find("BRAVO-2") == std::string::npos, pane.screen());
}
