// The coordinator's door: the ZAP handler that lets only enrolled CURVE keys in, the socket
// monitors that log failed handshakes, and the live allow-list (docs/security.md).
//
// Polled by the coordinator's one loop (pollItems / onReady). It is bound before any server
// socket, so no handshake can happen without it. The allow-list file is watched and reloaded
// on a thread of its own (allow_list_watcher.hpp); the loop only swaps the result in.
#pragma once

#include <spdlog/logger.h>

#include <chrono>
#include <coordinator/allow_list.hpp>
#include <coordinator/allow_list_watcher.hpp>
#include <coordinator/core.hpp>
#include <coordinator/principal.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <protocol/curve.hpp>
#include <string>
#include <vector>
#include <zmq.hpp>

namespace fieldops {

struct SecurityOptions {
  std::string keyFile;        // the coordinator's key pair; "" = DATA-DIR/coordinator.key
  std::string allowListFile;  // "" = DATA-DIR/allow-list
  // --insecure-dev: no CURVE, no allow-list, every caller trusted. Local development only;
  // logged loudly at start and every minute.
  bool insecureDev = false;
};

// Something security-relevant that happened at the door, for the audit log.
struct SecurityNote {
  std::string action;   // e.g. "auth.refused", "auth.failed", "allow-list.revoked"
  std::string subject;  // a principal name, a public key or an endpoint
  std::string detail;
};

class Authenticator {
 public:
  using Notify = std::function<void(const SecurityNote&)>;

  // Binds the ZAP handler and loads the allow-list and the key pair (throws
  // std::runtime_error with a plain message when either is missing or invalid). With
  // insecureDev, does neither.
  // The key pair is read from options.keyFile or DATA-DIR/coordinator.key, and created there
  // (with its .pub) on first start when absent.
  Authenticator(zmq::context_t& context, const SecurityOptions& options, const std::string& dataDir,
                spdlog::logger& log, Notify notify);
  ~Authenticator();
  Authenticator(const Authenticator&) = delete;
  Authenticator& operator=(const Authenticator&) = delete;

  bool secure() const { return !insecureDev_; }
  const std::string& publicKey() const { return keys_.publicKey; }

  // Makes `socket` a CURVE server (before it is bound) in `zapDomain` (curve.hpp) and
  // monitors its handshakes.
  void protect(zmq::socket_t& socket, const std::string& name, const char* zapDomain);

  // The ZAP and monitor sockets, to poll with the rest; onReady() handles what arrived. Also
  // the watcher's readiness, which wakes the loop for applyReload().
  void addPollItems(std::vector<zmq::pollitem_t>& items) const;
  void onReady(const std::vector<zmq::pollitem_t>& items, std::size_t first);

  // Answers the ZAP requests waiting now, without polling: for a wait inside a loop turn
  // (rebinding the update stream), since a closing socket's handshakes wait for these answers.
  void answerPending() {
    if (zap_) answerZap();
  }

  // Who sent `frame` (a message's content frame, from a protected ROUTER): the principal
  // enrolled now with the key the ZAP handler authenticated (the User-Id is that public key).
  // Empty when the key is no longer enrolled (revoked since its handshake, or the principal
  // re-enrolled with another key); its connection is then dropped. Unauthenticated callers
  // with insecureDev. Valid until the next applyReload(). Allocates nothing once the
  // connection's first message has been seen (it is asked for every message).
  const Principal* principalOf(const zmq::message_t& frame, Endpoint endpoint);

  // Puts in force, in one step, the allow-list the watcher read since its file changed (it looks
  // once a second), if any; cheap when there is none, so the loop calls it every turn. The
  // principals withdrawn (revoked, or re-enrolled differently) have their connections dropped
  // and are returned, so the caller can drop what it holds for them too.
  std::vector<std::string> applyReload();

  // Reports the failed attempts not yet reported one by one (the "N more" note), window over
  // or not: for the coordinator's shutdown, so that a flood's count is not lost.
  void flushFailures();

 private:
  void answerZap();
  void readMonitor(std::size_t index);
  void noteFailure(const std::string& action, const std::string& subject,
                   const std::string& detail);
  // The "N more failed connection attempts" line, and with `notify` its note; then zero.
  void reportSuppressed(bool notify);
  // Shuts down the connections of these principals: one pass over the sessions.
  void dropSessions(const std::vector<std::string>& principals);

  struct Monitor {
    std::string name;
    zmq::socket_t pair;
  };

  zmq::context_t& context_;
  spdlog::logger& log_;
  Notify notify_;
  bool insecureDev_;
  std::string allowListFile_;
  curve::KeyPair keys_;
  std::shared_ptr<const AllowList> allowList_;  // in force; replaced whole by applyReload()
  std::optional<zmq::socket_t> zap_;
  std::vector<std::unique_ptr<Monitor>> monitors_;
  std::map<int, std::string> sessions_;  // connection fd -> principal, from messages seen
  std::string userId_;                   // principalOf's look-up key, reused
  Principal insecureAgent_;              // the callers assumed with insecureDev
  Principal insecureControl_;
  // Failure logging is bounded, so a flood cannot fill the disk: at most this many lines per
  // window, then one summary line.
  std::chrono::steady_clock::time_point failureWindow_{};
  unsigned failuresInWindow_ = 0;
  unsigned failuresSuppressed_ = 0;
  std::chrono::steady_clock::time_point lastDevWarning_{};
  std::unique_ptr<AllowListWatcher> watcher_;  // null with insecureDev
};

// The allow-list file a coordinator on that data dir uses.
std::string allowListPath(const SecurityOptions& options, const std::string& dataDir);

}  // namespace fieldops
