// Reading a recorded store for a debrief (see debrief_source.hpp).
#include <coordinator/screening/watchlist_store.hpp>
#include <coordinator/store.hpp>
#include <filesystem>
#include <optional>
#include <scenarios/replay/debrief_source.hpp>

namespace fieldops::replay {

namespace {

constexpr std::size_t kReadMapBytes = std::size_t{4} << 30;  // address space only

}  // namespace

Expected<Recording, std::string> readRecording(const std::string& dataDir) {
  if (!std::filesystem::exists(std::filesystem::path(dataDir) / "data.mdb")) {
    return "no FieldOps store in " + dataDir;
  }
  try {
    EventStore store(StoreOptions{dataDir, "", true, kReadMapBytes, true});
    Recording r;
    {
      lmdb::Txn txn(store.env(), true);
      const MDB_dbi meta = txn.open("meta", false);
      r.operationId = std::string(txn.get(meta, "operation_id").value_or(""));
      r.exercise = txn.get(meta, "exercise").value_or("1") == "1";
    }
    store.forEachEvent([&r](const StoredEvent& e) {
      if (!e.body) {
        ++r.purged;
        return;
      }
      r.events.push_back({e.header.seq, e.header.at, e.header.principal, *e.body});
    });
    r.chainHead = store.chainHead();
    return r;
  } catch (const std::exception& e) {
    return "cannot read the store in " + dataDir + ": " + e.what();
  }
}

Expected<std::size_t, std::string> copyWatchlists(const std::string& recordedDir,
                                                  const std::string& freshDir,
                                                  std::size_t mapSizeMb) {
  using namespace screening;
  try {
    std::vector<Entry> lists[3];
    {
      lmdb::Env recorded(recordedDir, kReadMapBytes, kMaxDbs, true);
      lmdb::Txn txn(recorded, true);
      std::optional<WatchlistDbs> dbs;
      try {
        dbs = WatchlistDbs::open(txn, false);
      } catch (const lmdb::Failure& e) {
        if (e.code != MDB_NOTFOUND) throw;  // a store that never had watchlists: none to copy
      }
      if (dbs) {
        forEachEntry(txn, *dbs, [&lists](const StoredEntry& s) {
          lists[static_cast<std::size_t>(listOf(s.entry))].push_back(s.entry);
        });
      }
    }
    std::filesystem::create_directories(freshDir);
    lmdb::Env fresh(freshDir, mapSizeMb << 20, kMaxDbs);
    lmdb::Txn txn(fresh, false);
    const WatchlistDbs dbs = WatchlistDbs::open(txn, true);
    txn.commit();
    const NameNormaliser names;
    std::size_t copied = 0;
    for (auto list : {ListKind::notices, ListKind::documents, ListKind::vehicles}) {
      const auto& entries = lists[static_cast<std::size_t>(list)];
      if (entries.empty()) continue;
      importList(fresh, dbs, list, entries, names);
      copied += entries.size();
    }
    return copied;
  } catch (const std::exception& e) {
    return std::string("cannot copy the watchlists: ") + e.what();
  }
}

}  // namespace fieldops::replay
