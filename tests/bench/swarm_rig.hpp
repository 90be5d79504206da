// What bench_storm and bench_latency share: a coordinator child (release build) with or without
// CURVE, and crowds of simulated units (tests/support/unit_swarm.hpp) in child processes of the
// benchmark's own binary, up to 1,000 units each: a turn of a child polls all its sockets, so
// smaller children spend far less CPU for the same units (each unit is a socket and two files).
#pragma once

#include <coordinator/allow_list.hpp>
#include <protocol/curve.hpp>
#include <tests/support/support.hpp>
#include <tests/support/unit_swarm.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace fieldops::bench {

using namespace std::chrono_literals;
using test::Child;
using test::TempDir;
using Steady = std::chrono::steady_clock;

inline constexpr std::size_t kUnitsPerProcess = 1000;

// This program, by absolute path: the swarm children are started from other directories.
inline std::string selfPath() { return std::filesystem::read_symlink("/proc/self/exe").string(); }

inline long long steadyNanos(Steady::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

// Keys for units 0..count-1 (agents bound to "UNIT-i") and the coordinator, the allow-list
// written in one step, and a file the swarm children read their keys from.
struct SwarmKeys {
  curve::KeyPair server = curve::generate();
  std::vector<curve::KeyPair> units;
  std::string keyFile, allowList, unitKeys;

  SwarmKeys(const TempDir& dir, std::size_t count, const std::string& prefix = "UNIT-") {
    keyFile = dir / "coordinator.key";
    allowList = dir / "allow-list";
    unitKeys = dir / "unit-keys";
    if (auto bad = curve::writeKeyFiles(keyFile, server, "coordinator")) throw std::runtime_error(*bad);
    std::ofstream out(unitKeys);
    for (std::size_t i = 0; i < count; ++i) {
      units.push_back(curve::generate());
      out << units.back().publicKey << ' ' << units.back().secretKey << '\n';
    }
    auto bad = updateAllowList(allowList, [&](AllowList& list) -> std::optional<std::string> {
      for (std::size_t i = 0; i < count; ++i) {
        const std::string unit = prefix + std::to_string(i);
        if (auto p = list.enroll({units[i].publicKey, {"unit." + unit, Role::agent, unit}})) return p;
      }
      return std::nullopt;
    });
    if (bad) throw std::runtime_error(*bad);
  }
  std::optional<curve::ClientKeys> keysOf(std::size_t i) const {
    return curve::ClientKeys{units.at(i), server.publicKey};
  }
};

// A fieldops-coordinator child on `dir`/data; `agent` is where its agent link listens.
class CoordinatorChild {
 public:
  CoordinatorChild(std::string bin, const TempDir& dir, const SwarmKeys* keys)
      : bin_(std::move(bin)), dir_(dir), keys_(keys) {}
  // Starts it and returns when its ready file is there (the time it took is readyAfter()).
  void start() {
    const std::string ready = dir_ / ("ready-" + std::to_string(++round_));
    std::vector<std::string> args = {"--data-dir", dir_ / "data", "--operation", test::kOperation,
                                     "--agent-endpoint", agent_, "--control-endpoint",
                                     "tcp://127.0.0.1:*", "--updates-endpoint", "tcp://127.0.0.1:*",
                                     "--ready-file", ready, "--log-level", "warn"};
    if (keys_ != nullptr) {
      args.insert(args.end(), {"--key", keys_->keyFile, "--allow-list", keys_->allowList});
    } else {
      args.push_back("--insecure-dev");
    }
    startedAt_ = Steady::now();
    child_ = std::make_unique<Child>(bin_, args, dir_.path());
    agent_ = test::waitReadyFile(ready, 120s).at("agent");
    readyAt_ = Steady::now();
  }
  void stop(int sig) {
    child_->signal(sig);
    (void)child_->wait(120s);
    child_.reset();
  }
  const std::string& agent() const { return agent_; }
  Steady::time_point startedAt() const { return startedAt_; }
  Steady::time_point readyAt() const { return readyAt_; }

 private:
  std::string bin_;
  const TempDir& dir_;
  const SwarmKeys* keys_;
  std::string agent_ = "tcp://127.0.0.1:*";
  int round_ = 0;
  std::unique_ptr<Child> child_;
  Steady::time_point startedAt_{}, readyAt_{};
};

// The swarm children: `self swarm ENDPOINT FIRST COUNT RECONNECT_MAX_MS NICE [UNIT_KEYS SERVER_KEY]`.
// A child prints "registered NS" once all its units are welcomed, and after each SIGUSR1
// (a restart mark) "back NS" once all are welcomed again (NS: steady clock). SIGTERM ends it.
class SwarmChildren {
 public:
  // `nice`: the children's niceness (see runSwarmChild).
  SwarmChildren(const std::string& self, const TempDir& dir, const std::string& endpoint,
                std::size_t first, std::size_t count, Millis reconnectMax,
                const SwarmKeys* keys, int nice = 0) {
    for (std::size_t at = first; at < first + count; at += kUnitsPerProcess) {
      const std::size_t n = std::min(kUnitsPerProcess, first + count - at);
      const std::string out = dir / ("swarm-" + std::to_string(at));
      std::filesystem::create_directories(out);
      std::vector<std::string> args = {"swarm", endpoint, std::to_string(at), std::to_string(n),
                                       std::to_string(reconnectMax), std::to_string(nice)};
      if (keys != nullptr) args.insert(args.end(), {keys->unitKeys, keys->server.publicKey});
      children_.push_back(std::make_unique<Child>(self, args, out));
    }
  }
  ~SwarmChildren() {
    for (auto& c : children_) c->signal(SIGTERM);
    for (auto& c : children_) (void)c->wait(10s);
  }
  // Waits until every child printed `word` `times` times; the latest of their times.
  std::optional<Steady::time_point> waitAll(const std::string& word, std::size_t times,
                                            std::chrono::milliseconds timeout) {
    long long latest = 0;
    for (auto& c : children_) {
      if (!c->waitForOutput(word + " ", timeout, times)) return std::nullopt;
      std::istringstream in(c->stdoutText());
      std::string w;
      long long ns = 0;
      std::size_t seen = 0;
      while (in >> w >> ns) {
        if (w == word && ++seen == times) latest = std::max(latest, ns);
      }
    }
    return Steady::time_point(std::chrono::nanoseconds(latest));
  }
  void mark() {
    for (auto& c : children_) c->signal(SIGUSR1);
  }
  // Each child's last progress line (stderr), for a failure message.
  std::string progress() const {
    std::string out;
    for (const auto& c : children_) {
      std::string text = c->stderrText();
      while (!text.empty() && text.back() == '\n') text.pop_back();
      const auto nl = text.rfind('\n');
      out += "  " + (nl == std::string::npos ? text : text.substr(nl + 1)) + "\n";
    }
    return out;
  }

 private:
  std::vector<std::unique_ptr<Child>> children_;
};

namespace swarm_child {
inline std::atomic<bool> marked{false};
inline std::atomic<bool> stopping{false};
inline void onSignal(int sig) { (sig == SIGUSR1 ? marked : stopping).store(true); }
}  // namespace swarm_child

// The child's side (`swarm ...`): returns its exit code.
inline int runSwarmChild(int argc, char** argv) {
  if (argc < 7) return 2;
  // NICE: 19 for a latency measurement (in an operation the units are other machines, and here
  // they must not take the CPU the coordinator under measurement needs: they get what it
  // leaves); 0 where the units must keep their own time (bench_storm counts units lost).
  (void)setpriority(PRIO_PROCESS, 0, std::stoi(argv[6]));
  std::signal(SIGUSR1, swarm_child::onSignal);
  std::signal(SIGTERM, swarm_child::onSignal);
  test::SwarmOptions o;
  o.endpoint = argv[2];
  o.operationId = test::kOperation;
  o.first = std::stoul(argv[3]);
  o.count = std::stoul(argv[4]);
  o.reconnectMax = std::stol(argv[5]);
  o.reconnectMin = std::min<Millis>(o.reconnectMin, o.reconnectMax - 1);
  o.seed = o.first + 1;
  std::vector<curve::KeyPair> keys;
  std::string serverKey;
  if (argc >= 9) {
    std::ifstream in(argv[7]);
    curve::KeyPair k;
    while (in >> k.publicKey >> k.secretKey) keys.push_back(k);
    serverKey = argv[8];
    o.keys = [&](std::size_t i) -> std::optional<curve::ClientKeys> {
      return curve::ClientKeys{keys.at(i), serverKey};
    };
  }
  zmq::context_t context(1);
  test::raiseSocketLimit(context, o.count);
  test::UnitSwarm swarm(context, o);
  auto mark = Steady::now();
  swarm.start();
  bool reported = false;
  int marks = 0;
  auto progressAt = Steady::now() + 5s;
  while (!swarm_child::stopping.load()) {
    // A turn every 20 ms, taking what arrived meanwhile: fewer wake-ups, and the load must leave
    // the coordinator its CPU.
    swarm.turn(0ms);
    std::this_thread::sleep_for(20ms);
    if (Steady::now() >= progressAt) {  // for the benchmark's own failure message
      std::cerr << "welcomed " << swarm.welcomedSince(mark) << " of " << swarm.size()
                << " since the last mark, " << swarm.welcomes() << " welcomes in all, " << swarm.openFailures()
                << " connections not opened (out of files)" << std::endl;
      progressAt += 5s;
    }
    if (swarm_child::marked.exchange(false)) {
      mark = Steady::now();
      reported = false;
      ++marks;
      continue;
    }
    if (!reported) {
      if (auto all = swarm.allWelcomedSince(mark)) {
        std::cout << (marks == 0 ? "registered " : "back ") << steadyNanos(*all) << std::endl;
        reported = true;
      }
    }
  }
  return 0;
}

// The main of a benchmark with swarm children: `self swarm ...` runs a child, anything else
// `run`; a bad number (std::stoul and the like throw std::logic_error) is the usage line, a
// failed set-up one line; both exit 2.
inline int swarmBenchMain(int argc, char** argv, const char* name, const char* usage,
                          int (*run)(int, char**)) {
  try {
    if (argc > 1 && std::string_view(argv[1]) == "swarm") return runSwarmChild(argc, argv);
    return run(argc, argv);
  } catch (const std::logic_error&) {
    std::cerr << name << ": usage: " << name << " " << usage
              << " (numbers where numbers are asked)\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << name << ": " << e.what() << "\n";
    return 2;
  }
}

// Kernel counters of the listen queue (/proc/net/netstat, TcpExt): connection attempts dropped
// because a listen backlog was full (ListenOverflows) and in all (ListenDrops).
struct ListenCounters {
  long long overflows = 0;
  long long drops = 0;
};
inline ListenCounters listenCounters() {
  std::ifstream f("/proc/net/netstat");
  std::string names, values;
  while (std::getline(f, names) && std::getline(f, values)) {
    if (names.rfind("TcpExt:", 0) != 0) continue;
    std::istringstream n(names), v(values);
    std::string name, value;
    ListenCounters c;
    while (n >> name && v >> value) {
      if (name == "ListenOverflows") c.overflows = std::stoll(value);
      if (name == "ListenDrops") c.drops = std::stoll(value);
    }
    return c;
  }
  return {};
}

}  // namespace fieldops::bench
