// The watchlists in LMDB, in the coordinator's environment: the entries, their natural keys, and
// the exact-match indexes for document numbers and plates. Import replaces one list with the
// contents of a file: new entries are added, changed ones updated, missing ones removed.
// Layout: docs/store.md.
#pragma once

#include <coordinator/screening/names.hpp>
#include <coordinator/screening/watchlist.hpp>
#include <protocol/lmdb.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fieldops::screening {

// The named databases of the watchlists.
struct WatchlistDbs {
  MDB_dbi entries = 0;    // entry id (u64 big-endian) -> stored.WatchEntry
  MDB_dbi keys = 0;       // list byte + natural key -> entry id
  MDB_dbi documents = 0;  // normalised number \x1f country \x1f entry id -> "" (notices too)
  MDB_dbi plates = 0;     // normalised plate \x1f country \x1f entry id -> ""
  MDB_dbi meta = 0;       // "generation", "next_id", "count.<list>", "tokens.version"

  // Opens (and, when create is set, creates) them in the transaction's environment.
  static WatchlistDbs open(lmdb::Txn& txn, bool create);
};

// An entry as stored, with what screening needs to explain a match.
struct StoredEntry {
  std::uint64_t id = 0;
  Entry entry;
  std::vector<std::vector<std::string>> nameTokens;  // notices: names then aliases, normalised
};

struct ImportReport {
  std::size_t added = 0;
  std::size_t updated = 0;
  std::size_t unchanged = 0;
  std::size_t removed = 0;
};

// The generation changes with every import that changed something, so a reader can tell that
// its in-memory name index is stale.
std::uint64_t watchlistGeneration(const lmdb::Txn& txn, const WatchlistDbs& dbs);
std::size_t watchlistCount(const lmdb::Txn& txn, const WatchlistDbs& dbs, ListKind list);
// The version of NameNormaliser::tokens() the stored notices' name tokens were made with
// (kTokensVersion, names.hpp); 1 for stores written before it was kept.
std::uint64_t storedTokensVersion(const lmdb::Txn& txn, const WatchlistDbs& dbs);

std::optional<StoredEntry> readEntry(const lmdb::Txn& txn, const WatchlistDbs& dbs,
                                     std::uint64_t id);
// Visits every stored entry of a list (all lists when `list` is empty).
void forEachEntry(const lmdb::Txn& txn, const WatchlistDbs& dbs,
                  const std::function<void(const StoredEntry&)>& visit);

// Entry ids indexed under a normalised document number or plate. country empty: any country;
// the visitor is told the country stored with each id.
void findDocument(const lmdb::Txn& txn, const WatchlistDbs& dbs, std::string_view number,
                  const std::function<void(std::string_view country, std::uint64_t id)>& visit);
void findPlate(const lmdb::Txn& txn, const WatchlistDbs& dbs, std::string_view plate,
               const std::function<void(std::string_view country, std::uint64_t id)>& visit);

// Replaces the stored list `list` with `entries` (already validated by parseWatchlist), in
// transactions of `chunk` entries so that a running coordinator is never held up for long. The
// generation is bumped in the last transaction.
ImportReport importList(const lmdb::Env& env, const WatchlistDbs& dbs, ListKind list,
                        const std::vector<Entry>& entries, const NameNormaliser& names,
                        std::size_t chunk = 20'000);

// What importing `entries` into `list` would remove: the entries of that list now stored whose
// keys are not among theirs. Reads only the natural keys (wl_keys), never the entries.
struct RemovalCount {
  std::size_t stored = 0;   // entries of the list now
  std::size_t removed = 0;  // of those, the ones the import would remove
};
RemovalCount countRemovals(const lmdb::Txn& txn, const WatchlistDbs& dbs, ListKind list,
                           const std::vector<Entry>& entries);

// The import safety rule (docs/screening.md, "Importing"): unless removals are allowed, an import
// is refused when it would remove more than maxRemovalPercent of the stored entries, or empty a
// list that has entries (a file holding only its header). A first import is never refused.
struct RemovalGuard {
  unsigned maxRemovalPercent = 10;
  bool allowRemovals = false;
};
// The refusal, one line for people ("notices: the file would remove 4,120 of 5,000 entries
// (82%), more than the 10% allowed; nothing imported: ..."), or nothing when the import may go
// ahead.
std::optional<std::string> removalRefusal(ListKind list, const RemovalCount& count,
                                          std::size_t fileEntries, const RemovalGuard& guard);

// The natural key of an entry within its list (notice reference; document number and country;
// plate and country), normalised.
std::string naturalKey(const Entry& entry);
ListKind listOf(const Entry& entry);

}  // namespace fieldops::screening
