// fieldops-agent as a process: the outbox survives SIGKILL, thousands of sightings buffered
// while the coordinator is down arrive once each and in order, and the scripted mode round trip.
#define BOOST_TEST_MODULE agent
#include <algorithm>
#include <boost/test/unit_test.hpp>

#include <coordinator/store.hpp>
#include <field-agent/agent_store.hpp>
#include <protocol/session.hpp>
#include <tests/support/support.hpp>

#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>
#include <set>

using namespace fieldops;
using namespace fieldops::test;
using namespace std::chrono_literals;

namespace {

// A loopback endpoint nobody listens on yet (the port is free when this returns).
std::string freeEndpoint(zmq::context_t& context) {
  zmq::socket_t probe(context, zmq::socket_type::router);
  probe.bind("tcp://127.0.0.1:*");
  std::string endpoint = probe.get(zmq::sockopt::last_endpoint);
  probe.close();
  return endpoint;
}

std::vector<std::string> agentArgs(const std::string& endpoint, const std::string& outbox,
                                   const std::string& callsign = "ALPHA-1") {
  return {"--coordinator", endpoint, "--operation", kOperation, "--callsign", callsign,
          "--post", "Tabanovce", "--lat", "42.21", "--lon", "21.70", "--outbox-dir", outbox,
          "--script", "--hello-timeout-ms", "300", "--backoff-max-ms", "1000", "--window", "256"};
}

std::string sightingLine(const std::string& id) {
  return R"({"sighting":{"sightingId":")" + id +
         R"(","category":"group","personCount":4,"minorCount":1,"indicators":["unaccompaniedMinor"]}})" +
         "\n";
}

std::unique_ptr<Child> startCoordinator(const TempDir& dir, const std::string& agentEndpoint,
                                        const std::string& name) {
  auto child = std::make_unique<Child>(
      FIELDOPS_COORDINATOR_BIN,
      std::vector<std::string>{"--data-dir", dir / "coordinator", "--insecure-dev", "--operation", kOperation,
                               "--agent-endpoint", agentEndpoint, "--updates-endpoint", "tcp://127.0.0.1:*", "--control-endpoint",
                               "tcp://127.0.0.1:*", "--ready-file", dir / name, "--log-level",
                               "warn", "--map-size-mb", "256"},
      dir.path());
  waitReadyFile(dir / name, 30s);
  return child;
}

std::vector<std::string> storedSightingIds(const TempDir& dir) {
  EventStore store(StoreOptions{dir / "coordinator", kOperation, true, 256 << 20, true});
  std::vector<std::string> ids;
  for (const auto& s : store.sightings(0, 1000000)) ids.push_back(s.sighting.sightingId);
  return ids;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_outbox_survives_sigkill_and_is_delivered_after_restart) {
  TempDir dir;
  zmq::context_t context(1);
  const std::string endpoint = freeEndpoint(context);
  {
    Child agent(FIELDOPS_AGENT_BIN, agentArgs(endpoint, dir / "outbox"), dir.path(), true);
    for (int i = 0; i < 50; ++i) agent.writeStdin(sightingLine("K-" + std::to_string(i)));
    BOOST_REQUIRE(agent.waitForOutput("\"event\":\"queued\"", 20s, 50));
    BOOST_TEST(agent.waitForOutput("\"event\":\"offline\"", 10s));
    agent.signal(SIGKILL);
    BOOST_REQUIRE(agent.wait(10s).has_value());
  }
  {
    AgentStore outbox(dir / "outbox");
    BOOST_REQUIRE(outbox.outbox().size() == 50u);
    for (int i = 0; i < 50; ++i) BOOST_TEST(outbox.outbox()[i].sightingId == "K-" + std::to_string(i));
  }
  auto coordinator = startCoordinator(dir, endpoint, "ready");
  Child agent(FIELDOPS_AGENT_BIN, agentArgs(endpoint, dir / "outbox"), dir.path(), true);
  agent.closeStdin();  // nothing new: deliver what is stored, then exit
  BOOST_TEST(agent.wait(60s).value_or(-1) == 0, agent.stdoutText() + agent.stderrText());
  coordinator->signal(SIGTERM);
  BOOST_REQUIRE(coordinator->wait(10s).has_value());
  const auto ids = storedSightingIds(dir);
  BOOST_REQUIRE(ids.size() == 50u);
  for (int i = 0; i < 50; ++i) BOOST_TEST(ids[i] == "K-" + std::to_string(i));
  BOOST_TEST(AgentStore(dir / "outbox").outbox().empty());
}

BOOST_AUTO_TEST_CASE(five_thousand_sightings_buffered_offline_arrive_once_each_in_order) {
  TempDir dir;
  zmq::context_t context(1);
  const std::string endpoint = freeEndpoint(context);
  constexpr int kCount = 5000;
  Child agent(FIELDOPS_AGENT_BIN, agentArgs(endpoint, dir / "outbox"), dir.path(), true);
  std::string batch;
  for (int i = 0; i < kCount; ++i) batch += sightingLine("B-" + std::to_string(i));
  agent.writeStdin(batch);
  BOOST_REQUIRE(agent.waitForOutput("\"event\":\"queued\"", 240s, kCount));
  BOOST_TEST(agent.waitForOutput("\"event\":\"offline\"", 10s));
  BOOST_TEST(agent.stdoutText().find("\"event\":\"ack\"") == std::string::npos);

  auto coordinator = startCoordinator(dir, endpoint, "ready");
  agent.closeStdin();
  BOOST_TEST(agent.wait(240s).value_or(-1) == 0, agent.stderrText());
  BOOST_TEST(agent.waitForOutput("\"event\":\"ack\"", 1s, kCount));
  coordinator->signal(SIGTERM);
  BOOST_REQUIRE(coordinator->wait(10s).has_value());

  const auto ids = storedSightingIds(dir);
  BOOST_REQUIRE(ids.size() == static_cast<std::size_t>(kCount));
  for (int i = 0; i < kCount; ++i) {
    if (ids[i] != "B-" + std::to_string(i)) BOOST_FAIL("out of order at " << i << ": " << ids[i]);
  }
}

BOOST_AUTO_TEST_CASE(scripted_mode_round_trip_with_malformed_lines) {
  TempDir dir;
  zmq::context_t context(1);
  const std::string endpoint = freeEndpoint(context);
  auto coordinator = startCoordinator(dir, endpoint, "ready");
  const auto endpoints = waitReadyFile(dir / "ready", 1s);
  Child agent(FIELDOPS_AGENT_BIN, agentArgs(endpoint, dir / "outbox"), dir.path(), true);
  BOOST_REQUIRE(agent.waitForOutput("\"event\":\"registered\"", 20s));

  agent.writeStdin(sightingLine("R-1"));                                              // line 1
  agent.writeStdin("this is not json\n");                                             // line 2
  agent.writeStdin(R"({"sighting":{"category":"group","personCount":2,"colour":"red"}})" "\n");  // 3
  agent.writeStdin(R"({"sighting":{"category":"group","personCount":2,"minorCount":3}})" "\n");  // 4
  agent.writeStdin(R"({"sighting":{"category":"spaceship"}})" "\n");                  // line 5
  agent.writeStdin(R"({"taskUpdate":{"taskId":99,"status":"completed"}})" "\n");      // line 6
  agent.writeStdin(sightingLine("R-1"));                                              // line 7
  BOOST_REQUIRE(agent.waitForOutput("\"line\":6", 20s));
  BOOST_REQUIRE(agent.waitForOutput("\"event\":\"ack\"", 20s, 2));
  const std::string out = agent.stdoutText();
  BOOST_TEST(out.find(R"("field":"","line":2,"message":"not valid JSON")") != std::string::npos, out);
  BOOST_TEST(out.find(R"("field":"sighting.colour","line":3)") != std::string::npos, out);
  BOOST_TEST(out.find(R"("field":"sighting.minorCount","line":4)") != std::string::npos, out);
  BOOST_TEST(out.find(R"("field":"sighting.category","line":5)") != std::string::npos, out);
  BOOST_TEST(out.find(R"("line":6,"message":"no task 99")") != std::string::npos, out);
  BOOST_TEST(out.find(R"("duplicate":true)") != std::string::npos, out);

  // A task pushed by the control endpoint appears, and is worked through stdin.
  ControlClient control(context, {endpoints.at("control"), kOperation, true});
  auto created = control.request(sampleCreateTask("ALPHA-1"), 5s);
  BOOST_REQUIRE(created.has_value());
  const auto taskId = std::get<ControlOk>(*created).taskId;
  BOOST_REQUIRE(agent.waitForOutput("\"event\":\"task\"", 20s));
  const std::string id = std::to_string(taskId);
  agent.writeStdin(R"({"taskAck":{"taskId":)" + id + R"(,"decision":"accepted"}})" "\n");
  agent.writeStdin(R"({"taskUpdate":{"taskId":)" + id + R"(,"status":"onScene"}})" "\n");
  agent.writeStdin(R"({"taskUpdate":{"taskId":)" + id + R"(,"status":"completed","note":"done"}})" "\n");
  agent.closeStdin();
  BOOST_TEST(agent.wait(30s).value_or(-1) == 0, agent.stdoutText());
  auto snapshot = control.request(SnapshotQuery{}, 5s);
  BOOST_REQUIRE(snapshot.has_value());
  const auto& tasks = std::get<Snapshot>(*snapshot).tasks;
  const auto task = std::find_if(tasks.begin(), tasks.end(),
                                 [&](const TaskView& t) { return t.task.taskId == taskId; });
  BOOST_REQUIRE(task != tasks.end());
  BOOST_TEST(task->state == TaskState::COMPLETED);
  BOOST_TEST(storedSightingIds(dir).size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_unreachable_coordinator_is_reported_while_reports_are_kept) {
  TempDir dir;
  zmq::context_t context(1);
  Child agent(FIELDOPS_AGENT_BIN, agentArgs(freeEndpoint(context), dir / "outbox"), dir.path(), true);
  agent.writeStdin(sightingLine("U-1"));
  BOOST_REQUIRE(agent.waitForOutput("\"event\":\"offline\"", 20s));
  BOOST_TEST(agent.stdoutText().find("no answer from the coordinator") != std::string::npos);
  BOOST_REQUIRE(agent.waitForOutput("\"event\":\"queued\"", 20s));
  agent.signal(SIGTERM);
  BOOST_TEST(agent.wait(10s).value_or(-1) == 4);  // stopped with a report still undelivered
  BOOST_TEST(AgentStore(dir / "outbox").outbox().size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_outbox_dir_that_cannot_be_used_is_a_clear_error) {
  TempDir dir;
  std::ofstream(dir / "file") << "x";
  auto r = runProgram(FIELDOPS_AGENT_BIN, agentArgs("tcp://127.0.0.1:1", dir / "file/outbox"));
  BOOST_TEST(r.status == 2);
  BOOST_TEST(r.err.find("outbox dir") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(a_refused_registration_ends_the_agent_with_a_clear_message) {
  TempDir dir;
  zmq::context_t context(1);
  const std::string endpoint = freeEndpoint(context);
  auto coordinator = startCoordinator(dir, endpoint, "ready");
  Child agent(FIELDOPS_AGENT_BIN, agentArgs(endpoint, dir / "outbox", "control"), dir.path(), true);
  BOOST_TEST(agent.wait(20s).value_or(-1) == 3);
  BOOST_TEST(agent.stdoutText().find("refused to register control") != std::string::npos,
             agent.stdoutText());
}

BOOST_AUTO_TEST_CASE(the_agent_registers_again_after_a_coordinator_restart_and_delivers_everything) {
  TempDir dir;
  zmq::context_t context(1);
  const std::string endpoint = freeEndpoint(context);
  auto coordinator = startCoordinator(dir, endpoint, "ready-1");
  Child agent(FIELDOPS_AGENT_BIN, agentArgs(endpoint, dir / "outbox"), dir.path(), true);
  BOOST_REQUIRE(agent.waitForOutput("\"event\":\"registered\"", 20s));
  for (int i = 0; i < 20; ++i) agent.writeStdin(sightingLine("C-" + std::to_string(i)));
  BOOST_REQUIRE(agent.waitForOutput("\"event\":\"ack\"", 20s, 20));

  coordinator->signal(SIGKILL);  // the hub dies without a word
  BOOST_REQUIRE(coordinator->wait(10s).has_value());
  for (int i = 20; i < 40; ++i) agent.writeStdin(sightingLine("C-" + std::to_string(i)));
  BOOST_REQUIRE(agent.waitForOutput("\"event\":\"queued\"", 20s, 40));
  coordinator = startCoordinator(dir, endpoint, "ready-2");  // same store, same port

  BOOST_TEST(agent.waitForOutput("\"event\":\"registered\"", 30s, 2), agent.stdoutText());
  BOOST_REQUIRE(agent.waitForOutput("\"event\":\"ack\"", 30s, 40));
  agent.closeStdin();
  BOOST_TEST(agent.wait(30s).value_or(-1) == 0);
  coordinator->signal(SIGTERM);
  BOOST_REQUIRE(coordinator->wait(10s).has_value());
  const auto ids = storedSightingIds(dir);
  BOOST_REQUIRE(ids.size() == 40u);
  for (int i = 0; i < 40; ++i) BOOST_TEST(ids[i] == "C-" + std::to_string(i));
}

BOOST_AUTO_TEST_CASE(received_tasks_are_shown_again_after_the_agent_restarts) {
  TempDir dir;
  zmq::context_t context(1);
  const std::string endpoint = freeEndpoint(context);
  auto coordinator = startCoordinator(dir, endpoint, "ready");
  const auto endpoints = waitReadyFile(dir / "ready", 1s);
  ControlClient control(context, {endpoints.at("control"), kOperation, true});
  {
    Child agent(FIELDOPS_AGENT_BIN, agentArgs(endpoint, dir / "outbox"), dir.path(), true);
    BOOST_REQUIRE(agent.waitForOutput("\"event\":\"registered\"", 20s));
    BOOST_REQUIRE(control.request(sampleCreateTask("ALPHA-1"), 5s).has_value());
    BOOST_REQUIRE(agent.waitForOutput("\"event\":\"task\"", 20s));
    agent.signal(SIGKILL);
    BOOST_REQUIRE(agent.wait(10s).has_value());
  }
  // Offline this time: the task must come from the agent's own store.
  coordinator->signal(SIGTERM);
  BOOST_REQUIRE(coordinator->wait(10s).has_value());
  Child agent(FIELDOPS_AGENT_BIN, agentArgs(endpoint, dir / "outbox"), dir.path(), true);
  BOOST_TEST(agent.waitForOutput("\"stored\":true", 20s), agent.stdoutText());
  BOOST_TEST(agent.stdoutText().find("White van, plate SK-1234-AB") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(options_can_come_from_a_config_file) {
  TempDir dir;
  zmq::context_t context(1);
  const std::string endpoint = freeEndpoint(context);
  auto coordinator = startCoordinator(dir, endpoint, "ready");
  std::ofstream(dir / "agent.ini") << "coordinator = \"" << endpoint << "\"\n"
                                   << "operation = \"" << kOperation << "\"\n"
                                   << "callsign = \"CONFIG-9\"\n"
                                   << "post = \"Bregana\"\n"
                                   << "outbox-dir = \"" << (dir / "outbox") << "\"\n"
                                   << "script = true\n";
  Child agent(FIELDOPS_AGENT_BIN, {"--config", dir / "agent.ini"}, dir.path(), true);
  BOOST_TEST(agent.waitForOutput("\"callsign\":\"CONFIG-9\",\"event\":\"registered\"", 20s),
             agent.stdoutText() + agent.stderrText());
  agent.closeStdin();
  BOOST_TEST(agent.wait(20s).value_or(-1) == 0);
}

BOOST_AUTO_TEST_CASE(a_declined_task_given_back_to_the_unit_can_be_answered_again) {
  TempDir dir;
  zmq::context_t context(1);
  const std::string endpoint = freeEndpoint(context);
  auto coordinator = startCoordinator(dir, endpoint, "ready");
  const auto endpoints = waitReadyFile(dir / "ready", 1s);
  ControlClient control(context, {endpoints.at("control"), kOperation, true});
  Child agent(FIELDOPS_AGENT_BIN, agentArgs(endpoint, dir / "outbox"), dir.path(), true);
  BOOST_REQUIRE(agent.waitForOutput("\"event\":\"registered\"", 20s));
  auto created = control.request(sampleCreateTask("ALPHA-1"), 5s);
  BOOST_REQUIRE(created.has_value());
  const std::string id = std::to_string(std::get<ControlOk>(*created).taskId);
  BOOST_REQUIRE(agent.waitForOutput("\"event\":\"task\"", 20s));
  agent.writeStdin(R"({"taskAck":{"taskId":)" + id + R"(,"decision":"declined","reason":"no car"}})" "\n");
  BOOST_REQUIRE(agent.waitForOutput("\"event\":\"ack\"", 20s));

  // The commander gives it back: the agent must show it again and let the team accept it.
  auto again = control.request(AssignTask{std::get<ControlOk>(*created).taskId, "ALPHA-1", false}, 5s);
  BOOST_REQUIRE(again.has_value());
  BOOST_REQUIRE(agent.waitForOutput("\"event\":\"task\"", 20s, 2));
  agent.writeStdin(R"({"taskAck":{"taskId":)" + id + R"(,"decision":"accepted"}})" "\n");
  BOOST_REQUIRE(agent.waitForOutput("\"event\":\"ack\"", 20s, 2));
  auto snapshot = control.request(SnapshotQuery{}, 5s);
  BOOST_REQUIRE(snapshot.has_value());
  BOOST_TEST(std::get<Snapshot>(*snapshot).tasks.at(0).state == TaskState::ACCEPTED);
}
