// The client side of the protocol: a DEALER connection that stamps envelopes and decodes what
// arrives through the one decoder. The agent, the dashboard and the replayer build on it.
#pragma once

#include <protocol/codec.hpp>
#include <protocol/curve.hpp>
#include <protocol/messages.hpp>

#include <zmq.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace fieldops {

struct SessionOptions {
  std::string endpoint;        // e.g. tcp://127.0.0.1:7400
  std::string operationId;
  bool exercise = true;
  // CURVE: this client's key pair and the coordinator's public key. Empty only against a
  // coordinator run with --insecure-dev (docs/security.md).
  std::optional<curve::ClientKeys> keys{};
};

class Session {
 public:
  Session(zmq::context_t& context, SessionOptions options);

  // Sends one message now; returns its message id. Never blocks: returns 0 when the socket
  // cannot take it (no connection yet and the queue is full).
  std::uint64_t send(const Body& body, Millis now);

  // The next message, waiting at most `timeout`. A frame that fails to decode is returned as a
  // local Error (code from the decoder), so callers see one stream of Envelopes.
  std::optional<Envelope> receive(std::chrono::milliseconds timeout);

  zmq::socket_t& socket() { return socket_; }
  const SessionOptions& options() const { return options_; }

 private:
  SessionOptions options_;
  zmq::socket_t socket_;
  std::uint64_t nextMessageId_;
};

// A control-endpoint client: one request, one reply, bounded in time.
class ControlClient {
 public:
  ControlClient(zmq::context_t& context, SessionOptions options);
  // The reply, or the Error the coordinator (or a timeout) gave.
  Expected<ControlReply, Error> request(const ControlRequest& request,
                                        std::chrono::milliseconds timeout,
                                        std::uint64_t* messageId = nullptr);

 private:
  Session session_;
};

Millis wallClockNow();

}  // namespace fieldops
