// The stepping loop of an exercise (see exercise.hpp and docs/trainer-guide.md). Each step:
// send the units' messages due up to T (sentAt = their exercise time), advanceClock{T, sent},
// wait for ControlOk, read the agent sockets until all `delivered` arrived, let the units react.
// Between steps, at boundaries: injects that are not sightings, deadline checks (contingency
// injects) and the simulated commander's actions, each at its exact exercise time.
#include <algorithm>
#include <limits>
#include <protocol/codec.hpp>
#include <protocol/enum_names.hpp>
#include <scenarios/replay/exercise.hpp>
#include <scenarios/replay/time_text.hpp>

namespace fieldops::replay {

namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;
constexpr auto kTick = 100ms;        // a step this often in real-time and ×N modes
constexpr auto kDeliveryWait = 10s;  // for the replies of one step to arrive

}  // namespace

void Exercise::say(const std::string& line) {
  if (!options_.quiet) console_ << formatOffset(clock_ - start_) << "  " << line << std::endl;
}

void Exercise::sayFired(const FiredInject& f) {
  const Inject* in = scenario_.inject(f.id);
  if (options_.quiet || in == nullptr) return;
  console_ << formatOffset(f.at - start_) << "  inject " << in->id << " "
           << injectKindName(in->kind) << (in->unit.empty() ? "" : " " + in->unit)
           << (in->text.empty() ? "" : ": " + in->text) << std::endl;
}

void Exercise::apply(Command c) {
  const auto now = Steady::now();
  if (c == Command::pause && !paused_) {
    paused_ = true;
    pausedAt_ = now;
    say("paused (r or SIGUSR2 resumes)");
  } else if (c == Command::resume && paused_) {
    paused_ = false;
    pausedFor_ += now - pausedAt_;
    say("resumed");
  } else if (c == Command::stop && !stop_) {
    stop_ = true;
    say("stopping at the trainer's request");
  }
}

void Exercise::pollOnce(std::chrono::milliseconds timeout, zmq::socket_t* waiting) {
  std::vector<zmq::pollitem_t> items;
  if (control_) items.push_back({control_->handle(), 0, ZMQ_POLLIN, 0});
  if (waiting != nullptr && waiting != control_.get())
    items.push_back({waiting->handle(), 0, ZMQ_POLLIN, 0});
  if (fleet_) fleet_->addPollItems(items);
  controls_.addPollItems(items);
  zmq::poll(items.data(), items.size(), timeout);
  if (fleet_) fleet_->receiveAvailable();
  apply(controls_.read());
}

Expected<ControlReply, std::string> Exercise::request(const ControlRequest& r) {
  return request(r, *control_);
}

Expected<ControlReply, std::string> Exercise::request(const ControlRequest& r, zmq::socket_t& via) {
  const std::uint64_t id = controlIds_++;
  via.send(
      zmq::buffer(encode(Envelope{kProtocolVersion, scenario_.operation.id, true, id, clock_, r})),
      zmq::send_flags::none);
  const auto deadline = Steady::now() + options_.replyTimeout;
  while (Steady::now() < deadline) {
    zmq::message_t m;
    while (via.recv(m, zmq::recv_flags::dontwait)) {
      auto env = decode(m.to_string_view(), DecodeLimits::forReplies());
      if (!env) return "undecodable reply: " + env.error().detail;
      if (auto* reply = std::get_if<ControlReply>(&env->body)) return std::move(*reply);
      if (auto* e = std::get_if<Error>(&env->body);
          e && (e->refMessageId == id || e->refMessageId == 0)) {
        return enumName(e->code) + ": " + e->message;
      }
    }
    pollOnce(50ms, &via);
  }
  return "no reply from the coordinator within " + std::to_string(options_.replyTimeout.count()) +
         " ms";
}

Expected<const Snapshot*, std::string> Exercise::snapshot() {
  if (snapshot_ && snapshotSeq_ == lastSeq_) return &*snapshot_;
  auto reply = request(SnapshotQuery{});
  if (!reply) return "snapshot: " + reply.error();
  auto* snap = std::get_if<Snapshot>(&*reply);
  if (snap == nullptr) return std::string("snapshot: unexpected reply");
  snapshot_ = std::move(*snap);
  lastSeq_ = std::max(lastSeq_, snapshot_->seq);
  snapshotSeq_ = lastSeq_;
  return &*snapshot_;
}

void Exercise::waitDelivered(std::uint64_t delivered) {
  const auto deadline = Steady::now() + kDeliveryWait;
  while (fleet_->received() < delivered && Steady::now() < deadline) pollOnce(20ms);
  if (fleet_->received() < delivered) {
    outcome_.warnings.push_back(
        "at " + formatOffset(clock_ - start_) + " only " + std::to_string(fleet_->received()) +
        " of " + std::to_string(delivered) + " coordinator messages arrived in time");
  }
}

Millis Exercise::nextBoundary() const {
  Millis next = std::numeric_limits<Millis>::max();
  if (!pending_.empty()) next = pending_.begin()->first.first;
  if (!checks_.empty()) next = std::min(next, checks_.begin()->first);
  if (commander_) next = std::min(next, commander_->nextDue());
  return next;
}

std::optional<Millis> Exercise::nextStepEnd() {
  Millis limit = 0;
  if (options_.speed.max) {
    // Quiet stretches are crossed in one step: the coordinator runs its timers inside it.
    limit = std::max(clock_ + options_.step, std::min(fleet_->nextDue(), nextBoundary()));
  } else {
    const auto wall = Steady::now() - wallStart_ - pausedFor_;
    const double ms =
        std::chrono::duration<double, std::milli>(wall).count() * options_.speed.factor;
    limit = start_ + static_cast<Millis>(ms);
    if (limit <= clock_) return std::nullopt;
  }
  return std::min({limit, nextBoundary(), end_});
}

Expected<bool, std::string> Exercise::step(Millis to) {
  const std::size_t before = outcome_.fired.size();
  fleet_->sendDue(to, outcome_.fired);
  for (std::size_t i = before; i < outcome_.fired.size(); ++i) sayFired(outcome_.fired[i]);
  auto reply = request(AdvanceClock{to, fleet_->sent()});
  if (!reply) return "advancing the clock to " + formatOffset(to - start_) + ": " + reply.error();
  const auto* ok = std::get_if<ControlOk>(&*reply);
  if (ok == nullptr) return std::string("advanceClock: unexpected reply");
  waitDelivered(ok->delivered);
  fleet_->deliver(to);
  clock_ = to;
  lastSeq_ = std::max(lastSeq_, ok->seq);
  ++outcome_.steps;
  scheduleChecks();
  return true;
}

Expected<bool, std::string> Exercise::loop() {
  if (auto ok = atBoundary(clock_); !ok) return ok;
  while (!stop_ && clock_ < end_) {
    pollOnce(0ms);
    if (paused_) {
      pollOnce(kTick);
      continue;
    }
    const auto to = nextStepEnd();
    if (!to) {
      pollOnce(kTick);
      continue;
    }
    if (auto ok = step(*to); !ok) return ok;
    if (auto ok = atBoundary(*to); !ok) return ok;
    if (!options_.speed.max) pollOnce(kTick);
  }
  return true;
}

}  // namespace fieldops::replay
