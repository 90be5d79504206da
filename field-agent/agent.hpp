// The field agent's engine: the link to the coordinator (register, heartbeats, reconnect with
// backoff and jitter) and store-and-forward of the outbox. Frontends (console, scripted) feed it
// commands and hear about what happens through AgentEvents.
#pragma once

#include <field-agent/agent_options.hpp>
#include <field-agent/agent_store.hpp>
#include <protocol/expected.hpp>
#include <protocol/session.hpp>

#include <zmq.hpp>

#include <unordered_set>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace fieldops {

enum class LinkState { connecting, online, offline };
const char* linkStateName(LinkState s);

// What the agent tells its frontend.
class AgentEvents {
 public:
  virtual ~AgentEvents() = default;
  virtual void registered(const Welcome& welcome) = 0;
  virtual void offline(const std::string& reason, Millis retryAt) = 0;
  virtual void taskReceived(const TaskView& task) = 0;
  virtual void taskCancelled(const TaskView& task, const std::string& reason) = 0;
  virtual void acknowledged(const OutboxEntry& entry, bool duplicate) = 0;
  // The coordinator refused a message for good; it has left the outbox.
  virtual void refused(const OutboxEntry& entry, const Error& error) = 0;
  // An error that ends the session (registration refused, wrong operation).
  virtual void fatal(const std::string& message) = 0;
};

struct AgentStatus {
  LinkState link = LinkState::offline;
  std::size_t outboxDepth = 0;
  Millis lastAckAt = 0;     // 0: never
  Millis nextRetryAt = 0;   // when offline
};

class Agent {
 public:
  Agent(zmq::context_t& context, AgentStore& store, AgentOptions options, AgentEvents& events,
        std::uint64_t randomSeed);

  // Commands. Each is durable in the outbox before it returns; an error is a plain message.
  Expected<OutboxEntry, std::string> report(Sighting sighting, Millis now);
  Expected<OutboxEntry, std::string> answerTask(std::uint64_t taskId, TaskAckDecision decision,
                                                const std::string& reason, Millis now);
  Expected<OutboxEntry, std::string> updateTask(std::uint64_t taskId, TaskProgress status,
                                                const std::string& note, Millis now);

  AgentStatus status() const;
  // Tasks held locally, highest priority first, then earliest due.
  std::vector<TaskView> tasks() const;
  const AgentOptions& options() const { return options_; }

  // Loop integration: the socket to poll (null only while the key is refused) and the next timer.
  zmq::socket_t* socket();
  // The socket's handshake monitor, to poll too (null only while the key is refused).
  zmq::socket_t* monitor() { return monitor_.get(); }
  void onMonitor(Millis now);
  Millis nextTimer() const;
  void onReadable(Millis now);
  void onTimer(Millis now);
  void start(Millis now);

 private:
  // Opens the one connection the agent keeps (ZeroMQ re-opens it whenever it drops) and says
  // hello when it is made.
  void connect(Millis now);
  // Registers (again) on the connection: Welcome due within the hello timeout.
  void sayHello(Millis now);
  // Offline: hello again after the backoff, with jitter. With `spread` (the coordinator went
  // silent: a restart, seen by every agent at once) the retry is drawn over the whole liveness
  // window instead, so that re-registrations do not arrive in step. With `close`, the connection
  // is closed and a new one opened then (the coordinator refused this agent's key).
  void goOffline(const std::string& reason, Millis now, bool spread = false, bool close = false);
  void handle(const Envelope& env, Millis now);
  void handleError(const Error& error, Millis now);
  void pump(Millis now);
  // False when the socket did not take it (no connection: ZMQ_IMMEDIATE).
  bool sendNow(const Body& body, Millis now);
  // Queues a message durably; with `task`, the task's new local state is saved in the same
  // transaction, so the outbox and the task list never disagree after a crash.
  Expected<OutboxEntry, std::string> enqueue(Body body, Millis now, const TaskView* task = nullptr);
  // An outbox position not yet acknowledged this turn.
  std::optional<std::size_t> pending(std::optional<std::size_t> position) const;
  void acknowledge(std::size_t index, bool duplicate, Millis now);
  void retireAcknowledged();

  zmq::context_t& context_;
  AgentStore& store_;
  AgentOptions options_;
  AgentEvents& events_;
  std::mt19937_64 random_;
  int reconnectInterval_ = 100;  // ZMQ_RECONNECT_IVL of every socket: drawn once per agent

  void closeSocket();

  std::unique_ptr<zmq::socket_t> socket_;
  // Handshake events of socket_: a connection made (say hello at once), or this key refused (ZAP
  // denies without a message; the link would otherwise just stay silent).
  std::unique_ptr<zmq::socket_t> monitor_;
  std::uint64_t monitors_ = 0;  // for a fresh inproc endpoint per socket
  LinkState link_ = LinkState::offline;
  Millis deadline_ = 0;        // connecting: Welcome due; online: silence limit; offline: retry
  Millis backoff_ = 0;
  Millis heartbeatInterval_ = 1000;
  std::uint32_t liveness_ = 3;
  Millis lastSentAt_ = 0;
  bool helloUnsent_ = false;  // connecting: the hello is still to go (sayHello)
  Millis lastAckAt_ = 0;
  std::size_t inFlight_ = 0;   // outbox entries sent since the last (re)start from the head
  Millis oldestInFlightAt_ = 0;
  std::unordered_set<std::uint64_t> acked_;  // seqs acknowledged this turn, removed together
};

}  // namespace fieldops
