// The coordinator's door (see authenticator.hpp).
#include <sys/socket.h>

#include <array>
#include <coordinator/authenticator.hpp>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <unordered_set>
#include <zmq_addon.hpp>

namespace fieldops {

namespace {

constexpr auto kFailureWindow = std::chrono::seconds(10);
constexpr unsigned kFailuresLoggedPerWindow = 20;
constexpr auto kDevWarningEvery = std::chrono::minutes(1);
constexpr int kMonitorEvents = ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_CLOSED |
                               ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL |
                               ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL |
                               ZMQ_EVENT_HANDSHAKE_FAILED_AUTH;

std::string z85(const std::string& binaryKey) {
  if (binaryKey.size() != 32) return "(not a 32-byte key)";
  std::array<char, curve::kZ85KeyLength + 1> text{};
  zmq_z85_encode(text.data(), reinterpret_cast<const std::uint8_t*>(binaryKey.data()), 32);
  return std::string(text.data(), curve::kZ85KeyLength);
}

curve::KeyPair loadOrCreateKeys(const std::string& path, spdlog::logger& log, bool given) {
  if (given || std::filesystem::exists(path)) {
    auto keys = curve::readKeyFile(path);
    if (!keys) throw std::runtime_error(keys.error().message);
    return *keys;
  }
  const curve::KeyPair keys = curve::generate();
  if (auto bad = curve::writeKeyFiles(path, keys, "the coordinator")) {
    throw std::runtime_error(*bad);
  }
  log.warn("created the coordinator's key pair {} (public key {}): give {}.pub to every client",
           path, keys.publicKey, path);
  return keys;
}

}  // namespace

std::string allowListPath(const SecurityOptions& options, const std::string& dataDir) {
  return options.allowListFile.empty() ? dataDir + "/allow-list" : options.allowListFile;
}

Authenticator::Authenticator(zmq::context_t& context, const SecurityOptions& options,
                             const std::string& dataDir, spdlog::logger& log, Notify notify)
    : context_(context),
      log_(log),
      notify_(std::move(notify)),
      insecureDev_(options.insecureDev),
      allowListFile_(allowListPath(options, dataDir)),
      insecureAgent_(unauthenticatedAgent()),
      insecureControl_(unauthenticatedControl()) {
  if (insecureDev_) {
    log_.critical(
        "INSECURE DEVELOPMENT MODE (--insecure-dev): no encryption, no "
        "authentication, every caller trusted. Never use it with real data.");
    lastDevWarning_ = std::chrono::steady_clock::now();
    return;
  }
  const FileStamp stamp = stampOf(allowListFile_);  // before the read: see look()
  auto list = AllowList::load(allowListFile_);
  if (!list) {
    throw std::runtime_error(list.error() +
                             "; the coordinator does not start without an allow-list (enrol "
                             "keys with: fieldops-coordinator enroll)");
  }
  allowList_ = std::make_shared<const AllowList>(std::move(*list));
  const std::string keyFile =
      options.keyFile.empty() ? dataDir + "/coordinator.key" : options.keyFile;
  keys_ = loadOrCreateKeys(keyFile, log_, !options.keyFile.empty());
  // The ZAP handler, before any server socket exists (libzmq admits everyone without one).
  zap_.emplace(context, zmq::socket_type::rep);
  zap_->set(zmq::sockopt::linger, 0);
  zap_->bind("inproc://zeromq.zap.01");
  log_.info("CURVE on every endpoint, public key {}; {} principals enrolled in {}", keys_.publicKey,
            allowList_->entries().size(), allowListFile_);
  watcher_ = std::make_unique<AllowListWatcher>(allowListFile_, allowList_, stamp);
}

// Normally nothing is left: the coordinator calls flushFailures() when its loop ends. The
// Coordinator destroys its access log (audit_) before this, and nothing writes its notes any
// more, so a count still held here is only logged.
Authenticator::~Authenticator() {
  reportSuppressed(false);
}

void Authenticator::protect(zmq::socket_t& socket, const std::string& name, const char* zapDomain) {
  if (insecureDev_) return;
  curve::makeServer(socket, keys_, zapDomain);
  const std::string endpoint = "inproc://fieldops-monitor-" + name + "-" +
                               std::to_string(reinterpret_cast<std::uintptr_t>(this));
  if (zmq_socket_monitor(socket.handle(), endpoint.c_str(), kMonitorEvents) != 0) {
    throw zmq::error_t();
  }
  // A socket bound afresh (the update stream after a revocation) replaces its old monitor.
  std::erase_if(monitors_, [&](const auto& old) { return old->name == name; });
  auto m =
      std::make_unique<Monitor>(Monitor{name, zmq::socket_t(context_, zmq::socket_type::pair)});
  m->pair.set(zmq::sockopt::linger, 0);
  m->pair.connect(endpoint);
  monitors_.push_back(std::move(m));
}

void Authenticator::addPollItems(std::vector<zmq::pollitem_t>& items) const {
  if (insecureDev_) return;
  items.push_back({const_cast<zmq::socket_t&>(*zap_).handle(), 0, ZMQ_POLLIN, 0});
  for (const auto& m : monitors_) items.push_back({m->pair.handle(), 0, ZMQ_POLLIN, 0});
  items.push_back({nullptr, watcher_->fd(), ZMQ_POLLIN, 0});  // taken by applyReload()
}

void Authenticator::onReady(const std::vector<zmq::pollitem_t>& items, std::size_t first) {
  if (insecureDev_) {
    const auto now = std::chrono::steady_clock::now();
    if (now - lastDevWarning_ >= kDevWarningEvery) {
      lastDevWarning_ = now;
      log_.critical("still in INSECURE DEVELOPMENT MODE: no authentication");
    }
    return;
  }
  // Monitors first: a connection's accepted event then precedes anything learnt from its
  // messages (sessions_ is keyed by fd, which the kernel reuses).
  for (std::size_t i = 0; i < monitors_.size(); ++i) {
    if (items.at(first + 1 + i).revents & ZMQ_POLLIN) readMonitor(i);
  }
  if (items.at(first).revents & ZMQ_POLLIN) answerZap();
  // A flood that stopped: its count is recorded once its window is over, not only when a later
  // failure arrives (which may never come).
  if (failuresSuppressed_ > 0 &&
      std::chrono::steady_clock::now() - failureWindow_ >= kFailureWindow) {
    reportSuppressed(true);
  }
}

void Authenticator::answerZap() {
  for (int n = 0; n < 1000; ++n) {  // bounded per turn; the rest wait for the next
    std::vector<zmq::message_t> request;
    if (!zmq::recv_multipart(*zap_, std::back_inserter(request), zmq::recv_flags::dontwait)) {
      return;
    }
    // ZAP 1.0 (RFC 27): version, request id, domain, address, routing id, mechanism, credentials.
    std::string status = "400", text = "not enrolled", userId;
    if (request.size() < 6 || request[0].to_string_view() != "1.0") {
      status = "500";
      text = "malformed ZAP request";
    } else if (request[5].to_string_view() != "CURVE" || request.size() != 7) {
      text = "CURVE required";
      noteFailure("auth.refused", request[3].to_string(), "mechanism " + request[5].to_string());
    } else if (const Principal* p = allowList_->byKey(z85(request[6].to_string()))) {
      // Agents only on the agent link; every other role only on control and updates.
      const bool agentLink = request[2].to_string_view() == curve::kAgentDomain;
      if ((p->role == Role::agent) == agentLink) {
        status = "200";
        text = "OK";
        userId = z85(request[6].to_string());  // the key: principalOf looks it up afresh
      } else {
        text = "wrong endpoint for this role";
        noteFailure("auth.refused", p->name,
                    std::string(roleName(p->role)) + " key on the " + request[2].to_string() +
                        " endpoint, from " + request[3].to_string());
      }
    } else {
      noteFailure("auth.refused", z85(request[6].to_string()),
                  "key not enrolled, from " + request[3].to_string());
    }
    std::array<zmq::const_buffer, 6> reply = {
        zmq::str_buffer("1.0"),
        zmq::buffer(request.size() > 1 ? request[1].to_string_view() : std::string_view()),
        zmq::buffer(status),
        zmq::buffer(text),
        zmq::buffer(userId),
        zmq::const_buffer()};
    zmq::send_multipart(*zap_, reply);
  }
}

void Authenticator::readMonitor(std::size_t index) {
  Monitor& m = *monitors_[index];
  for (int n = 0; n < 1000; ++n) {
    std::vector<zmq::message_t> frames;
    if (!zmq::recv_multipart(m.pair, std::back_inserter(frames), zmq::recv_flags::dontwait)) {
      return;
    }
    if (frames.size() < 2 || frames[0].size() < 6) continue;
    std::uint16_t event = 0;
    std::uint32_t value = 0;
    std::memcpy(&event, frames[0].data(), 2);
    std::memcpy(&value, static_cast<const char*>(frames[0].data()) + 2, 4);
    switch (event) {
      case ZMQ_EVENT_ACCEPTED:
      case ZMQ_EVENT_DISCONNECTED:
      case ZMQ_EVENT_CLOSED:
        sessions_.erase(static_cast<int>(value));  // a new or a gone connection: no principal
        break;
      case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH:
        noteFailure("auth.failed", m.name,
                    "authentication refused (ZAP status " + std::to_string(value) + ")");
        break;
      case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL:
        noteFailure("auth.failed", m.name,
                    "CURVE handshake failed: protocol error " + std::to_string(value));
        break;
      case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL:
        noteFailure("auth.failed", m.name,
                    "handshake failed (errno " + std::to_string(value) + ": " +
                        std::strerror(static_cast<int>(value)) + ")");
        break;
      default:
        break;
    }
  }
}

void Authenticator::noteFailure(const std::string& action, const std::string& subject,
                                const std::string& detail) {
  const auto now = std::chrono::steady_clock::now();
  if (now - failureWindow_ >= kFailureWindow) {
    reportSuppressed(true);  // normally done already by onReady, once the window ended
    failureWindow_ = now;
    failuresInWindow_ = 0;
  }
  if (++failuresInWindow_ > kFailuresLoggedPerWindow) {
    ++failuresSuppressed_;
    return;
  }
  log_.warn("security: {} {}: {}", action, subject, detail);
  if (notify_) notify_({action, subject, detail});
}

void Authenticator::reportSuppressed(bool notify) {
  if (failuresSuppressed_ == 0) return;
  log_.warn("{} more failed connection attempts within {} s (not logged one by one)",
            failuresSuppressed_,
            std::chrono::duration_cast<std::chrono::seconds>(kFailureWindow).count());
  if (notify && notify_) {
    notify_({"auth.failed", "(many)",
             std::to_string(failuresSuppressed_) + " more failures, not recorded one by one"});
  }
  failuresSuppressed_ = 0;
}

void Authenticator::flushFailures() {
  reportSuppressed(true);
}

const Principal* Authenticator::principalOf(const zmq::message_t& frame, Endpoint endpoint) {
  if (insecureDev_) return endpoint == Endpoint::agent ? &insecureAgent_ : &insecureControl_;
  auto* msg = const_cast<zmq_msg_t*>(frame.handle());
  const char* userId = zmq_msg_gets(msg, "User-Id");
  const int fd = zmq_msg_get(msg, ZMQ_SRCFD);
  if (userId != nullptr) userId_.assign(userId);  // within the capacity of the last key
  const Principal* e = userId == nullptr ? nullptr : allowList_->byKey(userId_);
  if (e == nullptr) {
    // Authenticated at its handshake but revoked since (or no ZAP at all: impossible here).
    if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
    noteFailure("auth.revoked-session", userId == nullptr ? "(unknown)" : userId,
                "message from a key no longer enrolled: connection dropped");
    return nullptr;
  }
  if (fd >= 0) {
    auto [session, added] = sessions_.try_emplace(fd, e->name);
    if (!added && session->second != e->name) session->second = e->name;
  }
  return e;
}

void Authenticator::dropSessions(const std::vector<std::string>& principals) {
  const std::unordered_set<std::string> gone(principals.begin(), principals.end());
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (gone.count(it->second)) {
      // libzmq sees the connection end and tears down the session; the client's reconnect
      // then meets the ZAP handler, which refuses it.
      ::shutdown(it->first, SHUT_RDWR);
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
}

std::vector<std::string> Authenticator::applyReload() {
  if (!watcher_) return {};
  auto reload = watcher_->take();
  if (!reload) return {};
  if (!reload->list) {
    log_.error("allow-list not reloaded, the one loaded before stays in force: {}", reload->error);
    if (notify_) notify_({"allow-list.rejected", allowListFile_, reload->error});
    return {};
  }
  for (const Principal& p : reload->change.enrolled) {
    log_.info("allow-list: {} enrolled as {}", p.name, roleName(p.role));
    if (notify_) notify_({"allow-list.enrolled", p.name, std::string(roleName(p.role))});
  }
  // In one step; the list replaced is freed on the watcher's thread.
  watcher_->retire(std::exchange(allowList_, std::move(reload->list)));
  std::vector<std::string> withdrawn = std::move(reload->change.withdrawn);
  dropSessions(withdrawn);
  for (const auto& name : withdrawn) {
    log_.warn("allow-list: {} revoked or changed; its connections are dropped", name);
    if (notify_) notify_({"allow-list.revoked", name, "connections dropped"});
  }
  return withdrawn;
}

}  // namespace fieldops
