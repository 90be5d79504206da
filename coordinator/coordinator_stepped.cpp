// The stepped exercise clock (`--clock stepped`, docs/coordinator.md): agent messages are held
// until the replayer's advanceClock covers them, then processed in (sentAt, messageId) order,
// each at its own time, with the timers at their due times in between. Same scenario, same
// messages: the same event log.
#include <algorithm>
#include <coordinator/coordinator.hpp>
#include <coordinator/decide_util.hpp>

namespace fieldops {

namespace {
// How long an advance waits for agent messages it was promised before going on without them.
constexpr auto kAdvanceWait = std::chrono::seconds(5);
// Timer rounds one step may take: far more than any honest step needs.
constexpr int kMaxTimerRounds = 1'000'000;
// The longest single step: a day of exercise time (a step of a week would stall the loop).
constexpr Millis kMaxStep = 24 * 3600 * 1000;
}  // namespace

bool Coordinator::takeAdvance(const std::string& peer, const Envelope& env, Turn& turn) {
  const auto& request = std::get<AdvanceClock>(std::get<ControlRequest>(env.body));
  if (env.operationId != options_.core.operationId || env.exercise != options_.core.exercise) {
    return false;  // decideControl says which operation this is
  }
  if (!options_.steppedClock) {
    turn.decision.out.push_back(errorTo(Endpoint::control, peer, ErrorCode::NOT_ALLOWED,
                                        "this coordinator runs on the system clock; an exercise "
                                        "clock needs --clock stepped",
                                        env.messageId));
    return true;
  }
  const Millis last = advances_.empty() ? clock_.now() : advances_.back().request.to;
  if (request.to < last) {
    turn.decision.out.push_back(errorTo(Endpoint::control, peer, ErrorCode::INVALID_VALUE,
                                        "the exercise clock never goes back: at " +
                                            std::to_string(last) + ", asked for " +
                                            std::to_string(request.to),
                                        env.messageId));
    return true;
  }
  if (request.to - last > kMaxStep) {
    turn.decision.out.push_back(errorTo(Endpoint::control, peer, ErrorCode::INVALID_VALUE,
                                        "one step of the exercise clock is at most a day",
                                        env.messageId));
    return true;
  }
  if (advances_.empty()) advanceWaitSince_ = std::chrono::steady_clock::now();
  advances_.push_back({peer, env.messageId, request});
  return true;
}

void Coordinator::runAdvances(Turn& turn) {
  while (!advances_.empty()) {
    const Advance& next = advances_.front();
    if (agentReceived_ < next.request.agentMessages) {
      if (std::chrono::steady_clock::now() - advanceWaitSince_ < kAdvanceWait) return;
      log_.warn("advancing the exercise clock without {} of the {} agent messages promised",
                next.request.agentMessages - agentReceived_, next.request.agentMessages);
    }
    stepTo(next.request.to, turn);
    advanced_.push_back(next);
    advances_.pop_front();
    advanceWaitSince_ = std::chrono::steady_clock::now();
  }
}

void Coordinator::stepTo(Millis to, Turn& turn) {
  const Millis from = clock_.now();
  auto at = [&](const Held& h) { return std::clamp(h.envelope.sentAt, from, to); };
  std::stable_sort(held_.begin(), held_.end(), [&](const Held& a, const Held& b) {
    const Millis ta = at(a);
    const Millis tb = at(b);
    return ta != tb ? ta < tb : a.envelope.messageId < b.envelope.messageId;
  });
  for (Held& h : held_) {
    const Millis t = at(h);
    runTimersUntil(t, turn);
    steppedClock_.set(t);
    handleEnvelope(Endpoint::agent, h.peer, h.caller, std::move(h.envelope), turn, t);
  }
  held_.clear();
  runTimersUntil(to, turn);
  steppedClock_.set(to);
}

void Coordinator::runTimersUntil(Millis until, Turn& turn) {
  Millis from = clock_.now();
  for (int round = 0; round < kMaxTimerRounds; ++round) {
    // From the parts kept between turns, as the loop does: a walk over every unit only when
    // one could be lost (timersDue), not for every held message.
    const Millis due = timersDue(from);
    if (due > until) return;
    steppedClock_.set(due);
    const auto& d = turn.decision;
    const std::size_t before = d.events.size() + d.out.size() + d.links.size();
    runTimers(turn, due, false);
    const bool idle = d.events.size() + d.out.size() + d.links.size() == before;
    if (idle && due == from) {
      // nextTimer said now but tick had nothing to do: look from the next millisecond
      from = due + 1;
    } else {
      from = due;
    }
  }
  log_.error("timers did not settle before {} after {} rounds; the rest fire at the step's end",
             until, kMaxTimerRounds);
}

void Coordinator::answerAdvances(Millis now) {
  for (const Advance& a : advanced_) {
    send({Endpoint::control, a.peer, ControlReply{ControlOk{0, committedSeq_, 0, delivered_}}},
         now);
  }
  advanced_.clear();
}

}  // namespace fieldops
