// Screening of sightings against the watchlists (see screener.hpp).
#include <algorithm>
#include <cmath>
#include <coordinator/screening/normalise.hpp>
#include <coordinator/screening/screener.hpp>
#include <coordinator/screening/watchlist_codec.hpp>
#include <protocol/convert.hpp>
#include <protocol/enum_names.hpp>

namespace fieldops::screening {

namespace {

int percent(double score) {
  return static_cast<int>(std::lround(score * 100));
}

std::string joined(const std::vector<std::string>& tokens) {
  std::string out;
  for (const auto& t : tokens) out += (out.empty() ? "" : " ") + t;
  return out;
}

// The level a name match reaches with the given agreement on date of birth (names.hpp).
HitLevel nameLevel(double score, DateAgreement dob) {
  if (dob == DateAgreement::disagree) {
    return score >= kNearIdenticalNameSimilarity ? HitLevel::POSSIBLE_HIT : HitLevel::NO_HIT;
  }
  if (score >= kStrongNameSimilarity) {
    return dob == DateAgreement::agree ? HitLevel::HIT : HitLevel::POSSIBLE_HIT;
  }
  return dob == DateAgreement::agree || dob == DateAgreement::partial ? HitLevel::POSSIBLE_HIT
                                                                      : HitLevel::NO_HIT;
}

DateOfBirthAgreement agreement(DateAgreement dob) {
  switch (dob) {
    case DateAgreement::agree:
      return DateOfBirthAgreement::AGREES;
    case DateAgreement::partial:
      return DateOfBirthAgreement::AGREES_IN_PART;
    case DateAgreement::disagree:
      return DateOfBirthAgreement::DIFFERS;
    case DateAgreement::unknown:
      break;
  }
  return DateOfBirthAgreement::UNKNOWN;
}

const char* dobWords(DateAgreement dob) {
  switch (dob) {
    case DateAgreement::agree:
      return "date of birth agrees";
    case DateAgreement::partial:
      return "date of birth agrees only in part";
    case DateAgreement::disagree:
      return "date of birth differs";
    case DateAgreement::unknown:
      break;
  }
  return "no date of birth to compare";
}

void keepStrongest(std::vector<ScreeningMatch>& out, ScreeningMatch m) {
  for (auto& existing : out) {
    if (existing.list == m.list && existing.reference == m.reference) {
      if (std::tie(m.level, m.score) > std::tie(existing.level, existing.score)) {
        existing = std::move(m);
      }
      return;
    }
  }
  out.push_back(std::move(m));
}

bool minorNotice(const Notice& n, Millis at) {
  return n.colour == NoticeColour::yellow && minorAt(n.dateOfBirth, at);
}

// "14" or, for a date of birth that is partial, "13 or 14".
std::string agesText(const AgeRange& ages) {
  const std::string youngest = std::to_string(ages.youngest);
  return ages.oldest == ages.youngest ? youngest : youngest + " or " + std::to_string(ages.oldest);
}

// What the basis of a match on the notice adds about its subject being a minor: the age at the
// sighting, and when the person seen cannot be that minor, why. Empty for other notices.
std::string minorBasis(const Notice& n, const Sighting& s) {
  if (!minorNotice(n, s.observedAt)) return {};
  std::string text = "the notice is for a minor, " +
                     agesText(*agesAt(n.dateOfBirth, s.observedAt)) + " at the sighting";
  if (adultAt(s.subject.dateOfBirth, s.observedAt)) {
    text += "; the person seen is an adult by date of birth, so not that minor";
  } else if (compareDates(s.subject.dateOfBirth, n.dateOfBirth) == DateAgreement::disagree) {
    text += "; the dates of birth differ, so the person seen is not taken for that minor";
  }
  return text;
}

std::string withMinorBasis(std::string basis, const Entry& entry, const Sighting& s) {
  const auto* n = std::get_if<Notice>(&entry);
  const std::string minor = n != nullptr ? minorBasis(*n, s) : std::string();
  return minor.empty() ? basis : basis + "; " + minor;
}

// A date of birth in 32 bits (year, month and day; 0 for none) and back.
std::uint32_t packDate(const std::optional<DateOfBirth>& d) {
  if (!d || d->year <= 0) return 0;
  return static_cast<std::uint32_t>(d->year) << 9 | d->month << 5 | d->day;
}

std::optional<DateOfBirth> unpackDate(std::uint32_t packed) {
  if (packed == 0) return std::nullopt;
  return DateOfBirth{static_cast<int>(packed >> 9), packed >> 5 & 0xF, packed & 0x1F};
}

}  // namespace

std::string categoryOf(const Entry& entry, Millis observedAt) {
  if (const auto* n = std::get_if<Notice>(&entry)) {
    std::string c = std::string(colourName(n->colour)) + " notice";
    if (minorNotice(*n, observedAt)) c += ", minor";
    return c;
  }
  if (const auto* d = std::get_if<TravelDocumentEntry>(&entry)) {
    return std::string(statusName(d->status)) + " " + spokenName(enumName(d->type));
  }
  return "vehicle of interest";
}

bool canBeTheMinor(const Notice& notice, const Sighting& s) {
  return minorNotice(notice, s.observedAt) && !adultAt(s.subject.dateOfBirth, s.observedAt) &&
         compareDates(s.subject.dateOfBirth, notice.dateOfBirth) != DateAgreement::disagree;
}

std::string matchCategory(const Entry& entry, const Sighting& s) {
  const auto* n = std::get_if<Notice>(&entry);
  if (n == nullptr || !minorNotice(*n, s.observedAt)) return categoryOf(entry, s.observedAt);
  return canBeTheMinor(*n, s) ? "yellow notice, minor" : "yellow notice";
}

Screener::Screener(const lmdb::Env& env) {
  lmdb::Txn txn(env, false);
  dbs_ = WatchlistDbs::open(txn, true);
  txn.commit();
  lmdb::Txn read(env, true);
  generation_ = watchlistGeneration(read, dbs_) + 1;  // force the first load
  refresh(read);
}

bool Screener::refresh(const lmdb::Txn& txn) {
  const std::uint64_t generation = watchlistGeneration(txn, dbs_);
  if (generation == generation_) return false;
  index_.clear();
  noticeIds_.clear();
  noticeDates_.clear();
  firstNoticeId_ = 0;
  // Notices imported under an older tokeniser are tokenised again from their names (slower:
  // until the notices are imported again).
  const bool stale = storedTokensVersion(txn, dbs_) != kTokensVersion;
  forEachEntry(txn, dbs_, [&](const StoredEntry& e) {
    if (const auto* n = std::get_if<Notice>(&e.entry)) {
      noticeIds_.push_back(e.id);  // ascending: the store's keys are big-endian ids
      noticeDates_.push_back(packDate(readDateOfBirth(n->dateOfBirth)));
    }
    if (stale) {
      for (const auto& tokens : tokensOf(e.entry, normaliser_)) index_.add(e.id, tokens);
    } else {
      for (const auto& tokens : e.nameTokens) index_.add(e.id, tokens);
    }
  });
  packNoticeDates();
  std::size_t counts[3] = {0, 0, 0};
  for (int list = 0; list < 3; ++list) {
    counts[list] = watchlistCount(txn, dbs_, static_cast<ListKind>(list));
  }
  noHitReason_ = "no hit against " + std::to_string(counts[0]) + " notices, " +
                 std::to_string(counts[1]) + " travel documents and " + std::to_string(counts[2]) +
                 " vehicles";
  generation_ = generation;
  return true;
}

void Screener::matchDocument(const lmdb::Txn& txn, const Sighting& s,
                             std::vector<ScreeningMatch>& out) const {
  const std::string number = normaliseDocumentNumber(s.subject.documentNumber);
  const std::string country = normaliseCountry(s.subject.documentCountry);
  findDocument(txn, dbs_, number, [&](std::string_view stored, std::uint64_t id) {
    if (!country.empty() && !stored.empty() && stored != country) return;  // another country's
    auto e = readEntry(txn, dbs_, id);
    if (!e) return;
    const bool sure = !country.empty() && stored == country;
    const bool notice = std::holds_alternative<Notice>(e->entry);
    std::string reason =
        "document " + number + (stored.empty() ? "" : " (" + std::string(stored) + ")") +
        (notice ? " is on the notice" : " is listed as " + categoryOf(e->entry, s.observedAt));
    if (!sure) reason += "; the issuing country is not known on both sides: confirm it";
    const std::string reference = notice ? std::get<Notice>(e->entry).reference
                                         : std::get<TravelDocumentEntry>(e->entry).reference;
    std::string basis = std::string(notice ? "a document on the notice: " : "document ") +
                        (sure ? "number and issuing country agree"
                              : "number agrees, issuing country not known on both sides");
    const DateAgreement dob =
        notice ? compareDates(s.subject.dateOfBirth, std::get<Notice>(e->entry).dateOfBirth)
               : DateAgreement::unknown;
    keepStrongest(
        out, {notice ? WatchlistKind::NOTICE : WatchlistKind::TRAVEL_DOCUMENT,
              // never the number itself: references travel without a justification
              reference.empty() ? "entry " + std::to_string(id) : reference,
              matchCategory(e->entry, s), sure ? HitLevel::HIT : HitLevel::POSSIBLE_HIT, 100,
              std::move(reason), withMinorBasis(std::move(basis), e->entry, s), agreement(dob)});
  });
}

void Screener::matchPlate(const lmdb::Txn& txn, const Sighting& s,
                          std::vector<ScreeningMatch>& out) const {
  const std::string plate = normalisePlate(s.subject.vehiclePlate);
  const std::string country = normaliseCountry(s.subject.vehicleCountry);
  findPlate(txn, dbs_, plate, [&](std::string_view stored, std::uint64_t id) {
    if (!country.empty() && !stored.empty() && stored != country) return;
    auto e = readEntry(txn, dbs_, id);
    if (!e) return;
    const auto& v = std::get<VehicleEntry>(e->entry);
    const bool sure = !country.empty() && stored == country;
    std::string reason = "plate " + plate + " (" + std::string(stored) + ") is of interest" +
                         (v.reason.empty() ? "" : ": " + v.reason);
    if (!sure) reason += "; the country is not known on both sides: confirm it";
    keepStrongest(
        out,
        {WatchlistKind::VEHICLE, v.reference.empty() ? "entry " + std::to_string(id) : v.reference,
         "vehicle of interest", sure ? HitLevel::HIT : HitLevel::POSSIBLE_HIT, 100,
         std::move(reason),
         sure ? "plate and country agree" : "plate agrees, country not known on both sides"});
  });
}

void Screener::packNoticeDates() {
  if (noticeIds_.empty()) return;
  const std::uint64_t first = noticeIds_.front();
  const std::uint64_t span = noticeIds_.back() - first + 1;
  if (span > 2 * noticeIds_.size() + 4096) return;  // sparse: kept for binary search
  std::vector<std::uint32_t> dense(span, 0);
  for (std::size_t i = 0; i < noticeIds_.size(); ++i) dense[noticeIds_[i] - first] = noticeDates_[i];
  noticeDates_ = std::move(dense);
  noticeIds_.clear();
  noticeIds_.shrink_to_fit();
  firstNoticeId_ = first;
}

std::optional<DateOfBirth> Screener::noticeDate(std::uint64_t entryId) const {
  if (noticeIds_.empty()) {
    if (entryId < firstNoticeId_ || entryId - firstNoticeId_ >= noticeDates_.size()) return {};
    return unpackDate(noticeDates_[entryId - firstNoticeId_]);
  }
  const auto at = std::lower_bound(noticeIds_.begin(), noticeIds_.end(), entryId);
  if (at == noticeIds_.end() || *at != entryId) return std::nullopt;
  return unpackDate(noticeDates_[static_cast<std::size_t>(at - noticeIds_.begin())]);
}

void Screener::matchNames(const lmdb::Txn& txn, const Sighting& s,
                          std::vector<ScreeningMatch>& out) const {
  const auto seenBorn = readDateOfBirth(s.subject.dateOfBirth);
  for (const auto& written : s.subject.names) {
    const auto tokens = normaliser_.tokens(written);
    if (tokens.empty()) continue;
    for (const auto& c : index_.search(tokens, kPossibleNameSimilarity, kMaxMatches)) {
      // Most candidates of an unlisted name fall short once the dates are compared: those are
      // not read. The level is decided again below from the stored notice, the one source.
      if (nameLevel(c.score, compareDates(seenBorn, noticeDate(c.entryId))) == HitLevel::NO_HIT) {
        continue;
      }
      auto e = readEntry(txn, dbs_, c.entryId);
      if (!e) continue;
      const auto& notice = std::get<Notice>(e->entry);
      const DateAgreement dob = compareDates(s.subject.dateOfBirth, notice.dateOfBirth);
      const HitLevel level = nameLevel(c.score, dob);
      if (level == HitLevel::NO_HIT) continue;
      std::string reason = "name " + std::to_string(percent(c.score)) + "% ('" + written + "' ~ '" +
                           joined(*c.tokens) + "'), " + dobWords(dob);
      if (!s.subject.nationality.empty() && !notice.nationality.empty()) {
        reason += normaliseCountry(s.subject.nationality) == notice.nationality
                      ? ", nationality agrees"
                      : ", nationality differs";
      }
      std::string basis = "name " + std::to_string(percent(c.score)) + "%, " + dobWords(dob);
      keepStrongest(out, {WatchlistKind::NOTICE, notice.reference, matchCategory(e->entry, s),
                          level, static_cast<std::uint8_t>(percent(c.score)), std::move(reason),
                          withMinorBasis(std::move(basis), e->entry, s), agreement(dob)});
    }
  }
}

ScreeningResult Screener::screen(const lmdb::Txn& txn, const Sighting& s) const {
  ScreeningResult r;
  matchDocument(txn, s, r.matches);
  matchPlate(txn, s, r.matches);
  matchNames(txn, s, r.matches);
  std::sort(r.matches.begin(), r.matches.end(), [](const auto& a, const auto& b) {
    return std::tie(a.level, a.score) > std::tie(b.level, b.score);
  });
  if (r.matches.size() > kMaxMatches) r.matches.resize(kMaxMatches);
  if (r.matches.empty()) {
    r.reason = noHitReason_;
    return r;
  }
  r.level = r.matches.front().level;
  // Within what the decoders accept (convert::kLongText), room kept for "; and N more".
  constexpr std::size_t kRoom = convert::kLongText - 32;
  for (std::size_t i = 0; i < r.matches.size(); ++i) {
    const auto& m = r.matches[i];
    const std::string part = std::string(m.level == HitLevel::HIT ? "hit" : "possible hit") + ": " +
                             m.category + " " + m.reference;
    if (r.reason.size() + part.size() + 2 > kRoom) {
      r.reason += "; and " + std::to_string(r.matches.size() - i) + " more";
      break;
    }
    if (!r.reason.empty()) r.reason += "; ";
    r.reason += part;
  }
  return r;
}

}  // namespace fieldops::screening
