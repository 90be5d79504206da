// The pure core of the coordinator (coordinator/core.hpp): decisions, timers and apply(), driven
// with explicit times. No sockets, no LMDB, no clock.
#define BOOST_TEST_MODULE core
#include <boost/test/unit_test.hpp>

#include <coordinator/core.hpp>
#include <coordinator/store.hpp>
#include <tests/support/decisions.hpp>
#include <tests/support/support.hpp>

#include <ostream>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

// Boost.Test prints the operands of a failed check: the schema's enums print as numbers.
namespace fieldops::wire {
template <class E, class = std::enable_if_t<std::is_enum_v<E>>>
std::ostream& operator<<(std::ostream& os, E e) {
  return os << static_cast<int>(e);
}
}  // namespace fieldops::wire

namespace {

using namespace fieldops;
namespace test = fieldops::test;

constexpr Millis kT0 = 1'800'000'000'000;
constexpr const char* kDashboard = "dashboard-1";

using Names = std::vector<std::string>;

using test::eventNames;
using test::eventsOf;
using test::sentTo;

// One operation driven the way the coordinator loop drives it: every decision is applied to
// the state before the next one is taken.
struct Operation {
  // Heartbeat every 1000 ms, lost after 3 silent intervals, resends after 1 s doubling to 30 s.
  CoreSettings settings{test::kOperation, true, 1000, 3, 1000, 30000};
  OperationState state;
  // What the store would hold: empty unless a test confirms a batch durable (see confirm()).
  MemoryDurableSightings durable;
  std::uint64_t lastMessageId = 100;

  Envelope envelope(Body body) {
    return Envelope{kProtocolVersion, test::kOperation, true, ++lastMessageId, kT0,
                    std::move(body)};
  }
  Decision run(Decision d) {
    apply(state, d);
    return d;
  }
  Decision fromAgent(const std::string& peer, Envelope env, Millis now) {
    return run(decideAgent(state, durable, settings, AgentInput{peer, std::move(env)}, now));
  }
  Decision fromAgent(const std::string& peer, Body body, Millis now) {
    return fromAgent(peer, envelope(std::move(body)), now);
  }
  Decision command(ControlRequest request, Millis now) {
    return run(decideControl(state, settings,
                             ControlInput{kDashboard, envelope(Body{std::move(request)})}, now));
  }
  Decision timers(Millis now) { return run(tick(state, settings, now)); }
  // The timers of a loop turn that left agent messages unread.
  Decision timersBehind(Millis now) {
    Decision d;
    tick(state, settings, now, d, false);
    return run(std::move(d));
  }

  Decision registerUnit(const std::string& callsign, const std::string& peer, Millis now) {
    return fromAgent(peer, test::sampleHello(callsign), now);
  }
  // Creates a task (assigned to `unit` unless empty) and returns its id.
  std::uint64_t createTask(const std::string& unit, Millis now, Millis dueAt = kT0 + 600'000) {
    const auto replies =
        sentTo<ControlReply>(command(test::sampleCreateTask(unit, dueAt), now), kDashboard);
    BOOST_REQUIRE_MESSAGE(!replies.empty() && std::holds_alternative<ControlOk>(replies[0]),
                          "refused");
    return std::get<ControlOk>(replies[0]).taskId;
  }
  Decision ack(const std::string& peer, std::uint64_t taskId, TaskAckDecision decision, Millis now,
               std::string reason = {}) {
    return fromAgent(peer, TaskAck{taskId, decision, std::move(reason)}, now);
  }
  Decision update(const std::string& peer, std::uint64_t taskId, TaskProgress status, Millis now,
                  std::string note = {}) {
    return fromAgent(peer, TaskUpdate{taskId, status, std::move(note)}, now);
  }
  const TaskView& task(std::uint64_t id) const { return state.tasks.at(id); }
  UnitStatus status(const std::string& unit) const { return state.units.at(unit).status; }
};

// The one error a decision answers with; fails the test if there is not exactly one.
ErrorCode onlyError(const Decision& d) {
  std::vector<ErrorCode> codes;
  for (const auto& o : d.out) {
    if (const auto* e = std::get_if<Error>(&o.body)) codes.push_back(e->code);
  }
  BOOST_REQUIRE_EQUAL(codes.size(), 1u);
  return codes.front();
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_unit_registers_and_is_welcomed) {
  Operation op;
  const Decision d = op.registerUnit("ALPHA-1", "peer-a", kT0);
  BOOST_TEST(eventNames(d) == Names{"unitRegistered"});
  BOOST_TEST(eventsOf<UnitRegistered>(d).front().hello.callsign == "ALPHA-1");
  BOOST_TEST(d.events.front().principal == "ALPHA-1");
  BOOST_TEST((sentTo<Welcome>(d, "peer-a") == std::vector<Welcome>{{"ALPHA-1", 1000, 3, 0}}));
  BOOST_TEST(op.status("ALPHA-1") == UnitStatus::AVAILABLE);
  BOOST_TEST(op.state.peers.at("peer-a") == "ALPHA-1");

  const Hello h = test::sampleHello("ALPHA-1");
  const Snapshot snap = snapshotOf(op.state, 9);
  BOOST_TEST(snap.seq == 9u);
  BOOST_TEST((snap.units == std::vector<UnitView>{{"ALPHA-1", h.post, h.position, h.capabilities,
                                                   UnitStatus::AVAILABLE, kT0, kT0, kT0}}));

  // Any later message is a sign of life.
  op.fromAgent("peer-a", Heartbeat{}, kT0 + 700);
  BOOST_TEST(snapshotOf(op.state, 10).units[0].lastHeardAt == kT0 + 700);
}

BOOST_AUTO_TEST_CASE(a_message_from_an_unregistered_peer_is_refused) {
  Operation op;
  const Envelope env = op.envelope(test::sampleSighting("s-1"));
  const Decision d = op.fromAgent("stranger", env, kT0);
  BOOST_TEST(onlyError(d) == ErrorCode::NOT_REGISTERED);
  BOOST_TEST(sentTo<Error>(d, "stranger").front().refMessageId == env.messageId);
  BOOST_TEST(d.events.empty());
  BOOST_TEST(d.links.empty());
}

BOOST_AUTO_TEST_CASE(a_wrong_operation_or_exercise_flag_is_refused) {
  Operation op;
  Envelope other = op.envelope(test::sampleHello("ALPHA-1"));
  other.operationId = "OTHER-OP";
  Decision d = op.fromAgent("peer-a", other, kT0);
  BOOST_TEST(onlyError(d) == ErrorCode::WRONG_OPERATION);
  BOOST_TEST(d.events.empty());
  Envelope live = op.envelope(test::sampleHello("ALPHA-1"));
  live.exercise = false;  // a live message never enters an exercise
  d = op.fromAgent("peer-a", live, kT0);
  BOOST_TEST(onlyError(d) == ErrorCode::WRONG_OPERATION);
  BOOST_TEST(op.state.units.empty());

  Envelope command = op.envelope(ControlRequest{test::sampleCreateTask("")});
  command.exercise = false;
  d = op.run(decideControl(op.state, op.settings, ControlInput{kDashboard, command}, kT0));
  BOOST_TEST(onlyError(d) == ErrorCode::WRONG_OPERATION);
  BOOST_TEST(op.state.tasks.empty());
}

BOOST_AUTO_TEST_CASE(a_reserved_or_malformed_callsign_is_refused) {
  Operation op;
  for (const char* callsign : {"control", "coordinator", "ALPHA 1", "ALPHA/1"}) {
    BOOST_TEST_CONTEXT(callsign) {
      const Decision d = op.registerUnit(callsign, "peer-x", kT0);
      BOOST_TEST(onlyError(d) == ErrorCode::REGISTRATION_REFUSED);
      BOOST_TEST(d.events.empty());
    }
  }
  BOOST_TEST(op.state.units.empty());
  BOOST_TEST(op.state.peers.empty());
}

BOOST_AUTO_TEST_CASE(a_message_kind_not_meant_for_an_endpoint_is_unexpected) {
  Operation op;
  op.registerUnit("ALPHA-1", "peer-a", kT0);
  BOOST_TEST(onlyError(op.fromAgent("peer-a", Welcome{"ALPHA-1", 1, 1, 0}, kT0)) ==
             ErrorCode::UNEXPECTED_MESSAGE);
  BOOST_TEST(onlyError(op.fromAgent("peer-a", ControlRequest{CancelTask{1, ""}}, kT0)) ==
             ErrorCode::UNEXPECTED_MESSAGE);
  const Envelope hello = op.envelope(test::sampleHello("BRAVO-2"));
  const Decision d =
      op.run(decideControl(op.state, op.settings, ControlInput{kDashboard, hello}, kT0));
  BOOST_TEST(onlyError(d) == ErrorCode::UNEXPECTED_MESSAGE);
}

BOOST_AUTO_TEST_CASE(a_sighting_is_recorded_once_and_a_resend_is_acknowledged_as_duplicate) {
  Operation op;
  op.registerUnit("ALPHA-1", "peer-a", kT0);
  op.registerUnit("BRAVO-2", "peer-b", kT0);
  Decision d = op.fromAgent("peer-a", test::sampleSighting("s-1"), kT0 + 10);
  BOOST_TEST(eventNames(d) == Names{"sightingRecorded"});
  BOOST_TEST(eventsOf<SightingRecorded>(d).front().unit == "ALPHA-1");
  BOOST_TEST((eventsOf<SightingRecorded>(d).front().sighting == test::sampleSighting("s-1")));
  BOOST_TEST((sentTo<SightingAck>(d, "peer-a") == std::vector<SightingAck>{{"s-1", false}}));

  d = op.fromAgent("peer-a", test::sampleSighting("s-1"), kT0 + 20);
  BOOST_TEST(d.events.empty());
  BOOST_TEST((sentTo<SightingAck>(d, "peer-a") == std::vector<SightingAck>{{"s-1", true}}));

  // Sighting ids are the agent's own: another unit may use the same one.
  d = op.fromAgent("peer-b", test::sampleSighting("s-1"), kT0 + 30);
  BOOST_TEST(eventNames(d) == Names{"sightingRecorded"});
  BOOST_TEST(sentTo<SightingAck>(d, "peer-b").front().duplicate == false);
}

BOOST_AUTO_TEST_CASE(a_sighting_in_flight_then_durable_is_a_duplicate_in_both_and_held_once) {
  Operation op;
  op.registerUnit("ALPHA-1", "peer-a", kT0);
  const Decision first = op.fromAgent("peer-a", test::sampleSighting("s-1"), kT0 + 10);
  // Applied, not yet durable: the state holds it, the store does not.
  BOOST_TEST(op.state.sightingsInFlight.count(sightingKey("ALPHA-1", "s-1")) == 1u);
  BOOST_TEST(!op.durable.contains(sightingKey("ALPHA-1", "s-1")));
  Decision d = op.fromAgent("peer-a", test::sampleSighting("s-1"), kT0 + 20);
  BOOST_TEST(d.events.empty());
  BOOST_TEST(sentTo<SightingAck>(d, "peer-a").front().duplicate);

  // Its batch is durable: the store answers for it, and memory holds nothing of it.
  op.durable.insert(sightingKey("ALPHA-1", "s-1"));
  confirmDurable(op.state, first.events);
  BOOST_TEST(op.state.sightingsInFlight.empty());
  d = op.fromAgent("peer-a", test::sampleSighting("s-1"), kT0 + 30);
  BOOST_TEST(d.events.empty());
  BOOST_TEST(sentTo<SightingAck>(d, "peer-a").front().duplicate);

  // Durable in the store alone (a restart): still a duplicate, and nothing enters memory.
  Operation restarted;
  restarted.durable.insert(sightingKey("ALPHA-1", "s-1"));
  restarted.registerUnit("ALPHA-1", "peer-a", kT0 + 40);
  d = restarted.fromAgent("peer-a", test::sampleSighting("s-1"), kT0 + 50);
  BOOST_TEST(d.events.empty());
  BOOST_TEST(sentTo<SightingAck>(d, "peer-a").front().duplicate);
  BOOST_TEST(restarted.state.sightingsInFlight.empty());
}

BOOST_AUTO_TEST_CASE(a_task_assigned_to_a_connected_unit_is_created_assigned_and_pushed) {
  Operation op;
  op.registerUnit("ALPHA-1", "peer-a", kT0);
  const Decision d = op.command(test::sampleCreateTask("ALPHA-1"), kT0 + 5);
  BOOST_TEST(eventNames(d) == (Names{"taskCreated", "taskAssigned"}));
  BOOST_TEST(d.events.front().principal == kControlPrincipal);
  const auto pushed = sentTo<Task>(d, "peer-a");
  BOOST_REQUIRE_EQUAL(pushed.size(), 1u);
  BOOST_TEST(pushed[0].taskId == 1u);
  BOOST_TEST(pushed[0].priority == Priority::P1);
  BOOST_TEST(pushed[0].instructions == test::sampleCreateTask("").instructions);
  const auto replies = sentTo<ControlReply>(d, kDashboard);
  BOOST_REQUIRE_EQUAL(replies.size(), 1u);
  BOOST_TEST(std::get<ControlOk>(replies[0]).taskId == 1u);

  const TaskView& t = op.task(1);
  BOOST_TEST(t.state == TaskState::ASSIGNED);
  BOOST_TEST(t.unit == "ALPHA-1");
  BOOST_TEST((t.history == std::vector<Transition>{{TaskState::CREATED, kT0 + 5, ""},
                                                   {TaskState::ASSIGNED, kT0 + 5, "ALPHA-1"}}));
  BOOST_TEST(op.state.deliveries.at(1).nextAttemptAt == kT0 + 5 + 1000);
  // Ids keep increasing.
  BOOST_TEST(op.createTask("", kT0 + 6) == 2u);
}

BOOST_AUTO_TEST_CASE(an_undelivered_task_is_resent_with_doubling_backoff_until_received) {
  Operation op;
  op.settings.resendMax = 4000;
  op.registerUnit("ALPHA-1", "peer-a", kT0);
  const auto id = op.createTask("ALPHA-1", kT0);
  // (time of the tick, how often the task goes out again, the delay until the next attempt)
  using Step = std::tuple<Millis, std::size_t, Millis>;
  for (const auto& [at, resent, backoff] : std::vector<Step>{{kT0 + 999, 0, 1000},
                                                             {kT0 + 1000, 1, 2000},
                                                             {kT0 + 2999, 0, 2000},
                                                             {kT0 + 3000, 1, 4000},
                                                             {kT0 + 7000, 1, 4000},
                                                             {kT0 + 11000, 1, 4000}}) {
    BOOST_TEST_CONTEXT("tick at T0+" << at - kT0) {
      op.fromAgent("peer-a", Heartbeat{}, at);  // stays alive
      BOOST_TEST(sentTo<Task>(op.timers(at), "peer-a").size() == resent);
      BOOST_TEST(op.state.deliveries.at(id).backoff == backoff);
      if (resent > 0) BOOST_TEST(op.state.deliveries.at(id).nextAttemptAt == at + backoff);
    }
  }
  const Decision received = op.ack("peer-a", id, TaskAckDecision::RECEIVED, kT0 + 12000);
  BOOST_TEST(eventNames(received) == Names{"taskDelivered"});
  BOOST_TEST(sentTo<Receipt>(received, "peer-a").front().taskId == id);
  BOOST_TEST(op.task(id).state == TaskState::DELIVERED);
  BOOST_TEST(op.state.deliveries.count(id) == 0u);
  for (Millis at = kT0 + 13000; at <= kT0 + 40000; at += 1000) {
    op.fromAgent("peer-a", Heartbeat{}, at);
    BOOST_TEST(sentTo<Task>(op.timers(at), "peer-a").size() == 0u);
  }
  // A second receipt changes nothing.
  BOOST_TEST(op.ack("peer-a", id, TaskAckDecision::RECEIVED, kT0 + 41000).events.empty());
}

BOOST_AUTO_TEST_CASE(the_full_lifecycle_is_recorded_with_time_stamps) {
  Operation op;
  op.registerUnit("ALPHA-1", "peer-a", kT0);
  const auto id = op.createTask("ALPHA-1", kT0 + 10);
  BOOST_TEST(op.status("ALPHA-1") == UnitStatus::AVAILABLE);  // assigned is not yet held

  const Envelope received = op.envelope(TaskAck{id, TaskAckDecision::RECEIVED, ""});
  Decision d = op.fromAgent("peer-a", received, kT0 + 20);
  BOOST_TEST(sentTo<Receipt>(d, "peer-a").front().messageId == received.messageId);
  d = op.ack("peer-a", id, TaskAckDecision::ACCEPTED, kT0 + 30);
  BOOST_TEST(eventNames(d) == Names{"taskAccepted"});
  BOOST_TEST(op.status("ALPHA-1") == UnitStatus::BUSY);
  d = op.update("peer-a", id, TaskProgress::EN_ROUTE, kT0 + 40);
  BOOST_TEST(eventNames(d) == Names{"taskProgressed"});
  BOOST_TEST(op.status("ALPHA-1") == UnitStatus::BUSY);
  op.update("peer-a", id, TaskProgress::ON_SCENE, kT0 + 50, "at lane 3");
  BOOST_TEST(op.status("ALPHA-1") == UnitStatus::BUSY);
  const Envelope done = op.envelope(TaskUpdate{id, TaskProgress::COMPLETED, "two referred"});
  d = op.fromAgent("peer-a", done, kT0 + 60);
  BOOST_TEST(sentTo<Receipt>(d, "peer-a").front().messageId == done.messageId);
  BOOST_TEST(op.status("ALPHA-1") == UnitStatus::AVAILABLE);

  const TaskView& t = op.task(id);
  BOOST_TEST(t.state == TaskState::COMPLETED);
  const std::vector<Transition> expected = {{TaskState::CREATED, kT0 + 10, ""},
                                            {TaskState::ASSIGNED, kT0 + 10, "ALPHA-1"},
                                            {TaskState::DELIVERED, kT0 + 20, ""},
                                            {TaskState::ACCEPTED, kT0 + 30, ""},
                                            {TaskState::EN_ROUTE, kT0 + 40, ""},
                                            {TaskState::ON_SCENE, kT0 + 50, "at lane 3"},
                                            {TaskState::COMPLETED, kT0 + 60, "two referred"}};
  BOOST_REQUIRE_EQUAL(t.history.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    BOOST_TEST_CONTEXT("transition " << i) {
      BOOST_TEST(t.history[i].state == expected[i].state);
      BOOST_TEST(t.history[i].at == expected[i].at);
      BOOST_TEST(t.history[i].note == expected[i].note);
    }
  }
  BOOST_TEST((snapshotOf(op.state, 1).tasks.front() == t));
}

BOOST_AUTO_TEST_CASE(a_retransmitted_update_gets_a_receipt_and_no_event) {
  Operation op;
  op.registerUnit("ALPHA-1", "peer-a", kT0);
  const auto id = op.createTask("ALPHA-1", kT0);
  op.ack("peer-a", id, TaskAckDecision::ACCEPTED, kT0 + 10);
  op.update("peer-a", id, TaskProgress::EN_ROUTE, kT0 + 20);
  const std::size_t before = op.task(id).history.size();
  for (const Decision& d : {op.update("peer-a", id, TaskProgress::EN_ROUTE, kT0 + 30),
                            op.ack("peer-a", id, TaskAckDecision::ACCEPTED, kT0 + 31),
                            op.ack("peer-a", id, TaskAckDecision::RECEIVED, kT0 + 32)}) {
    BOOST_TEST(d.events.empty());
    BOOST_TEST(sentTo<Error>(d, "peer-a").empty());
    BOOST_TEST(sentTo<Receipt>(d, "peer-a").size() == 1u);
  }
  op.update("peer-a", id, TaskProgress::ON_SCENE, kT0 + 40);
  const Decision late = op.update("peer-a", id, TaskProgress::EN_ROUTE, kT0 + 50);  // out of order
  BOOST_TEST(late.events.empty());
  BOOST_TEST(sentTo<Receipt>(late, "peer-a").size() == 1u);
  BOOST_TEST(op.task(id).state == TaskState::ON_SCENE);
  BOOST_TEST(op.task(id).history.size() == before + 1);
}

BOOST_AUTO_TEST_CASE(an_invalid_transition_is_refused) {
  Operation op;
  op.registerUnit("ALPHA-1", "peer-a", kT0);
  const auto id = op.createTask("ALPHA-1", kT0);
  Decision d = op.update("peer-a", id, TaskProgress::EN_ROUTE, kT0 + 10);  // not yet accepted
  BOOST_TEST(onlyError(d) == ErrorCode::INVALID_TRANSITION);
  BOOST_TEST(d.events.empty());
  BOOST_TEST(op.task(id).state == TaskState::ASSIGNED);

  op.ack("peer-a", id, TaskAckDecision::ACCEPTED, kT0 + 20);
  d = op.update("peer-a", id, TaskProgress::FAILED, kT0 + 30, "vehicle gone");
  BOOST_TEST(eventNames(d) == Names{"taskProgressed"});
  BOOST_TEST(op.status("ALPHA-1") == UnitStatus::AVAILABLE);
  d = op.update("peer-a", id, TaskProgress::COMPLETED, kT0 + 40);
  BOOST_TEST(onlyError(d) == ErrorCode::INVALID_TRANSITION);
  BOOST_TEST(op.task(id).state == TaskState::FAILED);
  BOOST_TEST(onlyError(op.ack("peer-a", id, TaskAckDecision::ACCEPTED, kT0 + 50)) ==
             ErrorCode::INVALID_TRANSITION);
  BOOST_TEST(onlyError(op.ack("peer-a", id, TaskAckDecision::DECLINED, kT0 + 50, "no")) ==
             ErrorCode::INVALID_TRANSITION);

  BOOST_TEST(onlyError(op.update("peer-a", 999, TaskProgress::EN_ROUTE, kT0 + 60)) ==
             ErrorCode::UNKNOWN_TASK);
  const auto unassigned = op.createTask("", kT0 + 70);
  BOOST_TEST(onlyError(op.ack("peer-a", unassigned, TaskAckDecision::ACCEPTED, kT0 + 80)) ==
             ErrorCode::NOT_YOUR_TASK);
}

BOOST_AUTO_TEST_CASE(a_declined_task_needs_reassignment_and_another_unit_can_take_it) {
  Operation op;
  op.registerUnit("ALPHA-1", "peer-a", kT0);
  op.registerUnit("BRAVO-2", "peer-b", kT0);
  const auto id = op.createTask("ALPHA-1", kT0);
  Decision d = op.ack("peer-a", id, TaskAckDecision::DECLINED, kT0 + 10, "no vehicle search kit");
  BOOST_TEST(eventNames(d) == (Names{"taskDelivered", "taskDeclined"}));
  BOOST_TEST(op.task(id).state == TaskState::DECLINED);
  BOOST_TEST(op.task(id).needsReassignment);
  BOOST_TEST(op.task(id).history.back().note == "no vehicle search kit");
  BOOST_TEST(op.status("ALPHA-1") == UnitStatus::AVAILABLE);
  BOOST_TEST(op.state.deliveries.count(id) == 0u);

  d = op.command(AssignTask{id, "BRAVO-2", true}, kT0 + 20);  // nothing to take it from
  BOOST_TEST(onlyError(d) == ErrorCode::INVALID_TRANSITION);
  d = op.command(AssignTask{id, "BRAVO-2", false}, kT0 + 30);
  BOOST_TEST(eventNames(d) == Names{"taskAssigned"});
  BOOST_TEST(sentTo<Task>(d, "peer-b").size() == 1u);
  BOOST_TEST(sentTo<TaskCancel>(d, "peer-a").empty());
  BOOST_TEST(op.task(id).unit == "BRAVO-2");
  BOOST_TEST(op.task(id).state == TaskState::ASSIGNED);
  BOOST_TEST(!op.task(id).needsReassignment);

  BOOST_TEST(onlyError(op.ack("peer-a", id, TaskAckDecision::ACCEPTED, kT0 + 40)) ==
             ErrorCode::NOT_YOUR_TASK);
  BOOST_TEST(eventNames(op.ack("peer-b", id, TaskAckDecision::ACCEPTED, kT0 + 50)) ==
             (Names{"taskDelivered", "taskAccepted"}));
}

BOOST_AUTO_TEST_CASE(reassigning_a_held_task_withdraws_it_from_the_old_unit) {
  Operation op;
  op.registerUnit("ALPHA-1", "peer-a", kT0);
  op.registerUnit("BRAVO-2", "peer-b", kT0);
  const auto id = op.createTask("ALPHA-1", kT0);
  op.ack("peer-a", id, TaskAckDecision::ACCEPTED, kT0 + 10);
  BOOST_TEST(op.status("ALPHA-1") == UnitStatus::BUSY);

  BOOST_TEST(onlyError(op.command(AssignTask{id, "BRAVO-2", false}, kT0 + 20)) ==
             ErrorCode::INVALID_TRANSITION);  // held: must say reassign
  const Decision d = op.command(AssignTask{id, "BRAVO-2", true}, kT0 + 30);
  BOOST_TEST(eventNames(d) == Names{"taskAssigned"});
  const auto withdrawn = sentTo<TaskCancel>(d, "peer-a");
  BOOST_REQUIRE_EQUAL(withdrawn.size(), 1u);
  BOOST_TEST(withdrawn[0].taskId == id);
  BOOST_TEST(withdrawn[0].reason.find("BRAVO-2") != std::string::npos);
  BOOST_TEST(sentTo<Task>(d, "peer-b").size() == 1u);
  BOOST_TEST(op.task(id).unit == "BRAVO-2");
  BOOST_TEST(op.status("ALPHA-1") == UnitStatus::AVAILABLE);
  BOOST_TEST(op.status("BRAVO-2") == UnitStatus::AVAILABLE);  // until it accepts
}

BOOST_AUTO_TEST_CASE(a_cancelled_task_is_withdrawn_and_cannot_be_cancelled_again) {
  Operation op;
  op.registerUnit("ALPHA-1", "peer-a", kT0);
  const auto id = op.createTask("ALPHA-1", kT0);
  op.ack("peer-a", id, TaskAckDecision::ACCEPTED, kT0 + 10);
  Decision d = op.command(CancelTask{id, "stood down"}, kT0 + 20);
  BOOST_TEST(eventNames(d) == Names{"taskCancelled"});
  BOOST_TEST((sentTo<TaskCancel>(d, "peer-a") == std::vector<TaskCancel>{{id, "stood down"}}));
  BOOST_TEST(std::get<ControlOk>(sentTo<ControlReply>(d, kDashboard).front()).taskId == id);
  BOOST_TEST(op.task(id).state == TaskState::CANCELLED);
  BOOST_TEST(op.task(id).history.back().at == kT0 + 20);
  BOOST_TEST(op.status("ALPHA-1") == UnitStatus::AVAILABLE);

  d = op.command(CancelTask{id, "again"}, kT0 + 30);
  BOOST_TEST(onlyError(d) == ErrorCode::INVALID_TRANSITION);
  BOOST_TEST(d.events.empty());
  BOOST_TEST(onlyError(op.command(AssignTask{id, "ALPHA-1", false}, kT0 + 40)) ==
             ErrorCode::INVALID_TRANSITION);
  BOOST_TEST(onlyError(op.update("peer-a", id, TaskProgress::EN_ROUTE, kT0 + 50)) ==
             ErrorCode::INVALID_TRANSITION);
  BOOST_TEST(onlyError(op.command(CancelTask{999, ""}, kT0 + 60)) == ErrorCode::UNKNOWN_TASK);

  // An undelivered task that is cancelled is never resent.
  const auto pending = op.createTask("ALPHA-1", kT0 + 100);
  op.command(CancelTask{pending, ""}, kT0 + 200);
  BOOST_TEST(op.state.deliveries.count(pending) == 0u);
  op.fromAgent("peer-a", Heartbeat{}, kT0 + 2000);
  BOOST_TEST(sentTo<Task>(op.timers(kT0 + 2000), "peer-a").size() == 0u);
}

BOOST_AUTO_TEST_CASE(a_silent_unit_is_lost_and_only_its_unaccepted_tasks_are_flagged) {
  Operation op;
  op.registerUnit("ALPHA-1", "peer-a", kT0);
  const auto assigned = op.createTask("ALPHA-1", kT0);
  const auto delivered = op.createTask("ALPHA-1", kT0);
  op.ack("peer-a", delivered, TaskAckDecision::RECEIVED, kT0);
  const auto accepted = op.createTask("ALPHA-1", kT0);
  op.ack("peer-a", accepted, TaskAckDecision::ACCEPTED, kT0);
  BOOST_TEST(op.status("ALPHA-1") == UnitStatus::BUSY);

  // Silent from T0: lost after heartbeatLiveness intervals.
  BOOST_TEST(eventsOf<UnitLost>(op.timers(kT0 + 2999)).empty());
  const Decision d = op.timers(kT0 + 3000);
  BOOST_TEST(eventNames(d) == (Names{"unitLost", "taskFlagged", "taskFlagged", "alertRaised"}));
  BOOST_TEST(eventsOf<UnitLost>(d).front().callsign == "ALPHA-1");
  std::vector<std::uint64_t> flagged;
  for (const auto& f : eventsOf<TaskFlagged>(d)) flagged.push_back(f.taskId);
  BOOST_TEST(flagged == (std::vector<std::uint64_t>{assigned, delivered}),
             boost::test_tools::per_element());
  BOOST_TEST(op.status("ALPHA-1") == UnitStatus::LOST);
  BOOST_TEST(op.task(assigned).needsReassignment);
  BOOST_TEST(op.task(delivered).needsReassignment);
  BOOST_TEST(!op.task(accepted).needsReassignment);
  BOOST_TEST(op.task(accepted).state == TaskState::ACCEPTED);
  BOOST_TEST(op.state.links.count("ALPHA-1") == 0u);

  // Lost once; no more flags; the old connection must register again.
  const Decision later = op.timers(kT0 + 6000);
  BOOST_TEST(eventsOf<UnitLost>(later).empty());
  BOOST_TEST(eventsOf<TaskFlagged>(later).empty());
  BOOST_TEST(sentTo<Heartbeat>(later, "peer-a").empty());
  BOOST_TEST(onlyError(op.fromAgent("peer-a", Heartbeat{}, kT0 + 6500)) ==
             ErrorCode::NOT_REGISTERED);

  // A flagged task is assigned afresh without "reassign"; the lost unit has no link to tell.
  op.registerUnit("BRAVO-2", "peer-b", kT0 + 7000);
  const Decision moved = op.command(AssignTask{assigned, "BRAVO-2", false}, kT0 + 7000);
  BOOST_TEST(eventNames(moved) == Names{"taskAssigned"});
  BOOST_TEST(sentTo<Task>(moved, "peer-b").size() == 1u);
  BOOST_TEST(!op.task(assigned).needsReassignment);
}

BOOST_AUTO_TEST_CASE(no_unit_is_lost_in_a_turn_that_left_agent_messages_unread) {
  Operation op;
  op.registerUnit("ALPHA-1", "peer-a", kT0);
  op.registerUnit("BRAVO-2", "peer-b", kT0);
  // Past the liveness window, but the loop's turn stopped before reading everything: their
  // heartbeats may be waiting. The other timers still run (our heartbeats to them).
  const Decision behind = op.timersBehind(kT0 + 5000);
  BOOST_TEST(eventsOf<UnitLost>(behind).empty());
  BOOST_TEST(sentTo<Heartbeat>(behind, "peer-a").size() == 1u);
  BOOST_TEST(op.status("ALPHA-1") != UnitStatus::LOST);
  // The next turn read them: BRAVO-2's heartbeat was there, ALPHA-1 had sent nothing.
  (void)op.fromAgent("peer-b", Heartbeat{}, kT0 + 5001);
  const Decision caughtUp = op.timers(kT0 + 5002);
  BOOST_TEST(eventsOf<UnitLost>(caughtUp).size() == 1u);
  BOOST_TEST(eventsOf<UnitLost>(caughtUp).front().callsign == "ALPHA-1");
  BOOST_TEST(op.status("BRAVO-2") != UnitStatus::LOST);
}

BOOST_AUTO_TEST_CASE(a_lost_unit_that_registers_again_is_available) {
  Operation op;
  op.registerUnit("ALPHA-1", "peer-a", kT0);
  op.timers(kT0 + 3000);
  BOOST_REQUIRE(op.status("ALPHA-1") == UnitStatus::LOST);
  const Decision d = op.registerUnit("ALPHA-1", "peer-a2", kT0 + 5000);
  BOOST_TEST(eventNames(d) == Names{"unitRegistered"});
  BOOST_TEST(sentTo<Welcome>(d, "peer-a2").size() == 1u);
  BOOST_TEST(op.status("ALPHA-1") == UnitStatus::AVAILABLE);
  BOOST_TEST(op.state.units.at("ALPHA-1").registeredAt == kT0);  // first registration kept
  BOOST_TEST(op.state.links.at("ALPHA-1").peer == "peer-a2");
  // Its liveness counts from the new registration.
  BOOST_TEST(eventsOf<UnitLost>(op.timers(kT0 + 7999)).empty());
  BOOST_TEST(eventsOf<UnitLost>(op.timers(kT0 + 8000)).size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_overdue_task_is_reported_exactly_once) {
  Operation op;
  const Millis due = kT0 + 5000;
  const auto id = op.createTask("", kT0, due);
  const auto finished = op.createTask("", kT0, due);
  op.command(CancelTask{finished, ""}, kT0 + 10);
  BOOST_TEST(nextTimer(op.state, op.settings, kT0 + 4500) == due + 1);
  BOOST_TEST(op.timers(due).events.empty());  // due, not yet overdue
  const Decision d = op.timers(due + 1);
  BOOST_TEST(eventNames(d) == Names{"taskOverdue"});
  BOOST_TEST(eventsOf<TaskOverdue>(d).front().taskId == id);
  BOOST_TEST(op.task(id).overdue);
  BOOST_TEST(!op.task(finished).overdue);
  BOOST_TEST(op.timers(due + 2).events.empty());
  BOOST_TEST(op.timers(due + 100'000).events.empty());
}

BOOST_AUTO_TEST_CASE(assigning_to_a_lost_or_unknown_unit_is_refused) {
  Operation op;
  op.registerUnit("ALPHA-1", "peer-a", kT0);
  op.timers(kT0 + 3000);
  BOOST_REQUIRE(op.status("ALPHA-1") == UnitStatus::LOST);

  Decision d = op.command(test::sampleCreateTask("NOBODY"), kT0 + 3100);
  BOOST_TEST(onlyError(d) == ErrorCode::UNKNOWN_UNIT);
  BOOST_TEST(d.events.empty());
  d = op.command(test::sampleCreateTask("ALPHA-1"), kT0 + 3200);
  BOOST_TEST(onlyError(d) == ErrorCode::INVALID_VALUE);
  BOOST_TEST(d.events.empty());
  BOOST_TEST(op.state.tasks.empty());

  const auto id = op.createTask("", kT0 + 3300);
  BOOST_TEST(onlyError(op.command(AssignTask{id, "ALPHA-1", false}, kT0 + 3400)) ==
             ErrorCode::INVALID_VALUE);
  BOOST_TEST(onlyError(op.command(AssignTask{id, "NOBODY", false}, kT0 + 3500)) ==
             ErrorCode::UNKNOWN_UNIT);
  BOOST_TEST(onlyError(op.command(AssignTask{999, "ALPHA-1", false}, kT0 + 3600)) ==
             ErrorCode::UNKNOWN_TASK);
  BOOST_TEST(op.task(id).state == TaskState::CREATED);
  BOOST_TEST(op.task(id).unit.empty());
}

BOOST_AUTO_TEST_CASE(the_coordinator_sends_heartbeats_to_connected_units_every_interval) {
  Operation op;
  op.registerUnit("ALPHA-1", "peer-a", kT0);
  op.registerUnit("BRAVO-2", "peer-b", kT0);
  op.registerUnit("CHARLIE-3", "peer-c", kT0);  // falls silent and is lost at T0+3000
  for (Millis at = kT0 + 1000; at <= kT0 + 6000; at += 500) {
    BOOST_TEST_CONTEXT("tick at T0+" << at - kT0) {
      op.fromAgent("peer-a", Heartbeat{}, at);
      op.fromAgent("peer-b", Heartbeat{}, at);
      const Decision d = op.timers(at);
      const std::size_t expected = (at - kT0) % 1000 == 0 ? 1 : 0;
      BOOST_TEST(sentTo<Heartbeat>(d, "peer-a").size() == expected);
      BOOST_TEST(sentTo<Heartbeat>(d, "peer-b").size() == expected);
      if (at > kT0 + 3000) BOOST_TEST(sentTo<Heartbeat>(d, "peer-c").empty());
    }
  }
  BOOST_TEST(op.status("CHARLIE-3") == UnitStatus::LOST);
  BOOST_TEST(op.status("ALPHA-1") == UnitStatus::AVAILABLE);
}

BOOST_AUTO_TEST_CASE(tasks_for_a_unit_that_is_not_connected_are_pushed_when_it_registers) {
  Operation op;
  // As after a restart: the unit is known from the store but has no connection yet.
  op.state.units["ALPHA-1"] = UnitView{"ALPHA-1", "", {}, {}, UnitStatus::AVAILABLE, kT0 - 1000, 0};
  op.state.heardAt["ALPHA-1"] = kT0;
  const auto id = op.createTask("ALPHA-1", kT0);
  BOOST_TEST(op.task(id).state == TaskState::ASSIGNED);
  BOOST_TEST(op.state.deliveries.count(id) == 0u);  // nothing to resend to nobody
  op.createTask("", kT0);

  const Decision d = op.registerUnit("ALPHA-1", "peer-a", kT0 + 500);
  BOOST_TEST(sentTo<Welcome>(d, "peer-a").size() == 1u);
  const auto pushed = sentTo<Task>(d, "peer-a");
  BOOST_REQUIRE_EQUAL(pushed.size(), 1u);
  BOOST_TEST(pushed[0].taskId == id);  // not the unassigned task
  BOOST_TEST(op.state.deliveries.at(id).nextAttemptAt == kT0 + 1500);
  // A delivered task is not pushed again on the next registration.
  op.ack("peer-a", id, TaskAckDecision::RECEIVED, kT0 + 600);
  BOOST_TEST(sentTo<Task>(op.registerUnit("ALPHA-1", "peer-a", kT0 + 700), "peer-a").empty());
}

BOOST_AUTO_TEST_CASE(next_timer_is_never_in_the_past_and_not_after_the_next_resend) {
  Operation op;
  BOOST_TEST(nextTimer(op.state, op.settings, kT0) == kT0 + 1000);  // nothing yet: one interval
  op.registerUnit("ALPHA-1", "peer-a", kT0);
  op.timers(kT0);
  const auto id = op.createTask("ALPHA-1", kT0 + 100);
  // Our first heartbeat to ALPHA-1 (at its phase of the interval), before the task's resend.
  const Millis beat = nextHeartbeatDue(op.state, op.settings, kT0 + 100);
  BOOST_TEST(beat > kT0 + 100);
  BOOST_TEST(beat <= kT0 + 1000);
  BOOST_TEST(nextTimer(op.state, op.settings, kT0 + 100) == beat);

  // Drive the loop by nextTimer alone, as the coordinator does; the agent only heartbeats.
  Millis now = kT0 + 100;
  Millis lastHeartbeat = kT0;
  std::vector<Millis> resends;
  for (int turn = 0; turn < 200 && now < kT0 + 40'000; ++turn) {
    const Millis next = nextTimer(op.state, op.settings, now);
    BOOST_TEST(next >= now);
    if (auto dl = op.state.deliveries.find(id); dl != op.state.deliveries.end()) {
      BOOST_TEST(next <= std::max(now, dl->second.nextAttemptAt));
    }
    now = next;
    if (now - lastHeartbeat >= 1000) {
      op.fromAgent("peer-a", Heartbeat{}, now);
      lastHeartbeat = now;
    }
    const Decision d = op.timers(now);
    if (!sentTo<Task>(d, "peer-a").empty()) resends.push_back(now - (kT0 + 100));
    BOOST_TEST(nextTimer(op.state, op.settings, now) > now,
               "the loop would spin at T0+" << now - kT0);
  }
  BOOST_TEST(resends == (std::vector<Millis>{1000, 3000, 7000, 15000, 31000}),
             boost::test_tools::per_element());
  BOOST_TEST(op.status("ALPHA-1") == UnitStatus::AVAILABLE);
}

// The coordinator keeps nextUnitLost (a walk over every unit) until it passes or a tick looked
// for lost units: nothing decided in between may make it earlier, or a unit would be found lost
// late.
BOOST_AUTO_TEST_CASE(the_lost_timer_kept_between_ticks_is_never_made_earlier_by_a_decision) {
  Operation op;
  Millis now = kT0;
  Millis kept = nextUnitLost(op.state, op.settings, now);
  std::vector<std::string> peers;
  for (int step = 0; step < 400; ++step) {
    now += 37;  // turns at odd moments over about 15 s
    if (now >= kept) {  // as the coordinator: the timers run, then it is recomputed
      op.timers(now);
      kept = nextUnitLost(op.state, op.settings, now);
      BOOST_TEST(kept > now);
      BOOST_TEST(kept <= now + op.settings.heartbeatInterval);
      continue;
    }
    // Between ticks: units register (new, again on a new connection, again after being lost),
    // heartbeat, report and take tasks.
    const std::string unit = "U-" + std::to_string(step % 23);
    const std::string peer = "peer-" + std::to_string(step);
    switch (step % 5) {
      case 0:
      case 3: op.registerUnit(unit, peer, now); peers.push_back(peer); break;
      case 1: if (!peers.empty()) op.fromAgent(peers[step % peers.size()], Heartbeat{}, now); break;
      case 2: op.createTask("", now); break;
      case 4: if (!peers.empty()) op.fromAgent(peers.back(), test::sampleSighting("S-" + std::to_string(step), now), now); break;
    }
    BOOST_TEST(nextUnitLost(op.state, op.settings, now) >= kept, "made earlier at step " << step);
  }
}

// Units that register together (after a restart) get our heartbeats spread over the interval,
// not all in one batch: each link's phase comes from its callsign.
BOOST_AUTO_TEST_CASE(units_registered_at_once_get_our_heartbeats_spread_over_the_interval) {
  Operation op;
  constexpr int kUnits = 1000;
  for (int i = 0; i < kUnits; ++i) {
    op.registerUnit("U-" + std::to_string(i), "peer-" + std::to_string(i), kT0);
  }
  // Drive by the next timer over two intervals; count the heartbeats in each batch.
  Millis now = kT0;
  std::size_t biggest = 0, sent = 0;
  while (now < kT0 + 2 * op.settings.heartbeatInterval) {
    now = std::max(now + 1, nextTimer(op.state, op.settings, now));
    const Decision d = op.timers(now);
    const auto beats = static_cast<std::size_t>(std::count_if(
        d.out.begin(), d.out.end(),
        [](const Outbound& o) { return std::holds_alternative<Heartbeat>(o.body); }));
    biggest = std::max(biggest, beats);
    sent += beats;
  }
  BOOST_TEST(sent >= 2u * kUnits - kUnits / 16);  // each at least once an interval...
  BOOST_TEST(biggest <= kUnits / 8u);              // ...and no batch more than an eighth
}

BOOST_AUTO_TEST_CASE(a_task_waiting_for_a_lost_unit_does_not_make_the_loop_spin) {
  Operation op;
  op.registerUnit("ALPHA-1", "peer-a", kT0);
  const auto id = op.createTask("ALPHA-1", kT0);
  op.timers(kT0 + 3000);  // lost, with the task still undelivered
  BOOST_REQUIRE(op.status("ALPHA-1") == UnitStatus::LOST);
  BOOST_REQUIRE(op.task(id).state == TaskState::ASSIGNED);
  const Millis now = kT0 + 20'000;
  BOOST_TEST(op.timers(now).out.empty());                   // nothing to do...
  BOOST_TEST(nextTimer(op.state, op.settings, now) > now);  // ...so do not wake at once
  // When the unit is back, the task goes out again on the usual schedule.
  const Decision d = op.registerUnit("ALPHA-1", "peer-a", now);
  BOOST_TEST(sentTo<Task>(d, "peer-a").size() == 1u);
  BOOST_TEST(nextTimer(op.state, op.settings, now) <= now + 1000);
}

// Restarts (docs/coordinator.md, "Restarts"): units known from the store, no connection yet.
namespace {

Operation restartedWith(std::size_t units, std::size_t alreadyLost = 0) {
  Operation op;
  for (std::size_t i = 0; i < units; ++i) {
    const std::string callsign = "UNIT-" + std::to_string(i);
    const UnitStatus status = i < alreadyLost ? UnitStatus::LOST : UnitStatus::AVAILABLE;
    op.state.units[callsign] = UnitView{callsign, "", {}, {}, status, kT0 - 60'000, 0};
  }
  return op;
}

std::size_t lostCount(const Decision& d) { return eventsOf<UnitLost>(d).size(); }

}  // namespace

BOOST_AUTO_TEST_CASE(the_restart_grace_is_the_liveness_window_plus_an_allowance_per_known_unit) {
  const CoreSettings settings{test::kOperation, true, 1000, 3, 1000, 30000};
  BOOST_TEST(settings.restartGracePerUnit == 2);
  BOOST_TEST(restartGrace(settings, 0) == 3000);
  BOOST_TEST(restartGrace(settings, 1000) == 5000);
  BOOST_TEST(restartGrace(settings, 10'000) == 23'000);
}

BOOST_AUTO_TEST_CASE(no_unit_is_lost_for_the_coordinators_own_absence_before_it_is_ready) {
  // The store took 10 s to open and the sockets to bind: none of that counts against the units.
  Operation op = restartedWith(1000, 10);
  fieldops::apply(op.state, CoordinatorReady{kT0 + 10'000});
  BOOST_TEST(op.state.unitsAtStart == 990u);  // those already lost do not need a grace
  const Millis graceEnds = kT0 + 10'000 + restartGrace(op.settings, 990);
  BOOST_TEST(graceEnds == kT0 + 10'000 + 3000 + 1980);
  BOOST_TEST(nextTimer(op.state, op.settings, kT0 + 10'000) <= graceEnds);
  for (Millis at = kT0 + 10'000; at < graceEnds; at += 250) {
    BOOST_TEST(lostCount(op.timers(at)) == 0u, "lost at ready + " << at - kT0 - 10'000 << " ms");
  }
  // Most come back during the grace, one at the very last moment; one never does.
  for (std::size_t i = 10; i < 999; ++i) {
    op.registerUnit("UNIT-" + std::to_string(i), "peer-" + std::to_string(i),
                    kT0 + 10'000 + static_cast<Millis>(i));
  }
  for (std::size_t i = 10; i < 999; ++i) {
    op.fromAgent("peer-" + std::to_string(i), Heartbeat{}, graceEnds - 1);
  }
  const Decision end = op.timers(graceEnds);
  BOOST_TEST(eventsOf<UnitLost>(end).size() == 1u);
  BOOST_TEST(eventsOf<UnitLost>(end).front().callsign == "UNIT-999");
  BOOST_TEST(op.status("UNIT-999") == UnitStatus::LOST);
  BOOST_TEST(op.status("UNIT-500") == UnitStatus::AVAILABLE);
  BOOST_TEST(op.status("UNIT-0") == UnitStatus::LOST);  // lost before; not lost twice
}

BOOST_AUTO_TEST_CASE(after_the_grace_a_unit_is_lost_one_liveness_window_after_it_was_last_heard) {
  Operation op = restartedWith(2);
  fieldops::apply(op.state, CoordinatorReady{kT0});
  const Millis graceEnds = kT0 + restartGrace(op.settings, 2);
  op.registerUnit("UNIT-0", "peer-0", kT0);  // back at once, then silent
  BOOST_TEST(lostCount(op.timers(graceEnds - 1)) == 0u);
  const Decision d = op.timers(graceEnds);
  BOOST_TEST(lostCount(d) == 2u);  // its window (to T0 + 3000) ended inside the grace
  // A unit heard after the grace is lost on the usual schedule.
  op.registerUnit("UNIT-1", "peer-1", graceEnds + 1000);
  BOOST_TEST(lostCount(op.timers(graceEnds + 1000 + 2999)) == 0u);
  BOOST_TEST(lostCount(op.timers(graceEnds + 1000 + 3000)) == 1u);
}

BOOST_AUTO_TEST_CASE(a_registration_writes_only_its_own_units_projection) {
  Operation op = restartedWith(500);
  const Decision d = op.registerUnit("UNIT-7", "peer-7", kT0);
  const ProjectionWrites p = projectionWrites(d.events, op.state);
  BOOST_REQUIRE_EQUAL(p.units.size(), 1u);
  BOOST_TEST(p.units.front().first == "UNIT-7");
  // A task moving between units rewrites both (their busy/available status follows it).
  op.registerUnit("UNIT-8", "peer-8", kT0);
  const auto id = op.createTask("UNIT-7", kT0 + 10);
  op.ack("peer-7", id, TaskAckDecision::ACCEPTED, kT0 + 20);
  BOOST_TEST(op.status("UNIT-7") == UnitStatus::BUSY);
  const Decision moved = op.command(AssignTask{id, "UNIT-8", true}, kT0 + 30);
  BOOST_TEST(op.status("UNIT-7") == UnitStatus::AVAILABLE);
  std::vector<std::string> written;
  for (const auto& [callsign, bytes] : projectionWrites(moved.events, op.state).units) {
    written.push_back(callsign);
  }
  BOOST_TEST(written == (std::vector<std::string>{"UNIT-7", "UNIT-8"}),
             boost::test_tools::per_element());
}
