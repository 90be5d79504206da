// Benchmark (not a test): durable, acknowledged sightings per second from 64 concurrent agents
// against a raw ZeroMQ DEALER/ROUTER acknowledgement baseline with the same 300-byte payload and
// no storage, measured in the same run. Prints both rates and their ratio.
// Usage: bench_ingest [messages-per-agent] [agents] [window]. See docs/performance.md.
#include <coordinator/coordinator.hpp>
#include <protocol/session.hpp>

#include <spdlog/sinks/null_sink.h>
#include <zmq_addon.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

using namespace fieldops;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr const char* kOperation = "BENCH";

Sighting sightingOf(std::uint64_t n) {
  Sighting s;
  s.sightingId = "S-" + std::to_string(n);
  s.observedAt = 1'800'000'000'000;
  s.position = {42.2106, 21.6993};
  s.post = "TBN";
  s.category = SightingCategory::GROUP;
  s.personCount = 5;
  s.minorCount = 2;
  s.subject.nationality = "SYR";
  s.indicators = {Indicator::UNACCOMPANIED_MINOR};
  s.confidence = 70;
  return s;
}

// Pads free text so the encoded envelope is exactly `bytes` long (in 8-byte words).
std::string padTo(Sighting s, std::size_t bytes) {
  std::string frame;
  for (std::size_t pad = 0; pad < bytes; ++pad) {
    s.freeText.assign(pad, 'x');
    frame = encode(Envelope{kProtocolVersion, kOperation, true, 1, 1, s});
    if (frame.size() >= bytes) break;
  }
  return frame;
}

struct Result {
  double perSecond = 0;
  std::uint64_t messages = 0;
};

// Drives `agents` DEALER sockets from one thread, each keeping `window` messages in flight,
// until every agent has `perAgent` replies. make(agent, n) gives the n-th frame of an agent.
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
        if (env && std::holds_alternative<Heartbeat>(env->body)) continue;
        if (++received[a] == perAgent) ++done;
      }
    }
  }
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  const auto total = static_cast<std::uint64_t>(agents) * static_cast<std::uint64_t>(perAgent);
  return {static_cast<double>(total) / seconds, total};
}

Result baseline(int agents, int perAgent, int window, const std::string& frame) {
  zmq::context_t context(1);
  zmq::socket_t router(context, zmq::socket_type::router);
  router.set(zmq::sockopt::linger, 0);
  router.set(zmq::sockopt::sndhwm, 100000);
  router.set(zmq::sockopt::rcvhwm, 100000);
  router.bind("tcp://127.0.0.1:*");
  const std::string endpoint = router.get(zmq::sockopt::last_endpoint);
  const std::string ack = encode(Envelope{kProtocolVersion, kOperation, true, 1, 1, SightingAck{"S-1", false}});
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

Result durableIngest(int agents, int perAgent, int window, std::size_t frameBytes) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("fieldops-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  Result result;
  {
    zmq::context_t context(1);
    CoordinatorOptions options;
    options.dataDir = dir.string();
    options.agentEndpoint = "tcp://127.0.0.1:*";
    options.controlEndpoint = "tcp://127.0.0.1:*";
    options.core.operationId = kOperation;
    options.core.heartbeatInterval = 60000;  // keep heartbeats out of the measurement
    EventStore store(StoreOptions{options.dataDir, kOperation, true, std::size_t{8} << 30});
    SystemClock clock;
    spdlog::logger log("bench", std::make_shared<spdlog::sinks::null_sink_mt>());
    Coordinator coordinator(context, store, options, clock, log);
    std::atomic<bool> stop{false};
    std::thread loop([&] {
      pthread_setname_np(pthread_self(), "coordinator");
      coordinator.run(stop);
    });

    // Frames prepared before the clock starts: the client's encoding is not what we measure.
    std::vector<std::vector<std::string>> frames(agents);
    std::vector<std::string> hellos;
    for (int a = 0; a < agents; ++a) {
      Hello h;
      h.callsign = "UNIT-" + std::to_string(a);
      hellos.push_back(encode(Envelope{kProtocolVersion, kOperation, true, 1, 1, h}));
      for (int n = 0; n < perAgent; ++n) {
        std::string f = padTo(sightingOf(static_cast<std::uint64_t>(a) * 1000000 + n), frameBytes);
        frames[a].push_back(std::move(f));
      }
    }
    result = drive(context, coordinator.agentEndpoint(), agents, perAgent, window,
                   [&](int a, int n) -> const std::string& { return frames[a][n]; }, hellos);
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

}  // namespace

int main(int argc, char** argv) {
  const int perAgent = argc > 1 ? std::atoi(argv[1]) : 500;
  const int agents = argc > 2 ? std::atoi(argv[2]) : 64;
  const int window = argc > 3 ? std::atoi(argv[3]) : 16;
  const int rounds = argc > 4 ? std::atoi(argv[4]) : 5;
  constexpr std::size_t kFrameBytes = 300;
  const std::string frame = padTo(sightingOf(1), kFrameBytes);
  std::printf("agents %d, %d sightings each, window %d, frame %zu bytes, %d rounds\n", agents,
              perAgent, window, frame.size(), rounds);
  // Baseline and FieldOps alternate, so a slow moment of the disk or the CPU hits both alike;
  // the medians are reported.
  std::vector<double> raws, durables, ratios;
  for (int r = 0; r < rounds; ++r) {
    const Result raw = baseline(agents, perAgent, window, frame);
    const Result durable = durableIngest(agents, perAgent, window, kFrameBytes);
    std::printf("round %d: baseline %9.0f msg/s, fieldops %9.0f msg/s, ratio %.2f\n", r + 1,
                raw.perSecond, durable.perSecond, durable.perSecond / raw.perSecond);
    raws.push_back(raw.perSecond);
    durables.push_back(durable.perSecond);
    ratios.push_back(durable.perSecond / raw.perSecond);
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  std::printf("median baseline  raw DEALER/ROUTER ack : %10.0f msg/s\n", median(raws));
  std::printf("median fieldops  durable sighting ack  : %10.0f msg/s\n", median(durables));
  std::printf("median ratio                           : %10.2f (target >= 0.30)\n", median(ratios));
  return 0;
}
