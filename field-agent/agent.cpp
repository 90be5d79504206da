// The field agent's engine (see agent.hpp): link state machine and store-and-forward.
#include <field-agent/agent.hpp>
#include <protocol/codec.hpp>
#include <protocol/handshake_monitor.hpp>

#include <zmq_addon.hpp>

#include <algorithm>
#include <cstring>
#include <iterator>

namespace fieldops {

const char* linkStateName(LinkState s) {
  switch (s) {
    case LinkState::connecting: return "connecting";
    case LinkState::online: return "online";
    case LinkState::offline: return "offline";
  }
  return "unknown";
}

Agent::Agent(zmq::context_t& context, AgentStore& store, AgentOptions options,
             AgentEvents& events, std::uint64_t randomSeed)
    : context_(context),
      store_(store),
      options_(std::move(options)),
      events_(events),
      random_(randomSeed) {
  std::uniform_int_distribution<Millis> interval(
      options_.reconnectMin, std::max(options_.reconnectMin, options_.reconnectMax - 1));
  reconnectInterval_ = static_cast<int>(interval(random_));
}

void Agent::start(Millis now) { connect(now); }

zmq::socket_t* Agent::socket() { return socket_.get(); }

// A connection whose sent bytes stay unacknowledged this long is given up by TCP (TCP_USER_TIMEOUT)
// and ZeroMQ opens a new one: the coordinator's host went away without closing it.
constexpr int kDeadConnectionMs = 15000;
// A hello the socket did not take (no connection yet) is tried again this often until the hello
// timeout.
constexpr Millis kHelloRetryMs = 50;

void Agent::connect(Millis now) {
  socket_ = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::dealer);
  socket_->set(zmq::sockopt::linger, 0);
  socket_->set(zmq::sockopt::maxmsgsize, std::int64_t{1} << 22);
  socket_->set(zmq::sockopt::reconnect_ivl, reconnectInterval_);
  // Messages only to a completed connection: none queue up while the coordinator is away (a
  // restarted coordinator would get every stale heartbeat and hello at once).
  socket_->set(zmq::sockopt::immediate, 1);
  socket_->set(zmq::sockopt::tcp_maxrt, kDeadConnectionMs);
  if (options_.keys) curve::makeClient(*socket_, *options_.keys);
  monitor_ = monitorHandshakes(
      context_, *socket_, "inproc://fieldops-agent-handshakes-" + std::to_string(++monitors_));
  socket_->connect(options_.endpoint);
  sayHello(now);  // goes only if the connection is already made; else at its handshake
}

void Agent::sayHello(Millis now) {
  link_ = LinkState::connecting;
  deadline_ = now + options_.helloTimeout;
  inFlight_ = 0;
  // Not taken when there is no connection yet, or when the handshake has just succeeded but
  // the socket has not yet taken in the new connection: tried again shortly (onTimer).
  helloUnsent_ = !sendNow(options_.unit, now);
}

void Agent::closeSocket() {
  if (monitor_) {
    stopHandshakeMonitor(*socket_);
    monitor_.reset();
  }
  socket_.reset();
}

void Agent::onMonitor(Millis now) {
  if (!monitor_) return;
  const auto [connected, refused] = drainHandshakeEvents(*monitor_);
  if (refused) {
    goOffline("the coordinator refused this agent's key (not enrolled, or revoked): ask the "
              "operator to enroll its .pub for " + options_.unit.callsign,
              now, false, true);
  } else if (connected) {
    // A new connection (the first, or ZeroMQ's own after the coordinator closed the last one):
    // the coordinator does not know it yet, so register on it at once.
    sayHello(now);
  }
}

void Agent::goOffline(const std::string& reason, Millis now, bool spread, bool close) {
  if (close) closeSocket();
  link_ = LinkState::offline;
  backoff_ = backoff_ == 0 ? options_.backoffInitial : std::min(backoff_ * 2, options_.backoffMax);
  if (spread) {
    // "Full jitter" over the liveness window: every agent of the operation saw the same silence
    // at about the same moment.
    std::uniform_int_distribution<Millis> jitter(0, heartbeatInterval_ * liveness_);
    deadline_ = now + jitter(random_);
  } else {
    // "Equal jitter": half the backoff fixed, half random, so many agents do not retry in step.
    std::uniform_int_distribution<Millis> jitter(0, backoff_ / 2);
    deadline_ = now + backoff_ / 2 + jitter(random_);
  }
  inFlight_ = 0;
  events_.offline(reason, deadline_);
}

bool Agent::sendNow(const Body& body, Millis now) {
  if (!socket_) return false;
  const std::string bytes = encode(Envelope{kProtocolVersion, options_.operationId,
                                            options_.exercise, store_.nextMessageId(), now, body});
  lastSentAt_ = now;
  return socket_->send(zmq::buffer(bytes), zmq::send_flags::dontwait).has_value();
}

Millis Agent::nextTimer() const {
  Millis next = deadline_;
  if (link_ == LinkState::connecting && helloUnsent_) next = std::min(next, lastSentAt_ + kHelloRetryMs);
  if (link_ == LinkState::online) {
    next = std::min(next, lastSentAt_ + heartbeatInterval_);
    if (inFlight_ > 0) next = std::min(next, oldestInFlightAt_ + options_.retransmitAfter);
  }
  return next;
}

void Agent::onTimer(Millis now) {
  switch (link_) {
    case LinkState::offline:
      // The connection is kept (ZeroMQ re-opens it by itself): hello again on it, or a new one
      // after the key was refused.
      if (now >= deadline_) {
        if (socket_) sayHello(now);
        else connect(now);
      }
      return;
    case LinkState::connecting:
      if (now >= deadline_) {
        goOffline("no answer from the coordinator at " + options_.endpoint, now);
      } else if (helloUnsent_ && now - lastSentAt_ >= kHelloRetryMs) {
        helloUnsent_ = !sendNow(options_.unit, now);
      }
      return;
    case LinkState::online:
      if (now >= deadline_) {
        goOffline("the coordinator went silent", now, true);
        return;
      }
      if (now - lastSentAt_ >= heartbeatInterval_) sendNow(Heartbeat{}, now);
      if (inFlight_ > 0 && now - oldestInFlightAt_ >= options_.retransmitAfter) {
        inFlight_ = 0;  // go back to the head: ids make the resend harmless
        pump(now);
      }
      return;
  }
}

void Agent::onReadable(Millis now) {
  for (int n = 0; n < 4096 && socket_; ++n) {
    zmq::message_t msg;
    if (!socket_->recv(msg, zmq::recv_flags::dontwait)) break;
    auto env = decode(msg.to_string_view());
    if (!env) {
      events_.refused({}, Error{env.error().code, "undecodable message from the coordinator: " +
                                                      env.error().detail, 0});
      continue;
    }
    handle(*env, now);
  }
  retireAcknowledged();
  pump(now);
}

void Agent::handle(const Envelope& env, Millis now) {
  if (link_ == LinkState::online) deadline_ = now + heartbeatInterval_ * liveness_;
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, Welcome>) {
          link_ = LinkState::online;
          backoff_ = 0;
          heartbeatInterval_ = std::max<Millis>(m.heartbeatIntervalMs, 50);
          liveness_ = std::max<std::uint32_t>(m.heartbeatLiveness, 1);
          deadline_ = now + heartbeatInterval_ * liveness_;
          inFlight_ = 0;
          events_.registered(m);
        } else if constexpr (std::is_same_v<T, Task>) {
          auto known = store_.tasks().find(m.taskId);
          const bool fresh = known == store_.tasks().end();
          // A task we had declined, or that was withdrawn, can be given to us again (reassigned
          // back): it is then a new delivery, to be answered again.
          const bool again = !fresh && (known->second.state == TaskState::DECLINED ||
                                        isTerminal(known->second.state));
          if (fresh || again || known->second.task != m) {
            TaskView view = fresh ? TaskView{} : known->second;
            view.task = m;
            view.unit = options_.unit.callsign;
            if (fresh || again) {
              view.state = TaskState::DELIVERED;
              view.history.push_back({TaskState::DELIVERED, now, {}});
            }
            store_.saveTask(view);  // durable before we confirm receipt
            if (fresh || again) events_.taskReceived(view);
          }
          sendNow(TaskAck{m.taskId, TaskAckDecision::RECEIVED, {}}, now);
        } else if constexpr (std::is_same_v<T, TaskCancel>) {
          auto known = store_.tasks().find(m.taskId);
          if (known != store_.tasks().end() && known->second.state != TaskState::CANCELLED) {
            TaskView view = known->second;
            view.state = TaskState::CANCELLED;
            view.history.push_back({TaskState::CANCELLED, now, m.reason});
            store_.saveTask(view);
            events_.taskCancelled(view, m.reason);
          }
        } else if constexpr (std::is_same_v<T, SightingAck>) {
          auto i = pending(store_.findSighting(m.sightingId, acked_));
          if (i) acknowledge(*i, m.duplicate, now);
        } else if constexpr (std::is_same_v<T, Receipt>) {
          auto i = pending(store_.findMessage(m.messageId));
          if (i) acknowledge(*i, false, now);
        } else if constexpr (std::is_same_v<T, Error>) {
          handleError(m, now);
        }
        // Heartbeats only prove life, noted above; nothing else is meant for an agent.
      },
      env.body);
}

void Agent::handleError(const Error& error, Millis now) {
  switch (error.code) {
    case ErrorCode::NOT_REGISTERED:
      // The coordinator restarted and does not know this connection: register again and
      // resend from the head of the outbox once welcomed.
      if (link_ != LinkState::connecting) sayHello(now);
      return;
    case ErrorCode::NOT_ALLOWED:
      // Refused while registering: this key may not speak for that unit (it is bound to
      // another). Retrying cannot help; the outbox keeps every report for a corrected start.
      if (link_ != LinkState::connecting) break;
      [[fallthrough]];
    case ErrorCode::REGISTRATION_REFUSED:
      events_.fatal("the coordinator refused to register " + options_.unit.callsign + ": " +
                    error.message);
      return;
    case ErrorCode::WRONG_OPERATION:
      events_.fatal("wrong operation: " + error.message);
      return;
    default:
      break;
  }
  auto i = pending(store_.findMessage(error.refMessageId));
  if (!i || error.code == ErrorCode::INTERNAL) {
    events_.refused({}, error);  // nothing of ours to drop; tell the user
    return;
  }
  const OutboxEntry entry = store_.outbox()[*i];
  acked_.insert(entry.seq);  // final: it leaves the outbox
  events_.refused(entry, error);
}

std::optional<std::size_t> Agent::pending(std::optional<std::size_t> position) const {
  if (!position || acked_.count(store_.outbox()[*position].seq)) return std::nullopt;
  return position;
}

void Agent::acknowledge(std::size_t index, bool duplicate, Millis now) {
  const OutboxEntry& entry = store_.outbox()[index];
  acked_.insert(entry.seq);
  lastAckAt_ = now;
  // Only the head's acknowledgement restarts the retransmit clock: a lost ack for the head must
  // not be hidden by later acks arriving.
  if (index == 0) oldestInFlightAt_ = now;
  events_.acknowledged(entry, duplicate);
}

void Agent::retireAcknowledged() {
  if (acked_.empty()) return;
  const auto& box = store_.outbox();
  const std::size_t sent = std::min(inFlight_, box.size());
  std::size_t leaving = 0;  // of the entries already sent
  for (std::size_t i = 0; i < sent; ++i) leaving += acked_.count(box[i].seq);
  inFlight_ = sent - leaving;
  store_.remove(acked_);  // one transaction for everything acknowledged this turn
  acked_.clear();
}

void Agent::pump(Millis now) {
  if (link_ != LinkState::online || !socket_) return;
  const auto& box = store_.outbox();
  while (inFlight_ < options_.window && inFlight_ < box.size()) {
    if (!socket_->send(zmq::buffer(box[inFlight_].bytes), zmq::send_flags::dontwait)) break;
    if (inFlight_ == 0) oldestInFlightAt_ = now;
    ++inFlight_;
    lastSentAt_ = now;
  }
}

Expected<OutboxEntry, std::string> Agent::enqueue(Body body, Millis now, const TaskView* task) {
  Envelope env{kProtocolVersion, options_.operationId, options_.exercise, store_.nextMessageId(),
               now, std::move(body)};
  // The one decoder checks what we send too: nothing half-filled leaves this agent.
  auto checked = decode(encode(env));
  if (!checked) return checked.error().detail;
  try {
    OutboxEntry entry = store_.enqueue(env, task);
    pump(now);
    return entry;
  } catch (const AgentStoreError& e) {
    return std::string(e.what());
  }
}

Expected<OutboxEntry, std::string> Agent::report(Sighting s, Millis now) {
  if (s.sightingId.empty()) {
    s.sightingId = options_.unit.callsign + "-" + std::to_string(store_.nextMessageId());
  }
  if (s.observedAt == 0) s.observedAt = now;
  if (s.post.empty()) s.post = options_.unit.post;
  if (s.position == Position{}) s.position = options_.unit.position;
  return enqueue(std::move(s), now);
}

namespace {

bool progressAllowed(TaskState from, TaskState to) {
  switch (to) {
    case TaskState::EN_ROUTE: return from == TaskState::ACCEPTED;
    case TaskState::ON_SCENE: return from == TaskState::ACCEPTED || from == TaskState::EN_ROUTE;
    case TaskState::COMPLETED:
      return from == TaskState::ACCEPTED || from == TaskState::EN_ROUTE ||
             from == TaskState::ON_SCENE;
    case TaskState::FAILED:
      return from == TaskState::DELIVERED || from == TaskState::ACCEPTED ||
             from == TaskState::EN_ROUTE || from == TaskState::ON_SCENE;
    default: return false;
  }
}

}  // namespace

Expected<OutboxEntry, std::string> Agent::answerTask(std::uint64_t taskId,
                                                     TaskAckDecision decision,
                                                     const std::string& reason, Millis now) {
  auto known = store_.tasks().find(taskId);
  if (known == store_.tasks().end()) return "no task " + std::to_string(taskId);
  if (known->second.state != TaskState::DELIVERED) {
    return "task " + std::to_string(taskId) + " is " + taskStateName(known->second.state) +
           ", it can no longer be accepted or declined";
  }
  if (decision == TaskAckDecision::DECLINED && reason.empty()) return std::string("a reason is required to decline");
  TaskView view = known->second;
  view.state = decision == TaskAckDecision::ACCEPTED ? TaskState::ACCEPTED : TaskState::DECLINED;
  view.history.push_back({view.state, now, reason});
  return enqueue(TaskAck{taskId, decision, reason}, now, &view);
}

Expected<OutboxEntry, std::string> Agent::updateTask(std::uint64_t taskId, TaskProgress status,
                                                     const std::string& note, Millis now) {
  auto known = store_.tasks().find(taskId);
  if (known == store_.tasks().end()) return "no task " + std::to_string(taskId);
  const TaskState to = stateOf(status);
  if (!progressAllowed(known->second.state, to)) {
    return "task " + std::to_string(taskId) + " is " + taskStateName(known->second.state) +
           ", it cannot become " + taskStateName(to);
  }
  if (to == TaskState::FAILED && note.empty()) return std::string("a note is required when a task fails");
  TaskView view = known->second;
  view.state = to;
  view.history.push_back({to, now, note});
  return enqueue(TaskUpdate{taskId, status, note}, now, &view);
}

AgentStatus Agent::status() const {
  return {link_, store_.outbox().size() - acked_.size(), lastAckAt_,
          link_ == LinkState::offline ? deadline_ : 0};
}

std::vector<TaskView> Agent::tasks() const {
  std::vector<TaskView> out;
  for (const auto& [id, t] : store_.tasks()) out.push_back(t);
  std::stable_sort(out.begin(), out.end(), [](const TaskView& a, const TaskView& b) {
    if (a.task.priority != b.task.priority) return a.task.priority < b.task.priority;
    return a.task.dueAt < b.task.dueAt;
  });
  return out;
}

}  // namespace fieldops
