// The screening evaluation: every labelled pair of tests/data/names/pairs.tsv screened through
// the real Screener and a real LMDB, in both directions (one name on the list, the other in the
// sighting, then the other way round). Prints the precision and recall table of
// docs/screening.md ("How well names match") and fails the suite when matching gets worse than
// the floors below.
#define BOOST_TEST_MODULE name_evaluation
#include <boost/test/unit_test.hpp>
#include <coordinator/screening/screener.hpp>
#include <coordinator/screening/watchlist_store.hpp>
#include <coordinator/store.hpp>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <tests/support/name_pairs.hpp>
#include <tests/support/support.hpp>
#include <vector>

namespace {

using namespace fieldops;
using namespace fieldops::screening;
using test::NamePair;

// 2026-06-01T00:00:00Z: every date of birth of the set is before it.
constexpr Millis kObservedAt = 1'780'272'000'000;

std::string reference(const NamePair& p) {
  return "PAIR-" + std::to_string(p.id);
}

// The level each pair reaches with the `list` side on the notices list and the other side in
// a sighting: one list of every pair's list side, as a crowded list would be.
std::vector<HitLevel> screenAll(const std::vector<NamePair>& pairs, bool aOnList) {
  test::TempDir dir;
  lmdb::Env env{dir.path(), std::size_t{256} << 20, kMaxDbs};
  Screener screener{env};
  std::vector<Entry> entries;
  for (const auto& p : pairs) {
    Notice n;
    n.reference = reference(p);
    n.colour = NoticeColour::blue;
    n.names = {aOnList ? p.nameA : p.nameB};
    n.dateOfBirth = aOnList ? p.dobA : p.dobB;
    entries.emplace_back(std::move(n));
  }
  importList(env, screener.dbs(), ListKind::notices, entries, screener.normaliser());
  {
    lmdb::Txn txn(env, true);
    BOOST_REQUIRE(screener.refresh(txn));
  }
  std::vector<HitLevel> levels;
  lmdb::Txn txn(env, true);
  for (const auto& p : pairs) {
    Sighting s;
    s.sightingId = "eval-" + std::to_string(p.id);
    s.observedAt = kObservedAt;
    s.subject.names = {aOnList ? p.nameB : p.nameA};
    s.subject.dateOfBirth = aOnList ? p.dobB : p.dobA;
    const ScreeningResult r = screener.screen(txn, s);
    HitLevel level = HitLevel::NO_HIT;
    for (const auto& m : r.matches) {
      if (m.reference == reference(p)) level = m.level;
    }
    levels.push_back(level);
  }
  return levels;
}

struct Tally {
  int sameAgree = 0, sameAgreeHit = 0;    // recall as hit
  int sameOther = 0, sameOtherFound = 0;  // DOB partial or missing: possible or hit
  int sameDiffer = 0, sameDifferHit = 0;  // must be no hit
  int different = 0, differentHit = 0, differentPossible = 0;
  int hits = 0, hitsSame = 0, possibles = 0, possiblesSame = 0;
  int asymmetric = 0;

  void add(const NamePair& p, HitLevel level, HitLevel swapped) {
    asymmetric += level != swapped ? 1 : 0;
    const bool same = p.relation == "same";
    if (level == HitLevel::HIT) {
      ++hits;
      hitsSame += same ? 1 : 0;
    } else if (level == HitLevel::POSSIBLE_HIT) {
      ++possibles;
      possiblesSame += same ? 1 : 0;
    }
    if (!same) {
      ++different;
      differentHit += level == HitLevel::HIT ? 1 : 0;
      differentPossible += level == HitLevel::POSSIBLE_HIT ? 1 : 0;
    } else if (p.dob == "agree") {
      ++sameAgree;
      sameAgreeHit += level == HitLevel::HIT ? 1 : 0;
    } else if (p.dob == "differ") {
      ++sameDiffer;
      sameDifferHit += level == HitLevel::HIT ? 1 : 0;
    } else {
      ++sameOther;
      sameOtherFound += level != HitLevel::NO_HIT ? 1 : 0;
    }
  }
  static double ratio(int n, int d) { return d == 0 ? 1.0 : static_cast<double>(n) / d; }
  double recall() const { return ratio(sameAgreeHit, sameAgree); }
};

std::string cell(int n, int d) {
  if (d == 0) return "-";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.3f (%d/%d)", Tally::ratio(n, d), n, d);
  return buf;
}

void printTable(const std::map<std::string, Tally>& byFamily, const Tally& all) {
  std::cout << "\n| family | same person, DOB agrees: hit | same, DOB partial or missing: "
               "hit or possible | same, DOB differs: hit | different persons: hit | different "
               "persons: possible | precision of hit | precision of possible hit | level "
               "changes when list and sighting swap |\n|---|---|---|---|---|---|---|---|---|\n";
  auto row = [](const std::string& name, const Tally& t) {
    std::cout << "| " << name << " | " << cell(t.sameAgreeHit, t.sameAgree) << " | "
              << cell(t.sameOtherFound, t.sameOther) << " | " << t.sameDifferHit << " of "
              << t.sameDiffer << " | " << t.differentHit << " of " << t.different << " | "
              << t.differentPossible << " of " << t.different << " | " << cell(t.hitsSame, t.hits)
              << " | " << cell(t.possiblesSame, t.possibles) << " | " << t.asymmetric << " |\n";
  };
  for (const auto& [family, t] : byFamily) row(family, t);
  row("**all**", all);
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_labelled_name_pairs_meet_the_screening_targets) {
  const auto pairs = test::readNamePairs(FIELDOPS_SOURCE_DIR "/tests/data/names/pairs.tsv");
  BOOST_REQUIRE_GE(pairs.size(), 2000u);
  const auto aOnList = screenAll(pairs, true);
  const auto bOnList = screenAll(pairs, false);
  std::map<std::string, Tally> byFamily;
  std::map<std::string, Tally> byKind;
  Tally all;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const auto& p = pairs[i];
    for (const auto& [level, swapped] :
         {std::pair{aOnList[i], bOnList[i]}, std::pair{bOnList[i], aOnList[i]}}) {
      byFamily[p.family].add(p, level, swapped);
      byKind[p.relation + " " + p.kind].add(p, level, swapped);
      all.add(p, level, swapped);
    }
    if (p.relation == "same" && p.dob == "agree" &&
        (aOnList[i] != HitLevel::HIT || bOnList[i] != HitLevel::HIT)) {
      BOOST_TEST_MESSAGE("missed: " << p.id << " " << p.family << " " << p.kind << ": '" << p.nameA
                                    << "' ~ '" << p.nameB << "' " << static_cast<int>(aOnList[i])
                                    << "/" << static_cast<int>(bOnList[i]));
    }
    if (p.relation == "different" && (aOnList[i] == HitLevel::HIT || bOnList[i] == HitLevel::HIT)) {
      BOOST_TEST_MESSAGE("false hit: " << p.id << " " << p.family << " " << p.kind << ": '"
                                       << p.nameA << "' ~ '" << p.nameB << "'");
    }
  }
  printTable(byFamily, all);
  std::cout << "\nBy kind of pair:\n";
  printTable(byKind, all);

  // The targets of the screening issue: recall of same-person pairs with agreeing dates of birth
  // as hit at least 0.98; no hit where the full dates of birth differ, nor for different
  // persons; the level independent of which side is on the list.
  BOOST_TEST(all.recall() >= 0.98);
  BOOST_TEST(all.sameDifferHit == 0);
  BOOST_TEST(all.differentHit == 0);
  BOOST_TEST(all.asymmetric == 0);
  // Floors per family, a little under what was measured when the set was made
  // (docs/screening.md): a change that makes one family worse fails here even when the overall
  // figure still holds.
  const std::map<std::string, double> floors = {
      {"south-slavic", 0.98}, {"east-slavic", 0.98}, {"albanian", 0.99}, {"arabic", 0.95},
      {"maghreb", 0.93},      {"persian", 0.96},     {"turkish", 0.99},  {"iberian", 0.97}};
  for (const auto& [family, floor] : floors) {
    BOOST_TEST(byFamily[family].recall() >= floor, family << ": " << byFamily[family].recall());
  }
  // Partial or missing dates of birth: the same person is still put in front of a commander.
  BOOST_TEST(Tally::ratio(all.sameOtherFound, all.sameOther) >= 0.98);
}
