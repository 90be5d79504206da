// Tamper evidence and retention: verify names the first event altered, removed or reordered,
// the head anchor catches a truncated log, and a closed operation's personal data is purged
// after its retention period with the chain still intact.
#define BOOST_TEST_MODULE tamper
#include <boost/test/unit_test.hpp>
#include <coordinator/core.hpp>
#include <coordinator/export.hpp>
#include <coordinator/host_access.hpp>
#include <coordinator/retention.hpp>
#include <coordinator/store.hpp>
#include <filesystem>
#include <functional>
#include <protocol/lmdb.hpp>
#include <sstream>
#include <tests/support/support.hpp>

using namespace fieldops;
using namespace fieldops::test;

namespace {

constexpr Millis kT = 1'800'000'000'000;  // 2027-01-15T08:00:00Z
constexpr const char* kName = "Ахмед Салех";
constexpr const char* kWatchlistName = "SALEH, Ahmed";

StoreOptions optionsFor(const TempDir& dir) {
  return {dir / "data", kOperation, true, 64 << 20, false};
}

std::uint64_t commit(EventStore& store, OperationState& state, std::vector<Event> events) {
  for (const auto& e : events) apply(state, e);
  return store.append(events, state);
}

// A screened sighting that matched a notice: the rule raised an alert naming the match and
// created a task at once whose instructions repeat the summary (as decide_alerts.cpp does).
std::vector<Event> sightingWithHit(Millis t, std::uint64_t taskId, std::uint64_t alertId,
                                   const std::string& sightingId) {
  SightingRecorded rec{"ALPHA-1", sampleSighting(sightingId), {}};
  rec.screening.level = HitLevel::HIT;
  rec.screening.reason = std::string("name 96% ('") + kName + "' ~ '" + kWatchlistName + "')";
  rec.screening.matches = {ScreeningMatch{WatchlistKind::NOTICE, "2026/1234", "red notice",
                                          HitLevel::HIT, 96, rec.screening.reason}};
  const std::string summary =
      "red notice 2026/1234: " + rec.screening.reason + " (sighting " + sightingId + " by ALPHA-1)";
  Task task{taskId,     TaskKind::HOLD_FOR_VERIFICATION,          Priority::P1,
            t + 600000, std::string("Tabanovce border crossing"), "hold on hit: " + summary};
  AlertView alert;
  alert.alertId = alertId;
  alert.cause = AlertCause::HIT;
  alert.severity = Severity::CRITICAL;
  alert.raisedAt = t;
  alert.rule = "hold on hit";
  alert.summary = summary;
  alert.unit = "ALPHA-1";
  alert.sightingId = sightingId;
  alert.post = "Tabanovce border crossing";
  alert.proposal = ProposedTask{TaskKind::HOLD_FOR_VERIFICATION,
                                Priority::P1,
                                std::string("Tabanovce border crossing"),
                                "ALPHA-1",
                                "hold on hit: " + summary,
                                taskId};
  return {{t, "ALPHA-1", rec},
          {t, kCoordinatorPrincipal, TaskCreated{task}},
          {t, kCoordinatorPrincipal, TaskAssigned{taskId, "ALPHA-1"}},
          {t, kCoordinatorPrincipal, AlertRaised{alert}}};
}

// 12 events: a unit, a plain sighting, a sighting with a hit (alert + rule task), a commander's
// task, an acknowledgement of the alert and a second hit.
void writeHistory(EventStore& store, OperationState& state) {
  commit(store, state,
         {{kT, "ALPHA-1", UnitRegistered{sampleHello("ALPHA-1")}},
          {kT + 1, "ALPHA-1", SightingRecorded{"ALPHA-1", sampleSighting("s-1")}}});
  commit(store, state, sightingWithHit(kT + 2, 1, 1, "s-2"));
  Task task{2,          TaskKind::INSPECT_VEHICLE, Priority::P2,
            kT + 60000, std::string("Tabanovce"),  "van"};
  commit(store, state,
         {{kT + 3, kControlPrincipal, TaskCreated{task}},
          {kT + 4, kControlPrincipal, AlertAcknowledged{1, "cmdr", "on it"}}});
  commit(store, state, sightingWithHit(kT + 5, 3, 2, "s-3"));
}

// Raw access behind the store's back, as an attacker with the files would have.
struct Raw {
  explicit Raw(const TempDir& dir) : env(dir / "data", 64 << 20, 32), txn(env, false) {}
  MDB_dbi db(const char* name) { return txn.open(name, false); }
  std::string get(const char* name, std::uint64_t seq) {
    return std::string(*txn.get(db(name), lmdb::bigEndian(seq)));
  }
  void put(const char* name, std::uint64_t seq, const std::string& value) {
    txn.put(db(name), lmdb::bigEndian(seq), value);
  }
  void del(const char* name, std::uint64_t seq) { txn.del(db(name), lmdb::bigEndian(seq)); }
  void changeHeader(std::uint64_t seq, const std::function<void(EventHeader&)>& change) {
    EventHeader h = decodeHeader(get("log", seq));
    change(h);
    put("log", seq, encodeHeader(h));
  }
  lmdb::Env env;
  lmdb::Txn txn;
};

ChainReport verifyStore(const TempDir& dir) {
  StoreOptions o = optionsFor(dir);
  o.readOnly = true;
  return EventStore(o).verifyChain();
}

// A store with the history above; returns its last seq.
std::uint64_t freshStore(const TempDir& dir) {
  EventStore store(optionsFor(dir));
  OperationState state;
  writeHistory(store, state);
  return store.lastSeq();
}

void expectBreak(const ChainReport& r, ChainBreak kind, std::uint64_t seq) {
  BOOST_TEST(!r.ok);
  BOOST_TEST(chainBreakName(r.kind) == chainBreakName(kind), r.problem);
  BOOST_TEST(r.firstBadSeq == seq, r.problem);
  BOOST_TEST(r.events == seq - 1);
}

std::vector<std::string> coordinatorArgs(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.end(),
              {"--data-dir", dir / "data", "--operation", kOperation, "--map-size-mb", "64"});
  return args;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tamper_evidence)

BOOST_AUTO_TEST_CASE(an_intact_log_verifies_with_its_head_anchored) {
  TempDir dir;
  const auto last = freshStore(dir);
  BOOST_TEST(last == 12u);
  const ChainReport r = verifyStore(dir);
  BOOST_TEST(r.ok, r.problem);
  BOOST_TEST(r.events == 12u);
  BOOST_TEST(r.anchored);
}

BOOST_AUTO_TEST_CASE(a_changed_payload_byte_is_reported_as_altered_at_its_seq) {
  TempDir dir;
  freshStore(dir);
  {
    Raw raw(dir);
    std::string bytes = raw.get("payloads", 6);
    bytes[bytes.size() - 9] ^= 0x01;
    raw.put("payloads", 6, bytes);
    raw.txn.commit();
  }
  const ChainReport r = verifyStore(dir);
  expectBreak(r, ChainBreak::altered, 6);
  BOOST_TEST(r.problem == "payload digest does not match");
}

BOOST_AUTO_TEST_CASE(a_changed_header_principal_time_or_kind_is_reported_at_its_seq) {
  for (int field = 0; field < 3; ++field) {
    BOOST_TEST_CONTEXT("field " << field) {
      TempDir dir;
      freshStore(dir);
      {
        Raw raw(dir);
        raw.changeHeader(4, [&](EventHeader& h) {
          if (field == 0) h.principal = "BRAVO-2";
          if (field == 1) h.at += 1;
          if (field == 2) h.kind = 4;
        });
        raw.txn.commit();
      }
      expectBreak(verifyStore(dir), ChainBreak::altered, 4);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_changed_previous_hash_is_blamed_on_its_own_event) {
  TempDir dir;
  freshStore(dir);
  {
    Raw raw(dir);
    raw.changeHeader(7, [](EventHeader& h) { h.prevHash[0] ^= 1; });
    raw.txn.commit();
  }
  const ChainReport r = verifyStore(dir);
  expectBreak(r, ChainBreak::altered, 7);
  BOOST_TEST(r.problem == "previous-header hash does not match");
}

BOOST_AUTO_TEST_CASE(the_last_header_changed_is_caught_by_the_head_anchor) {
  TempDir dir;
  freshStore(dir);
  {
    Raw raw(dir);
    raw.changeHeader(12, [](EventHeader& h) { h.principal = "someone"; });
    raw.txn.commit();
  }
  expectBreak(verifyStore(dir), ChainBreak::altered, 12);
}

BOOST_AUTO_TEST_CASE(a_deleted_event_is_reported_as_removed_at_its_seq) {
  TempDir dir;
  freshStore(dir);
  {
    Raw raw(dir);
    raw.del("log", 5);
    raw.del("payloads", 5);
    raw.txn.commit();
  }
  expectBreak(verifyStore(dir), ChainBreak::removed, 5);
}

BOOST_AUTO_TEST_CASE(a_deleted_payload_is_reported_as_removed_at_its_seq) {
  TempDir dir;
  freshStore(dir);
  {
    Raw raw(dir);
    raw.del("payloads", 2);
    raw.txn.commit();
  }
  expectBreak(verifyStore(dir), ChainBreak::removed, 2);
}

BOOST_AUTO_TEST_CASE(two_swapped_events_are_reported_as_reordered_at_the_first) {
  TempDir dir;
  freshStore(dir);
  {
    Raw raw(dir);
    const std::string h5 = raw.get("log", 5), h6 = raw.get("log", 6);
    const std::string p5 = raw.get("payloads", 5), p6 = raw.get("payloads", 6);
    raw.put("log", 5, h6);
    raw.put("log", 6, h5);
    raw.put("payloads", 5, p6);
    raw.put("payloads", 6, p5);
    raw.txn.commit();
  }
  expectBreak(verifyStore(dir), ChainBreak::reordered, 5);
}

BOOST_AUTO_TEST_CASE(two_swapped_payloads_are_reported_as_reordered_at_the_first) {
  TempDir dir;
  freshStore(dir);
  {
    Raw raw(dir);
    const std::string p8 = raw.get("payloads", 8), p9 = raw.get("payloads", 9);
    raw.put("payloads", 8, p9);
    raw.put("payloads", 9, p8);
    raw.txn.commit();
  }
  expectBreak(verifyStore(dir), ChainBreak::reordered, 8);
}

BOOST_AUTO_TEST_CASE(a_deleted_last_event_is_reported_as_removed_by_the_head_anchor) {
  TempDir dir;
  freshStore(dir);
  {
    Raw raw(dir);
    raw.del("log", 12);
    raw.del("payloads", 12);
    raw.del("log", 11);
    raw.del("payloads", 11);
    raw.txn.commit();
  }
  const ChainReport r = verifyStore(dir);
  expectBreak(r, ChainBreak::removed, 11);
  BOOST_TEST(contains(r.problem, "head anchor records 12"), r.problem);
}

BOOST_AUTO_TEST_CASE(a_log_cut_short_above_its_payloads_is_refused_to_a_writer_not_to_verify) {
  TempDir dir;
  freshStore(dir);
  {
    Raw raw(dir);
    raw.del("log", 12);  // the payload of event 12 stays behind
    raw.txn.commit();
  }
  try {
    EventStore store(optionsFor(dir));
    BOOST_FAIL("a writer opened a store whose log was cut short");
  } catch (const StoreError& e) {
    BOOST_TEST(contains(e.what(), "after its last event (11)"), e.what());
    BOOST_TEST(contains(e.what(), "verify"), e.what());
  }
  const ChainReport r = verifyStore(dir);  // read-only: still tells what happened
  expectBreak(r, ChainBreak::removed, 12);
}

BOOST_AUTO_TEST_CASE(a_tombstone_that_no_purge_covers_is_reported_as_altered) {
  TempDir dir;
  freshStore(dir);
  {
    Raw raw(dir);
    raw.put("payloads", 2, tombstonePayload());
    raw.txn.commit();
  }
  const ChainReport r = verifyStore(dir);
  expectBreak(r, ChainBreak::altered, 2);
  BOOST_TEST(contains(r.problem, "tombstone"), r.problem);
}

BOOST_AUTO_TEST_CASE(a_store_without_the_anchor_verifies_as_before_unless_its_schema_has_one) {
  TempDir dir;
  freshStore(dir);
  {
    Raw raw(dir);
    raw.txn.del(raw.db("meta"), "head_seq");
    raw.txn.del(raw.db("meta"), "head_hash");
    raw.txn.commit();
  }
  const ChainReport missing = verifyStore(dir);
  BOOST_TEST(!missing.ok);
  BOOST_TEST(contains(missing.problem, "head anchor is missing"), missing.problem);
  {
    Raw raw(dir);  // a version-2 store never had one
    raw.txn.put(raw.db("meta"), "schema_version", "2");
    raw.txn.commit();
  }
  const ChainReport older = verifyStore(dir);
  BOOST_TEST(older.ok, older.problem);
  BOOST_TEST(!older.anchored);
  BOOST_TEST(older.events == 12u);
  // Opening it read-write upgrades it and anchors the head found then.
  { EventStore upgraded(optionsFor(dir)); }
  const ChainReport anchored = verifyStore(dir);
  BOOST_TEST(anchored.ok, anchored.problem);
  BOOST_TEST(anchored.anchored);
}

BOOST_AUTO_TEST_CASE(verify_on_the_command_line_names_the_kind_and_the_seq_and_fails) {
  TempDir dir;
  freshStore(dir);
  auto ok = runProgram(FIELDOPS_COORDINATOR_BIN, coordinatorArgs(dir, {"verify"}));
  BOOST_TEST(ok.status == 0, ok.err);
  BOOST_TEST(contains(ok.out, "chain verified: 12 events, head matches its anchor"), ok.out);
  {
    Raw raw(dir);
    std::string bytes = raw.get("payloads", 9);
    bytes[bytes.size() - 9] ^= 0x01;
    raw.put("payloads", 9, bytes);
    raw.txn.commit();
  }
  auto bad = runProgram(FIELDOPS_COORDINATOR_BIN, coordinatorArgs(dir, {"verify"}));
  BOOST_TEST(bad.status == 1);
  BOOST_TEST(contains(bad.out, "event log altered at seq 9: payload digest does not match"),
             bad.out);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(retention)

BOOST_AUTO_TEST_CASE(a_purge_tombstones_sightings_and_hit_alerts_and_a_rebuild_agrees) {
  TempDir dir;
  EventStore store(optionsFor(dir));
  OperationState state;
  writeHistory(store, state);
  commit(store, state, {{kT + 10, "cli:test", OperationClosed{30, "operation ended"}}});
  const PurgeOutcome outcome = store.purgeRetention(kT + 31 * kMillisPerDay, "cli:test");
  BOOST_TEST(outcome.seq == 14u);
  BOOST_TEST(outcome.purged.throughSeq == 13u);
  BOOST_TEST(outcome.purged.sightings == 3u);
  BOOST_TEST(outcome.purged.alerts.size() == 2u);
  BOOST_TEST(outcome.purged.tasks.size() == 2u);  // the rules' tasks 1 and 3, not the commander's 2

  const ChainReport r = store.verifyChain();
  BOOST_TEST(r.ok, r.problem);
  BOOST_TEST(r.tombstones == 7u);
  BOOST_TEST(store.sightings(0, 100).empty());
  const OperationState loaded = store.load();
  BOOST_TEST(store.sightingCount() == 0u);
  BOOST_TEST(store.dumpProjection("dedup").empty());  // a resend would be stored again
  BOOST_REQUIRE(loaded.closure.has_value());
  BOOST_TEST(loaded.closure->purgedThrough == 13u);
  BOOST_TEST(loaded.closure->retentionDays == 30u);
  BOOST_TEST(!contains(loaded.alerts.at(1).summary, kName));
  BOOST_TEST(contains(loaded.alerts.at(1).summary, "purged"));
  BOOST_TEST(loaded.alerts.at(1).state == AlertState::ACKNOWLEDGED);  // later events still hold
  BOOST_TEST(!contains(loaded.alerts.at(2).proposal->instructions, kName));
  BOOST_TEST(!contains(loaded.tasks.at(1).task.instructions, kName));
  BOOST_TEST(loaded.tasks.at(2).task.instructions == "van");
  std::stringstream jsonl;
  exportJsonLines(store, jsonl);
  BOOST_TEST(!contains(jsonl.str(), kName));
  BOOST_TEST(!contains(jsonl.str(), kWatchlistName));
  BOOST_TEST(contains(jsonl.str(), "\"kind\":\"retentionPurged\""));

  std::map<std::string, std::vector<std::pair<std::string, std::string>>> before;
  for (const char* p : {"units", "tasks", "sightings", "dedup", "alerts", "posts"}) {
    before[p] = store.dumpProjection(p);
  }
  store.rebuildProjections();
  for (const char* p : {"units", "tasks", "sightings", "dedup", "alerts", "posts"}) {
    BOOST_TEST_CONTEXT(p) {
      BOOST_TEST((store.dumpProjection(p) == before[p]));
    }
  }
  const OperationState rebuilt = store.load();
  BOOST_REQUIRE(rebuilt.closure.has_value());
  BOOST_TEST(rebuilt.closure->purgedThrough == 13u);
  BOOST_TEST(rebuilt.closure->closedAt == kT + 10);

  // Nothing new: nothing written.
  BOOST_TEST(store.purgeRetention(kT + 40 * kMillisPerDay, "cli:test").seq == 0u);
  BOOST_TEST(store.lastSeq() == 14u);
}

BOOST_AUTO_TEST_CASE(a_tombstone_beyond_the_purge_fails_verify) {
  TempDir dir;
  {
    EventStore store(optionsFor(dir));
    OperationState state;
    writeHistory(store, state);
    commit(store, state, {{kT + 10, "cli:test", OperationClosed{0, "exercise over"}}});
    store.purgeRetention(kT + 20, "cli:test");
    // An event after the purge (written behind the store's back by hand in real life).
    commit(store, state,
           {{kT + 30, "ALPHA-1", SightingRecorded{"ALPHA-1", sampleSighting("s-9")}}});
    BOOST_TEST(store.verifyChain().ok);
  }
  {
    Raw raw(dir);
    raw.put("payloads", 15, tombstonePayload());
    raw.txn.commit();
  }
  expectBreak(verifyStore(dir), ChainBreak::altered, 15);
  {
    Raw raw(dir);  // a tombstone on a kind a purge never touches, before the purge: also altered
    raw.put("payloads", 15, raw.get("payloads", 15));
    raw.put("payloads", 1, tombstonePayload());
    raw.txn.commit();
  }
  expectBreak(verifyStore(dir), ChainBreak::altered, 1);
}

BOOST_AUTO_TEST_CASE(close_purge_verify_export_and_rebuild_on_the_command_line) {
  TempDir dir;
  freshStore(dir);
  auto run = [&](std::vector<std::string> args) {
    return runProgram(FIELDOPS_COORDINATOR_BIN, coordinatorArgs(dir, std::move(args)));
  };
  auto early = run({"purge", "--now", "2027-01-16T00:00:00Z"});
  BOOST_TEST(early.status == 1);
  BOOST_TEST(contains(early.err, "not closed"), early.err);

  auto close = run({"close", "--retention-days", "30", "--reason", "operation ended", "--now",
                    "2027-01-16T00:00:00Z"});
  BOOST_TEST(close.status == 0, close.err);
  BOOST_TEST(contains(close.out, "until 2027-02-15T00:00:00Z"), close.out);
  auto twice = run({"close", "--retention-days", "1", "--reason", "again"});
  BOOST_TEST(twice.status == 1);
  BOOST_TEST(contains(twice.err, "already closed"), twice.err);

  auto notDue = run({"purge", "--now", "2027-02-14T23:59:59Z"});
  BOOST_TEST(notDue.status == 1);
  BOOST_TEST(contains(notDue.err, "has not passed"), notDue.err);
  BOOST_TEST(contains(notDue.err, "nothing purged"), notDue.err);
  auto stillThere = run({"export", "--format", "csv", "--what", "sightings", "--justification",
                         "retention test: before"});
  BOOST_TEST(contains(stillThere.out, kName));

  auto refused = run({"--agent-endpoint", "tcp://127.0.0.1:*", "--control-endpoint",
                      "tcp://127.0.0.1:*", "--updates-endpoint", "tcp://127.0.0.1:*"});
  BOOST_TEST(refused.status == 2);
  BOOST_TEST(contains(refused.err, "is closed at"), refused.err);

  auto purge = run({"purge", "--now", "2027-02-15T00:00:00Z"});
  BOOST_TEST(purge.status == 0, purge.err);
  BOOST_TEST(contains(purge.out, "3 sightings, 2 alerts, 2 tasks (event 14)"), purge.out);

  auto verify = run({"verify"});
  BOOST_TEST(verify.status == 0, verify.out);
  BOOST_TEST(contains(verify.out, "chain verified: 14 events, 7 purged under retention"),
             verify.out);
  auto sightings = run({"export", "--format", "csv", "--what", "sightings", "--justification",
                        "retention test: after"});
  BOOST_TEST(sightings.status == 0);
  BOOST_TEST(!contains(sightings.out, kName), sightings.out);
  auto events = run({"export", "--format", "csv", "--what", "events", "--justification",
                     "retention test: events"});
  BOOST_TEST(!contains(events.out, kName));
  BOOST_TEST(!contains(events.out, kWatchlistName));
  BOOST_TEST(contains(events.out, "retention purge through event 13"), events.out);
  auto tasks = run(
      {"export", "--format", "csv", "--what", "tasks", "--justification", "retention test: tasks"});
  BOOST_TEST(!contains(tasks.out, kWatchlistName), tasks.out);

  auto again = run({"purge", "--now", "2027-03-01T00:00:00Z"});
  BOOST_TEST(again.status == 0, again.err);
  BOOST_TEST(contains(again.out, "nothing to purge"), again.out);

  // audit --changes shows the closure and the purge as changes, by the account that ran them;
  // the second purge, which changed nothing, is no event.
  auto audit = run({"audit", "--changes"});
  BOOST_TEST(audit.status == 0, audit.err);
  const std::string by = "cli:" + hostAccount();
  BOOST_TEST(contains(audit.out, "event #13  " + by + "  operationClosed"), audit.out);
  BOOST_TEST(contains(audit.out, "event #14  " + by + "  retentionPurged"), audit.out);
  BOOST_TEST(contains(audit.out, "14 changes in the event log"), audit.out);
  // The payloads it purged are listed as such, not by their kind's name.
  BOOST_TEST(contains(audit.out, "purged (kind"), audit.out);
  // And the exports before and after the purge, each with its justification.
  BOOST_TEST(contains(audit.out, "why: \"retention test: before\""), audit.out);
  BOOST_TEST(contains(audit.out, "why: \"retention test: after\""), audit.out);

  auto rebuild = run({"rebuild"});
  BOOST_TEST(rebuild.status == 0, rebuild.err);
  BOOST_TEST(run({"verify"}).status == 0);
  StoreOptions o = optionsFor(dir);
  o.readOnly = true;
  EventStore store(o);
  BOOST_TEST(store.lastSeq() == 14u);
  BOOST_TEST(store.sightings(0, 100).empty());
  BOOST_TEST(store.closure().has_value());
}

BOOST_AUTO_TEST_CASE(close_is_refused_while_a_coordinator_holds_the_data_dir) {
  TempDir dir;
  freshStore(dir);
  DirLock held(dir / "data");
  auto r = runProgram(FIELDOPS_COORDINATOR_BIN,
                      coordinatorArgs(dir, {"close", "--retention-days", "1", "--reason", "x"}));
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.err, "in use by a running coordinator; stop it first"), r.err);
}

BOOST_AUTO_TEST_CASE(close_needs_an_existing_store_of_that_operation) {
  TempDir dir;
  auto missing =
      runProgram(FIELDOPS_COORDINATOR_BIN,
                 coordinatorArgs(dir, {"close", "--retention-days", "1", "--reason", "x"}));
  BOOST_TEST(missing.status == 2);
  BOOST_TEST(!std::filesystem::exists(dir / "data/data.mdb"));
  freshStore(dir);
  auto live = runProgram(
      FIELDOPS_COORDINATOR_BIN,
      coordinatorArgs(dir, {"close", "--live", "--retention-days", "1", "--reason", "x"}));
  BOOST_TEST(live.status == 2);
  BOOST_TEST(contains(live.err, "belongs to exercise operation"), live.err);
}

BOOST_AUTO_TEST_SUITE_END()
