// The name index fetches every name the scorer would accept: its results equal a scan of every
// indexed name with nameSimilarity (names.hpp), over the labelled pairs of the evaluation set
// (tests/data/names/pairs.tsv) and a generated list.
#define BOOST_TEST_MODULE name_index
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <coordinator/screening/generate.hpp>
#include <coordinator/screening/import.hpp>
#include <coordinator/screening/name_index.hpp>
#include <coordinator/screening/names.hpp>
#include <coordinator/screening/pair_table.hpp>
#include <coordinator/screening/watchlist_codec.hpp>
#include <map>
#include <random>
#include <sstream>
#include <tests/support/name_pairs.hpp>
#include <unordered_map>

namespace {

using namespace fieldops;
using namespace fieldops::screening;

struct Indexed {
  std::uint64_t entry;
  std::vector<std::string> tokens;
};

// Every name of the pairs (both sides) and of a generated list of notices, each an entry.
struct Corpus {
  NameNormaliser normaliser;
  std::vector<Indexed> names;  // as added to the index
  std::vector<std::vector<std::string>> queries;
  std::map<std::string, TokenForms> forms;  // of every indexed token, made once

  Corpus() {
    const auto pairs = test::readNamePairs(FIELDOPS_SOURCE_DIR "/tests/data/names/pairs.tsv");
    std::uint64_t entry = 0;
    for (const auto& p : pairs) {
      for (const auto* name : {&p.nameA, &p.nameB}) {
        auto tokens = normaliser.tokens(*name);
        if (!tokens.empty()) names.push_back({++entry, std::move(tokens)});
      }
    }
    std::ostringstream csv;
    generateWatchlist(ListKind::notices, 3000, 7, csv);
    const auto parsed = parseWatchlist(ListKind::notices, FileFormat::csv, csv.str());
    for (const auto& e : parsed.entries) {
      ++entry;
      for (auto& tokens : tokensOf(e, normaliser)) names.push_back({entry, std::move(tokens)});
    }
    // Queries: a sample of the indexed names and of the pairs' names with one letter changed.
    std::mt19937_64 random(17);
    for (std::size_t i = 0; i < 110; ++i) {
      queries.push_back(names[random() % names.size()].tokens);
    }
    for (std::size_t i = 0; i < 40; ++i) {
      auto q = names[random() % names.size()].tokens;
      auto& t = q[random() % q.size()];
      if (t.size() > 3) t[1 + random() % (t.size() - 2)] = static_cast<char>('a' + random() % 26);
      queries.push_back(std::move(q));
    }
    for (const auto& n : names) {
      for (const auto& t : n.tokens) forms.try_emplace(t, normaliser.variants().forms(t));
    }
  }
};

// A scan of every indexed name against the query: for each entry its best score at least
// `floor`, best first, equal scores by entry id. Token pairs are scored once per query token and
// indexed token.
std::vector<std::pair<double, std::uint64_t>> scan(const Corpus& c,
                                                   const std::vector<std::string>& query,
                                                   double floor) {
  const auto& variants = c.normaliser.variants();
  std::vector<TokenForms> q;
  for (const auto& t : query) q.push_back(variants.forms(t));
  std::map<std::string, std::vector<double>> memo;  // indexed token -> value per query token
  auto values = [&](const std::string& token) -> const std::vector<double>& {
    auto [it, inserted] = memo.try_emplace(token);
    if (inserted) {
      const TokenForms& f = c.forms.at(token);
      for (const auto& qt : q)
        it->second.push_back(tokensAgree(qt, f) ? tokenSimilarity(qt, f) : 0);
    }
    return it->second;
  };
  std::unordered_map<std::uint64_t, double> best;
  std::vector<double> scores;
  for (const auto& n : c.names) {
    const std::size_t k = n.tokens.size();
    const bool queryFirst = q.size() <= k;
    const std::size_t rows = queryFirst ? q.size() : k;
    const std::size_t cols = queryFirst ? k : q.size();
    scores.assign(rows * cols, 0);
    for (std::size_t col = 0; col < k; ++col) {
      const auto& v = values(n.tokens[col]);
      for (std::size_t r = 0; r < q.size(); ++r) {
        scores[queryFirst ? r * cols + col : col * cols + r] = v[r];
      }
    }
    const double s = nameSimilarity(scores, rows, cols);
    if (s >= floor) {
      auto& b = best[n.entry];
      b = std::max(b, s);
    }
  }
  std::vector<std::pair<double, std::uint64_t>> out;
  for (const auto& [entry, s] : best) out.emplace_back(s, entry);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_index_finds_exactly_what_a_scan_of_every_name_finds) {
  const Corpus c;
  NameIndex index(c.normaliser.variants());
  std::unordered_map<std::uint64_t, std::vector<const std::vector<std::string>*>> namesOf;
  for (const auto& n : c.names) {
    index.add(n.entry, n.tokens);
    namesOf[n.entry].push_back(&n.tokens);
  }
  std::size_t compared = 0, found = 0;
  for (const auto& query : c.queries) {
    const auto expected = scan(c, query, kPossibleNameSimilarity);
    const auto all = index.search(query, kPossibleNameSimilarity, 1'000'000);
    BOOST_REQUIRE_EQUAL(all.size(), expected.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
      BOOST_TEST(all[i].entryId == expected[i].second);
      BOOST_TEST(all[i].score == expected[i].first);
      // And the scan's score is the pure function's, from the tokens.
      double pure = 0;
      for (const auto* name : namesOf[all[i].entryId]) {
        pure = std::max(pure, nameSimilarity(c.normaliser.variants(), query, *name));
      }
      BOOST_TEST(pure == all[i].score);
    }
    // The best 16, as screening asks for them, are the scan's first 16.
    const auto top = index.search(query, kPossibleNameSimilarity, 16);
    BOOST_REQUIRE_EQUAL(top.size(), std::min<std::size_t>(16, expected.size()));
    for (std::size_t i = 0; i < top.size(); ++i) {
      BOOST_TEST(top[i].entryId == expected[i].second);
    }
    ++compared;
    found += expected.size();
  }
  BOOST_TEST_MESSAGE(compared << " queries against " << c.names.size() << " names, " << found
                              << " matches, all equal to the scan");
  BOOST_TEST(found > compared);  // the queries do find names: the comparison is not empty
}

// A query token the index does not hold is kept with its similar tokens between searches
// (name_index.hpp). What it keeps must never change a result: not after the index learns a
// token similar to it, and not once more distinct tokens have been searched than it keeps.
BOOST_AUTO_TEST_CASE(query_tokens_kept_between_searches_never_change_a_result) {
  const NameNormaliser normaliser;
  NameIndex index(normaliser.variants());
  index.add(1, normaliser.tokens("Petar Jovanovic"));
  const auto query = normaliser.tokens("Zoran Jovanovic");
  BOOST_TEST(index.search(query, kPossibleNameSimilarity, 16).empty());
  // "zoran" is not in the index, and stays out; names with other spellings of it come in.
  index.add(2, normaliser.tokens("Zorran Jovanović"));
  index.add(3, normaliser.tokens("Zorann Jovanovic"));
  const auto after = index.search(query, kPossibleNameSimilarity, 16);
  BOOST_REQUIRE_EQUAL(after.size(), 2u);
  BOOST_TEST(after[0].entryId == 2u);
  BOOST_TEST(after[1].entryId == 3u);

  // More distinct unknown tokens than both generations hold, searched between two searches of
  // one query: the same answer each time, and the same as a fresh index gives.
  const auto typo = normaliser.tokens("Zoran Jovanovich");
  const auto first = index.search(typo, kPossibleNameSimilarity, 16);
  for (int i = 0; i < 10'000; ++i) {
    std::string token = "q";
    for (int n = i; n > 0; n /= 26) token += static_cast<char>('a' + n % 26);
    index.search({token, "jovanovic"}, kPossibleNameSimilarity, 16);
  }
  const auto again = index.search(typo, kPossibleNameSimilarity, 16);
  NameIndex fresh(normaliser.variants());
  fresh.add(1, normaliser.tokens("Petar Jovanovic"));
  fresh.add(2, normaliser.tokens("Zorran Jovanović"));
  fresh.add(3, normaliser.tokens("Zorann Jovanovic"));
  const auto expected = fresh.search(typo, kPossibleNameSimilarity, 16);
  BOOST_REQUIRE(!expected.empty());
  for (const auto* got : {&first, &again}) {
    BOOST_REQUIRE_EQUAL(got->size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      BOOST_TEST((*got)[i].entryId == expected[i].entryId);
      BOOST_TEST((*got)[i].score == expected[i].score);
    }
  }
}

// The flat table of token pairs behind the candidate search: every key added is found with its
// names, through growth and colliding homes, and keys never added are not, as a std::map says.
BOOST_AUTO_TEST_CASE(the_pair_table_holds_what_a_map_holds) {
  PairTable table;
  std::map<std::uint64_t, std::vector<std::uint32_t>> expected;
  std::mt19937_64 random(7);
  for (std::uint32_t i = 0; i < 50'000; ++i) {
    // Dense small ids, as token ids are, and a few far apart.
    const std::uint64_t a = random() % 400, b = i % 7 == 0 ? random() % 4'000'000'000u : random() % 400;
    const std::uint64_t key = (std::min(a, b) << 32) | std::max(a, b);
    table.at(key).push_back(i);
    expected[key].push_back(i);
  }
  BOOST_TEST(table.size() == expected.size());
  for (const auto& [key, names] : expected) {
    const auto* found = table.find(key);
    BOOST_REQUIRE(found != nullptr);
    BOOST_TEST(*found == names);
  }
  std::size_t absent = 0;
  for (int i = 0; i < 20'000; ++i) {
    const std::uint64_t key = (random() % 500) << 32 | (random() % 500 + 500);
    if (expected.count(key) == 0) {
      BOOST_TEST(table.find(key) == nullptr);
      ++absent;
    }
  }
  BOOST_TEST(absent > 0u);
  table.clear();
  BOOST_TEST(table.size() == 0u);
  BOOST_TEST(table.find(expected.begin()->first) == nullptr);
  table.at(5).push_back(1);
  BOOST_TEST(*table.find(5) == std::vector<std::uint32_t>{1});
}
