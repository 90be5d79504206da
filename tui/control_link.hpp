// The control endpoint as the dashboard uses it: requests queued and sent one at a time (a
// ControlReply carries no request id, so one in flight keeps replies matched), never blocking,
// each with a deadline. A request that gets no answer in time is reported lost and the DEALER is
// replaced (zguide "Lazy Pirate"), so a late answer can never be taken for the next one's.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <protocol/session.hpp>
#include <tui/input.hpp>

namespace fieldops::dashboard {

inline constexpr Millis kRequestTimeout = 5000;

struct Completed {
  Outgoing request;
  std::optional<ControlReply> reply;  // set on success
  Error error;                        // otherwise: the coordinator's Error, or a local timeout
};

class ControlLink {
 public:
  ControlLink(zmq::context_t& context, SessionOptions options, Millis timeout = kRequestTimeout);

  // Queues a request; a second snapshot or sightings request while one is queued is dropped.
  void enqueue(Outgoing request);
  // Sends the next queued request if none is in flight.
  void pump(Millis now);
  // Reads one answer if there is one (call when the socket is readable, until it returns none).
  std::optional<Completed> receive(Millis now);
  // The request in flight past its deadline, reported lost (and the socket replaced).
  std::optional<Completed> expire(Millis now);
  // How long until the in-flight request's deadline; -1 when none is in flight.
  Millis timeToDeadline(Millis now) const;

  zmq::socket_t& socket() { return session_->socket(); }
  // Whether the coordinator refused this client's key at the last handshake (CURVE: not
  // enrolled, or revoked); cleared by a handshake that succeeds. Reads the socket's monitor.
  bool keyRefused();
  bool idle() const { return !inFlight_ && queue_.empty(); }

 private:
  zmq::context_t& context_;
  SessionOptions options_;
  Millis timeout_;
  std::unique_ptr<Session> session_;
  std::unique_ptr<zmq::socket_t> monitor_;  // handshake events of session_'s socket
  std::uint64_t monitors_ = 0;              // a fresh inproc endpoint per socket
  bool refused_ = false;
  void watch();
  std::deque<Outgoing> queue_;
  std::optional<Outgoing> inFlight_;
  std::uint64_t inFlightId_ = 0;
  Millis deadline_ = 0;
};

}  // namespace fieldops::dashboard
