// The coordinator over real ZeroMQ sockets on 127.0.0.1 (ephemeral ports) and a real LMDB.
#define BOOST_TEST_MODULE integration
#include <boost/test/unit_test.hpp>

#include <coordinator/coordinator.hpp>
#include <protocol/session.hpp>
#include <tests/support/running_coordinator.hpp>
#include <tests/support/support.hpp>

#include <spdlog/sinks/null_sink.h>

#include <set>
#include <thread>

using namespace fieldops;
using namespace fieldops::test;
using namespace std::chrono_literals;

namespace {

// Waits for the first message of type T, skipping heartbeats; fails the test on timeout.
template <class T>
T expect(Session& s, std::chrono::milliseconds timeout = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto env = s.receive(100ms);
    if (!env) continue;
    if (auto* m = std::get_if<T>(&env->body)) return *m;
    if (auto* e = std::get_if<Error>(&env->body); e && !std::is_same_v<T, Error>) {
      BOOST_FAIL("unexpected error: " << e->message);
    }
  }
  BOOST_FAIL("timed out waiting for a message");
  return T{};
}

Snapshot snapshot(ControlClient& control) {
  auto reply = control.request(SnapshotQuery{}, 5s);
  BOOST_REQUIRE_MESSAGE(reply.has_value(), "snapshot failed");
  return std::get<Snapshot>(*reply);
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_agent_registers_receives_a_task_accepts_and_completes_it) {
  RunningCoordinator c;
  Session agent(c.context, c.agentLink());
  ControlClient control(c.context, c.control());

  agent.send(sampleHello("ALPHA-1"), wallClockNow());
  const Welcome welcome = expect<Welcome>(agent);
  BOOST_TEST(welcome.callsign == "ALPHA-1");
  BOOST_TEST(welcome.heartbeatLiveness == 3u);

  auto created = control.request(sampleCreateTask("ALPHA-1"), 5s);
  BOOST_REQUIRE(created.has_value());
  const std::uint64_t taskId = std::get<ControlOk>(*created).taskId;
  BOOST_TEST(taskId == 1u);

  const Task task = expect<Task>(agent);
  BOOST_TEST(task.taskId == taskId);
  BOOST_TEST(task.priority == Priority::P1);
  BOOST_TEST(task.instructions == "White van, plate SK-1234-AB, lane 3");

  auto step = [&](const Body& body) {
    const std::uint64_t id = agent.send(body, wallClockNow());
    const Receipt r = expect<Receipt>(agent);
    BOOST_TEST(r.messageId == id);
    BOOST_TEST(r.taskId == taskId);
  };
  step(TaskAck{taskId, TaskAckDecision::RECEIVED, ""});
  step(TaskAck{taskId, TaskAckDecision::ACCEPTED, ""});
  BOOST_TEST(snapshot(control).units.at(0).status == UnitStatus::BUSY);
  step(TaskUpdate{taskId, TaskProgress::EN_ROUTE, ""});
  step(TaskUpdate{taskId, TaskProgress::ON_SCENE, ""});
  step(TaskUpdate{taskId, TaskProgress::COMPLETED, "van searched, 4 persons referred"});

  const Snapshot s = snapshot(control);
  BOOST_REQUIRE(s.tasks.size() == 1u);
  const TaskView& t = s.tasks[0];
  BOOST_TEST(t.state == TaskState::COMPLETED);
  const std::vector<TaskState> expected = {TaskState::CREATED,  TaskState::ASSIGNED,
                                           TaskState::DELIVERED, TaskState::ACCEPTED,
                                           TaskState::EN_ROUTE, TaskState::ON_SCENE,
                                           TaskState::COMPLETED};
  BOOST_REQUIRE(t.history.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    BOOST_TEST(t.history[i].state == expected[i]);
    BOOST_TEST(t.history[i].at > 0);
    if (i > 0) BOOST_TEST(t.history[i].at >= t.history[i - 1].at);
  }
  BOOST_TEST(t.history.back().note == "van searched, 4 persons referred");
  BOOST_TEST(s.units.at(0).status == UnitStatus::AVAILABLE);
  c.halt();  // the store belongs to the loop's thread until it stops
  BOOST_TEST(s.seq == c.store->lastSeq());
}

BOOST_AUTO_TEST_CASE(ten_thousand_sightings_with_duplicates_are_each_acknowledged_and_stored_once) {
  RunningCoordinator c;
  Session agent(c.context, c.agentLink());
  agent.send(sampleHello("BRAVO-2"), wallClockNow());
  expect<Welcome>(agent);

  constexpr int kUnique = 10000;
  constexpr int kWindow = 500;  // sightings in flight at once
  // Every fifth report is a resend of an earlier id.
  std::vector<std::string> reports;
  for (int i = 0; i < kUnique; ++i) {
    reports.push_back("S-" + std::to_string(i));
    if (i % 5 == 4) reports.push_back("S-" + std::to_string(i - 3));
  }
  std::map<std::string, int> acks;
  std::map<std::string, int> duplicateAcks;
  std::size_t sent = 0;
  std::size_t received = 0;
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  while (received < reports.size() && std::chrono::steady_clock::now() < deadline) {
    while (sent < reports.size() && sent - received < kWindow) {
      Sighting s = sampleSighting(reports[sent]);
      BOOST_REQUIRE(agent.send(s, wallClockNow()) != 0);
      ++sent;
    }
    auto env = agent.receive(200ms);
    if (!env) continue;
    if (auto* ack = std::get_if<SightingAck>(&env->body)) {
      ++received;
      ++acks[ack->sightingId];
      if (ack->duplicate) ++duplicateAcks[ack->sightingId];
    } else {
      BOOST_REQUIRE_MESSAGE(std::holds_alternative<Heartbeat>(env->body), "unexpected reply");
    }
  }
  BOOST_REQUIRE(received == reports.size());
  BOOST_TEST(acks.size() == static_cast<std::size_t>(kUnique));
  BOOST_TEST(duplicateAcks.size() == static_cast<std::size_t>(kUnique / 5));
  c.halt();

  const auto stored = c.store->sightings(0, 100000);
  BOOST_TEST(stored.size() == static_cast<std::size_t>(kUnique));
  std::set<std::string> ids;
  for (const auto& s : stored) ids.insert(s.sighting.sightingId);
  BOOST_TEST(ids.size() == static_cast<std::size_t>(kUnique));
  BOOST_TEST(c.store->verifyChain().ok);
}

BOOST_AUTO_TEST_CASE(garbage_and_truncated_frames_get_errors_and_the_coordinator_stays_up) {
  RunningCoordinator c;
  zmq::socket_t raw(c.context, zmq::socket_type::dealer);
  raw.set(zmq::sockopt::linger, 0);
  raw.connect(c.coordinator->agentEndpoint());
  Session agent(c.context, c.agentLink());

  const std::string valid = encode(Envelope{kProtocolVersion, kOperation, true, 7, 1, sampleHello("X")});
  const std::vector<std::string> bad = {"garbage!", std::string(3, '\xff'),
                                        valid.substr(0, valid.size() - 8), std::string(70000, 'a')};
  for (const auto& frame : bad) {
    raw.send(zmq::buffer(frame), zmq::send_flags::none);
    zmq::message_t reply;
    zmq::pollitem_t item{raw.handle(), 0, ZMQ_POLLIN, 0};
    BOOST_REQUIRE(zmq::poll(&item, 1, 5000ms) == 1);
    BOOST_REQUIRE(raw.recv(reply));
    auto env = decode(reply.to_string_view());
    BOOST_REQUIRE(env.has_value());
    BOOST_TEST(std::holds_alternative<Error>(env->body));
  }
  // A message before registering is refused, then registration works.
  agent.send(sampleSighting("early"), wallClockNow());
  BOOST_TEST(expect<Error>(agent).code == ErrorCode::NOT_REGISTERED);
  agent.send(sampleHello("CHARLIE-3"), wallClockNow());
  BOOST_TEST(expect<Welcome>(agent).callsign == "CHARLIE-3");
}

BOOST_AUTO_TEST_CASE(an_unacknowledged_task_is_resent_until_received) {
  CoreSettings core;
  core.resendInitial = 50;
  core.resendMax = 200;
  RunningCoordinator c(core);
  Session agent(c.context, c.agentLink());
  ControlClient control(c.context, c.control());
  agent.send(sampleHello("DELTA-4"), wallClockNow());
  expect<Welcome>(agent);
  auto created = control.request(sampleCreateTask("DELTA-4"), 5s);
  BOOST_REQUIRE(created.has_value());
  const std::uint64_t taskId = std::get<ControlOk>(*created).taskId;
  // Ignore the first two deliveries: the coordinator must keep trying.
  BOOST_TEST(expect<Task>(agent).taskId == taskId);
  BOOST_TEST(expect<Task>(agent).taskId == taskId);
  BOOST_TEST(expect<Task>(agent).taskId == taskId);
  agent.send(TaskAck{taskId, TaskAckDecision::RECEIVED, ""}, wallClockNow());
  expect<Receipt>(agent);
  BOOST_TEST(snapshot(control).tasks.at(0).state == TaskState::DELIVERED);
}

BOOST_AUTO_TEST_CASE(a_silent_unit_becomes_lost_and_its_unaccepted_task_is_flagged) {
  CoreSettings core;
  core.heartbeatInterval = 50;
  core.heartbeatLiveness = 4;
  RunningCoordinator c(core);
  ControlClient control(c.context, c.control());
  {
    Session agent(c.context, c.agentLink());
    agent.send(sampleHello("ECHO-5"), wallClockNow());
    expect<Welcome>(agent);
    BOOST_TEST(expect<Heartbeat>(agent) == Heartbeat{});  // the coordinator heartbeats too
    // Register again right before the command, so a slow machine cannot lose the unit early.
    agent.send(sampleHello("ECHO-5"), wallClockNow());
    expect<Welcome>(agent);
    auto created = control.request(sampleCreateTask("ECHO-5"), 5s);
    BOOST_REQUIRE_MESSAGE(created.has_value(), "createTask refused");
  }  // the agent disappears without a word
  Snapshot s;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  do {
    std::this_thread::sleep_for(20ms);
    s = snapshot(control);
  } while (s.units.at(0).status != UnitStatus::LOST && std::chrono::steady_clock::now() < deadline);
  BOOST_TEST(s.units.at(0).status == UnitStatus::LOST);
  BOOST_TEST(s.tasks.at(0).needsReassignment);
}
