// The coordinator's imperative shell: one poll loop over the agent link and the control
// endpoint; decode, decide, apply, commit once per turn, and only then reply (design.md).
#pragma once

#include <spdlog/logger.h>

#include <atomic>
#include <chrono>
#include <coordinator/audit_log.hpp>
#include <coordinator/authenticator.hpp>
#include <coordinator/clock.hpp>
#include <coordinator/committer.hpp>
#include <coordinator/core.hpp>
#include <coordinator/dedup_index.hpp>
#include <coordinator/options.hpp>
#include <coordinator/screening/screener.hpp>
#include <coordinator/store.hpp>
#include <protocol/codec.hpp>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>
#include <zmq.hpp>

namespace fieldops {

// Counters of the loop's work, for operators (logged at shutdown) and benchmarks.
struct LoopStats {
  std::uint64_t turns = 0;     // loop turns that had something to do
  std::uint64_t messages = 0;  // messages received
  std::uint64_t commits = 0;   // durable transactions (group commits)
  std::uint64_t events = 0;    // events appended
  double commitSeconds = 0;    // wall time the commit worker spent in commits (writes and syncs)
  std::uint64_t updates = 0;   // update stream messages published (heartbeats included)
  std::uint64_t trims = 0;     // free memory handed back to the system (coordinator_memory.cpp)
};

class Coordinator {
 public:
  // Binds the three endpoints; throws zmq::error_t when an endpoint cannot be bound.
  Coordinator(zmq::context_t& context, EventStore& store, const CoordinatorOptions& options,
              const Clock& clock, spdlog::logger& log);

  // The endpoints actually bound (ephemeral ports resolved).
  const std::string& agentEndpoint() const { return agentEndpoint_; }
  const std::string& controlEndpoint() const { return controlEndpoint_; }
  const std::string& updatesEndpoint() const { return updatesEndpoint_; }

  // Runs until `stop` becomes true or, when signalFd >= 0, that fd becomes readable
  // (a signalfd for SIGINT/SIGTERM).
  void run(const std::atomic<bool>& stop, int signalFd = -1);

  const LoopStats& stats() const { return stats_; }

 private:
  struct Query {
    std::string peer;
    Principal caller;
    std::uint64_t messageId;
    ControlRequest request;
  };
  // An agent message held by the stepped clock until an advance covers it.
  struct Held {
    std::string peer;
    Principal caller;
    Envelope envelope;
  };
  struct Advance {
    std::string peer;
    std::uint64_t messageId = 0;
    AdvanceClock request;
  };
  struct Turn {
    Decision decision;
    std::vector<Query> queries;
    // Keeps the capacity: a turn's buffers are reused, not reallocated (and faulted in) each turn.
    void clear() {
      decision.events.clear();
      decision.links.clear();
      decision.out.clear();
      queries.clear();
    }
  };

  // Receives up to maxBatch messages into the turn; false when it left some unread.
  bool drain(zmq::socket_t& socket, Endpoint endpoint, Turn& turn, Millis now);
  void handle(Endpoint endpoint, const std::string& peer, const Principal& caller,
              std::string_view frame, Turn& turn, Millis now);
  // Runs the timers due at `now` into the turn and applies what they decided; no unit is found
  // lost when `behind` (the turn left agent messages unread: their heartbeats may be there).
  void runTimers(Turn& turn, Millis now, bool behind);
  // nextTimer, from its parts kept between turns (lostDue_, heartbeatsDue_, workTimersDue_).
  Millis timersDue(Millis now);
  void handleEnvelope(Endpoint endpoint, const std::string& peer, const Principal& caller,
                      Envelope env, Turn& turn, Millis now);
  // Security (coordinator_security.cpp): the allow-list's changes, and the update stream bound
  // afresh after a revocation so that every subscriber authenticates again.
  void applyAllowListChanges();
  void rebindUpdates();
  // Stepped clock (coordinator_stepped.cpp).
  bool takeAdvance(const std::string& peer, const Envelope& env, Turn& turn);
  void runAdvances(Turn& turn);
  void stepTo(Millis to, Turn& turn);
  void runTimersUntil(Millis until, Turn& turn);
  void answerAdvances(Millis now);
  // Update stream (coordinator_publish.cpp).
  bool heartbeatDue() const;
  void publishHeartbeatIfDue(Millis now);
  void publishFrame(std::string_view bytes);
  // Hands free memory back to the system when units left or now and then (coordinator_memory.cpp).
  void trimMemoryIfDue();
  // Screens the sightings a decision records and adds the alerts they raise (alert_rules.hpp).
  void screen(Decision& d);
  // The turn's read transaction for screening and the dedup look-ups, opened on first use;
  // commitAndReply closes it before this thread writes, finishCommit before the batch's
  // sightings leave the in-flight set (so that a look-up never misses a sighting in between).
  lmdb::Txn& readTxn();
  // Hands the turn's events to the commit worker, with what must wait for them; replies at once
  // to a turn without events. Waits first for the batch in flight when the turn has anything to
  // confirm, and after submitting when the turn answers queries or steps the exercise clock.
  void commitAndReply(Turn& turn, Millis now);
  // Waits for the batch in flight to be durable, then sends, publishes and answers what waited.
  void finishCommit();
  void reply(std::vector<Outbound>& out, std::vector<Query>& queries, Millis now);
  void answer(const Query& query, Millis now);
  // Writes what the door noticed (securityNotes_) to the access log in `txn`.
  void recordSecurityNotes(lmdb::Txn& txn);
  // A justified sighting page: recorded durably in the access log, then returned whole.
  // Empty when the access log cannot be written: then nothing is disclosed.
  std::optional<std::vector<StoredSighting>> disclose(const Query& query, const SightingQuery& s,
                                                      std::uint32_t limit);
  // The envelope of a message to send now or after a commit, with the next message id.
  EnvelopeHeader headerOf(Millis now);
  void send(const Outbound& out, Millis now);
  void sendFrame(Endpoint endpoint, const std::string& peer, std::string_view bytes,
                 const char* what);
  void logEvents(const std::vector<Event>& events);

  EventStore& store_;
  CoordinatorOptions options_;
  SteppedClock steppedClock_;  // used instead of the given clock with --clock stepped
  const Clock& clock_;
  spdlog::logger& log_;
  zmq::context_t& context_;
  std::vector<SecurityNote> securityNotes_;  // for the audit log, written with the next commit
  Authenticator auth_;                       // bound before the sockets it protects
  zmq::socket_t agent_;
  zmq::socket_t control_;
  zmq::socket_t updates_;
  std::string agentEndpoint_;
  std::string controlEndpoint_;
  std::string updatesEndpoint_;
  OperationState state_;
  screening::Screener screener_;
  AuditLog audit_;
  std::optional<lmdb::Txn> readTxn_;
  DedupIndex dedup_{store_, [this]() -> const lmdb::Txn& { return readTxn(); }};
  Turn turn_;
  // Reused from message to message, so that a heartbeat costs no allocation (docs/performance.md,
  // "Memory"): the frames received, the routing id, the decoded envelope, the encoder of what
  // is sent, and the heartbeat update.
  zmq::message_t routingId_;
  zmq::message_t content_;
  zmq::message_t extra_;
  std::string peer_;
  Envelope inbound_;
  Encoder encoder_;
  Update heartbeat_;
  // What waits for the batch in flight, sent once it is durable: its replies and updates,
  // encoded while the worker commits, and the queries, answered then.
  struct Reply {
    Endpoint endpoint;
    std::string peer;
    const char* what;  // bodyName, for the log
    std::string frame;
  };
  struct Pending {
    std::vector<Reply> replies;
    std::vector<std::string> updateFrames;
    std::vector<Query> queries;
    bool heartbeat = false;  // the updates end with the heartbeat
    Millis now = 0;
  };
  Pending pending_;
  std::vector<Event> spareEvents_;  // a returned batch's buffer, reused by the next turn
  std::uint64_t committedSeq_;      // the last durable event; the store's, read while idle
  Committer committer_;             // after what it is used with: destroyed first
  std::uint64_t nextMessageId_;
  LoopStats stats_;
  // Stepped clock: held agent messages, advances waiting for them, and the counts they use.
  std::vector<Held> held_;
  std::deque<Advance> advances_;
  std::vector<Advance> advanced_;  // done this turn: answered after the commit
  std::chrono::steady_clock::time_point advanceWaitSince_{};
  std::uint64_t agentReceived_ = 0;  // agent messages received in all
  std::uint64_t delivered_ = 0;      // messages sent to agents in all
  std::chrono::steady_clock::time_point lastHeartbeat_{};
  std::chrono::steady_clock::time_point lastTrim_ = std::chrono::steady_clock::now();
  std::size_t linksPeak_ = 0;  // most units connected since the last trim
  // The earliest timers, kept from turn to turn. When a unit could be lost (nextUnitLost) walks
  // every unit, and no decision makes it earlier: recomputed only when passed and after a
  // tick() that looked for lost units. Our heartbeats' (nextHeartbeatDue, the front of the
  // links' order) after a tick or a link change; the tasks' and alerts' (nextWorkTimer) after
  // any decision that changes the state (timersChanged_): a turn of heartbeats leaves all three.
  Millis lostDue_ = 0;  // nextUnitLost: tick() looks for lost units only once it has passed
  bool lostChanged_ = true;
  Millis heartbeatsDue_ = 0;  // nextHeartbeatDue
  bool heartbeatsChanged_ = true;
  Millis workTimersDue_ = 0;
  bool timersChanged_ = true;
};

// An endpoint that could not be bound, named: which of the coordinator's three it is, where, why,
// and which flag chooses another.
class BindError : public std::runtime_error {
 public:
  BindError(const std::string& what, const std::string& endpoint, const std::string& flag,
            const zmq::error_t& e);
  int num() const { return num_; }

 private:
  int num_;
};

// A PUB socket for the update stream, protected by `auth`, bound to `endpoint`; BindError if it
// cannot be bound.
zmq::socket_t bindPublisher(zmq::context_t& context, const std::string& endpoint,
                            Authenticator& auth);

// The wall clock in ms since the Unix epoch (message ids, the access log), not the operation's.
std::uint64_t wallMillis();

// Writes the bound endpoints to a file, atomically, for tests and scripts.
void writeReadyFile(const std::string& path, const Coordinator& coordinator);

}  // namespace fieldops
