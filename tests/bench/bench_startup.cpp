// Benchmark (not a test): the coordinator's start-up against the number of stored sightings
// (issue 18). Two stores are built through the store library, in large transactions (not
// through the network): a baseline (default 100,000 sightings) and a large one (default
// 10,000,000), each from 1,000 units. Then, in alternating rounds, a real fieldops-coordinator
// child is started on each, and timed from just before the fork to its first answer on the
// control socket (snapshot requests every 5 ms from a DEALER that reconnects every millisecond):
// "ready". Its memory is read from /proc right after (VmRSS, and of it RssAnon, the heap, and
// RssFile, mapped files: the program and the pages of the store it touched). The ratio of the
// medians (large / baseline) is ~1 when start-up does not depend on the store's size. Last, the
// mean time of a duplicate look-up in each store's dedup index, through the store library.
//
// Usage: bench_startup [--sightings N] [--baseline N] [--units N] [--rounds N]
//                      [--store-dir DIR] [--cold] [--coordinator BIN]
// --store-dir keeps the built stores (DIR/sightings-N-units-U) for later runs; without it they
// are built in a temporary directory and removed. --cold evicts the store's file from the page
// cache before each start (posix_fadvise, this file only). See docs/performance.md, "Start-up
// and stored sightings".
#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <coordinator/core.hpp>
#include <coordinator/store.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <protocol/codec.hpp>
#include <random>
#include <stdexcept>
#include <tests/support/support.hpp>
#include <zmq.hpp>

using namespace fieldops;
using namespace std::chrono_literals;

namespace {

constexpr const char* kOperation = "BENCH-STARTUP";
constexpr Millis kStart = 1'800'000'000'000;
constexpr std::uint64_t kPerTransaction = 100'000;  // sightings a write transaction
constexpr auto kReadyTimeout = 300s;
constexpr auto kRetryEvery = 5ms;  // a snapshot request again, until one is answered

using Clock = std::chrono::steady_clock;

struct Options {
  std::uint64_t sightings = 10'000'000;
  std::uint64_t baseline = 100'000;
  int units = 1000;
  int rounds = 5;
  std::string storeDir;
  bool cold = false;
  std::string coordinator = FIELDOPS_COORDINATOR_BIN;
};

struct Start {
  double seconds = 0;  // fork to the first answer on the control socket
  std::uint64_t rssKb = 0;
  std::uint64_t anonKb = 0;
  std::uint64_t fileKb = 0;
};

double seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// Throws, so that a child coordinator is stopped on the way out (Child's destructor).
void require(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error(what);
}

std::string callsign(std::uint64_t n) {
  return "UNIT-" + std::to_string(n);
}

// Address space for the store: generous (the file grows only as pages are used).
std::size_t mapSizeMb(std::uint64_t sightings) {
  return static_cast<std::size_t>(256 + sightings / 700);  // about 1.5 KiB a sighting
}

Sighting sightingOf(std::uint64_t n) {
  static const char* const kNames[] = {"Ахмед Салех", "أحمد كريمي",   "Ana Petrova",
                                       "Ion Rusu",    "Jamal Haddad", "Mariam Tesfaye"};
  Sighting s = test::sampleSighting("S-" + std::to_string(n), kStart + static_cast<Millis>(n));
  s.subject.names = {kNames[n % 6]};
  s.subject.documentNumber = "N" + std::to_string(1'000'000 + n % 9'000'000);
  s.personCount = 1 + static_cast<std::uint32_t>(n % 7);
  s.minorCount = n % 11 == 0 ? 1 : 0;
  return s;
}

// The units register, then the sightings follow, round robin over the units, in transactions of
// kPerTransaction: what a long operation leaves behind, without its network and its syncs.
void buildStore(const std::string& dir, std::uint64_t count, int units) {
  EventStore store(StoreOptions{dir, kOperation, true, mapSizeMb(count) << 20});
  OperationState state;
  std::vector<Event> batch;
  for (int u = 0; u < units; ++u) {
    Hello h = test::sampleHello(callsign(static_cast<std::uint64_t>(u)));
    h.position = {41.0 + u * 0.001, 21.0 + u * 0.001};
    batch.push_back({kStart, h.callsign, UnitRegistered{h}});
    apply(state, batch.back());
  }
  store.append(batch, state);
  const auto started = Clock::now();
  for (std::uint64_t done = 0; done < count;) {
    batch.clear();
    const std::uint64_t end = std::min(count, done + kPerTransaction);
    for (std::uint64_t n = done; n < end; ++n) {
      const std::string unit = callsign(n % static_cast<std::uint64_t>(units));
      batch.push_back(
          {kStart + static_cast<Millis>(n), unit, SightingRecorded{unit, sightingOf(n)}});
    }
    lmdb::Txn txn(store.env(), false);
    store.append(txn, batch, ProjectionWrites{});  // sightings touch no other projection
    done = end;
    if (done % 1'000'000 == 0 || done == count) {
      std::printf("  %llu sightings stored (%.0f a second)\n",
                  static_cast<unsigned long long>(done),
                  static_cast<double>(done) / seconds(Clock::now() - started));
      std::fflush(stdout);
    }
  }
}

// The store of `count` sightings under `root`: built unless a finished one is there already.
std::string storeOf(const std::string& root, std::uint64_t count, int units) {
  const std::string dir =
      root + "/sightings-" + std::to_string(count) + "-units-" + std::to_string(units);
  const std::string marker = dir + "/built";
  if (std::filesystem::exists(marker)) {
    std::printf("store of %llu sightings: reused from %s\n", static_cast<unsigned long long>(count),
                dir.c_str());
    return dir;
  }
  std::filesystem::remove_all(dir);  // a build that did not finish
  std::printf("store of %llu sightings: building in %s\n", static_cast<unsigned long long>(count),
              dir.c_str());
  const auto t0 = Clock::now();
  buildStore(dir, count, units);
  std::ofstream(marker) << count << " sightings, " << units << " units\n";
  const auto bytes = std::filesystem::file_size(dir + "/data.mdb");
  std::printf("  built in %.1f s: data.mdb %.2f GiB, %.0f bytes a sighting\n",
              seconds(Clock::now() - t0), static_cast<double>(bytes) / (1 << 30),
              static_cast<double>(bytes) / static_cast<double>(count));
  return dir;
}

// A port on 127.0.0.1 that was free a moment ago, for the coordinator to bind.
std::string freeEndpoint(zmq::context_t& context) {
  zmq::socket_t probe(context, zmq::socket_type::router);
  probe.bind("tcp://127.0.0.1:*");
  return probe.get(zmq::sockopt::last_endpoint);
}

// Kilobytes from a /proc/PID/status line such as "VmRSS:   12345 kB".
std::uint64_t statusKb(pid_t pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stoull(line.substr(field.size() + 1));
  }
  return 0;
}

void evictFromPageCache(const std::string& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  require(fd >= 0, "cannot open " + file);
  ::fdatasync(fd);
  require(::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0, "posix_fadvise failed");
  ::close(fd);
}

// Sends snapshot requests every few milliseconds until one is answered; false on timeout. More
// than one: a request that reached the port before the coordinator had it (the probe that found
// the port free) is lost with that connection.
bool answered(zmq::socket_t& client) {
  const Envelope request{kProtocolVersion, kOperation, true, 1, 0, ControlRequest{SnapshotQuery{}}};
  const std::string frame = encode(request);
  const auto deadline = Clock::now() + kReadyTimeout;
  while (Clock::now() < deadline) {
    (void)client.send(zmq::buffer(frame), zmq::send_flags::dontwait);
    zmq::pollitem_t item{client.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, kRetryEvery);
    zmq::message_t reply;
    if (!(item.revents & ZMQ_POLLIN) || !client.recv(reply, zmq::recv_flags::dontwait)) continue;
    auto env = decode(reply.to_string_view(), DecodeLimits::forReplies());
    if (!env) {
      std::fprintf(stderr, "bench_startup: undecodable answer: %s\n", env.error().detail.c_str());
      return false;
    }
    if (const auto* r = std::get_if<ControlReply>(&env->body)) {
      return std::holds_alternative<Snapshot>(*r);
    }
    if (const auto* e = std::get_if<Error>(&env->body)) {
      std::fprintf(stderr, "bench_startup: the coordinator answered: %s\n", e->message.c_str());
      return false;
    }
  }
  return false;
}

Start startOnce(const Options& o, const std::string& store, std::uint64_t count) {
  if (o.cold) evictFromPageCache(store + "/data.mdb");
  zmq::context_t context(1);
  const std::string control = freeEndpoint(context);
  zmq::socket_t client(context, zmq::socket_type::dealer);
  client.set(zmq::sockopt::linger, 0);
  client.set(zmq::sockopt::reconnect_ivl, 1);
  client.connect(control);  // before the coordinator exists: ZeroMQ keeps trying
  test::TempDir output;
  const auto t0 = Clock::now();
  // A long heartbeat, so that no unit of the store is declared lost (and nothing written to it)
  // while it is measured.
  test::Child child(o.coordinator,
                    {"--data-dir", store, "--operation", kOperation, "--insecure-dev",
                     "--log-level", "warn", "--map-size-mb", std::to_string(mapSizeMb(count)),
                     "--heartbeat-ms", "600000", "--agent-endpoint", freeEndpoint(context),
                     "--control-endpoint", control, "--updates-endpoint", freeEndpoint(context)},
                    output.path());
  const bool ready = answered(client);
  Start s{seconds(Clock::now() - t0), statusKb(child.pid(), "VmRSS"),
          statusKb(child.pid(), "RssAnon"), statusKb(child.pid(), "RssFile")};
  require(ready, "the coordinator did not answer: " + child.stderrText());
  child.signal(SIGTERM);
  require(child.wait(60s).value_or(-1) == 0,
          "the coordinator did not stop cleanly: " + child.stderrText());
  return s;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// The mean time of one duplicate look-up (EventStore::holdsSighting, what the loop asks for every
// sighting received) in a store of `count`: random sightings, half of them stored, in one read
// transaction, after a warm-up pass over the same keys.
double lookupMicros(const std::string& dir, std::uint64_t count, int units) {
  constexpr int kLookups = 200'000;
  const EventStore store(StoreOptions{dir, kOperation, true, mapSizeMb(count) << 20, true});
  std::mt19937_64 random(18);
  std::vector<std::string> keys;
  for (int i = 0; i < kLookups; ++i) {
    const std::uint64_t n = random() % (2 * count);  // at or above count: never stored
    keys.push_back(
        sightingKey(callsign(n % static_cast<std::uint64_t>(units)), "S-" + std::to_string(n)));
  }
  const lmdb::Txn txn(store.env(), true);
  std::size_t found = 0;
  for (const auto& k : keys) found += store.holdsSighting(txn, k) ? 1 : 0;
  const auto t0 = Clock::now();
  for (const auto& k : keys) found += store.holdsSighting(txn, k) ? 1 : 0;
  const double micros = seconds(Clock::now() - t0) * 1e6 / kLookups;
  require(found > kLookups / 2 && found < kLookups * 3 / 2, "look-ups found the wrong sightings");
  return micros;
}

struct Series {
  std::vector<double> seconds, rssMb, anonMb, fileMb;
  void add(const Start& s) {
    seconds.push_back(s.seconds);
    rssMb.push_back(static_cast<double>(s.rssKb) / 1024);
    anonMb.push_back(static_cast<double>(s.anonKb) / 1024);
    fileMb.push_back(static_cast<double>(s.fileKb) / 1024);
  }
};

void report(const char* name, std::uint64_t count, const Series& s) {
  std::printf(
      "%-9s %11llu sightings: ready %.3f s (median; %.3f - %.3f), RSS %.1f MiB (anon "
      "%.1f, file %.1f)\n",
      name, static_cast<unsigned long long>(count), median(s.seconds),
      *std::min_element(s.seconds.begin(), s.seconds.end()),
      *std::max_element(s.seconds.begin(), s.seconds.end()), median(s.rssMb), median(s.anonMb),
      median(s.fileMb));
}

Options parse(int argc, char** argv) {
  Options o;
  CLI::App app{"start-up against the number of stored sightings"};
  app.add_option("--sightings", o.sightings, "sightings in the large store")->capture_default_str();
  app.add_option("--baseline", o.baseline, "sightings in the baseline store")
      ->capture_default_str();
  app.add_option("--units", o.units, "units that registered")->capture_default_str();
  app.add_option("--rounds", o.rounds, "starts of each store")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  app.add_option("--store-dir", o.storeDir, "keep the built stores here for later runs");
  app.add_flag("--cold", o.cold, "evict the store's file from the page cache before each start");
  app.add_option("--coordinator", o.coordinator, "the fieldops-coordinator to start")
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    std::exit(app.exit(e));
  }
  return o;
}

int run(const Options& o) {
  require(o.sightings > o.baseline, "--sightings must be larger than --baseline");
  std::optional<test::TempDir> scratch;
  if (o.storeDir.empty()) scratch.emplace();
  const std::string root = o.storeDir.empty() ? scratch->path() : o.storeDir;
  std::filesystem::create_directories(root);
  const std::string small = storeOf(root, o.baseline, o.units);
  const std::string large = storeOf(root, o.sightings, o.units);
  Series baseline;
  Series big;
  for (int round = 0; round < o.rounds; ++round) {
    baseline.add(startOnce(o, small, o.baseline));
    big.add(startOnce(o, large, o.sightings));
    std::printf("round %d: %.3f s / %.3f s\n", round + 1, baseline.seconds.back(),
                big.seconds.back());
    std::fflush(stdout);
  }
  std::printf("\n%s start, %d rounds, %s\n", o.cold ? "cold" : "warm", o.rounds,
              o.coordinator.c_str());
  report("baseline", o.baseline, baseline);
  report("large", o.sightings, big);
  const double perMillion = (median(big.rssMb) - median(baseline.rssMb)) * 1e6 /
                            static_cast<double>(o.sightings - o.baseline);
  std::printf("ratio of ready times (large / baseline): %.2f\n",
              median(big.seconds) / median(baseline.seconds));
  std::printf("RSS per million stored sightings: %.2f MiB (anon %.2f)\n", perMillion,
              (median(big.anonMb) - median(baseline.anonMb)) * 1e6 /
                  static_cast<double>(o.sightings - o.baseline));
  const double smallLookup = lookupMicros(small, o.baseline, o.units);
  const double largeLookup = lookupMicros(large, o.sightings, o.units);
  std::printf("duplicate look-up in the dedup index (warm): %.2f us / %.2f us, ratio %.2f\n",
              smallLookup, largeLookup, largeLookup / smallLookup);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  try {
    return run(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_startup: %s\n", e.what());
    return 1;
  }
}
