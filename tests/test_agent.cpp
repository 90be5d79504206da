// fieldops-agent as a process: the outbox survives SIGKILL, thousands of sightings buffered
// while the coordinator is down arrive once each and in order, the scripted mode round trip, and
// its keys: a secure coordinator takes a unit only as the one its key is bound to.
#define BOOST_TEST_MODULE agent
#include <algorithm>
#include <boost/test/unit_test.hpp>

#include <coordinator/store.hpp>
#include <field-agent/agent_store.hpp>
#include <protocol/codec.hpp>
#include <protocol/session.hpp>
#include <tests/support/enrolment.hpp>
#include <tests/support/support.hpp>

#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>
#include <optional>
#include <set>
#include <thread>

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

// A coordinator child on dir/coordinator: secure with `keys` (made for that data dir), else
// --insecure-dev.
std::unique_ptr<Child> startCoordinator(const TempDir& dir, const std::string& agentEndpoint,
                                        const std::string& name, const TestKeys* keys = nullptr) {
  std::vector<std::string> args{"--data-dir", dir / "coordinator", "--operation", kOperation,
                                "--agent-endpoint", agentEndpoint, "--updates-endpoint", "tcp://127.0.0.1:*", "--control-endpoint",
                                "tcp://127.0.0.1:*", "--ready-file", dir / name, "--log-level",
                                "warn", "--map-size-mb", "256"};
  const auto security = keys ? keys->coordinatorArgs() : std::vector<std::string>{"--insecure-dev"};
  args.insert(args.end(), security.begin(), security.end());
  auto child = std::make_unique<Child>(FIELDOPS_COORDINATOR_BIN, args, dir.path());
  waitReadyFile(dir / name, 30s);
  return child;
}

// The ALPHA-1 agent's key, enrolled for a coordinator on dir/coordinator.
const std::string kAlphaAgent = "unit.alpha-1";
TestKeys alphaEnrolled(const TempDir& dir) {
  TestKeys keys(dir / "keys", dir / "coordinator");
  keys.enroll(kAlphaAgent, "agent", "ALPHA-1");
  return keys;
}

std::vector<std::string> withKeys(std::vector<std::string> args, const TestKeys& keys) {
  const auto secure = keys.clientArgs(kAlphaAgent);
  args.insert(args.end(), secure.begin(), secure.end());
  return args;
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
  const TestKeys keys = alphaEnrolled(dir);
  {
    Child agent(FIELDOPS_AGENT_BIN, withKeys(agentArgs(endpoint, dir / "outbox"), keys), dir.path(),
                true);
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
  auto coordinator = startCoordinator(dir, endpoint, "ready", &keys);
  Child agent(FIELDOPS_AGENT_BIN, withKeys(agentArgs(endpoint, dir / "outbox"), keys), dir.path(),
              true);
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
  // The agent waits for its acks after stdin ends for --drain-ms (10 s by default); a loaded
  // machine with sanitizers may need longer for 5,000 critical alerts. The test is about what
  // arrives, not how fast: it may drain for as long as the test waits.
  auto args = agentArgs(endpoint, dir / "outbox");
  args.insert(args.end(), {"--drain-ms", "230000"});
  Child agent(FIELDOPS_AGENT_BIN, args, dir.path(), true);
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

BOOST_AUTO_TEST_CASE(
    scripted_mode_refuses_an_impossible_birth_or_a_repeated_key_before_the_outbox) {
  TempDir dir;
  zmq::context_t context(1);
  const std::string endpoint = freeEndpoint(context);  // no coordinator: the checks are local
  Child agent(FIELDOPS_AGENT_BIN, agentArgs(endpoint, dir / "outbox"), dir.path(), true);
  // A person sighting, with `rest` as its last fields.
  const auto person = [](const std::string& rest) {
    return R"({"sighting":{"category":"person","personCount":1,)" + rest + "}}\n";
  };
  agent.writeStdin(person(R"("subject":{"dateOfBirth":"2999-01-01"})"));  // line 1
  // Observed 2026-03-01T10:00:00Z, born the next day.
  agent.writeStdin(person(R"("observedAt":1772359200000,"subject":{"dateOfBirth":"2026-03-02"})"));
  agent.writeStdin(person(R"("subject":{"dateOfBirth":"1980-02-30"})"));  // line 3
  agent.writeStdin(R"({"sighting":{"category":"person","category":"group","personCount":2}})"
                   "\n");                                                  // line 4
  agent.writeStdin(person(R"("subject":{"dateOfBirth":"1980-00-00"})"));  // line 5
  BOOST_REQUIRE(agent.waitForOutput("\"line\":5", 20s));
  agent.signal(SIGTERM);
  BOOST_REQUIRE(agent.wait(10s).has_value());
  const std::string out = agent.stdoutText();
  BOOST_TEST(out.find(R"("field":"subject.dateOfBirth","line":1,"message":"'2999-01-01' is after )"
                      R"(the time observed)") != std::string::npos,
             out);
  BOOST_TEST(out.find(R"("field":"subject.dateOfBirth","line":2,"message":"'2026-03-02' is after )"
                      R"js(the time observed (2026-03-01T10:00:00Z)")js") != std::string::npos,
             out);
  BOOST_TEST(out.find(R"("field":"subject.dateOfBirth","line":3,"message":"'1980-02-30' is not )"
                      R"(a date)") != std::string::npos,
             out);
  BOOST_TEST(out.find(R"("field":"sighting.category","line":4,"message":"appears twice")") !=
                 std::string::npos,
             out);
  BOOST_TEST(out.find(R"("event":"queued","kind":"sighting","line":5)") != std::string::npos, out);
  BOOST_TEST(AgentStore(dir / "outbox").outbox().size() == 1u);  // only line 5
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
  // Everything queued was delivered, but five lines were refused: exit 5, not 0.
  BOOST_TEST(agent.wait(30s).value_or(-1) == 5, agent.stdoutText());
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

// A stand-in for the coordinator: a ROUTER on `endpoint` that answers only when told to.
struct FakeCoordinator {
  FakeCoordinator(zmq::context_t& context, const std::string& endpoint)
      : socket(context, zmq::socket_type::router) {
    socket.set(zmq::sockopt::linger, 0);
    socket.bind(endpoint);
  }
  // The next message from an agent within `timeout`: its connection's routing id and body.
  std::optional<std::pair<std::string, Body>> next(std::chrono::milliseconds timeout) {
    zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, timeout) == 0) return std::nullopt;
    zmq::message_t id, frame;
    BOOST_REQUIRE(socket.recv(id));
    BOOST_REQUIRE(socket.recv(frame));
    auto env = decode(frame.to_string_view());
    BOOST_REQUIRE(env.has_value());
    return std::make_pair(id.to_string(), env->body);
  }
  void welcome(const std::string& id) {
    const std::string bytes =
        encode(Envelope{kProtocolVersion, kOperation, true, ++messages, 0,
                        Welcome{"ALPHA-1", 1000, kLiveness, 0}});
    socket.send(zmq::buffer(id), zmq::send_flags::sndmore);
    socket.send(zmq::buffer(bytes));
  }
  // A long liveness window: the agent does not find this coordinator silent during the test,
  // so a hello after a reconnection can only come from the new connection itself.
  static constexpr std::uint32_t kLiveness = 30;
  zmq::socket_t socket;
  std::uint64_t messages = 0;
};

BOOST_AUTO_TEST_CASE(the_agent_keeps_its_connection_and_says_hello_first_on_a_new_one) {
  TempDir dir;
  zmq::context_t context(1);
  std::optional<FakeCoordinator> coordinator(std::in_place, context, "tcp://127.0.0.1:*");
  const std::string endpoint = coordinator->socket.get(zmq::sockopt::last_endpoint);
  Child agent(FIELDOPS_AGENT_BIN, agentArgs(endpoint, dir / "outbox"), dir.path(), true);

  // Unanswered, the agent says hello again and again (hello timeout 300 ms, backoff up to 1 s),
  // always on the one connection it has: a new connection each time would only add to the crowd
  // at a coordinator that cannot keep up (docs/field-agent.md, "Reconnects").
  std::set<std::string> connections;
  int hellos = 0;
  const auto until = std::chrono::steady_clock::now() + 4s;
  while (std::chrono::steady_clock::now() < until) {
    auto m = coordinator->next(100ms);
    if (!m) continue;
    connections.insert(m->first);
    if (std::holds_alternative<Hello>(m->second)) ++hellos;
  }
  BOOST_TEST(hellos >= 3);
  BOOST_TEST(connections.size() == 1u);
  BOOST_REQUIRE(agent.waitForOutput("no answer from the coordinator", 5s));

  // Welcomed, then the coordinator goes away for longer than a heartbeat and comes back on the
  // same port: the agent's first message on the new connection is its hello, not heartbeats
  // that waited for the connection.
  coordinator->welcome(*connections.begin());
  BOOST_REQUIRE(agent.waitForOutput("\"event\":\"registered\"", 10s));
  coordinator.reset();
  std::this_thread::sleep_for(2500ms);
  coordinator.emplace(context, endpoint);
  auto first = coordinator->next(10s);
  BOOST_REQUIRE(first.has_value());
  BOOST_TEST(std::holds_alternative<Hello>(first->second), "the first message was not a hello");
  BOOST_TEST(agent.stdoutText().find("went silent") == std::string::npos, agent.stdoutText());
  agent.signal(SIGTERM);
  BOOST_TEST(agent.wait(10s).has_value());
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

BOOST_AUTO_TEST_CASE(a_key_bound_to_alpha_1_cannot_register_as_bravo_2_and_its_reports_are_kept) {
  TempDir dir;
  zmq::context_t context(1);
  const std::string endpoint = freeEndpoint(context);
  const TestKeys keys = alphaEnrolled(dir);
  {
    // Reports written before the coordinator is up wait in the outbox.
    Child agent(FIELDOPS_AGENT_BIN, withKeys(agentArgs(endpoint, dir / "outbox", "BRAVO-2"), keys),
                dir.path(), true);
    for (int i = 0; i < 3; ++i) agent.writeStdin(sightingLine("W-" + std::to_string(i)));
    BOOST_REQUIRE(agent.waitForOutput("\"event\":\"queued\"", 20s, 3));
    auto coordinator = startCoordinator(dir, endpoint, "ready-1", &keys);
    BOOST_TEST(agent.wait(30s).value_or(-1) == 3, agent.stdoutText());
    BOOST_TEST(agent.stdoutText().find("refused to register BRAVO-2") != std::string::npos,
               agent.stdoutText());
    BOOST_TEST(agent.stdoutText().find("bound to unit ALPHA-1") != std::string::npos,
               agent.stdoutText());
    coordinator->signal(SIGTERM);
    BOOST_REQUIRE(coordinator->wait(10s).has_value());
  }
  BOOST_TEST(AgentStore(dir / "outbox").outbox().size() == 3u);
  BOOST_TEST(storedSightingIds(dir).empty());

  // Started again as the unit its key is bound to, the agent delivers what it kept.
  auto coordinator = startCoordinator(dir, endpoint, "ready-2", &keys);
  Child agent(FIELDOPS_AGENT_BIN, withKeys(agentArgs(endpoint, dir / "outbox"), keys), dir.path(),
              true);
  agent.closeStdin();
  BOOST_TEST(agent.wait(60s).value_or(-1) == 0, agent.stdoutText() + agent.stderrText());
  coordinator->signal(SIGTERM);
  BOOST_REQUIRE(coordinator->wait(10s).has_value());
  BOOST_TEST(storedSightingIds(dir).size() == 3u);
}

BOOST_AUTO_TEST_CASE(key_files_that_cannot_be_used_are_one_clear_line) {
  TempDir dir;
  const TestKeys keys = alphaEnrolled(dir);
  const auto run = [&](std::vector<std::string> extra) {
    auto args = agentArgs("tcp://127.0.0.1:1", dir / "outbox");
    args.insert(args.end(), extra.begin(), extra.end());
    return runProgram(FIELDOPS_AGENT_BIN, args, 30s);
  };
  auto missing = run({"--key", dir / "nope.key", "--coordinator-key", keys.coordinatorPublicKey()});
  BOOST_TEST(missing.status == 2);
  BOOST_TEST(missing.err.find("cannot read key file") != std::string::npos, missing.err);

  const std::string open = keys.keyFile(kAlphaAgent);
  std::filesystem::permissions(open, std::filesystem::perms::group_read |
                                         std::filesystem::perms::others_read,
                               std::filesystem::perm_options::add);
  auto readable = run({"--key", open, "--coordinator-key", keys.coordinatorPublicKey()});
  BOOST_TEST(readable.status == 2);
  BOOST_TEST(readable.err.find("may be read by others") != std::string::npos, readable.err);

  auto half = run({"--coordinator-key", keys.coordinatorPublicKey()});
  BOOST_TEST(half.status == 2);
  BOOST_TEST(half.err.find("--key") != std::string::npos, half.err);
}

BOOST_AUTO_TEST_CASE(a_revoked_key_is_told_it_was_refused_and_its_reports_wait) {
  TempDir dir;
  zmq::context_t context(1);
  const std::string endpoint = freeEndpoint(context);
  TestKeys keys = alphaEnrolled(dir);
  keys.revoke(kAlphaAgent);
  auto coordinator = startCoordinator(dir, endpoint, "ready", &keys);
  Child agent(FIELDOPS_AGENT_BIN, withKeys(agentArgs(endpoint, dir / "outbox"), keys), dir.path(),
              true);
  agent.writeStdin(sightingLine("R-1"));
  BOOST_TEST(agent.waitForOutput("refused this agent's key", 20s), agent.stdoutText());
  BOOST_TEST(agent.stdoutText().find("\"event\":\"registered\"") == std::string::npos);
  agent.signal(SIGTERM);
  BOOST_REQUIRE(agent.wait(10s).has_value());
  BOOST_TEST(AgentStore(dir / "outbox").outbox().size() == 1u);
}
