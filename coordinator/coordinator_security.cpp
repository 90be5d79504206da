// The coordinator's side of a revocation (docs/security.md): the Authenticator has dropped the
// principal's connections on the routers; the update stream cannot drop one subscriber, so it
// is bound afresh and every subscriber authenticates again (the revoked one is refused).
#include <coordinator/coordinator.hpp>
#include <thread>
#include <unordered_set>

namespace fieldops {

namespace {
constexpr int kRebindAttempts = 100;
constexpr auto kRebindPause = std::chrono::milliseconds(20);
}  // namespace

void Coordinator::applyAllowListChanges() {
  const auto withdrawn = auth_.applyReload();
  if (withdrawn.empty()) return;
  // Messages the exercise clock still holds from them are not theirs to send any more.
  const std::unordered_set<std::string> gone(withdrawn.begin(), withdrawn.end());
  const auto before = held_.size();
  std::erase_if(held_, [&](const Held& h) { return gone.count(h.caller.name) > 0; });
  if (held_.size() != before) {
    log_.warn("{} held agent messages of revoked principals dropped", before - held_.size());
    securityNotes_.push_back({"allow-list.revoked", "held messages",
                              std::to_string(before - held_.size()) + " dropped unprocessed"});
  }
  rebindUpdates();
}

void Coordinator::rebindUpdates() {
  const std::string endpoint = updatesEndpoint_;  // as bound: an ephemeral port stays the same
  updates_.close();
  for (int attempt = 1;; ++attempt) {
    int num = 0;
    std::string what;
    try {
      updates_ = bindPublisher(context_, endpoint, auth_);
      break;
    } catch (const BindError& e) {  // the port
      num = e.num();
      what = e.what();
    } catch (const zmq::error_t& e) {  // the socket's monitor endpoint, also released late
      num = e.num();
      what = e.what();
    }
    // The old listener closes in libzmq's I/O thread, shortly after close() returns.
    if (num != EADDRINUSE || attempt == kRebindAttempts) {
      log_.critical("cannot bind the update stream again on {}: {}; stopping", endpoint,
                    what);
      log_.flush();
      std::abort();  // a coordinator without its update stream would mislead the commanders
    }
    // The old socket is not gone until its handshakes in progress have their ZAP answers,
    // and the answers come from this thread: give them, or the port is never released.
    auth_.answerPending();
    std::this_thread::sleep_for(kRebindPause);
  }
  log_.info("update stream bound again on {}: every subscriber authenticates anew", endpoint);
}

}  // namespace fieldops
