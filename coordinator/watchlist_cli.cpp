// The watchlist subcommands (see watchlist_cli.hpp).
#include <coordinator/audit_log.hpp>
#include <coordinator/host_access.hpp>
#include <coordinator/screening/generate.hpp>
#include <coordinator/screening/import.hpp>
#include <coordinator/screening/watchlist_store.hpp>
#include <coordinator/store.hpp>
#include <coordinator/watchlist_cli.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace fieldops {

namespace {

constexpr int kExitRejected = 1;
constexpr int kExitUsage = 2;

int fail(const std::string& message) {
  std::cerr << "fieldops-coordinator: " << message << std::endl;
  return kExitUsage;
}

std::optional<std::string> readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void recordImport(const lmdb::Env& env, const std::string& list, const std::string& path,
                  const screening::ImportResult& parsed, const std::string& changed) {
  recordAccess(
      env,
      hostAccessRecord(
          "watchlist.imported", list + " from " + std::filesystem::absolute(path).string(), "",
          std::to_string(parsed.rowsRead) + " rows read, " + std::to_string(parsed.entries.size()) +
              " accepted, " + std::to_string(parsed.rejected.size()) + " rejected; " + changed));
}

// The import safety rule, judged on the keys stored before anything is written: the refusal,
// or nothing. A refused import is not in the access log (nothing changed); its output says why.
std::optional<std::string> removalsRefused(const lmdb::Env& env, const screening::WatchlistDbs& dbs,
                                           screening::ListKind kind,
                                           const screening::ImportResult& parsed,
                                           const ImportChoices& choices) {
  const lmdb::Txn read(env, true);
  const auto count = screening::countRemovals(read, dbs, kind, parsed.entries);
  return screening::removalRefusal(kind, count, parsed.entries.size(),
                                   {choices.maxRemovalPercent, choices.allowRemovals});
}

}  // namespace

int importWatchlistFile(const std::string& dataDir, std::size_t mapSizeMb, const std::string& list,
                        const std::string& path, const ImportChoices& choices) {
  using namespace screening;
  const auto kind = listFromName(list);
  if (!kind) return fail("--list must be notices, documents or vehicles, not '" + list + "'");
  const auto format = formatFromPath(path);
  if (!format) return fail(path + ": the file name must end in .csv, .json or .jsonl");
  const auto text = readFile(path);
  if (!text) return fail("cannot read " + path);
  const ImportResult parsed = parseWatchlist(*kind, *format, *text);
  for (const auto& r : parsed.rejected) std::cout << path << ": " << describe(r) << "\n";
  std::cout << path << ": " << parsed.rowsRead << " rows read, " << parsed.entries.size()
            << " accepted, " << parsed.rejected.size() << " rejected" << std::endl;
  if (parsed.fileRejected) return fail(path + ": file refused; nothing imported");
  if (!parsed.rejected.empty() && !choices.allowRejections) {
    std::cout << "nothing imported: fix the rejected rows, or pass --allow-rejections to import "
                 "the accepted rows and remove the rest of the list"
              << std::endl;
    return kExitRejected;
  }
  try {
    std::error_code ec;
    std::filesystem::create_directories(dataDir, ec);
    lmdb::Env env(dataDir, mapSizeMb << 20, kMaxDbs);
    lmdb::Txn txn(env, false);
    const WatchlistDbs dbs = WatchlistDbs::open(txn, true);
    txn.commit();
    if (auto refusal = removalsRefused(env, dbs, *kind, parsed, choices)) {
      std::cout << *refusal << std::endl;
      return kExitRejected;
    }
    const NameNormaliser names;
    const ImportReport r = importList(env, dbs, *kind, parsed.entries, names);
    std::ostringstream changed;
    changed << r.added << " added, " << r.updated << " updated, " << r.unchanged << " unchanged, "
            << r.removed << " removed";
    std::cout << listName(*kind) << ": " << changed.str() << std::endl;
    // A change to what sightings are screened against, and the list holds personal data: it
    // goes to the access log, after the import (which commits in chunks of its own).
    try {
      recordImport(env, listName(*kind), path, parsed, changed.str());
    } catch (const lmdb::Failure& e) {
      return fail(std::string("imported, but not recorded in the access log: ") + e.what());
    }
  } catch (const lmdb::Failure& e) {
    return fail(std::string("cannot write the watchlist into ") + dataDir + ": " + e.what());
  }
  return 0;  // imported; with --allow-rejections the rows left out are listed above
}

int generateWatchlistFile(const std::string& list, std::size_t count, std::uint64_t seed,
                          const std::string& path) {
  const auto kind = screening::listFromName(list);
  if (!kind) return fail("--list must be notices, documents or vehicles, not '" + list + "'");
  if (path == "-") {
    screening::generateWatchlist(*kind, count, seed, std::cout);
    return 0;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return fail("cannot write " + path);
  screening::generateWatchlist(*kind, count, seed, out);
  out.close();
  if (!out) return fail("cannot write " + path);
  return 0;
}

}  // namespace fieldops
