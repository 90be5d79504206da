// The ingest rig shared by the benchmarks (not a test): 64 DEALER agents on 127.0.0.1 against an
// in-process coordinator with a real LMDB in a temporary directory, and the raw DEALER/ROUTER
// acknowledgement baseline. Used by bench_ingest and bench_screening. See docs/performance.md.
#pragma once

#include <coordinator/coordinator.hpp>
#include <protocol/session.hpp>

#include <spdlog/sinks/null_sink.h>
#include <zmq_addon.hpp>

#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace fieldops::bench {

using SteadyClock = std::chrono::steady_clock;

inline constexpr const char* kOperation = "BENCH";

// The sighting of the core ingest benchmark: a group with a minor, no subject data, and one
// indicator that raises no alert by itself (alert_rules.cpp), so the benchmark measures ingest,
// not alerting.
inline Sighting sightingOf(std::uint64_t n) {
  Sighting s;
  s.sightingId = "S-" + std::to_string(n);
  s.observedAt = 1'800'000'000'000;
  s.position = {42.2106, 21.6993};
  s.post = "TBN";
  s.category = SightingCategory::GROUP;
  s.personCount = 5;
  s.minorCount = 2;
  s.subject.nationality = "SYR";
  s.indicators = {Indicator::SCRIPTED_STORY};
  s.confidence = 70;
  return s;
}

inline std::string frameOf(const Sighting& s) {
  return encode(Envelope{kProtocolVersion, kOperation, true, 1, 1, s});
}

// Pads free text so the encoded envelope is at least `bytes` long: the shortest such frame
// (Cap'n Proto rounds to 8-byte words). A frame already longer is returned as it is.
inline std::string padTo(Sighting s, std::size_t bytes) {
  s.freeText.clear();
  std::string frame = frameOf(s);
  // The frame grows with the text: start just below the size wanted instead of from nothing.
  constexpr std::size_t kSlack = 64;
  const std::size_t first =
      frame.size() + kSlack < bytes ? bytes - frame.size() - kSlack : 0;
  for (std::size_t pad = first; frame.size() < bytes && pad < bytes; ++pad) {
    s.freeText.assign(pad, 'x');
    frame = frameOf(s);
  }
  return frame;
}

struct Result {
  double perSecond = 0;
  std::uint64_t messages = 0;
};

// Drives `agents` DEALER sockets from one thread, each keeping `window` messages in flight,
// until every agent has `perAgent` replies. make(agent, n) gives the n-th frame of an agent.
// A reply is a SightingAck (or, against the baseline, its bytes); heartbeats and tasks the
// coordinator pushes are ignored, and an Error stops the benchmark.
template <class Make>
Result drive(zmq::context_t& context, const std::string& endpoint, int agents, int perAgent,
             int window, Make make, const std::vector<std::string>& hellos) {
  std::vector<zmq::socket_t> sockets;
  for (int a = 0; a < agents; ++a) {
    sockets.emplace_back(context, zmq::socket_type::dealer);
    sockets.back().set(zmq::sockopt::linger, 0);
    sockets.back().connect(endpoint);
  }
  // Registration (FieldOps only): one reply each before the clock starts.
  for (int a = 0; a < static_cast<int>(hellos.size()); ++a) {
    sockets[a].send(zmq::buffer(hellos[a]), zmq::send_flags::none);
    zmq::message_t m;
    (void)sockets[a].recv(m);
  }
  std::vector<int> sent(agents, 0);
  std::vector<int> received(agents, 0);
  std::vector<zmq::pollitem_t> items;
  for (auto& s : sockets) items.push_back({s.handle(), 0, ZMQ_POLLIN, 0});
  const auto start = SteadyClock::now();
  int done = 0;
  while (done < agents) {
    for (int a = 0; a < agents; ++a) {
      while (sent[a] < perAgent && sent[a] - received[a] < window) {
        sockets[a].send(zmq::buffer(make(a, sent[a])), zmq::send_flags::none);
        ++sent[a];
      }
    }
    zmq::poll(items.data(), items.size(), std::chrono::milliseconds(100));
    for (int a = 0; a < agents; ++a) {
      if (!(items[a].revents & ZMQ_POLLIN)) continue;
      zmq::message_t m;
      while (sockets[a].recv(m, zmq::recv_flags::dontwait)) {
        auto env = decode(m.to_string_view());
        if (env && std::holds_alternative<Error>(env->body)) {
          std::cerr << "bench: the coordinator answered an error: "
                    << std::get<Error>(env->body).message << std::endl;
          std::exit(1);
        }
        if (env && !std::holds_alternative<SightingAck>(env->body)) continue;
        if (++received[a] == perAgent) ++done;
      }
    }
  }
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  const auto total = static_cast<std::uint64_t>(agents) * static_cast<std::uint64_t>(perAgent);
  return {static_cast<double>(total) / seconds, total};
}

// A bare ROUTER that answers each frame with a SightingAck-sized reply: no decoding, no storage.
inline Result baseline(int agents, int perAgent, int window, const std::string& frame) {
  zmq::context_t context(1);
  zmq::socket_t router(context, zmq::socket_type::router);
  router.set(zmq::sockopt::linger, 0);
  router.set(zmq::sockopt::sndhwm, 100000);
  router.set(zmq::sockopt::rcvhwm, 100000);
  router.bind("tcp://127.0.0.1:*");
  const std::string endpoint = router.get(zmq::sockopt::last_endpoint);
  const std::string ack =
      encode(Envelope{kProtocolVersion, kOperation, true, 1, 1, SightingAck{"S-1", false}});
  std::atomic<bool> stop{false};
  std::thread server([&] {
    zmq::pollitem_t item{router.handle(), 0, ZMQ_POLLIN, 0};
    while (!stop) {
      if (zmq::poll(&item, 1, std::chrono::milliseconds(50)) == 0) continue;
      std::vector<zmq::message_t> frames;
      while (zmq::recv_multipart(router, std::back_inserter(frames), zmq::recv_flags::dontwait)) {
        std::array<zmq::const_buffer, 2> reply = {zmq::buffer(frames[0].data(), frames[0].size()),
                                                  zmq::buffer(ack)};
        zmq::send_multipart(router, reply);
        frames.clear();
      }
    }
  });
  auto result = drive(context, endpoint, agents, perAgent, window,
                      [&](int, int) -> const std::string& { return frame; }, {});
  stop = true;
  server.join();
  return result;
}

// The Hello of each agent, "UNIT-0" ...
inline std::vector<std::string> hellosFor(int agents) {
  std::vector<std::string> hellos;
  for (int a = 0; a < agents; ++a) {
    Hello h;
    h.callsign = "UNIT-" + std::to_string(a);
    hellos.push_back(encode(Envelope{kProtocolVersion, kOperation, true, 1, 1, h}));
  }
  return hellos;
}

// What one run against the coordinator does besides the measured sending.
struct IngestSetup {
  // Fills the fresh data dir before the store opens (e.g. with watchlists); may be empty.
  std::function<void(const std::filesystem::path& dir)> prepare;
  // Seconds the coordinator took to start (store load, name index), when not null.
  double* startSeconds = nullptr;
  // CPU seconds of the coordinator's loop thread while it ran, when not null.
  double* loopCpuSeconds = nullptr;
};

inline double threadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Durable, acknowledged sightings per second: frames[agent][n] sent by `frames.size()` agents,
// each keeping `window` in flight, against a coordinator on its own thread with a fresh LMDB in a
// temporary directory (synced commits). Checks that every sighting was stored once.
inline Result durableIngest(const std::vector<std::vector<std::string>>& frames, int window,
                            const IngestSetup& setup = {}) {
  const int agents = static_cast<int>(frames.size());
  const int perAgent = agents > 0 ? static_cast<int>(frames.front().size()) : 0;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("fieldops-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  if (setup.prepare) setup.prepare(dir);
  Result result;
  {
    zmq::context_t context(1);
    CoordinatorOptions options;
    options.dataDir = dir.string();
    options.agentEndpoint = "tcp://127.0.0.1:*";
    options.controlEndpoint = "tcp://127.0.0.1:*";
    options.updatesEndpoint = "tcp://127.0.0.1:*";
    options.core.operationId = kOperation;
    options.core.heartbeatInterval = 60000;  // keep heartbeats out of the measurement
    options.security.insecureDev = true;     // the store and the loop are measured, not CURVE
    const auto starting = SteadyClock::now();
    EventStore store(StoreOptions{options.dataDir, kOperation, true, std::size_t{8} << 30});
    SystemClock clock;
    spdlog::logger log("bench", std::make_shared<spdlog::sinks::null_sink_mt>());
    Coordinator coordinator(context, store, options, clock, log);
    if (setup.startSeconds != nullptr) {
      *setup.startSeconds = std::chrono::duration<double>(SteadyClock::now() - starting).count();
    }
    std::atomic<bool> stop{false};
    std::thread loop([&] {
      pthread_setname_np(pthread_self(), "coordinator");
      const double cpu = threadCpuSeconds();
      coordinator.run(stop);
      if (setup.loopCpuSeconds != nullptr) *setup.loopCpuSeconds = threadCpuSeconds() - cpu;
    });
    result = drive(context, coordinator.agentEndpoint(), agents, perAgent, window,
                   [&](int a, int n) -> const std::string& { return frames[a][n]; },
                   hellosFor(agents));
    stop = true;
    loop.join();
    const LoopStats& st = coordinator.stats();
    std::printf("coordinator: %llu messages, %llu commits, %.1f events per commit, %.2f ms per commit\n",
                static_cast<unsigned long long>(st.messages),
                static_cast<unsigned long long>(st.commits),
                st.commits ? static_cast<double>(st.events) / static_cast<double>(st.commits) : 0.0,
                st.commits ? st.commitSeconds * 1000 / static_cast<double>(st.commits) : 0.0);
    if (store.sightings(0, result.messages + 1).size() != result.messages) {
      std::cerr << "bench: stored sighting count does not match" << std::endl;
      std::exit(1);
    }
  }
  std::filesystem::remove_all(dir);
  return result;
}

inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

}  // namespace fieldops::bench
