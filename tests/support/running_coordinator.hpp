// A real coordinator (real LMDB in a temporary directory, real sockets on 127.0.0.1 ephemeral
// ports) running its loop on a thread of the test process; stopped on destruction.
#pragma once

#include <spdlog/sinks/null_sink.h>

#include <atomic>
#include <coordinator/coordinator.hpp>
#include <functional>
#include <memory>
#include <protocol/session.hpp>
#include <tests/support/support.hpp>
#include <thread>

namespace fieldops::test {

struct RunningCoordinator {
  // `tweak` may change the options (e.g. the stepped clock) before the coordinator starts.
  explicit RunningCoordinator(CoreSettings core = {},
                              const std::function<void(CoordinatorOptions&)>& tweak = {}) {
    core.operationId = kOperation;
    options.dataDir = dir / "data";
    options.agentEndpoint = "tcp://127.0.0.1:*";
    options.controlEndpoint = "tcp://127.0.0.1:*";
    options.updatesEndpoint = "tcp://127.0.0.1:*";
    options.core = core;
    // The suites of the core's behaviour run without CURVE, said explicitly; test_security
    // runs the same coordinator with keys and an allow-list.
    options.security.insecureDev = true;
    if (tweak) tweak(options);
    store = std::make_unique<EventStore>(
        StoreOptions{options.dataDir, kOperation, options.core.exercise, 256 << 20});
    coordinator = std::make_unique<Coordinator>(context, *store, options, clock, log);
    loop = std::thread([this] { coordinator->run(stop); });
  }
  ~RunningCoordinator() { halt(); }
  RunningCoordinator(const RunningCoordinator&) = delete;
  RunningCoordinator& operator=(const RunningCoordinator&) = delete;

  void halt() {
    stop = true;
    if (loop.joinable()) loop.join();
  }
  // Flagged as the operation is (exercise or live).
  SessionOptions agentLink() const {
    return {coordinator->agentEndpoint(), kOperation, options.core.exercise};
  }
  SessionOptions control() const {
    return {coordinator->controlEndpoint(), kOperation, options.core.exercise};
  }
  const std::string& updates() const { return coordinator->updatesEndpoint(); }

  TempDir dir;
  CoordinatorOptions options;
  zmq::context_t context{1};
  SystemClock clock;
  spdlog::logger log{"test", std::make_shared<spdlog::sinks::null_sink_mt>()};
  std::unique_ptr<EventStore> store;
  std::unique_ptr<Coordinator> coordinator;
  std::atomic<bool> stop{false};
  std::thread loop;
};

}  // namespace fieldops::test
