// The LMDB event store: durable appends, projections, the hash chain, rebuild and refusals.
#define BOOST_TEST_MODULE store
#include <boost/test/unit_test.hpp>

#include <coordinator/core.hpp>
#include <coordinator/export.hpp>
#include <coordinator/store.hpp>
#include <tests/support/support.hpp>

#include <lmdb.h>

#include <fstream>
#include <limits>
#include <sstream>

using namespace fieldops;
using namespace fieldops::test;

namespace {

StoreOptions optionsFor(const TempDir& dir) { return {dir / "data", kOperation, true, 64 << 20, false}; }

// Applies events to the state and appends them, as the coordinator does in one turn.
std::uint64_t commit(EventStore& store, OperationState& state, std::vector<Event> events) {
  for (const auto& e : events) apply(state, e);
  return store.append(events, state);
}

std::vector<Event> someHistory(Millis t) {
  Task task{1, TaskKind::INSPECT_VEHICLE, Priority::P1, t + 60000, std::string("Tabanovce"), "van"};
  return {
      {t, "ALPHA-1", UnitRegistered{sampleHello("ALPHA-1")}},
      {t + 1, "ALPHA-1", SightingRecorded{"ALPHA-1", sampleSighting("s-1")}},
      {t + 2, "ALPHA-1", SightingRecorded{"ALPHA-1", sampleSighting("s-2")}},
      {t + 3, kControlPrincipal, TaskCreated{task}},
      {t + 4, kControlPrincipal, TaskAssigned{1, "ALPHA-1"}},
      {t + 5, "ALPHA-1", TaskDelivered{1}},
      {t + 6, "ALPHA-1", TaskAccepted{1}},
      {t + 7, "ALPHA-1", TaskProgressed{1, TaskProgress::ON_SCENE, ""}},
      {t + 8, kCoordinatorPrincipal, UnitLost{"ALPHA-1"}},
  };
}

void putMeta(const std::string& dir, const std::string& key, const std::string& value) {
  lmdb::Env env(dir, 64 << 20, 16);
  lmdb::Txn txn(env, false);
  txn.put(txn.open("meta", false), key, value);
  txn.commit();
}

}  // namespace

BOOST_AUTO_TEST_CASE(appended_events_get_consecutive_sequence_numbers_and_survive_reopening) {
  TempDir dir;
  {
    EventStore store(optionsFor(dir));
    OperationState state;
    BOOST_TEST(store.lastSeq() == 0u);
    BOOST_TEST(commit(store, state, someHistory(1000)) == 9u);
  }
  EventStore reopened(optionsFor(dir));
  BOOST_TEST(reopened.lastSeq() == 9u);
  OperationState state = reopened.load();
  BOOST_TEST(commit(reopened, state, {{2000, "BRAVO-2", UnitRegistered{sampleHello("BRAVO-2")}}}) ==
             10u);
  std::vector<std::uint64_t> seqs;
  reopened.forEachEvent([&](const StoredEvent& e) { seqs.push_back(e.header.seq); });
  BOOST_TEST(seqs.size() == 10u);
  for (std::size_t i = 0; i < seqs.size(); ++i) BOOST_TEST(seqs[i] == i + 1);
}

BOOST_AUTO_TEST_CASE(projections_load_back_the_state_without_replay) {
  TempDir dir;
  OperationState state;
  {
    EventStore store(optionsFor(dir));
    commit(store, state, someHistory(1000));
  }
  EventStore store(optionsFor(dir));
  const OperationState loaded = store.load();
  BOOST_TEST(loaded.units.size() == 1u);
  BOOST_TEST(loaded.units.at("ALPHA-1").status == UnitStatus::LOST);
  BOOST_TEST(loaded.units.at("ALPHA-1").capabilities == sampleHello("ALPHA-1").capabilities);
  BOOST_REQUIRE(loaded.tasks.size() == 1u);
  BOOST_TEST(loaded.tasks.at(1) == state.tasks.at(1));
  BOOST_TEST(loaded.tasks.at(1).history.size() == 5u);
  BOOST_TEST(loaded.tasks.at(1).state == TaskState::ON_SCENE);
  BOOST_TEST(loaded.nextTaskId == 2u);
  // Sightings are not loaded: the dedup index answers for them in the store.
  BOOST_TEST(loaded.sightingsInFlight.empty());
  BOOST_TEST(store.sightingCount() == 2u);
  lmdb::Txn txn(store.env(), true);
  BOOST_TEST(store.holdsSighting(txn, sightingKey("ALPHA-1", "s-1")));
  BOOST_TEST(store.holdsSighting(txn, sightingKey("ALPHA-1", "s-2")));
  BOOST_TEST(!store.holdsSighting(txn, sightingKey("ALPHA-1", "s-3")));
  BOOST_TEST(!store.holdsSighting(txn, sightingKey("BRAVO-2", "s-1")));
}

BOOST_AUTO_TEST_CASE(stored_sightings_are_returned_in_order_after_a_sequence_number) {
  TempDir dir;
  EventStore store(optionsFor(dir));
  OperationState state;
  commit(store, state, someHistory(1000));
  auto all = store.sightings(0, 100);
  BOOST_REQUIRE(all.size() == 2u);
  BOOST_TEST(all[0].seq == 2u);
  BOOST_TEST(all[0].unit == "ALPHA-1");
  BOOST_TEST(all[0].sighting == sampleSighting("s-1"));
  BOOST_TEST(all[1].sighting.sightingId == "s-2");
  BOOST_TEST(store.sightings(std::numeric_limits<std::uint64_t>::max(), 100).empty());
  auto later = store.sightings(2, 100);
  BOOST_REQUIRE(later.size() == 1u);
  BOOST_TEST(later[0].sighting.sightingId == "s-2");
  BOOST_TEST(store.sightings(0, 1).size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_hash_chain_verifies_and_a_tampered_header_or_payload_is_found) {
  TempDir dir;
  {
    EventStore store(optionsFor(dir));
    OperationState state;
    commit(store, state, someHistory(1000));
    const ChainReport ok = store.verifyChain();
    BOOST_TEST(ok.ok);
    BOOST_TEST(ok.events == 9u);
  }
  // Change one byte of the payload of event 3 behind the store's back.
  std::string original;
  {
    lmdb::Env env(dir / "data", 64 << 20, 16);
    lmdb::Txn txn(env, false);
    auto payloads = txn.open("payloads", false);
    std::string bytes(*txn.get(payloads, lmdb::bigEndian(3)));
    original = bytes;
    bytes[bytes.size() - 9] ^= 0x01;
    txn.put(payloads, lmdb::bigEndian(3), bytes);
    txn.commit();
  }
  {
    EventStore store(optionsFor(dir));
    const ChainReport bad = store.verifyChain();
    BOOST_TEST(!bad.ok);
    BOOST_TEST(bad.firstBadSeq == 3u);
    BOOST_TEST((bad.kind == ChainBreak::altered));
  }
  // A tombstone no retention purge covers is damage too (test_tamper.cpp has the purges).
  {
    lmdb::Env env(dir / "data", 64 << 20, 16);
    lmdb::Txn txn(env, false);
    txn.put(txn.open("payloads", false), lmdb::bigEndian(3), tombstonePayload());
    txn.commit();
  }
  {
    EventStore store(optionsFor(dir));
    const ChainReport tombstone = store.verifyChain();
    BOOST_TEST(!tombstone.ok);
    BOOST_TEST(tombstone.firstBadSeq == 3u);
  }
  // Event 3 restored, event 5's header removed: a gap, reported at 5.
  {
    lmdb::Env env(dir / "data", 64 << 20, 16);
    lmdb::Txn txn(env, false);
    txn.put(txn.open("payloads", false), lmdb::bigEndian(3), original);
    txn.del(txn.open("log", false), lmdb::bigEndian(5));
    txn.commit();
  }
  {
    EventStore store(optionsFor(dir));
    const ChainReport gap = store.verifyChain();
    BOOST_TEST(!gap.ok);
    BOOST_TEST(gap.events == 4u);
    BOOST_TEST(gap.firstBadSeq == 5u);
    BOOST_TEST((gap.kind == ChainBreak::removed));
  }
  // A payload that is simply gone is damage, not a purge.
  {
    lmdb::Env env(dir / "data", 64 << 20, 16);
    lmdb::Txn txn(env, false);
    txn.del(txn.open("payloads", false), lmdb::bigEndian(2));
    txn.commit();
  }
  EventStore store(optionsFor(dir));
  const ChainReport missing = store.verifyChain();
  BOOST_TEST(!missing.ok);
  BOOST_TEST(missing.firstBadSeq == 2u);
  BOOST_TEST(missing.problem.find("payload missing") != std::string::npos, missing.problem);
}

BOOST_AUTO_TEST_CASE(the_log_alone_rebuilds_identical_projections) {
  TempDir dir;
  EventStore store(optionsFor(dir));
  OperationState state;
  commit(store, state, someHistory(1000));
  // A second unit, a decline and a cancel, committed in a later transaction.
  Task task{2, TaskKind::SURVEIL, Priority::P3, 99999, Position{41.0, 20.0}, "watch"};
  commit(store, state,
         {{3000, "BRAVO-2", UnitRegistered{sampleHello("BRAVO-2")}},
          {3001, kControlPrincipal, TaskCreated{task}},
          {3002, kControlPrincipal, TaskAssigned{2, "BRAVO-2"}},
          {3003, "BRAVO-2", TaskDeclined{2, "no vehicle"}},
          {3004, kControlPrincipal, TaskCancelled{2, "not needed"}},
          {3005, "BRAVO-2", SightingRecorded{"BRAVO-2", sampleSighting("s-1")}}});
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> before;
  for (const char* p : {"units", "tasks", "sightings", "dedup"}) before[p] = store.dumpProjection(p);
  BOOST_TEST(before["sightings"].size() == 3u);
  store.rebuildProjections();
  for (const char* p : {"units", "tasks", "sightings", "dedup"}) {
    BOOST_TEST_CONTEXT(p) { BOOST_TEST((store.dumpProjection(p) == before[p])); }
  }
}

BOOST_AUTO_TEST_CASE(export_writes_one_json_line_per_event_with_the_payload) {
  TempDir dir;
  EventStore store(optionsFor(dir));
  OperationState state;
  commit(store, state, someHistory(1000));
  std::stringstream out;
  exportJsonLines(store, out);
  std::vector<std::string> lines;
  for (std::string line; std::getline(out, line);) lines.push_back(line);
  BOOST_REQUIRE(lines.size() == 9u);
  BOOST_TEST(lines[1].find("\"kind\":\"sightingRecorded\"") != std::string::npos);
  BOOST_TEST(lines[1].find("Ахмед Салех") != std::string::npos);
  BOOST_TEST(lines[1].find("\"seq\":2") != std::string::npos);
  BOOST_TEST(lines[8].find("\"kind\":\"unitLost\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_store_written_by_a_newer_schema_is_refused) {
  TempDir dir;
  { EventStore store(optionsFor(dir)); }
  putMeta(dir / "data", "schema_version", std::to_string(kStoreSchemaVersion + 1));
  BOOST_CHECK_EXCEPTION(EventStore(optionsFor(dir)), StoreError, [](const StoreError& e) {
    return std::string(e.what()).find("newer") != std::string::npos;
  });
}

BOOST_AUTO_TEST_CASE(a_store_of_another_operation_or_mode_is_refused) {
  TempDir dir;
  { EventStore store(optionsFor(dir)); }
  StoreOptions other = optionsFor(dir);
  other.operationId = "ANOTHER-OP";
  BOOST_CHECK_THROW(EventStore{other}, StoreError);
  StoreOptions live = optionsFor(dir);
  live.exercise = false;
  BOOST_CHECK_THROW(EventStore{live}, StoreError);
}

BOOST_AUTO_TEST_CASE(a_data_dir_that_cannot_be_created_is_a_clear_error) {
  TempDir dir;
  std::ofstream(dir / "file") << "not a directory";
  StoreOptions o = optionsFor(dir);
  o.dataDir = dir / "file/data";
  BOOST_CHECK_EXCEPTION(EventStore{o}, StoreError, [](const StoreError& e) {
    return std::string(e.what()).find("data dir") != std::string::npos;
  });
}

BOOST_AUTO_TEST_CASE(a_read_only_open_of_a_missing_store_is_refused) {
  TempDir dir;
  StoreOptions o = optionsFor(dir);
  o.readOnly = true;
  o.dataDir = dir.path();
  BOOST_CHECK_THROW(EventStore{o}, StoreError);
}
