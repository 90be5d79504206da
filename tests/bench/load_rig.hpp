// The rig of the benchmarks that load a real coordinator with many units (bench_stream,
// bench_soak): a coordinator child on a fresh data directory, and fleets of simulated units
// (load_units children, each a few thousand DEALERs on one thread: a process holds two file
// descriptors a unit, and its limit is 20,000 here). See docs/performance.md.
#pragma once

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <tests/support/support.hpp>
#include <vector>

namespace fieldops::bench {

inline constexpr int kUnitsPerLoadChild = 4000;

// Raises this process's open-file soft limit to its hard limit (inherited by children).
inline void raiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    (void)setrlimit(RLIMIT_NOFILE, &limit);
  }
}

// A coordinator child (insecure links: the load is measured, not CURVE) on a fresh data dir.
class CoordinatorChild {
 public:
  CoordinatorChild(const std::string& program, const std::string& operation,
                   std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--data-dir",
                                     dir_ / "data",
                                     "--operation",
                                     operation,
                                     "--insecure-dev",
                                     "--agent-endpoint",
                                     "tcp://127.0.0.1:*",
                                     "--control-endpoint",
                                     "tcp://127.0.0.1:*",
                                     "--updates-endpoint",
                                     "tcp://127.0.0.1:*",
                                     "--log-level",
                                     "warn",
                                     "--ready-file",
                                     dir_ / "ready"};
    args.insert(args.end(), extra.begin(), extra.end());
    child_ = std::make_unique<test::Child>(program, args, dir_.path());
    ready_ = test::waitReadyFile(dir_ / "ready", std::chrono::seconds(60));
  }
  ~CoordinatorChild() {
    child_->signal(SIGTERM);
    child_->wait(std::chrono::seconds(30));
  }
  int pid() const { return child_->pid(); }
  const std::string& agent() const { return ready_.at("agent"); }
  const std::string& control() const { return ready_.at("control"); }
  const std::string& updates() const { return ready_.at("updates"); }
  std::string log() const { return child_->stderrText(); }
  const std::string& dataDir() const { return dir_.path(); }

 private:
  test::TempDir dir_;
  std::unique_ptr<test::Child> child_;
  std::map<std::string, std::string> ready_;
};

// `units` simulated units against `agentEndpoint`, in load_units children of at most
// kUnitsPerLoadChild each; registered (every unit welcomed) when the constructor returns.
class LoadChildren {
 public:
  LoadChildren(const std::string& program, const std::string& agentEndpoint,
               const std::string& operation, int units, double sightingsPerSecond = 0,
               std::vector<std::string> extra = {}) {
    const int children = std::max(1, (units + kUnitsPerLoadChild - 1) / kUnitsPerLoadChild);
    for (int c = 0; c < children; ++c) {
      const int first = units * c / children;
      const int count = units * (c + 1) / children - first;
      std::vector<std::string> args = {"--agent",
                                       agentEndpoint,
                                       "--operation",
                                       operation,
                                       "--units",
                                       std::to_string(count),
                                       "--first",
                                       std::to_string(first),
                                       "--sightings-per-second",
                                       std::to_string(sightingsPerSecond * count / units)};
      args.insert(args.end(), extra.begin(), extra.end());
      children_.push_back(std::make_unique<test::Child>(program, args, dir_.path()));
    }
    for (auto& child : children_) {
      if (!child->waitForOutput("ready", std::chrono::seconds(180))) {
        std::fprintf(stderr, "load_units did not register its units:\n%s\n%s\n",
                     child->stdoutText().c_str(), child->stderrText().c_str());
        std::exit(2);
      }
    }
  }
  ~LoadChildren() { stop(); }
  // Stops the units (they fall silent) and returns their last counts lines.
  std::string stop() {
    std::string out;
    for (auto& child : children_) {
      child->signal(SIGTERM);
      child->wait(std::chrono::seconds(30));
      const std::string text = child->stdoutText();
      const auto final = text.rfind("final ");
      if (final != std::string::npos) out += text.substr(final);
    }
    children_.clear();
    return out;
  }

 private:
  test::TempDir dir_;
  std::vector<std::unique_ptr<test::Child>> children_;
};

}  // namespace fieldops::bench
