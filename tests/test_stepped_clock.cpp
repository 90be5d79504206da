// The stepped exercise clock (--clock stepped), through a real coordinator: agent messages wait
// for the replayer's advanceClock, are processed in (sentAt, messageId) order at their own
// times with the timers in between, and the same messages give the same event log.
#define BOOST_TEST_MODULE stepped_clock
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <protocol/session.hpp>
#include <tests/support/running_coordinator.hpp>

using namespace fieldops;
using namespace fieldops::test;
using namespace std::chrono_literals;

namespace {

constexpr Millis kStart = 1'780'000'000'000;  // the exercise's T+0

auto stepped(Millis start = kStart) {
  return [start](CoordinatorOptions& o) {
    o.steppedClock = true;
    o.clockStart = start;
  };
}

CoreSettings settings() {
  CoreSettings core;
  core.heartbeatInterval = 1000;
  core.heartbeatLiveness = 3;
  return core;
}

Expected<ControlReply, Error> advance(RunningCoordinator& c, Millis to, std::uint64_t sent) {
  ControlClient control(c.context, c.control());
  return control.request(AdvanceClock{to, sent}, 10s);
}

ControlOk advanceOk(RunningCoordinator& c, Millis to, std::uint64_t sent) {
  auto r = advance(c, to, sent);
  BOOST_REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
  BOOST_REQUIRE(std::holds_alternative<ControlOk>(*r));
  return std::get<ControlOk>(*r);
}

std::vector<EventSummary> events(RunningCoordinator& c) {
  ControlClient control(c.context, c.control());
  auto r = control.request(EventQuery{}, 5s);
  BOOST_REQUIRE(r.has_value());
  return std::get<std::vector<EventSummary>>(*r);
}

std::string chainHead(RunningCoordinator& c) {
  ControlClient control(c.context, c.control());
  auto r = control.request(SnapshotQuery{}, 5s);
  BOOST_REQUIRE(r.has_value());
  return std::get<Snapshot>(*r).chainHead;
}

// Reads what the coordinator sent an agent, up to `count` messages, bounded.
std::vector<Body> drain(Session& s, std::size_t count) {
  std::vector<Body> out;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (out.size() < count && std::chrono::steady_clock::now() < deadline) {
    if (auto env = s.receive(100ms)) out.push_back(env->body);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_coordinator_on_the_system_clock_refuses_to_be_advanced) {
  RunningCoordinator c;
  auto r = advance(c, kStart, 0);
  BOOST_REQUIRE(!r.has_value());
  BOOST_TEST(r.error().code == ErrorCode::NOT_ALLOWED);
  BOOST_TEST(r.error().message.find("--clock stepped") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(agent_messages_wait_for_the_advance_and_happen_at_their_own_time) {
  RunningCoordinator c(settings(), stepped());
  Session alpha(c.context, c.agentLink());
  alpha.send(sampleHello("ALPHA-1"), kStart + 400);
  BOOST_TEST(!alpha.receive(300ms).has_value(), "nothing happens before the clock moves");

  const ControlOk ok = advanceOk(c, kStart + 1000, 1);
  BOOST_REQUIRE(ok.delivered >= 1u);  // the welcome, and a heartbeat of the coordinator's
  auto got = drain(alpha, ok.delivered);
  BOOST_REQUIRE(got.size() == ok.delivered);  // exactly what the advance said was sent
  BOOST_TEST(!alpha.receive(200ms).has_value());
  BOOST_TEST(std::holds_alternative<Welcome>(got[0]));
  const auto log = events(c);
  BOOST_REQUIRE(log.size() == 1u);
  BOOST_TEST(log[0].kind == "unitRegistered");
  BOOST_TEST(log[0].at == kStart + 400);
}

BOOST_AUTO_TEST_CASE(held_messages_go_in_sent_order_not_arrival_order) {
  RunningCoordinator c(settings(), stepped());
  Session bravo(c.context, c.agentLink());
  Session alpha(c.context, c.agentLink());
  bravo.send(sampleHello("BRAVO-2"), kStart + 700);  // arrives first, sent later
  std::this_thread::sleep_for(50ms);
  alpha.send(sampleHello("ALPHA-1"), kStart + 300);
  advanceOk(c, kStart + 1000, 2);
  const auto log = events(c);
  BOOST_REQUIRE(log.size() == 2u);
  BOOST_TEST(log[0].principal == "ALPHA-1");
  BOOST_TEST(log[0].at == kStart + 300);
  BOOST_TEST(log[1].principal == "BRAVO-2");
  BOOST_TEST(log[1].at == kStart + 700);
}

BOOST_AUTO_TEST_CASE(an_advance_waits_for_the_agent_messages_it_was_promised) {
  RunningCoordinator c(settings(), stepped());
  ControlClient control(c.context, c.control());
  Session alpha(c.context, c.agentLink());
  // The advance arrives before the message it counts on: it must wait for it.
  Session raw(c.context, c.control());
  raw.send(ControlRequest{AdvanceClock{kStart + 1000, 1}}, wallClockNow());
  BOOST_TEST(!raw.receive(300ms).has_value(), "the advance waits");
  alpha.send(sampleHello("ALPHA-1"), kStart + 200);
  auto reply = raw.receive(5s);
  BOOST_REQUIRE(reply.has_value());
  BOOST_REQUIRE(std::holds_alternative<ControlReply>(reply->body));
  const auto log = events(c);
  BOOST_REQUIRE(log.size() == 1u);
  BOOST_TEST(log[0].at == kStart + 200);
}

BOOST_AUTO_TEST_CASE(timers_fire_at_their_due_times_inside_a_step) {
  RunningCoordinator c(settings(), stepped());
  Session alpha(c.context, c.agentLink());
  alpha.send(sampleHello("ALPHA-1"), kStart + 100);
  advanceOk(c, kStart + 10'000, 1);  // no heartbeats from the unit: lost after 3 x 1 s
  const auto log = events(c);
  auto lost = std::find_if(log.begin(), log.end(),
                           [](const EventSummary& e) { return e.kind == "unitLost"; });
  BOOST_REQUIRE(lost != log.end());
  BOOST_TEST(lost->at == kStart + 100 + 3000);
  // The coordinator's own heartbeats to the unit came once a second of exercise time, and the
  // advance said how many messages it sent in all: the welcome, then heartbeats until lost.
  ControlClient control(c.context, c.control());
  auto snap = control.request(SnapshotQuery{}, 5s);
  BOOST_REQUIRE(snap.has_value());
  BOOST_TEST(std::get<Snapshot>(*snap).clock == kStart + 10'000);
}

BOOST_AUTO_TEST_CASE(the_clock_never_goes_back) {
  RunningCoordinator c(settings(), stepped());
  advanceOk(c, kStart + 5000, 0);
  auto r = advance(c, kStart + 4000, 0);
  BOOST_REQUIRE(!r.has_value());
  BOOST_TEST(r.error().code == ErrorCode::INVALID_VALUE);
  auto tooFar = advance(c, kStart + 5000 + 24 * 3600 * 1000 + 1, 0);  // one step is at most a day
  BOOST_REQUIRE(!tooFar.has_value());
  BOOST_TEST(tooFar.error().code == ErrorCode::INVALID_VALUE);
  advanceOk(c, kStart + 5000 + 24 * 3600 * 1000, 0);
}

BOOST_AUTO_TEST_CASE(the_same_messages_give_the_same_event_log_whatever_their_arrival_order) {
  auto run = [](bool reversed) {
    RunningCoordinator c(settings(), stepped());
    std::vector<std::unique_ptr<Session>> units;
    const std::vector<std::string> callsigns = {"ALPHA-1", "BRAVO-2", "CHARLIE-3"};
    for (std::size_t i = 0; i < callsigns.size(); ++i) {
      units.push_back(std::make_unique<Session>(c.context, c.agentLink()));
    }
    std::uint64_t sent = 0;
    auto send = [&](std::size_t unit, const Body& body, Millis at) {
      units[unit]->send(body, at);
      ++sent;
    };
    std::vector<std::size_t> order = {0, 1, 2};
    if (reversed) std::reverse(order.begin(), order.end());
    for (std::size_t i : order) {
      send(i, sampleHello(callsigns[i]), kStart + 100 + static_cast<Millis>(i) * 10);
    }
    advanceOk(c, kStart + 500, sent);
    for (int step = 1; step <= 3; ++step) {
      for (std::size_t i : order) {
        const Millis at = kStart + step * 500 + static_cast<Millis>(i) * 7;
        send(i, Heartbeat{}, at);
        send(i, sampleSighting(callsigns[i] + "-" + std::to_string(step), at), at + 1);
      }
      advanceOk(c, kStart + (step + 1) * 500, sent);
    }
    return std::make_pair(chainHead(c), events(c).size());
  };
  const auto first = run(false);
  const auto second = run(true);
  BOOST_TEST(first.second == 3u + 9u);
  BOOST_TEST(first.first == second.first);
}
