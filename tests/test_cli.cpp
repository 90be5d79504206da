// fieldops-coordinator as a user meets it: flags, refusals, clean shutdown, restart, export.
#define BOOST_TEST_MODULE cli
#include <boost/test/unit_test.hpp>
#include <coordinator/host_access.hpp>
#include <coordinator/screening/watchlist_store.hpp>
#include <coordinator/store.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <protocol/lmdb.hpp>
#include <protocol/session.hpp>
#include <set>
#include <sstream>
#include <tuple>
#include <tests/support/support.hpp>

using namespace fieldops;
using namespace fieldops::test;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> baseArgs(const TempDir& dir, const std::string& ready) {
  return {"--data-dir",         dir / "data",
          "--operation",        kOperation,
          "--agent-endpoint",   "tcp://127.0.0.1:*",
          "--updates-endpoint", "tcp://127.0.0.1:*",
          "--control-endpoint", "tcp://127.0.0.1:*",
          "--ready-file",       ready,
          "--map-size-mb",      "64",
          "--insecure-dev"};
}

bool oneLine(const std::string& s) {
  return !s.empty() && s.find('\n') == s.size() - 1;
}

// A notices file of the references FICT-N-<i> for i in [first, end), except those in `pink`,
// whose colour is refused.
std::string writeNotices(const TempDir& dir, const std::string& name, int first, int end,
                         const std::set<int>& pink = {}) {
  const std::string path = dir / name;
  std::ofstream out(path);
  out << "reference,colour,names\n";
  for (int i = first; i < end; ++i) {
    out << "FICT-N-" << i << "," << (pink.count(i) ? "pink" : "red") << ",Person " << i << "\n";
  }
  return path;
}

RunResult importNotices(const TempDir& dir, const std::string& file,
                        const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"--data-dir", dir / "data", "--map-size-mb", "64",
                                   "import",     "--list",     "notices",       file};
  args.insert(args.end(), extra.begin(), extra.end());
  return runProgram(FIELDOPS_COORDINATOR_BIN, args);
}

std::size_t storedNotices(const TempDir& dir) {
  lmdb::Env env(dir / "data", 64 << 20, kMaxDbs);
  lmdb::Txn txn(env, true);
  const auto dbs = screening::WatchlistDbs::open(txn, false);
  return screening::watchlistCount(txn, dbs, screening::ListKind::notices);
}

}  // namespace

BOOST_AUTO_TEST_CASE(help_describes_the_options_and_exits_zero) {
  auto r = runProgram(FIELDOPS_COORDINATOR_BIN, {"--help"});
  BOOST_TEST(r.status == 0);
  BOOST_TEST(r.out.find("--data-dir") != std::string::npos);
  BOOST_TEST(r.out.find("export") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_bad_flag_is_a_clear_error_with_a_nonzero_exit) {
  auto r = runProgram(FIELDOPS_COORDINATOR_BIN, {"--no-such-flag"});
  BOOST_TEST(r.status == 2);
  BOOST_TEST(r.err.find("--no-such-flag") != std::string::npos);
  auto range = runProgram(FIELDOPS_COORDINATOR_BIN, {"--heartbeat-ms", "-5"});
  BOOST_TEST(range.status == 2);
}

BOOST_AUTO_TEST_CASE(the_exercise_clock_flags_are_checked) {
  TempDir dir;
  auto live = baseArgs(dir, dir / "ready");
  live.insert(live.end(), {"--live", "--clock", "stepped"});
  auto r = runProgram(FIELDOPS_COORDINATOR_BIN, live);
  BOOST_TEST(r.status == 2);
  BOOST_TEST(r.err.find("exercises only") != std::string::npos, r.err);
  auto badStart = baseArgs(dir, dir / "ready");
  badStart.insert(badStart.end(), {"--clock", "stepped", "--clock-start", "2026-02-30T06:00:00Z"});
  r = runProgram(FIELDOPS_COORDINATOR_BIN, badStart);
  BOOST_TEST(r.status == 2);
  BOOST_TEST(r.err.find("2026-02-30T06:00:00Z") != std::string::npos, r.err);
  auto badPhase = baseArgs(dir, dir / "ready");
  badPhase.insert(badPhase.end(), {"--phase", "lunch"});
  r = runProgram(FIELDOPS_COORDINATOR_BIN, badPhase);
  BOOST_TEST(r.status == 2);
  BOOST_TEST(r.err.find("lunch") != std::string::npos, r.err);
}

// docs/security.md: the development mode is loud, at critical level, and never live.
BOOST_AUTO_TEST_CASE(insecure_dev_warns_at_critical_level_and_is_refused_with_live) {
  TempDir dir;
  {
    Child coordinator(FIELDOPS_COORDINATOR_BIN, baseArgs(dir, dir / "ready"), dir.path());
    waitReadyFile(dir / "ready", 30s);
    coordinator.signal(SIGTERM);
    BOOST_TEST(coordinator.wait(10s).value_or(-1) == 0);
    const std::string warning =
        "[critical] INSECURE DEVELOPMENT MODE (--insecure-dev): no encryption, no "
        "authentication, every caller trusted. Never use it with real data.";
    BOOST_TEST(coordinator.stderrText().find(warning) != std::string::npos,
               coordinator.stderrText());
    std::ifstream logFile(dir / "data/coordinator.log");
    std::stringstream logged;
    logged << logFile.rdbuf();
    BOOST_TEST(logged.str().find(warning) != std::string::npos, logged.str());
  }
  auto live = baseArgs(dir, dir / "ready-live");
  live.push_back("--live");
  auto r = runProgram(FIELDOPS_COORDINATOR_BIN, live);
  BOOST_TEST(r.status == 2);
  BOOST_TEST(oneLine(r.err), r.err);
  BOOST_TEST(
      r.err.find("--insecure-dev is for local development, never with --live") != std::string::npos,
      r.err);
  BOOST_TEST(!std::filesystem::exists(dir / "ready-live"));
}

BOOST_AUTO_TEST_CASE(an_unusable_data_dir_is_a_one_line_error) {
  TempDir dir;
  std::ofstream(dir / "file") << "x";
  auto args = baseArgs(dir, dir / "ready");
  args[1] = dir / "file/data";
  auto r = runProgram(FIELDOPS_COORDINATOR_BIN, args);
  BOOST_TEST(r.status == 2);
  BOOST_TEST(oneLine(r.err), r.err);
  BOOST_TEST(r.err.find("data dir") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_port_already_in_use_is_one_line_naming_it_and_its_flag) {
  TempDir dir;
  zmq::context_t context(1);
  zmq::socket_t holder(context, zmq::socket_type::router);
  holder.bind("tcp://127.0.0.1:*");
  const std::string taken = holder.get(zmq::sockopt::last_endpoint);
  // Each of the three endpoints taken in turn (its value's place in baseArgs): the error names
  // that one and its flag, not the others.
  const std::vector<std::tuple<std::size_t, std::string, std::string>> endpoints = {
      {5, "the agents' link on ", "--agent-endpoint"},
      {7, "the update stream on ", "--updates-endpoint"},
      {9, "control on ", "--control-endpoint"}};
  for (const auto& [at, what, flag] : endpoints) {
    BOOST_TEST_CONTEXT(flag) {
      auto args = baseArgs(dir, dir / "ready");
      args[at] = taken;
      const auto r = runProgram(FIELDOPS_COORDINATOR_BIN, args);
      BOOST_TEST(r.status == 2);
      // One error line of its own (besides the log's loud --insecure-dev warning).
      const auto own = r.err.substr(r.err.find("fieldops-coordinator:"));
      BOOST_TEST(oneLine(own), r.err);
      BOOST_TEST(own.find("Address already in use") != std::string::npos, r.err);
      BOOST_TEST(own.find(what + taken) != std::string::npos, r.err);
      BOOST_TEST(own.find(flag) != std::string::npos, r.err);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_store_from_a_newer_schema_is_refused_with_a_one_line_error) {
  TempDir dir;
  { EventStore store(StoreOptions{dir / "data", kOperation, true, 64 << 20, false}); }
  {
    lmdb::Env env(dir / "data", 64 << 20, 16);
    lmdb::Txn txn(env, false);
    txn.put(txn.open("meta", false), "schema_version", "99");
    txn.commit();
  }
  auto r = runProgram(FIELDOPS_COORDINATOR_BIN, baseArgs(dir, dir / "ready"));
  BOOST_TEST(r.status == 2);
  BOOST_TEST(oneLine(r.err), r.err);
  BOOST_TEST(r.err.find("newer") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(sigterm_stops_cleanly_and_a_restart_continues_the_sequence) {
  TempDir dir;
  zmq::context_t context(1);
  std::uint64_t seqBefore = 0;
  {
    Child coordinator(FIELDOPS_COORDINATOR_BIN, baseArgs(dir, dir / "ready-1"), dir.path());
    auto endpoints = waitReadyFile(dir / "ready-1", 30s);
    Session agent(context, {endpoints.at("agent"), kOperation, true});
    agent.send(sampleHello("GOLF-7"), wallClockNow());
    agent.send(sampleSighting("g-1"), wallClockNow());
    int acks = 0;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (acks == 0 && std::chrono::steady_clock::now() < deadline) {
      if (auto env = agent.receive(100ms)) acks += std::holds_alternative<SightingAck>(env->body);
    }
    BOOST_REQUIRE(acks == 1);
    coordinator.signal(SIGTERM);
    BOOST_TEST(coordinator.wait(10s).value_or(-1) == 0);
    BOOST_TEST(coordinator.stderrText().find("stopped cleanly") != std::string::npos);
  }
  {
    EventStore store(StoreOptions{dir / "data", kOperation, true, 64 << 20, true});
    seqBefore = store.lastSeq();
    BOOST_TEST(seqBefore == 2u);  // unitRegistered, sightingRecorded
  }
  {
    Child coordinator(FIELDOPS_COORDINATOR_BIN, baseArgs(dir, dir / "ready-2"), dir.path());
    auto endpoints = waitReadyFile(dir / "ready-2", 30s);
    Session agent(context, {endpoints.at("agent"), kOperation, true});
    agent.send(sampleSighting("g-1"), wallClockNow());  // not registered on this connection yet
    bool refused = false;
    bool duplicate = false;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!duplicate && std::chrono::steady_clock::now() < deadline) {
      auto env = agent.receive(100ms);
      if (!env) continue;
      if (auto* e = std::get_if<Error>(&env->body); e && e->code == ErrorCode::NOT_REGISTERED) {
        refused = true;
        agent.send(sampleHello("GOLF-7"), wallClockNow());
        agent.send(sampleSighting("g-1"), wallClockNow());
      }
      if (auto* ack = std::get_if<SightingAck>(&env->body)) duplicate = ack->duplicate;
    }
    BOOST_TEST(refused);
    BOOST_TEST(duplicate);  // stored before the restart, acknowledged again, not stored twice
    coordinator.signal(SIGINT);
    BOOST_TEST(coordinator.wait(10s).value_or(-1) == 0);
  }
  EventStore store(StoreOptions{dir / "data", kOperation, true, 64 << 20, true});
  BOOST_TEST(store.lastSeq() == seqBefore + 1);  // only the second registration
  BOOST_TEST(store.sightings(0, 10).size() == 1u);
}

BOOST_AUTO_TEST_CASE(export_and_verify_read_the_store) {
  TempDir dir;
  { EventStore store(StoreOptions{dir / "data", kOperation, true, 64 << 20, false}); }
  auto empty = runProgram(FIELDOPS_COORDINATOR_BIN, {"export", "--data-dir", dir / "data",
                                                     "--justification", "test of an empty export"});
  BOOST_TEST(empty.status == 0);
  BOOST_TEST(empty.out.empty());
  zmq::context_t context(1);
  {
    Child coordinator(FIELDOPS_COORDINATOR_BIN, baseArgs(dir, dir / "ready"), dir.path());
    auto endpoints = waitReadyFile(dir / "ready", 30s);
    Session agent(context, {endpoints.at("agent"), kOperation, true});
    agent.send(sampleHello("HOTEL-8"), wallClockNow());
    agent.send(sampleSighting("h-1"), wallClockNow());
    bool acked = false;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!acked && std::chrono::steady_clock::now() < deadline) {
      if (auto env = agent.receive(100ms)) acked = std::holds_alternative<SightingAck>(env->body);
    }
    BOOST_REQUIRE(acked);
    // export works while the coordinator runs (LMDB readers do not block the writer)
    auto live = runProgram(FIELDOPS_COORDINATOR_BIN, {"export", "--data-dir", dir / "data",
                                                      "--justification", "test of a live export"});
    BOOST_TEST(live.status == 0);
    BOOST_TEST(live.out.find("\"sightingId\":\"h-1\"") != std::string::npos, live.out);
    coordinator.signal(SIGTERM);
    coordinator.wait(10s);
  }
  // Each export is in the access log before its data left, with who and why.
  auto unjustified = runProgram(FIELDOPS_COORDINATOR_BIN, {"export", "--data-dir", dir / "data"});
  BOOST_TEST(unjustified.status == 2);  // refused: nothing exported, nothing recorded
  BOOST_TEST(unjustified.out.empty());
  auto onBehalf = runProgram(
      FIELDOPS_COORDINATOR_BIN,
      {"export", "--data-dir", dir / "data", "--what", "sightings", "--format", "csv", "--out",
       dir / "sightings.csv", "--by", "cmdr.maric", "--justification", "case 2026/114: hand-over"});
  BOOST_TEST(onBehalf.status == 0, onBehalf.err);
  auto audit = runProgram(FIELDOPS_COORDINATOR_BIN, {"audit", "--data-dir", dir / "data"});
  BOOST_TEST(audit.status == 0, audit.err);
  const std::string who = hostAccount() + " (operator)";
  BOOST_TEST(!lineWith(audit.out, {"access #1", who, "export  events as jsonl to -",
                                   "why: \"test of an empty export\""})
                  .empty(),
             audit.out);
  BOOST_TEST(!lineWith(audit.out, {"access #2", who, "export  events as jsonl to -",
                                   "why: \"test of a live export\""})
                  .empty(),
             audit.out);
  BOOST_TEST(!lineWith(audit.out, {"access #3", hostAccount() + " (as cmdr.maric) (operator)",
                                   "export  sightings as csv to " + dir / "sightings.csv",
                                   "why: \"case 2026/114: hand-over\""})
                  .empty(),
             audit.out);
  BOOST_TEST(audit.out.find("3 access log entries") != std::string::npos, audit.out);

  auto verify = runProgram(FIELDOPS_COORDINATOR_BIN, {"verify", "--data-dir", dir / "data"});
  BOOST_TEST(verify.status == 0);
  BOOST_TEST(verify.out.find("2 events") != std::string::npos, verify.out);
  auto missing = runProgram(FIELDOPS_COORDINATOR_BIN, {"verify", "--data-dir", dir / "nothing"});
  BOOST_TEST(missing.status == 2);
}

BOOST_AUTO_TEST_CASE(a_second_coordinator_on_the_same_data_dir_is_refused) {
  TempDir dir;
  Child first(FIELDOPS_COORDINATOR_BIN, baseArgs(dir, dir / "ready-1"), dir.path());
  waitReadyFile(dir / "ready-1", 30s);
  auto second = runProgram(FIELDOPS_COORDINATOR_BIN, baseArgs(dir, dir / "ready-2"));
  BOOST_TEST(second.status == 2);
  BOOST_TEST(oneLine(second.err), second.err);
  BOOST_TEST(second.err.find("in use by another coordinator") != std::string::npos, second.err);
  BOOST_TEST(first.running());
  // Even with writer.lock deleted: the data file itself is locked.
  std::filesystem::remove(dir / "data/writer.lock");
  auto third = runProgram(FIELDOPS_COORDINATOR_BIN, baseArgs(dir, dir / "ready-3"));
  BOOST_TEST(third.status == 2);
  BOOST_TEST(oneLine(third.err), third.err);
  BOOST_TEST(third.err.find("its data file is locked") != std::string::npos, third.err);
  BOOST_TEST(first.running());
}

BOOST_AUTO_TEST_CASE(a_watchlist_import_is_in_the_access_log_with_its_counts) {
  TempDir dir;
  { EventStore store(StoreOptions{dir / "data", kOperation, true, 64 << 20, false}); }
  const std::string file = dir / "notices.csv";
  auto made = runProgram(FIELDOPS_COORDINATOR_BIN, {"generate-watchlist", "--list", "notices",
                                                    "--count", "5", "--out", file});
  BOOST_REQUIRE_MESSAGE(made.status == 0, made.err);
  auto imported = runProgram(FIELDOPS_COORDINATOR_BIN, {"--data-dir", dir / "data", "--map-size-mb",
                                                        "64", "import", "--list", "notices", file});
  BOOST_REQUIRE_MESSAGE(imported.status == 0, imported.err + imported.out);
  // A file with a rejected row and no --allow-rejections imports nothing: nothing recorded.
  std::ofstream(dir / "bad.csv") << "this,is,no,header\n";
  auto refused =
      runProgram(FIELDOPS_COORDINATOR_BIN, {"--data-dir", dir / "data", "--map-size-mb", "64",
                                            "import", "--list", "notices", dir / "bad.csv"});
  BOOST_TEST(refused.status != 0);

  auto audit = runProgram(FIELDOPS_COORDINATOR_BIN, {"audit", "--data-dir", dir / "data"});
  BOOST_REQUIRE_MESSAGE(audit.status == 0, audit.err);
  const std::string line = lineWith(audit.out, {"access #1", hostAccount() + " (operator)",
                                                "watchlist.imported", "notices from " + file});
  BOOST_TEST(!line.empty(), audit.out);
  BOOST_TEST(line.find("[5 rows read, 5 accepted, 0 rejected; 5 added, 0 updated, 0 unchanged, "
                       "0 removed]") != std::string::npos,
             line);
  BOOST_TEST(audit.out.find("1 access log entries") != std::string::npos, audit.out);
}

BOOST_AUTO_TEST_CASE(a_header_only_file_is_refused_and_leaves_the_list_as_it_was) {
  TempDir dir;
  { EventStore store(StoreOptions{dir / "data", kOperation, true, 64 << 20, false}); }  // for audit
  const std::string headerOnly = writeNotices(dir, "header-only.csv", 0, 0);
  auto first = importNotices(dir, headerOnly);  // an empty list has nothing to lose
  BOOST_TEST(first.status == 0, first.out + first.err);
  auto filled = importNotices(dir, writeNotices(dir, "notices.csv", 0, 100));
  BOOST_REQUIRE_MESSAGE(filled.status == 0, filled.out + filled.err);

  auto refused = importNotices(dir, headerOnly);
  BOOST_TEST(refused.status == 1);
  BOOST_TEST(
      refused.out.find("notices: the file would remove all 100 entries and leave the list "
                       "empty; nothing imported: check the file, or pass --allow-removals\n") !=
          std::string::npos,
      refused.out);
  BOOST_TEST(storedNotices(dir) == 100u);
  // The two imports that ran are in the access log; the refused one is not.
  auto audit = runProgram(FIELDOPS_COORDINATOR_BIN, {"audit", "--data-dir", dir / "data"});
  BOOST_TEST(audit.out.find("2 access log entries") != std::string::npos, audit.out);

  auto emptied = importNotices(dir, headerOnly, {"--allow-removals"});
  BOOST_TEST(emptied.status == 0, emptied.out + emptied.err);
  BOOST_TEST(emptied.out.find("0 added, 0 updated, 0 unchanged, 100 removed") != std::string::npos,
             emptied.out);
  BOOST_TEST(storedNotices(dir) == 0u);
}

BOOST_AUTO_TEST_CASE(an_import_removing_more_than_the_allowed_share_is_refused_unless_allowed) {
  TempDir dir;
  const std::string all = writeNotices(dir, "all.csv", 0, 100);
  BOOST_REQUIRE(importNotices(dir, all).status == 0);

  const std::string elevenGone = writeNotices(dir, "eleven-gone.csv", 0, 89);
  auto refused = importNotices(dir, elevenGone);
  BOOST_TEST(refused.status == 1);
  BOOST_TEST(refused.out.find("notices: the file would remove 11 of 100 entries (11%), more than "
                              "the 10% allowed; nothing imported") != std::string::npos,
             refused.out);
  BOOST_TEST(storedNotices(dir) == 100u);

  auto nineGone = importNotices(dir, writeNotices(dir, "nine-gone.csv", 0, 91));
  BOOST_TEST(nineGone.status == 0, nineGone.out + nineGone.err);
  BOOST_TEST(nineGone.out.find("9 removed") != std::string::npos, nineGone.out);
  BOOST_REQUIRE(importNotices(dir, all).status == 0);

  auto halfAllowed = importNotices(dir, elevenGone, {"--max-removals", "50"});
  BOOST_TEST(halfAllowed.status == 0, halfAllowed.out + halfAllowed.err);
  BOOST_TEST(storedNotices(dir) == 89u);
  BOOST_REQUIRE(importNotices(dir, all).status == 0);

  auto allowed = importNotices(dir, elevenGone, {"--allow-removals"});
  BOOST_TEST(allowed.status == 0, allowed.out + allowed.err);
  BOOST_TEST(allowed.out.find("11 removed") != std::string::npos, allowed.out);
  BOOST_TEST(storedNotices(dir) == 89u);

  auto outOfRange = importNotices(dir, all, {"--max-removals", "101"});
  BOOST_TEST(outOfRange.status == 2);
  BOOST_TEST(outOfRange.err.find("--max-removals") != std::string::npos, outOfRange.err);
}

BOOST_AUTO_TEST_CASE(allow_rejections_imports_the_accepted_rows_and_exits_zero) {
  TempDir dir;
  BOOST_REQUIRE(importNotices(dir, writeNotices(dir, "all.csv", 0, 100)).status == 0);
  const std::string onePink = writeNotices(dir, "one-pink.csv", 0, 100, {7});

  auto refused = importNotices(dir, onePink);
  BOOST_TEST(refused.status == 1);
  BOOST_TEST(refused.out.find("line 9: colour 'pink'") != std::string::npos, refused.out);
  BOOST_TEST(refused.out.find("nothing imported") != std::string::npos, refused.out);
  BOOST_TEST(storedNotices(dir) == 100u);

  // The rejected row's notice is not in the import, so it is removed (within the 10% allowed).
  auto imported = importNotices(dir, onePink, {"--allow-rejections"});
  BOOST_TEST(imported.status == 0, imported.out + imported.err);
  BOOST_TEST(imported.out.find("line 9: colour 'pink'") != std::string::npos, imported.out);
  BOOST_TEST(imported.out.find("notices: 0 added, 0 updated, 99 unchanged, 1 removed") !=
                 std::string::npos,
             imported.out);
  BOOST_TEST(storedNotices(dir) == 99u);

  // With many rows rejected the removal rule still holds.
  std::set<int> many;
  for (int i = 0; i < 30; ++i) many.insert(i);
  auto tooMany =
      importNotices(dir, writeNotices(dir, "many-pink.csv", 0, 100, many), {"--allow-rejections"});
  BOOST_TEST(tooMany.status == 1);
  BOOST_TEST(tooMany.out.find("would remove 29 of 99 entries (29%)") != std::string::npos,
             tooMany.out);
  BOOST_TEST(storedNotices(dir) == 99u);
}
