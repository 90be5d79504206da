// The update stream (7402) and the event-log queries, through a real coordinator: real LMDB in a
// temporary directory, real sockets on 127.0.0.1. A client takes a snapshot, then applies
// updates newer than it (zguide "Clone" pattern); several clients can follow at once.
#define BOOST_TEST_MODULE update_stream
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <coordinator/event_summary.hpp>
#include <coordinator/updates.hpp>
#include <protocol/codec.hpp>
#include <protocol/session.hpp>
#include <tests/support/running_coordinator.hpp>
#include <tests/support/unit_fleet.hpp>
#include <tui/model.hpp>

#include <atomic>
#include <optional>
#include <thread>

using namespace fieldops;
using namespace fieldops::test;
using namespace std::chrono_literals;

namespace {

class Subscriber {
 public:
  Subscriber(zmq::context_t& context, const std::string& endpoint)
      : socket_(context, zmq::socket_type::sub) {
    socket_.set(zmq::sockopt::subscribe, "");
    socket_.set(zmq::sockopt::linger, 0);
    socket_.connect(endpoint);
  }

  std::optional<Update> next(std::chrono::milliseconds timeout) {
    zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, timeout) == 0) return std::nullopt;
    zmq::message_t msg;
    BOOST_REQUIRE(socket_.recv(msg, zmq::recv_flags::dontwait));
    auto env = decode(msg.to_string_view(), DecodeLimits::forReplies());
    BOOST_REQUIRE_MESSAGE(env.has_value(), (env ? "" : env.error().detail));
    BOOST_REQUIRE(std::holds_alternative<Update>(env->body));
    BOOST_TEST(env->operationId == kOperation);
    return std::get<Update>(env->body);
  }

  // Updates until one has events reaching `seq` (a heartbeat does not count); bounded.
  std::vector<Update> until(std::uint64_t seq, std::chrono::milliseconds timeout = 5s) {
    std::vector<Update> out;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      auto u = next(100ms);
      if (!u) continue;
      out.push_back(*u);
      if (!u->events.empty() && u->lastSeq >= seq) return out;
    }
    BOOST_FAIL("no update reached seq " << seq);
    return out;
  }

  // The first update: proves the subscription is live (ZeroMQ's slow joiner).
  Update joined() {
    auto u = next(3s);
    BOOST_REQUIRE_MESSAGE(u.has_value(), "no heartbeat on the update stream within 3 s");
    return *u;
  }

 private:
  zmq::socket_t socket_;
};

template <class T>
T reply(ControlClient& control, const ControlRequest& request) {
  auto r = control.request(request, 5s);
  BOOST_REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
  BOOST_REQUIRE(std::holds_alternative<T>(*r));
  return std::get<T>(*r);
}

struct Agent {
  Agent(zmq::context_t& context, const SessionOptions& link, const std::string& callsign)
      : session(context, link) {
    session.send(sampleHello(callsign), wallClockNow());
    expect<Welcome>();
  }
  template <class T>
  T expect() {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (std::chrono::steady_clock::now() < deadline) {
      auto env = session.receive(200ms);
      if (env && std::holds_alternative<T>(env->body)) return std::get<T>(env->body);
    }
    BOOST_FAIL("the agent got no " << typeid(T).name());
    return T{};
  }
  Session session;
};

std::uint64_t lastSeqOf(RunningCoordinator& c) {
  ControlClient control(c.context, c.control());
  return reply<Snapshot>(control, SnapshotQuery{}).seq;
}

}  // namespace

BOOST_AUTO_TEST_CASE(updates_after_a_snapshot_are_contiguous_and_carry_what_changed) {
  RunningCoordinator c;
  Subscriber sub(c.context, c.updates());
  sub.joined();
  ControlClient control(c.context, c.control());
  const Snapshot snap = reply<Snapshot>(control, SnapshotQuery{});
  BOOST_TEST(snap.updates == c.updates());
  BOOST_TEST(snap.phase == OperationPhase::EXECUTION);
  BOOST_TEST(snap.clock > 0);

  Agent alpha(c.context, c.agentLink(), "ALPHA-1");
  alpha.session.send(sampleSighting("s-1"), wallClockNow());
  alpha.expect<SightingAck>();
  const auto created = reply<ControlOk>(control, ControlRequest{sampleCreateTask("ALPHA-1")});

  std::vector<Update> updates = sub.until(created.seq);
  std::uint64_t seq = snap.seq;
  bool sawUnit = false, sawSighting = false, sawTask = false;
  for (const Update& u : updates) {
    for (const EventSummary& e : u.events) {
      BOOST_TEST(e.seq == seq + 1, "events follow the snapshot without a gap");
      seq = e.seq;
    }
    if (!u.events.empty()) BOOST_TEST(u.lastSeq == seq);
    for (const auto& unit : u.units) sawUnit |= unit.callsign == "ALPHA-1";
    for (const auto& s : u.sightings) {
      sawSighting |= s.unit == "ALPHA-1" && s.sighting.sightingId == "s-1";
    }
    for (const auto& t : u.tasks) {
      if (t.task.taskId == created.taskId) {
        sawTask = true;
        BOOST_TEST(t.unit == "ALPHA-1");
      }
    }
  }
  BOOST_TEST(seq == created.seq);
  BOOST_TEST(sawUnit);
  BOOST_TEST(sawSighting);
  BOOST_TEST(sawTask);
}

BOOST_AUTO_TEST_CASE(event_summaries_name_their_subjects_in_words) {
  RunningCoordinator c;
  Subscriber sub(c.context, c.updates());
  sub.joined();
  Agent alpha(c.context, c.agentLink(), "ALPHA-1");
  ControlClient control(c.context, c.control());
  const auto created = reply<ControlOk>(control, ControlRequest{sampleCreateTask("ALPHA-1")});
  std::vector<EventSummary> events;
  for (const Update& u : sub.until(created.seq)) {
    events.insert(events.end(), u.events.begin(), u.events.end());
  }
  auto find = [&](const std::string& kind) {
    auto it = std::find_if(events.begin(), events.end(),
                           [&](const EventSummary& e) { return e.kind == kind; });
    BOOST_REQUIRE_MESSAGE(it != events.end(), "no " << kind << " event");
    return *it;
  };
  const EventSummary registered = find("unitRegistered");
  BOOST_TEST(registered.principal == "ALPHA-1");
  BOOST_TEST((registered.subjects == std::vector<std::string>{"unit:ALPHA-1"}));
  BOOST_TEST(registered.summary.find("ALPHA-1 registered") == 0u);
  const EventSummary assigned = find("taskAssigned");
  const std::string task = "task:" + std::to_string(created.taskId);
  BOOST_TEST((assigned.subjects == std::vector<std::string>{task, "unit:ALPHA-1"}));
  BOOST_TEST(assigned.summary == "task " + std::to_string(created.taskId) + " assigned to ALPHA-1");
}

BOOST_AUTO_TEST_CASE(heartbeats_carry_the_last_seq_and_only_the_units_gone_quiet) {
  RunningCoordinator c;
  // Twenty units heartbeating (five times an interval, so that no pause of the machine makes
  // them look quiet), and one that registers and then says nothing.
  UnitFleet fleet({c.coordinator->agentEndpoint(), kOperation, true, 20, 0, "LIVE", 0, 200});
  BOOST_REQUIRE_MESSAGE(fleet.start(30s), fleet.firstError());
  std::atomic<bool> stop{false};
  std::thread driver([&] { fleet.run(stop); });
  Subscriber sub(c.context, c.updates());
  sub.joined();
  Agent quiet(c.context, c.agentLink(), "QUIET-1");
  ControlClient control(c.context, c.control());
  dashboard::Model model;
  model.applySnapshot(reply<Snapshot>(control, SnapshotQuery{}));
  const Millis registered = model.picture().units.at("QUIET-1").lastHeardAt;
  BOOST_TEST(registered > 0);

  std::optional<UnitView> listedQuiet;  // QUIET-1 as a heartbeat listed it
  std::size_t beatsAfterLost = 0;
  std::size_t emptyBeatsAfterLost = 0;
  std::optional<Update> lastBeat;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (beatsAfterLost < 3 && std::chrono::steady_clock::now() < deadline) {
    auto u = sub.next(200ms);
    if (!u) continue;
    if (model.applyUpdate(*u) == dashboard::UpdateOutcome::gap) {
      model.applySnapshot(reply<Snapshot>(control, SnapshotQuery{}));
      continue;
    }
    if (!u->events.empty()) continue;
    BOOST_TEST(u->heardSince > 0);
    BOOST_TEST(u->heardSince <= u->clock);
    for (const auto& unit : u->units) {
      BOOST_TEST(unit.status != UnitStatus::LOST, "a lost unit is not listed");
      BOOST_TEST(unit.lastHeardAt < u->heardSince);
      if (unit.callsign == "QUIET-1") listedQuiet = unit;
    }
    lastBeat = *u;
    if (model.picture().units.at("QUIET-1").status == UnitStatus::LOST) {
      ++beatsAfterLost;
      emptyBeatsAfterLost += u->units.empty() ? 1 : 0;
    }
  }
  stop = true;
  driver.join();
  BOOST_REQUIRE_MESSAGE(beatsAfterLost == 3u, "QUIET-1 was not found lost, or heartbeats stopped");
  BOOST_REQUIRE_MESSAGE(listedQuiet.has_value(), "QUIET-1 was never listed as quiet");
  BOOST_TEST(listedQuiet->lastHeardAt == registered, "listed with the time it was last heard");
  BOOST_TEST(emptyBeatsAfterLost >= 1u, "with every unit heard, a heartbeat lists none");
  BOOST_TEST(lastBeat->lastSeq == model.picture().seq);

  // The dashboard's picture: QUIET-1 lost, last heard when it registered; the others heard
  // within the last heartbeat's window.
  const auto& units = model.picture().units;
  BOOST_TEST((units.at("QUIET-1").status == UnitStatus::LOST));
  BOOST_TEST(units.at("QUIET-1").lastHeardAt == registered);
  for (int i = 0; i < 20; ++i) {
    const UnitView& live = units.at(fleet.callsign(i));
    BOOST_TEST((live.status == UnitStatus::AVAILABLE));
    BOOST_TEST(live.lastHeardAt >= lastBeat->heardSince);
    BOOST_TEST(live.lastHeardAt <= lastBeat->clock);
  }
}

BOOST_AUTO_TEST_CASE(several_subscribers_see_the_same_updates) {
  RunningCoordinator c;
  Subscriber one(c.context, c.updates());
  Subscriber two(c.context, c.updates());
  one.joined();
  two.joined();
  Agent alpha(c.context, c.agentLink(), "ALPHA-1");
  const std::uint64_t seq = lastSeqOf(c);
  auto events = [](const std::vector<Update>& updates) {
    std::vector<EventSummary> out;
    for (const auto& u : updates) out.insert(out.end(), u.events.begin(), u.events.end());
    return out;
  };
  const auto a = events(one.until(seq));
  const auto b = events(two.until(seq));
  BOOST_REQUIRE(!a.empty());
  BOOST_TEST((a == b));
}

BOOST_AUTO_TEST_CASE(the_event_log_pages_forwards_backwards_and_by_subject) {
  RunningCoordinator c;
  Agent alpha(c.context, c.agentLink(), "ALPHA-1");
  ControlClient control(c.context, c.control());
  const auto t1 = reply<ControlOk>(control, ControlRequest{sampleCreateTask("ALPHA-1")});
  const auto t2 = reply<ControlOk>(control, ControlRequest{sampleCreateTask("")});
  reply<ControlOk>(control, ControlRequest{CancelTask{t1.taskId, "stood down"}});
  const std::uint64_t last = lastSeqOf(c);
  BOOST_REQUIRE(last >= 5u);

  const auto all = reply<std::vector<EventSummary>>(control, ControlRequest{EventQuery{}});
  BOOST_REQUIRE(all.size() == last);
  for (std::size_t i = 0; i < all.size(); ++i) BOOST_TEST(all[i].seq == i + 1);

  const auto page = reply<std::vector<EventSummary>>(control, ControlRequest{EventQuery{1, 0, 2}});
  BOOST_REQUIRE(page.size() == 2u);
  BOOST_TEST(page[0].seq == 2u);
  BOOST_TEST(page[1].seq == 3u);

  const auto newest =
      reply<std::vector<EventSummary>>(control, ControlRequest{EventQuery{0, 0, 2, true}});
  BOOST_REQUIRE(newest.size() == 2u);
  BOOST_TEST(newest[0].seq == last);
  BOOST_TEST(newest[1].seq == last - 1);
  const auto older = reply<std::vector<EventSummary>>(
      control, ControlRequest{EventQuery{0, newest[1].seq, 2, true}});
  BOOST_REQUIRE(older.size() == 2u);
  BOOST_TEST(older[0].seq == last - 2);

  const std::string subject = "task:" + std::to_string(t1.taskId);
  const auto history = reply<std::vector<EventSummary>>(
      control, ControlRequest{EventQuery{0, 0, 0, false, subject}});
  std::vector<std::string> kinds;
  for (const auto& e : history) {
    kinds.push_back(e.kind);
    BOOST_TEST((std::find(e.subjects.begin(), e.subjects.end(), subject) != e.subjects.end()));
  }
  BOOST_TEST((kinds == std::vector<std::string>{"taskCreated", "taskAssigned", "taskCancelled"}));
  const auto other = reply<std::vector<EventSummary>>(
      control, ControlRequest{EventQuery{0, 0, 0, false, "task:" + std::to_string(t2.taskId)}});
  BOOST_TEST(other.size() == 1u);
}

BOOST_AUTO_TEST_CASE(sightings_come_newest_first_when_asked) {
  RunningCoordinator c;
  Agent alpha(c.context, c.agentLink(), "ALPHA-1");
  for (int i = 1; i <= 5; ++i) {
    alpha.session.send(sampleSighting("s-" + std::to_string(i)), wallClockNow());
    alpha.expect<SightingAck>();
  }
  ControlClient control(c.context, c.control());
  const auto newest =
      reply<std::vector<StoredSighting>>(control, ControlRequest{SightingQuery{0, 3, true}});
  BOOST_REQUIRE(newest.size() == 3u);
  BOOST_TEST(newest[0].sighting.sightingId == "s-5");
  BOOST_TEST(newest[1].sighting.sightingId == "s-4");
  BOOST_TEST(newest[2].sighting.sightingId == "s-3");
  BOOST_TEST(newest[0].seq > newest[1].seq);
  const auto afterBound = reply<std::vector<StoredSighting>>(
      control, ControlRequest{SightingQuery{newest[1].seq, 10, true}});
  BOOST_REQUIRE(afterBound.size() == 1u);
  BOOST_TEST(afterBound[0].sighting.sightingId == "s-5");
}

BOOST_AUTO_TEST_CASE(the_snapshot_names_the_event_log_hash_which_moves_with_each_event) {
  RunningCoordinator c(
      [] {
        CoreSettings core;
        return core;
      }(),
      [](CoordinatorOptions& o) { o.phase = OperationPhase::BRIEFING; });
  ControlClient control(c.context, c.control());
  const Snapshot before = reply<Snapshot>(control, SnapshotQuery{});
  BOOST_TEST(before.phase == OperationPhase::BRIEFING);
  BOOST_TEST(before.chainHead.size() == 64u);
  Agent alpha(c.context, c.agentLink(), "ALPHA-1");
  const Snapshot after = reply<Snapshot>(control, SnapshotQuery{});
  BOOST_TEST(after.chainHead.size() == 64u);
  BOOST_TEST(after.chainHead != before.chainHead);
  c.halt();  // the store is the loop's until then
  BOOST_TEST(after.chainHead == c.store->chainHead());
}

BOOST_AUTO_TEST_CASE(an_update_about_a_post_with_the_longest_name_still_decodes) {
  OperationState state;
  const std::string post(256, 'p');
  AlertView alert;
  alert.alertId = 1;
  alert.unit = "ALPHA-1";
  alert.sightingId = std::string(64, 's');
  alert.post = post;
  alert.summary = "unaccompanied minor";
  const std::vector<Event> events = {
      {1, kCoordinatorPrincipal, AlertRaised{alert}},
      {2, kCoordinatorPrincipal, PostDefined{PostView{post, {45.0, 19.0}, true}}}};
  for (const auto& e : events) apply(state, e);
  const auto updates = updatesFor(events, 1, state, 2);
  BOOST_REQUIRE(updates.size() == 1u);
  Envelope env{kProtocolVersion, kOperation, true, 1, 2, updates[0]};
  auto got = decode(encode(env), DecodeLimits::forReplies());
  BOOST_REQUIRE_MESSAGE(got.has_value(), (got ? "" : got.error().detail));
  BOOST_TEST((std::get<Update>(got->body) == updates[0]));
}

BOOST_AUTO_TEST_CASE(a_task_accepted_or_finished_carries_its_unit_busy_or_available_again) {
  OperationState state;
  const Hello hello = test::sampleHello("ALPHA-1");
  const Task task{7, TaskKind::SCREEN_ARRIVALS, Priority::P2, 10'000, std::string("Tabanovce"), ""};
  std::vector<Event> setup = {{1, "ALPHA-1", UnitRegistered{hello}},
                              {2, kControlPrincipal, TaskCreated{task}},
                              {3, kControlPrincipal, TaskAssigned{7, "ALPHA-1"}}};
  for (const auto& e : setup) apply(state, e);
  const auto unitIn = [](const Update& u) -> std::optional<UnitView> {
    for (const auto& v : u.units) {
      if (v.callsign == "ALPHA-1") return v;
    }
    return std::nullopt;
  };
  const std::vector<Event> accepted = {{4, "ALPHA-1", TaskAccepted{7}}};
  apply(state, accepted[0]);
  auto updates = updatesFor(accepted, 4, state, 4);
  BOOST_REQUIRE(updates.size() == 1u);
  auto unit = unitIn(updates[0]);
  BOOST_REQUIRE(unit.has_value());  // the event names the task only; its unit changed too
  BOOST_TEST(unit->status == UnitStatus::BUSY);
  BOOST_TEST(unit->statusSince == 4);
  const std::vector<Event> done = {{9, "ALPHA-1", TaskProgressed{7, TaskProgress::COMPLETED, ""}}};
  apply(state, done[0]);
  updates = updatesFor(done, 5, state, 9);
  unit = unitIn(updates.at(0));
  BOOST_REQUIRE(unit.has_value());
  BOOST_TEST(unit->status == UnitStatus::AVAILABLE);
  BOOST_TEST(unit->statusSince == 9);
}
