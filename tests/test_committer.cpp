// The commit worker (coordinator/committer.hpp): a batch is durable, in order and on the hash
// chain when the worker says so; a batch in flight when the worker stops is committed, not lost.
// Real LMDB in a temporary directory.
#define BOOST_TEST_MODULE committer
#include <boost/test/unit_test.hpp>

#include <coordinator/committer.hpp>
#include <coordinator/core.hpp>
#include <tests/support/support.hpp>

#include <spdlog/sinks/null_sink.h>

#include <poll.h>

#include <memory>

using namespace fieldops;
using namespace fieldops::test;

namespace {

StoreOptions optionsFor(const TempDir& dir) {
  return {dir / "data", kOperation, true, 64 << 20, false};
}

spdlog::logger quietLog() {
  return spdlog::logger("committer", std::make_shared<spdlog::sinks::null_sink_mt>());
}

// Sightings s-<first> .. s-<first+count-1> from ALPHA-1, applied to `state` as a turn would.
std::vector<Event> sightings(OperationState& state, int first, int count) {
  std::vector<Event> events;
  for (int i = first; i < first + count; ++i) {
    events.push_back({1000 + i, "ALPHA-1",
                      SightingRecorded{"ALPHA-1", sampleSighting("s-" + std::to_string(i))}});
    apply(state, events.back());
  }
  return events;
}

Committer::Batch batchOf(std::vector<Event> events, const OperationState& state) {
  Committer::Batch b;
  b.projections = projectionWrites(events, state);
  b.events = std::move(events);
  return b;
}

bool readableWithin(int fd, int millis) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, millis) == 1 && (p.revents & POLLIN);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_batch_is_durable_when_the_worker_signals) {
  TempDir dir;
  EventStore store(optionsFor(dir));
  auto log = quietLog();
  OperationState state;
  Committer committer(store, log);
  BOOST_TEST(!committer.inFlight());
  BOOST_TEST(!readableWithin(committer.fd(), 0));

  committer.submit(batchOf(sightings(state, 1, 50), state));
  BOOST_TEST(committer.inFlight());

  BOOST_REQUIRE(readableWithin(committer.fd(), 10'000));
  BOOST_TEST(committer.ready());
  Committer::Batch done = committer.wait();
  BOOST_TEST(!committer.inFlight());
  BOOST_TEST(!readableWithin(committer.fd(), 0));  // waiting took the signal
  BOOST_TEST(done.lastSeq == 50u);
  BOOST_TEST(done.events.size() == 50u);  // given back, for the loop's log
  BOOST_TEST(store.lastSeq() == 50u);
  BOOST_TEST(store.sightings(0, 100).size() == 50u);
  // Another reader of the environment (a query, verify) sees the batch whole.
  BOOST_TEST(store.verifyChain().ok);
  BOOST_TEST(store.verifyChain().events == 50u);
}

BOOST_AUTO_TEST_CASE(batches_continue_the_sequence_and_the_hash_chain) {
  TempDir dir;
  OperationState state;
  {
    EventStore store(optionsFor(dir));
    auto log = quietLog();
    Committer committer(store, log);
    for (int turn = 0; turn < 5; ++turn) {
      committer.submit(batchOf(sightings(state, turn * 20, 20), state));
      BOOST_TEST(committer.wait().lastSeq == static_cast<std::uint64_t>((turn + 1) * 20));
    }
    // A unit's registration among the sightings writes the unit projection too.
    std::vector<Event> mixed = sightings(state, 100, 3);
    mixed.push_back({2000, "BRAVO-2", UnitRegistered{sampleHello("BRAVO-2")}});
    apply(state, mixed.back());
    committer.submit(batchOf(std::move(mixed), state));
    BOOST_TEST(committer.wait().lastSeq == 104u);
  }
  EventStore reopened(optionsFor(dir));
  BOOST_TEST(reopened.lastSeq() == 104u);
  BOOST_TEST(reopened.verifyChain().ok);
  const OperationState loaded = reopened.load();
  BOOST_TEST(loaded.sightingsInFlight.empty());  // nothing per stored sighting in memory
  BOOST_TEST(loaded.units.count("BRAVO-2") == 1u);
  BOOST_TEST(reopened.sightingCount() == 103u);
  lmdb::Txn txn(reopened.env(), true);
  BOOST_TEST(reopened.holdsSighting(txn, sightingKey("ALPHA-1", "s-0")));
  BOOST_TEST(reopened.holdsSighting(txn, sightingKey("ALPHA-1", "s-102")));
  BOOST_TEST(!reopened.holdsSighting(txn, sightingKey("ALPHA-1", "s-103")));
}

BOOST_AUTO_TEST_CASE(a_batch_in_flight_when_the_worker_stops_is_committed) {
  TempDir dir;
  OperationState state;
  {
    EventStore store(optionsFor(dir));
    auto log = quietLog();
    Committer committer(store, log);
    committer.submit(batchOf(sightings(state, 1, 200), state));
    // destroyed without waiting, as when the loop stops on an error
  }
  EventStore reopened(optionsFor(dir));
  BOOST_TEST(reopened.lastSeq() == 200u);
  BOOST_TEST(reopened.sightings(0, 1000).size() == 200u);
  BOOST_TEST(reopened.verifyChain().ok);
}
