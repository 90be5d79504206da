// One-request-in-flight control client for the dashboard's loop (see control_link.hpp).
#include <protocol/handshake_monitor.hpp>
#include <tui/control_link.hpp>

#include <cstdint>

namespace fieldops::dashboard {

ControlLink::ControlLink(zmq::context_t& context, SessionOptions options, Millis timeout)
    : context_(context),
      options_(std::move(options)),
      timeout_(timeout),
      session_(std::make_unique<Session>(context_, options_)) {
  watch();
}

void ControlLink::watch() {
  monitor_.reset();
  try {
    monitor_ = monitorHandshakes(context_, session_->socket(),
                                 "inproc://fieldops-dashboard-handshakes-" +
                                     std::to_string(reinterpret_cast<std::uintptr_t>(this)) + "-" +
                                     std::to_string(++monitors_));
  } catch (const zmq::error_t&) {
    // No monitor: a refused key then shows only as no answer.
  }
}

bool ControlLink::keyRefused() {
  if (!monitor_) return refused_;
  const HandshakeEvents seen = drainHandshakeEvents(*monitor_);
  if (seen.refused) refused_ = true;
  if (seen.succeeded && !seen.refused) refused_ = false;
  return refused_;
}

void ControlLink::enqueue(Outgoing request) {
  const auto same = [&](const Outgoing& o) { return o.purpose == request.purpose; };
  const bool query = request.purpose == Purpose::snapshot || request.purpose == Purpose::sightings;
  if (query &&
      ((inFlight_ && same(*inFlight_)) || std::any_of(queue_.begin(), queue_.end(), same))) {
    return;
  }
  queue_.push_back(std::move(request));
}

void ControlLink::pump(Millis now) {
  if (inFlight_ || queue_.empty()) return;
  const std::uint64_t id = session_->send(queue_.front().request, now);
  if (id == 0) return;  // not connected and the queue is full: try again next turn
  inFlight_ = std::move(queue_.front());
  queue_.pop_front();
  inFlightId_ = id;
  deadline_ = now + timeout_;
}

std::optional<Completed> ControlLink::receive(Millis now) {
  while (auto env = session_->receive(std::chrono::milliseconds(0))) {
    if (!inFlight_) continue;  // nothing asked: an answer we no longer wait for
    std::optional<Completed> done;
    if (const auto* error = std::get_if<Error>(&env->body)) {
      if (error->refMessageId != 0 && error->refMessageId != inFlightId_) continue;
      done = Completed{std::move(*inFlight_), std::nullopt, *error};
    } else if (auto* reply = std::get_if<ControlReply>(&env->body)) {
      done = Completed{std::move(*inFlight_), std::move(*reply), {}};
    } else {
      continue;  // anything else is not for us
    }
    inFlight_.reset();
    pump(now);
    return done;
  }
  return std::nullopt;
}

std::optional<Completed> ControlLink::expire(Millis now) {
  if (!inFlight_ || now < deadline_) return std::nullopt;
  Completed lost{
      std::move(*inFlight_), std::nullopt,
      Error{ErrorCode::INTERNAL,
            "no answer from the coordinator within " + std::to_string(timeout_ / 1000) + " s",
            inFlightId_}};
  inFlight_.reset();
  // A fresh DEALER: a late answer to the lost request goes to the old identity, not to us.
  if (monitor_) stopHandshakeMonitor(session_->socket());
  monitor_.reset();
  session_ = std::make_unique<Session>(context_, options_);
  watch();
  return lost;
}

Millis ControlLink::timeToDeadline(Millis now) const {
  return inFlight_ ? std::max<Millis>(0, deadline_ - now) : -1;
}

}  // namespace fieldops::dashboard
