// The watchlists in LMDB (see watchlist_store.hpp).
#include <coordinator/screening/normalise.hpp>
#include <coordinator/screening/watchlist_codec.hpp>
#include <coordinator/screening/watchlist_store.hpp>
#include <unordered_set>

namespace fieldops::screening {

namespace {

using lmdb::bigEndian;
using lmdb::fromBigEndian;

constexpr const char* kGeneration = "generation";
constexpr const char* kNextId = "next_id";
constexpr const char* kTokensVersionKey = "tokens.version";

std::string countKey(ListKind list) {
  return std::string("count.") + listName(list);
}

std::uint64_t metaNumber(const lmdb::Txn& txn, const WatchlistDbs& dbs, std::string_view key) {
  auto v = txn.get(dbs.meta, key);
  return v && v->size() == 8 ? fromBigEndian(*v) : 0;
}

// Index keys: normalised value \x1f country \x1f entry id.
std::string indexKey(std::string_view value, std::string_view country, std::uint64_t id) {
  std::string key(value);
  key += '\x1f';
  key += country;
  key += '\x1f';
  key += bigEndian(id);
  return key;
}

std::vector<std::string> indexKeys(const StoredEntry& e, bool plates) {
  std::vector<std::string> keys;
  if (const auto* v = std::get_if<VehicleEntry>(&e.entry)) {
    if (plates)
      keys.push_back(indexKey(normalisePlate(v->plate), normaliseCountry(v->country), e.id));
    return keys;
  }
  if (plates) return keys;
  auto add = [&](const std::string& number, const std::string& country) {
    const std::string n = normaliseDocumentNumber(number);
    if (!n.empty()) keys.push_back(indexKey(n, normaliseCountry(country), e.id));
  };
  if (const auto* n = std::get_if<Notice>(&e.entry)) {
    for (const auto& d : n->documents) add(d.number, d.country);
  } else if (const auto* d = std::get_if<TravelDocumentEntry>(&e.entry)) {
    add(d->number, d->country);
  }
  return keys;
}

void writeIndexes(lmdb::Txn& txn, const WatchlistDbs& dbs, const StoredEntry& e, bool remove) {
  for (bool plates : {false, true}) {
    for (const auto& key : indexKeys(e, plates)) {
      if (remove) {
        txn.del(plates ? dbs.plates : dbs.documents, key);
      } else {
        txn.put(plates ? dbs.plates : dbs.documents, key, {});
      }
    }
  }
}

void findIndexed(const lmdb::Txn& txn, MDB_dbi db, std::string_view value,
                 const std::function<void(std::string_view, std::uint64_t)>& visit) {
  if (value.empty()) return;
  const std::string prefix = std::string(value) + '\x1f';
  txn.scan(db, prefix, [&](std::string_view key, std::string_view) {
    if (key.substr(0, prefix.size()) != prefix || key.size() < prefix.size() + 9) return false;
    const std::string_view rest = key.substr(prefix.size());
    visit(rest.substr(0, rest.size() - 9), fromBigEndian(rest.substr(rest.size() - 8)));
    return true;
  });
}

// Upserts one entry; counts what happened in the report.
void upsert(lmdb::Txn& txn, const WatchlistDbs& dbs, const Entry& entry,
            const NameNormaliser& names, std::uint64_t& nextId, ImportReport& report) {
  const std::string key = static_cast<char>(listOf(entry)) + naturalKey(entry);
  auto tokens = tokensOf(entry, names);
  const std::string bytes = encodeEntry(entry, tokens);
  StoredEntry fresh{0, entry, std::move(tokens)};
  if (auto existing = txn.get(dbs.keys, key)) {
    fresh.id = fromBigEndian(*existing);
    const std::string idKey = bigEndian(fresh.id);
    auto old = txn.get(dbs.entries, idKey);
    if (old && *old == bytes) {
      ++report.unchanged;
      return;
    }
    if (old) writeIndexes(txn, dbs, decodeEntry(fresh.id, *old), true);
    txn.put(dbs.entries, idKey, bytes);
    writeIndexes(txn, dbs, fresh, false);
    ++report.updated;
    return;
  }
  fresh.id = nextId++;
  txn.put(dbs.keys, key, bigEndian(fresh.id));
  txn.put(dbs.entries, bigEndian(fresh.id), bytes);
  writeIndexes(txn, dbs, fresh, false);
  ++report.added;
}

// The store keys (list byte + natural key) of the entries of a file.
std::unordered_set<std::string> storeKeys(ListKind list, const std::vector<Entry>& entries) {
  std::unordered_set<std::string> keys;
  keys.reserve(entries.size());
  for (const auto& e : entries) {
    if (listOf(e) != list) throw std::invalid_argument("entry of another list");
    keys.insert(static_cast<char>(list) + naturalKey(e));
  }
  return keys;
}

// Calls `visit(key, id)` for every stored key of `list`.
template <class Visit>
void forEachKeyOf(const lmdb::Txn& txn, const WatchlistDbs& dbs, ListKind list, Visit&& visit) {
  const std::string prefix(1, static_cast<char>(list));
  txn.scan(dbs.keys, prefix, [&](std::string_view key, std::string_view id) {
    if (key.substr(0, 1) != prefix) return false;
    visit(key, id);
    return true;
  });
}

// 5000 -> "5,000".
std::string grouped(std::size_t n) {
  // Built left to right (GCC 12 at -O2 warns, wrongly, on inserting into the string).
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// removed of stored as a percentage for people: whole when above the limit ("82%"), else to a
// tenth rounded up, so that a refused share never reads as the limit itself ("10.1%").
std::string share(std::size_t removed, std::size_t stored, unsigned limit) {
  const std::size_t whole = removed * 100 / stored;
  if (whole > limit) return std::to_string(whole) + "%";
  const std::size_t tenths = (removed * 1000 + stored - 1) / stored;
  return std::to_string(tenths / 10) + (tenths % 10 == 0 ? "" : "." + std::to_string(tenths % 10)) +
         "%";
}

// Removes the entries of `list` whose keys are not in `keep`; returns how many.
std::size_t sweep(const lmdb::Env& env, const WatchlistDbs& dbs, ListKind list,
                  const std::unordered_set<std::string>& keep) {
  lmdb::Txn txn(env, false);
  std::vector<std::pair<std::string, std::uint64_t>> gone;
  forEachKeyOf(txn, dbs, list, [&](std::string_view key, std::string_view id) {
    if (keep.count(std::string(key)) == 0) gone.emplace_back(key, fromBigEndian(id));
  });
  for (const auto& [key, id] : gone) {
    const std::string idKey = bigEndian(id);
    if (auto old = txn.get(dbs.entries, idKey)) writeIndexes(txn, dbs, decodeEntry(id, *old), true);
    txn.del(dbs.entries, idKey);
    txn.del(dbs.keys, key);
  }
  txn.commit();
  return gone.size();
}

}  // namespace

WatchlistDbs WatchlistDbs::open(lmdb::Txn& txn, bool create) {
  WatchlistDbs dbs;
  dbs.entries = txn.open("wl_entries", create);
  dbs.keys = txn.open("wl_keys", create);
  dbs.documents = txn.open("wl_documents", create);
  dbs.plates = txn.open("wl_plates", create);
  dbs.meta = txn.open("wl_meta", create);
  return dbs;
}

std::uint64_t watchlistGeneration(const lmdb::Txn& txn, const WatchlistDbs& dbs) {
  return metaNumber(txn, dbs, kGeneration);
}

std::uint64_t storedTokensVersion(const lmdb::Txn& txn, const WatchlistDbs& dbs) {
  // Stores written before the version was kept hold version 1's tokens.
  const std::uint64_t v = metaNumber(txn, dbs, kTokensVersionKey);
  return v == 0 ? 1 : v;
}

std::size_t watchlistCount(const lmdb::Txn& txn, const WatchlistDbs& dbs, ListKind list) {
  return metaNumber(txn, dbs, countKey(list));
}

std::optional<StoredEntry> readEntry(const lmdb::Txn& txn, const WatchlistDbs& dbs,
                                     std::uint64_t id) {
  auto bytes = txn.get(dbs.entries, bigEndian(id));
  if (!bytes) return std::nullopt;
  return decodeEntry(id, *bytes);
}

void forEachEntry(const lmdb::Txn& txn, const WatchlistDbs& dbs,
                  const std::function<void(const StoredEntry&)>& visit) {
  txn.scan(dbs.entries, {}, [&](std::string_view key, std::string_view value) {
    visit(decodeEntry(fromBigEndian(key), value));
    return true;
  });
}

void findDocument(const lmdb::Txn& txn, const WatchlistDbs& dbs, std::string_view number,
                  const std::function<void(std::string_view, std::uint64_t)>& visit) {
  findIndexed(txn, dbs.documents, number, visit);
}

void findPlate(const lmdb::Txn& txn, const WatchlistDbs& dbs, std::string_view plate,
               const std::function<void(std::string_view, std::uint64_t)>& visit) {
  findIndexed(txn, dbs.plates, plate, visit);
}

ImportReport importList(const lmdb::Env& env, const WatchlistDbs& dbs, ListKind list,
                        const std::vector<Entry>& entries, const NameNormaliser& names,
                        std::size_t chunk) {
  ImportReport report;
  const std::unordered_set<std::string> keep = storeKeys(list, entries);
  for (std::size_t start = 0; start < entries.size(); start += chunk) {
    lmdb::Txn txn(env, false);
    std::uint64_t nextId = std::max<std::uint64_t>(1, metaNumber(txn, dbs, kNextId));
    for (std::size_t i = start; i < std::min(entries.size(), start + chunk); ++i) {
      upsert(txn, dbs, entries[i], names, nextId, report);
    }
    txn.put(dbs.meta, kNextId, bigEndian(nextId));
    txn.commit();
  }
  report.removed = sweep(env, dbs, list, keep);
  lmdb::Txn txn(env, false);
  txn.put(dbs.meta, countKey(list), bigEndian(keep.size()));
  // Only notices have name tokens: every one of them has just been written with this version's.
  if (list == ListKind::notices) txn.put(dbs.meta, kTokensVersionKey, bigEndian(kTokensVersion));
  if (report.added + report.updated + report.removed > 0) {
    txn.put(dbs.meta, kGeneration, bigEndian(watchlistGeneration(txn, dbs) + 1));
  }
  txn.commit();
  return report;
}

RemovalCount countRemovals(const lmdb::Txn& txn, const WatchlistDbs& dbs, ListKind list,
                           const std::vector<Entry>& entries) {
  const std::unordered_set<std::string> keep = storeKeys(list, entries);
  RemovalCount count;
  forEachKeyOf(txn, dbs, list, [&](std::string_view key, std::string_view) {
    ++count.stored;
    if (keep.count(std::string(key)) == 0) ++count.removed;
  });
  return count;
}

std::optional<std::string> removalRefusal(ListKind list, const RemovalCount& count,
                                          std::size_t fileEntries, const RemovalGuard& guard) {
  if (guard.allowRemovals || count.removed == 0) return std::nullopt;
  const std::string advice = "; nothing imported: check the file, or pass --allow-removals";
  if (fileEntries == 0) {
    return std::string(listName(list)) + ": the file would remove all " + grouped(count.stored) +
           " entries and leave the list empty" + advice;
  }
  if (count.removed * 100 <= std::size_t{guard.maxRemovalPercent} * count.stored) {
    return std::nullopt;
  }
  return std::string(listName(list)) + ": the file would remove " + grouped(count.removed) +
         " of " + grouped(count.stored) + " entries (" +
         share(count.removed, count.stored, guard.maxRemovalPercent) + "), more than the " +
         std::to_string(guard.maxRemovalPercent) + "% allowed" + advice;
}

}  // namespace fieldops::screening
