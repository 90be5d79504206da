// The coordinator loop (see coordinator.hpp): one turn = poll, drain, decide, commit, reply.
#include <algorithm>
#include <coordinator/alerts.hpp>
#include <coordinator/coordinator.hpp>
#include <coordinator/decide_util.hpp>
#include <coordinator/host_limits.hpp>
#include <coordinator/redaction.hpp>
#include <coordinator/roles.hpp>
#include <coordinator/updates.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <protocol/codec.hpp>
#include <zmq_addon.hpp>

namespace fieldops {

namespace {

constexpr Millis kMaxPollWait = 100;                // so a stop request is seen promptly
constexpr std::int64_t kMaxInboundBytes = 1 << 20;  // transport cap; the decoder caps lower
constexpr Millis kAdvancePollWait = 10;             // an advance waits for its agent messages
constexpr std::size_t kReadyCheckEvery = 32;        // messages drained between looks at the disk

}  // namespace

BindError::BindError(const std::string& what, const std::string& endpoint,
                     const std::string& flag, const zmq::error_t& e)
    : std::runtime_error("cannot listen for " + what + " on " + endpoint + ": " + e.what() +
                         (e.num() == EADDRINUSE
                              ? " (another program, or another coordinator, has that port: stop "
                                "it or choose another with " + flag + ")"
                              : " (check " + flag + ")")),
      num_(e.num()) {}

namespace {
void bindNamed(zmq::socket_t& s, const std::string& endpoint, const std::string& what,
               const std::string& flag) {
  try {
    s.bind(endpoint);
  } catch (const zmq::error_t& e) {
    throw BindError(what, endpoint, flag, e);
  }
}
}  // namespace

zmq::socket_t bindPublisher(zmq::context_t& context, const std::string& endpoint,
                            Authenticator& auth) {
  zmq::socket_t s(context, zmq::socket_type::pub);
  auth.protect(s, "updates", curve::kUpdatesDomain);
  s.set(zmq::sockopt::linger, 0);
  // A subscriber this far behind (a dashboard that stopped reading) misses updates and resyncs;
  // its queue is the coordinator's memory, so it is bounded (docs/performance.md, "Memory").
  s.set(zmq::sockopt::sndhwm, 10000);
  s.set(zmq::sockopt::backlog, listenBacklog());
  bindNamed(s, endpoint, "the update stream", "--updates-endpoint");
  return s;
}

namespace {

// A reply that reports the store's head gets it once known: the last event of its commit.
void confirmSeq(Body& body, std::uint64_t seq) {
  if (auto* w = std::get_if<Welcome>(&body)) w->lastSeq = seq;
  if (auto* r = std::get_if<ControlReply>(&body)) {
    if (auto* ok = std::get_if<ControlOk>(r)) ok->seq = seq;
  }
}

zmq::socket_t bindRouter(zmq::context_t& context, const std::string& endpoint, Authenticator& auth,
                         const char* name, const char* zapDomain) {
  zmq::socket_t s(context, zmq::socket_type::router);
  // After a restart every unit connects again at once: ZeroMQ's backlog of 100 overflowed and
  // the kernel dropped the rest, which then came back on TCP's SYN retry schedule (issue 18).
  s.set(zmq::sockopt::backlog, listenBacklog());
  auth.protect(s, name, zapDomain);
  s.set(zmq::sockopt::router_mandatory, 1);  // an unknown peer is an error, not a silent drop
  s.set(zmq::sockopt::maxmsgsize, kMaxInboundBytes);
  s.set(zmq::sockopt::linger, 0);
  s.set(zmq::sockopt::sndhwm, 10000);
  s.set(zmq::sockopt::rcvhwm, 10000);
  const std::string what = std::string(name) == "agent" ? "the agents' link" : "control";
  bindNamed(s, endpoint, what, "--" + std::string(name) + "-endpoint");
  return s;
}

}  // namespace

Coordinator::Coordinator(zmq::context_t& context, EventStore& store,
                         const CoordinatorOptions& options, const Clock& clock, spdlog::logger& log)
    : store_(store),
      options_(options),
      // A stepped clock never starts before what the store already holds (a restart).
      steppedClock_(
          std::max(options.clockStart != 0 ? options.clockStart : clock.now(), store.lastAt())),
      clock_(options.steppedClock ? steppedClock_ : clock),
      log_(log),
      context_(context),
      auth_(context, options.security, options.dataDir, log,
            [this](const SecurityNote& note) { securityNotes_.push_back(note); }),
      agent_(bindRouter(context, options.agentEndpoint, auth_, "agent", curve::kAgentDomain)),
      control_(
          bindRouter(context, options.controlEndpoint, auth_, "control", curve::kControlDomain)),
      updates_(bindPublisher(context, options.updatesEndpoint, auth_)),
      agentEndpoint_(agent_.get(zmq::sockopt::last_endpoint)),
      controlEndpoint_(control_.get(zmq::sockopt::last_endpoint)),
      updatesEndpoint_(updates_.get(zmq::sockopt::last_endpoint)),
      state_(store.load()),
      screener_(store.env()),
      audit_(store.env(), true),
      committedSeq_(store.lastSeq()),
      committer_(store, log),
      // Message ids must increase per sender, across restarts too: start from the wall clock
      // (not the operation clock, which a stepped exercise may start in the past).
      nextMessageId_(wallMillis() * 1000) {
  log_.info("operation '{}' ({}), {} units, {} tasks, {} sightings, last event {}",
            options_.core.operationId, options_.core.exercise ? "exercise" : "live",
            state_.units.size(), state_.tasks.size(), store_.sightingCount(), store_.lastSeq());
  log_.info("agent link on {}, control on {}, updates on {}", agentEndpoint_, controlEndpoint_,
            updatesEndpoint_);
  if (options_.steppedClock) log_.info("stepped exercise clock at {}", clock_.now());
  log_.info("watchlists: {} names indexed", screener_.index().names());
  Decision posts = definePosts(state_, options_.posts, clock_.now());
  if (!posts.events.empty()) {
    apply(state_, posts);
    committedSeq_ = store_.append(posts.events, state_);  // before the worker has anything
    log_.info("{} posts defined or changed from the operation's plan", posts.events.size());
  }
}

lmdb::Txn& Coordinator::readTxn() {
  if (!readTxn_) {
    readTxn_.emplace(store_.env(), true);
    if (screener_.refresh(*readTxn_)) {
      log_.info("watchlists changed: {} names indexed", screener_.index().names());
    }
  }
  return *readTxn_;
}

void Coordinator::screen(Decision& d) {
  const std::size_t count = d.events.size();
  for (std::size_t i = 0; i < count; ++i) {
    auto* recorded = std::get_if<SightingRecorded>(&d.events[i].body);
    if (recorded == nullptr) continue;
    try {
      recorded->screening = screener_.screen(readTxn(), recorded->sighting);
    } catch (const std::exception& e) {
      // Store the sighting all the same, saying so: losing it would be worse than not screening.
      log_.error("sighting {} from {} could not be screened: {}", recorded->sighting.sightingId,
                 recorded->unit, e.what());
      recorded->screening =
          ScreeningResult{HitLevel::NO_HIT, {}, std::string("not screened: ") + e.what()};
    }
  }
}

void Coordinator::run(const std::atomic<bool>& stop, int signalFd) {
  std::vector<zmq::pollitem_t> items;
  if (state_.startedAt == 0) {
    // Ready: bound and about to poll. The restart grace counts from now, not from the store's
    // opening, and scales with the units known (docs/coordinator.md, "Restarts").
    fieldops::apply(state_, CoordinatorReady{clock_.now()});
    log_.info("ready: units known from the store have {} ms to register again",
              restartGrace(options_.core, state_.unitsAtStart));
  }
  while (!stop.load()) {
    // Built each turn: a revocation binds the update stream afresh, with a monitor of its own.
    items = {{agent_.handle(), 0, ZMQ_POLLIN, 0},
             {control_.handle(), 0, ZMQ_POLLIN, 0},
             {nullptr, signalFd, signalFd >= 0 ? short{ZMQ_POLLIN} : short{0}, 0},
             {nullptr, committer_.fd(), ZMQ_POLLIN, 0}};
    const std::size_t authFirst = items.size();
    auth_.addPollItems(items);
    Millis now = clock_.now();
    const Millis wait =
        options_.steppedClock
            ? (advances_.empty() ? kMaxPollWait : kAdvancePollWait)
            : std::clamp<Millis>(timersDue(now) - now, 0, kMaxPollWait);
    zmq::poll(items.data(), items.size(), std::chrono::milliseconds(wait));
    if (signalFd >= 0 && (items[2].revents & ZMQ_POLLIN)) {
      log_.info("signal received, shutting down after {} messages in {} commits", stats_.messages,
                stats_.commits);
      break;
    }
    // The batch in flight is durable: its replies go first, before anything new is decided.
    if ((items[3].revents & ZMQ_POLLIN) && committer_.inFlight()) finishCommit();
    auth_.onReady(items, authFirst);  // handshakes and their failures first
    applyAllowListChanges();
    now = clock_.now();
    Turn& turn = turn_;
    turn.clear();
    // Agent messages left unread (a turn of maxBatch, or the disk ready first) may hold units'
    // heartbeats: no unit is found lost this turn (docs/coordinator.md, "Restarts").
    const bool behind =
        (items[0].revents & ZMQ_POLLIN) && !drain(agent_, Endpoint::agent, turn, now);
    if (items[1].revents & ZMQ_POLLIN) (void)drain(control_, Endpoint::control, turn, now);
    if (options_.steppedClock) {
      runAdvances(turn);  // timers run inside the advances, at their due times
      now = clock_.now();
    } else if (now >= timersDue(now)) {
      runTimers(turn, now, behind);
    }
    commitAndReply(turn, now);
    answerAdvances(now);
    publishHeartbeatIfDue(now);
    trimMemoryIfDue();
  }
  if (committer_.inFlight()) finishCommit();  // durable, and its replies sent
  // The door's last notes (a flood's count whose window has not ended) while the access log
  // can still be written.
  auth_.flushFailures();
  if (!securityNotes_.empty()) {
    try {
      lmdb::Txn txn(store_.env(), false);
      recordSecurityNotes(txn);
      txn.commit();
    } catch (const std::exception& e) {
      log_.error("the door's last notes are not in the access log: {}", e.what());
    }
  }
}

Millis Coordinator::timersDue(Millis now) {
  // The units' timers walk every unit or link (10,000 in a large operation): only when passed
  // or after a tick that acted on them, never for a sighting. The tasks' and alerts' once per
  // change, not once per turn (heartbeats, most of the turns, only make timers later).
  if (lostChanged_ || now >= lostDue_) {
    lostDue_ = nextUnitLost(state_, options_.core, now);
    lostChanged_ = false;
  }
  if (heartbeatsChanged_ || now >= heartbeatsDue_) {
    heartbeatsDue_ = nextHeartbeatDue(state_, options_.core, now);
    heartbeatsChanged_ = false;
  }
  if (timersChanged_ || now >= workTimersDue_) {
    workTimersDue_ = nextWorkTimer(state_, options_.core, now);
    timersChanged_ = false;
  }
  return std::max(std::min({lostDue_, heartbeatsDue_, workTimersDue_}), now);
}

void Coordinator::runTimers(Turn& turn, Millis now, bool behind) {
  auto& d = turn.decision;
  const std::size_t events = d.events.size();
  const std::size_t links = d.links.size();
  // Lost units are looked for only when one could be (most ticks send heartbeats only), and
  // not while agent messages wait unread: their heartbeats may be among them.
  const bool expireUnits = !behind && now >= lostDue_;
  tick(state_, options_.core, now, d, expireUnits);
  applyFrom(state_, d, events, links);
  timersChanged_ = true;
  heartbeatsChanged_ = true;
  lostChanged_ = lostChanged_ || expireUnits;
}

bool Coordinator::drain(zmq::socket_t& socket, Endpoint endpoint, Turn& turn, Millis now) {
  for (std::size_t n = 0; n < options_.maxBatch; ++n) {
    // The routing id, then the frames after it (all there once the first is): received into
    // the same messages each time, so that nothing is allocated for them.
    if (!socket.recv(routingId_, zmq::recv_flags::dontwait)) return true;  // would block: drained
    std::size_t frames = 0;
    for (bool more = routingId_.more(); more; ++frames) {
      zmq::message_t& into = frames == 0 ? content_ : extra_;
      (void)socket.recv(into, zmq::recv_flags::dontwait);
      more = into.more();
    }
    peer_.assign(static_cast<const char*>(routingId_.data()), routingId_.size());
    const Principal* caller = auth_.principalOf(frames > 1 ? extra_ : content_, endpoint);
    if (caller == nullptr) continue;  // revoked since its handshake: dropped, nothing credited
    if (frames != 1) {
      log_.warn("dropping a message of {} frames from a peer (expected 1 after the routing id)",
                frames);
      turn.decision.out.push_back(
          errorTo(endpoint, peer_, ErrorCode::MALFORMED, "send exactly one frame per message", 0));
      continue;
    }
    ++stats_.messages;
    if (endpoint == Endpoint::agent) ++agentReceived_;
    handle(endpoint, peer_, *caller, content_.to_string_view(), turn, now);
    // Let go of the frame now: ZeroMQ receives in place into a buffer of the connection's, and
    // a buffer still held makes it allocate a new one for that connection's next read.
    content_.rebuild();
    // The disk is free again: end the turn, so that the batch that was in flight is confirmed
    // and this one goes to disk. Batches follow the disk's pace, and the commit of each overlaps
    // the decoding of the next.
    if (n % kReadyCheckEvery == kReadyCheckEvery - 1 && committer_.inFlight() &&
        committer_.ready()) {
      return false;
    }
  }
  return false;  // maxBatch received: there may be more
}

void Coordinator::handle(Endpoint endpoint, const std::string& peer, const Principal& caller,
                         std::string_view frame, Turn& turn, Millis now) {
  if (auto error = decodeInto(frame, inbound_)) {
    log_.warn("invalid message on the {} endpoint: {}",
              endpoint == Endpoint::agent ? "agent" : "control", error->detail);
    turn.decision.out.push_back(
        errorTo(endpoint, peer, error->code, std::move(error->detail), error->messageId));
    return;
  }
  if (options_.steppedClock && endpoint == Endpoint::agent) {
    held_.push_back({peer, caller, std::move(inbound_)});  // until an advance covers it
    return;
  }
  // The commonest message: a registered unit's heartbeat only proves it alive. Noted here
  // without a decision of its own, so that it allocates nothing.
  if (endpoint == Endpoint::agent) {
    if (const std::string* unit = heartbeatFrom(state_, options_.core, peer, inbound_, caller)) {
      noteHeard(state_, *unit, now);
      return;
    }
  }
  handleEnvelope(endpoint, peer, caller, std::move(inbound_), turn, now);
}

void Coordinator::handleEnvelope(Endpoint endpoint, const std::string& peer,
                                 const Principal& caller, Envelope env, Turn& turn, Millis now) {
  Decision d;
  if (endpoint == Endpoint::agent) {
    d = decideAgent(state_, dedup_, options_.core, AgentInput{peer, std::move(env), caller}, now);
    screen(d);
  } else {
    const auto* req = std::get_if<ControlRequest>(&env.body);
    const bool ours =
        env.operationId == options_.core.operationId && env.exercise == options_.core.exercise;
    if (req != nullptr && ours) {
      // Before anything is held or answered: the role decides what this caller may ask.
      if (auto refusal = controlRefusal(caller, *req, options_.core.exercise)) {
        log_.warn("refused {} from {}: {}", bodyName(env.body), caller.name, *refusal);
        turn.decision.out.push_back(
            errorTo(Endpoint::control, peer, ErrorCode::NOT_ALLOWED, *refusal, env.messageId));
        return;
      }
      if (std::holds_alternative<AdvanceClock>(*req) && takeAdvance(peer, env, turn)) return;
      if (const auto* s = std::get_if<SightingQuery>(req); s && !s->justification.empty()) {
        if (auto problem = justificationProblem(s->justification)) {
          turn.decision.out.push_back(
              errorTo(Endpoint::control, peer, ErrorCode::INVALID_VALUE, *problem, env.messageId));
          return;
        }
      }
      if (isQuery(*req)) {
        turn.queries.push_back({peer, caller, env.messageId, *req});
        return;
      }
    }
    d = decideControl(state_, options_.core, ControlInput{peer, std::move(env), caller}, now);
  }
  apply(state_, d);  // the next decision in this turn must see these events
  const bool linked = std::any_of(d.links.begin(), d.links.end(), [](const LinkChange& l) {
    return !std::holds_alternative<PeerHeard>(l);
  });
  timersChanged_ = timersChanged_ || !d.events.empty() || linked;
  heartbeatsChanged_ = heartbeatsChanged_ || linked;  // a link bound may be due sooner
  const std::size_t decided = d.events.size();
  for (std::size_t i = 0; i < decided; ++i) {
    const auto* recorded = std::get_if<SightingRecorded>(&d.events[i].body);
    if (recorded == nullptr) continue;
    Decision alerts = decideSightingAlerts(state_, options_.core, *recorded, now);
    if (alerts.events.empty()) continue;
    apply(state_, alerts);
    d.events.insert(d.events.end(), std::make_move_iterator(alerts.events.begin()),
                    std::make_move_iterator(alerts.events.end()));
    d.out.insert(d.out.end(), std::make_move_iterator(alerts.out.begin()),
                 std::make_move_iterator(alerts.out.end()));
  }
  auto& all = turn.decision;
  all.events.insert(all.events.end(), std::make_move_iterator(d.events.begin()),
                    std::make_move_iterator(d.events.end()));
  all.out.insert(all.out.end(), std::make_move_iterator(d.out.begin()),
                 std::make_move_iterator(d.out.end()));
}

void Coordinator::commitAndReply(Turn& turn, Millis now) {
  auto& d = turn.decision;
  readTxn_.reset();  // a thread reads or writes, not both
  const bool work = !d.events.empty() || !d.out.empty() || !turn.queries.empty();
  if (work) ++stats_.turns;
  // What this turn confirms may rest on the batch in flight (the first copy of a duplicate, the
  // task an acknowledgement is about): that batch is durable first.
  if (committer_.inFlight() && (work || !securityNotes_.empty())) finishCommit();
  if (!securityNotes_.empty()) {
    lmdb::Txn txn(store_.env(), false);
    recordSecurityNotes(txn);
    txn.commit();
  }
  if (d.events.empty()) {
    reply(d.out, turn.queries, now);
    return;
  }
  // Group commit of the turn, by the worker, while the loop goes on. What waits for the commit
  // is encoded meanwhile, so that it is only sent once the batch is durable: the updates, made
  // from the state these events were applied to, and the replies.
  const std::uint64_t lastSeq = committedSeq_ + d.events.size();
  std::vector<Update> updates = updatesFor(d.events, committedSeq_ + 1, state_, now);
  for (Update& u : updates) {
    for (AlertView& a : u.alerts) a = notifiedView(a, options_.core, now);
  }
  const bool heartbeat = heartbeatDue();
  if (heartbeat) heartbeatUpdate(state_, options_.core, lastSeq, now, heartbeat_);
  Committer::Batch batch;
  batch.projections = projectionWrites(d.events, state_);
  batch.events = std::move(d.events);
  d.events = std::move(spareEvents_);
  d.events.clear();
  committer_.submit(std::move(batch));
  for (const Update& u : updates) {
    pending_.updateFrames.emplace_back(encoder_.encode(headerOf(now), u));
  }
  if (heartbeat) {
    pending_.updateFrames.emplace_back(encoder_.encode(headerOf(now), heartbeat_));
    pending_.heartbeat = true;
  }
  for (auto& o : d.out) {
    confirmSeq(o.body, lastSeq);
    pending_.replies.push_back({o.endpoint, std::move(o.peer), bodyName(o.body),
                                std::string(encoder_.encode(headerOf(now), o.body))});
  }
  d.out.clear();
  pending_.queries.swap(turn.queries);
  pending_.now = now;
  // A query reads the state and the store as the turn left them, and a stepped clock's advance
  // reports what it did: these wait here, before the next turn changes anything.
  if (options_.steppedClock || !pending_.queries.empty()) finishCommit();
}

void Coordinator::finishCommit() {
  Committer::Batch batch = committer_.wait();
  committedSeq_ = batch.lastSeq;
  // The batch's sightings are in the store's dedup index now, for read transactions begun from
  // here on: the turn's is closed first, so that none older looks them up afterwards.
  readTxn_.reset();
  confirmDurable(state_, batch.events);
  ++stats_.commits;
  stats_.events += batch.events.size();
  stats_.commitSeconds += batch.seconds;
  logEvents(batch.events);
  for (const auto& frame : pending_.updateFrames) publishFrame(frame);
  pending_.updateFrames.clear();
  if (pending_.heartbeat) {
    pending_.heartbeat = false;
    lastHeartbeat_ = std::chrono::steady_clock::now();
  }
  for (const Reply& r : pending_.replies) sendFrame(r.endpoint, r.peer, r.frame, r.what);
  pending_.replies.clear();
  for (const auto& q : pending_.queries) answer(q, pending_.now);
  pending_.queries.clear();
  spareEvents_ = std::move(batch.events);
}

void Coordinator::reply(std::vector<Outbound>& out, std::vector<Query>& queries, Millis now) {
  for (auto& o : out) {
    confirmSeq(o.body, committedSeq_);
    send(o, now);
  }
  out.clear();
  for (const auto& q : queries) answer(q, now);
  queries.clear();
}

void writeReadyFile(const std::string& path, const Coordinator& coordinator) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::trunc);
    f << "agent=" << coordinator.agentEndpoint() << "\n"
      << "control=" << coordinator.controlEndpoint() << "\n"
      << "updates=" << coordinator.updatesEndpoint() << "\n";
    if (!f) throw std::runtime_error("cannot write ready file " + tmp);
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace fieldops
