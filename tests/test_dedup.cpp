// Duplicate sightings found through the store's dedup index (coordinator/dedup_index.hpp) and the
// in-flight set (OperationState::sightingsInFlight), with nothing per stored sighting in memory:
// after a restart, while the first copy is in a batch in flight, gone with a retention purge, and
// on a store written before the index was read in place (tests/data/stores). Real LMDB in
// temporary directories, real ZeroMQ on 127.0.0.1, real coordinator processes for restarts.
#define BOOST_TEST_MODULE dedup
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <coordinator/committer.hpp>
#include <coordinator/dedup_index.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <protocol/session.hpp>
#include <tests/support/running_coordinator.hpp>
#include <tests/support/support.hpp>
#include <thread>

using namespace fieldops;
using namespace fieldops::test;
using namespace std::chrono_literals;

namespace {

std::unique_ptr<Child> startCoordinator(const TempDir& dir, const std::string& name) {
  const std::string ready = dir / ("ready-" + name);
  auto child = std::make_unique<Child>(
      FIELDOPS_COORDINATOR_BIN,
      std::vector<std::string>{"--data-dir", dir / "data", "--insecure-dev", "--operation",
                               kOperation, "--agent-endpoint", "tcp://127.0.0.1:*",
                               "--control-endpoint", "tcp://127.0.0.1:*", "--updates-endpoint",
                               "tcp://127.0.0.1:*", "--ready-file", ready, "--log-level", "warn",
                               "--map-size-mb", "64"},
      dir.path());
  waitReadyFile(ready, 30s);
  return child;
}

// Registers `callsign` on a fresh session; fails the test without a welcome.
void registerUnit(Session& agent, const std::string& callsign) {
  agent.send(sampleHello(callsign), wallClockNow());
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline) {
    auto env = agent.receive(100ms);
    if (env && std::holds_alternative<Welcome>(env->body)) return;
  }
  BOOST_FAIL("no welcome for " << callsign);
}

// Sends the sightings and returns, for each id, whether its acknowledgement said duplicate.
std::map<std::string, bool> acknowledge(Session& agent, const std::vector<std::string>& ids) {
  for (const auto& id : ids) BOOST_REQUIRE(agent.send(sampleSighting(id), wallClockNow()) != 0);
  std::map<std::string, bool> acks;
  std::size_t received = 0;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (received < ids.size() && std::chrono::steady_clock::now() < deadline) {
    auto env = agent.receive(100ms);
    if (!env) continue;
    if (const auto* ack = std::get_if<SightingAck>(&env->body)) {
      ++received;
      BOOST_TEST(acks.count(ack->sightingId) == 0u, "acknowledged twice: " << ack->sightingId);
      acks[ack->sightingId] = ack->duplicate;
    }
  }
  BOOST_REQUIRE_EQUAL(received, ids.size());
  return acks;
}

std::vector<std::string> ids(const std::string& prefix, int first, int count) {
  std::vector<std::string> out;
  for (int i = first; i < first + count; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

// How many times each sighting id is stored.
std::map<std::string, int> storedIds(const EventStore& store) {
  std::map<std::string, int> out;
  store.forEachEvent([&](const StoredEvent& e) {
    if (!e.body) return;
    if (const auto* s = std::get_if<SightingRecorded>(&*e.body)) ++out[s->sighting.sightingId];
  });
  return out;
}

EventStore readOnly(const TempDir& dir) {
  return EventStore(StoreOptions{dir / "data", kOperation, true, 64 << 20, true});
}

// Holds the store's one write transaction on a thread of its own until released, so that a
// batch handed to the commit worker cannot become durable meanwhile.
class WriterLock {
 public:
  explicit WriterLock(const lmdb::Env& env) {
    std::promise<void> held;
    auto isHeld = held.get_future();
    thread_ = std::thread([&env, &held, done = release_.get_future()]() mutable {
      lmdb::Txn txn(env, false);
      held.set_value();
      done.wait();
    });
    isHeld.wait();
  }
  ~WriterLock() { release(); }
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;
  void release() {
    if (!thread_.joinable()) return;
    release_.set_value();
    thread_.join();
  }

 private:
  std::promise<void> release_;
  std::thread thread_;
};

// Loads an `mdb_dump -a` text dump (the default hex format) into a new LMDB environment.
void loadDump(const std::string& dumpFile, const std::string& dir) {
  std::filesystem::create_directories(dir);
  lmdb::Env env(dir, 64 << 20, kMaxDbs);
  lmdb::Txn txn(env, false);
  std::ifstream in(dumpFile);
  BOOST_REQUIRE_MESSAGE(in, "no fixture " << dumpFile);
  auto bytes = [](const std::string& hex) {
    std::string out;
    for (std::size_t i = 1; i + 1 < hex.size(); i += 2) {
      out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    return out;
  };
  std::string line;
  std::string database;
  MDB_dbi db = 0;
  bool inData = false;  // between HEADER=END and DATA=END of a named database
  while (std::getline(in, line)) {
    if (line.rfind("database=", 0) == 0) database = line.substr(9);
    if (line == "HEADER=END") {
      inData = !database.empty();  // the main database is implied by the others
      if (inData) db = txn.open(database.c_str(), true);
    } else if (line == "DATA=END") {
      inData = false;
      database.clear();
    } else if (inData && !line.empty() && line[0] == ' ') {
      std::string value;
      BOOST_REQUIRE(std::getline(in, value));
      txn.put(db, bytes(line), bytes(value));
    }
  }
  txn.commit();
}

}  // namespace

BOOST_AUTO_TEST_CASE(acknowledged_sightings_resent_after_a_kill_and_restart_are_duplicates) {
  TempDir dir;
  zmq::context_t context(1);
  {
    auto coordinator = startCoordinator(dir, "first");
    const auto endpoints = waitReadyFile(dir / "ready-first", 1s);
    Session agent(context, {endpoints.at("agent"), kOperation, true});
    registerUnit(agent, "ALPHA-1");
    for (const auto& [id, duplicate] : acknowledge(agent, ids("S-", 0, 50))) {
      BOOST_TEST(!duplicate, id);
    }
    coordinator->signal(SIGKILL);
    BOOST_REQUIRE(coordinator->wait(10s).value_or(0) == 128 + SIGKILL);
  }
  {
    auto coordinator = startCoordinator(dir, "second");
    const auto endpoints = waitReadyFile(dir / "ready-second", 1s);
    Session agent(context, {endpoints.at("agent"), kOperation, true});
    registerUnit(agent, "ALPHA-1");
    std::vector<std::string> again = ids("S-", 0, 50);
    again.push_back("S-50");  // one new among the resends
    const auto acks = acknowledge(agent, again);
    for (int i = 0; i < 50; ++i) BOOST_TEST(acks.at("S-" + std::to_string(i)), i);
    BOOST_TEST(!acks.at("S-50"));
    // Another unit may use the same ids: its own.
    Session bravo(context, {endpoints.at("agent"), kOperation, true});
    registerUnit(bravo, "BRAVO-2");
    BOOST_TEST(!acknowledge(bravo, {"S-0"}).at("S-0"));
    coordinator->signal(SIGTERM);
    BOOST_REQUIRE(coordinator->wait(10s).value_or(-1) == 0);
  }
  const EventStore store = readOnly(dir);
  const auto stored = storedIds(store);
  BOOST_TEST(stored.size() == 51u);
  for (const auto& [id, n] : stored) BOOST_TEST(n == (id == "S-0" ? 2 : 1), id);
  BOOST_TEST(store.sightingCount() == 52u);
  BOOST_TEST(store.verifyChain().ok);
}

BOOST_AUTO_TEST_CASE(a_resend_while_the_first_copy_is_in_a_batch_in_flight_is_a_duplicate) {
  TempDir dir;
  EventStore store(StoreOptions{dir / "data", kOperation, true, 64 << 20});
  spdlog::logger log("dedup", std::make_shared<spdlog::sinks::null_sink_mt>());
  const CoreSettings settings{kOperation};
  OperationState state;
  std::optional<lmdb::Txn> turnTxn;  // the loop's read transaction, opened on first use
  const DedupIndex dedup(store, [&]() -> const lmdb::Txn& {
    if (!turnTxn) turnTxn.emplace(store.env(), true);
    return *turnTxn;
  });
  auto decide = [&](Body body) {
    Decision d = decideAgent(
        state, dedup, settings,
        AgentInput{"peer-a", Envelope{kProtocolVersion, kOperation, true, 1, 0, std::move(body)}},
        1000);
    apply(state, d);
    return d;
  };
  const std::string key = sightingKey("ALPHA-1", "S-1");
  Committer committer(store, log);
  decide(sampleHello("ALPHA-1"));
  Decision first = decide(sampleSighting("S-1"));
  BOOST_REQUIRE_EQUAL(first.events.size(), 1u);
  {
    WriterLock lock(store.env());  // the batch cannot be committed while this holds
    Committer::Batch batch;
    batch.projections = projectionWrites(first.events, state);
    batch.events = first.events;
    committer.submit(std::move(batch));
    BOOST_TEST(!committer.ready());
    BOOST_TEST(!dedup.contains(key));  // not durable: the store does not have it
    const Decision resend = decide(sampleSighting("S-1"));
    BOOST_TEST(resend.events.empty());
    BOOST_TEST(std::get<SightingAck>(resend.out.at(0).body).duplicate);
    turnTxn.reset();  // the turn ends
  }
  const Committer::Batch done = committer.wait();
  confirmDurable(state, done.events);  // the loop's finishCommit, after its turn's transaction
  BOOST_TEST(state.sightingsInFlight.empty());
  BOOST_TEST(dedup.contains(key));  // durable: the store answers
  const Decision later = decide(sampleSighting("S-1"));
  BOOST_TEST(later.events.empty());
  BOOST_TEST(std::get<SightingAck>(later.out.at(0).body).duplicate);
  turnTxn.reset();
  BOOST_TEST(store.sightingCount() == 1u);
}

BOOST_AUTO_TEST_CASE(a_coordinator_acknowledges_a_resend_of_a_sighting_in_flight_once_durable) {
  RunningCoordinator c;
  Session agent(c.context, c.agentLink());
  registerUnit(agent, "ALPHA-1");
  std::map<std::string, std::vector<bool>> acks;
  {
    // The first copy goes to the commit worker and stays there: its resend is decided while it
    // is in flight (or, if the loop is slower than this test, in the same turn).
    WriterLock lock(c.store->env());
    BOOST_REQUIRE(agent.send(sampleSighting("S-1"), wallClockNow()) != 0);
    BOOST_REQUIRE(agent.send(sampleSighting("S-1"), wallClockNow()) != 0);
    // Nothing is acknowledged before it is durable.
    const auto until = std::chrono::steady_clock::now() + 300ms;
    while (std::chrono::steady_clock::now() < until) {
      auto env = agent.receive(50ms);
      BOOST_TEST(!(env && std::holds_alternative<SightingAck>(env->body)));
    }
  }
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (acks["S-1"].size() < 2 && std::chrono::steady_clock::now() < deadline) {
    auto env = agent.receive(100ms);
    if (const auto* ack = env ? std::get_if<SightingAck>(&env->body) : nullptr) {
      acks[ack->sightingId].push_back(ack->duplicate);
    }
  }
  BOOST_TEST((acks["S-1"] == std::vector<bool>{false, true}));
  c.halt();
  BOOST_TEST(storedIds(*c.store) == (std::map<std::string, int>{{"S-1", 1}}));
}

BOOST_AUTO_TEST_CASE(a_retention_purge_removes_the_dedup_entries_of_the_purged_sightings) {
  TempDir dir;
  {
    RunningCoordinator c({}, [&](CoordinatorOptions& o) { o.dataDir = dir / "data"; });
    Session agent(c.context, c.agentLink());
    registerUnit(agent, "ALPHA-1");
    acknowledge(agent, ids("S-", 0, 5));
    c.halt();
    lmdb::Txn txn(c.store->env(), true);
    BOOST_TEST(c.store->holdsSighting(txn, sightingKey("ALPHA-1", "S-3")));
  }
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.end(),
                {"--data-dir", dir / "data", "--operation", kOperation, "--map-size-mb", "64"});
    return runProgram(FIELDOPS_COORDINATOR_BIN, args);
  };
  const auto close = run({"close", "--retention-days", "1", "--reason", "dedup test", "--now",
                          "2099-01-01T00:00:00Z"});
  BOOST_REQUIRE_MESSAGE(close.status == 0, close.err);
  const auto purge = run({"purge", "--now", "2099-01-03T00:00:00Z"});
  BOOST_REQUIRE_MESSAGE(purge.status == 0, purge.err);
  const EventStore store = readOnly(dir);
  BOOST_TEST(store.dumpProjection("dedup").empty());
  BOOST_TEST(store.sightingCount() == 0u);
  {
    lmdb::Txn txn(store.env(), true);
    BOOST_TEST(!store.holdsSighting(txn, sightingKey("ALPHA-1", "S-3")));
  }
  BOOST_TEST(store.verifyChain().ok);
}

BOOST_AUTO_TEST_CASE(a_store_written_before_this_change_starts_and_keeps_its_duplicates) {
  // Written by fieldops-coordinator at 3900dce (the in-memory dedup set), schema 3: ALPHA-1
  // reported old-1, old-2 and old-3 through fieldops-agent --script; see tests/data/stores.
  TempDir dir;
  loadDump(std::string(FIELDOPS_SOURCE_DIR) + "/tests/data/stores/schema3-3900dce.dump",
           dir / "data");
  std::uint64_t before = 0;
  {
    RunningCoordinator c({}, [&](CoordinatorOptions& o) { o.dataDir = dir / "data"; });
    before = c.store->lastSeq();
    BOOST_TEST(before > 0u);
    Session agent(c.context, c.agentLink());
    registerUnit(agent, "ALPHA-1");
    const auto acks = acknowledge(agent, {"old-1", "old-2", "old-3", "new-1"});
    BOOST_TEST(acks.at("old-1"));
    BOOST_TEST(acks.at("old-2"));
    BOOST_TEST(acks.at("old-3"));
    BOOST_TEST(!acks.at("new-1"));
    c.halt();
  }
  const EventStore store = readOnly(dir);
  BOOST_TEST((storedIds(store) ==
              std::map<std::string, int>{{"new-1", 1}, {"old-1", 1}, {"old-2", 1}, {"old-3", 1}}));
  std::vector<std::string> after;  // the events this coordinator added
  store.forEachEvent([&](const StoredEvent& e) {
    if (e.header.seq > before && e.body) after.emplace_back(eventName(*e.body));
  });
  // ALPHA-1 again, new-1 alone; the old store's unacknowledged alert may escalate meanwhile.
  BOOST_TEST(std::count(after.begin(), after.end(), "unitRegistered") == 1);
  BOOST_TEST(std::count(after.begin(), after.end(), "sightingRecorded") == 1);
  const ChainReport chain = store.verifyChain();
  BOOST_TEST(chain.ok, chain.problem);
}
