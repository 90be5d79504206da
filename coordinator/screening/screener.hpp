// Screening: a sighting's subject against the watchlists, giving hit, possible hit or no hit,
// always with the reason. Documents and plates are matched exactly after normalisation, with
// the issuing country; names across scripts with the name index and the date of birth.
// The rules of the levels: docs/screening.md.
#pragma once

#include <coordinator/screening/name_index.hpp>
#include <coordinator/screening/names.hpp>
#include <coordinator/screening/watchlist_store.hpp>
#include <protocol/date_of_birth.hpp>
#include <protocol/messages.hpp>

#include <optional>
#include <vector>

namespace fieldops::screening {

// Matches kept per sighting, strongest first.
inline constexpr std::size_t kMaxMatches = 16;

class Screener {
 public:
  // Opens (creating if need be) the watchlist databases in the environment and builds the name
  // index from them.
  explicit Screener(const lmdb::Env& env);

  // Rebuilds the name index if an import changed the watchlists since the last look. Returns
  // true when it did.
  bool refresh(const lmdb::Txn& txn);

  // Screens a sighting, reading the watchlists through `txn` (the turn's read transaction).
  ScreeningResult screen(const lmdb::Txn& txn, const Sighting& sighting) const;

  const NameIndex& index() const { return index_; }
  const NameNormaliser& normaliser() const { return normaliser_; }
  const WatchlistDbs& dbs() const { return dbs_; }

 private:
  void matchDocument(const lmdb::Txn& txn, const Sighting& s, std::vector<ScreeningMatch>& out) const;
  void matchPlate(const lmdb::Txn& txn, const Sighting& s, std::vector<ScreeningMatch>& out) const;
  void matchNames(const lmdb::Txn& txn, const Sighting& s, std::vector<ScreeningMatch>& out) const;

  // The notice's date of birth, read from the index's copy (nothing if it has none): a
  // candidate whose name and date cannot reach a possible hit is not read from the store.
  std::optional<DateOfBirth> noticeDate(std::uint64_t entryId) const;
  // Makes noticeDates_ a table by id when the ids allow it (refresh).
  void packNoticeDates();

  NameNormaliser normaliser_;
  WatchlistDbs dbs_;
  // Every notice's id (ascending) and date of birth, packed (packDate; 0 for none), 12 bytes a
  // notice and looked up by binary search; or, when the ids are dense enough (as an import
  // gives them), by id alone: noticeDates_[id - firstNoticeId_], 4 bytes an id, with
  // noticeIds_ empty.
  std::vector<std::uint64_t> noticeIds_;
  std::vector<std::uint32_t> noticeDates_;
  std::uint64_t firstNoticeId_ = 0;
  NameIndex index_{normaliser_.variants()};
  std::uint64_t generation_ = 0;
  std::string noHitReason_;  // "no hit against N notices, ...": the lists' sizes, made once
};

// The entry's category on the day of `observedAt`: "red notice", "yellow notice, minor" (a
// yellow notice whose subject is then under 18), "stolen passport", "vehicle of interest".
std::string categoryOf(const Entry& entry, Millis observedAt);

// Whether the person seen can be the minor a yellow notice is about: the notice's subject is
// under 18 at the sighting, and the person seen is not an adult by date of birth (at the
// youngest age a partial date allows) and has no date of birth that differs from the notice's.
bool canBeTheMinor(const Notice& notice, const Sighting& s);

// The category of the sighting's match on the entry, as a ScreeningMatch carries it: as
// categoryOf, except that a yellow notice is "yellow notice, minor" only when the person seen
// can be that minor (canBeTheMinor). An adult is never a yellow-notice minor; the rules for
// minors (docs/screening.md) read only this category.
std::string matchCategory(const Entry& entry, const Sighting& s);

}  // namespace fieldops::screening
