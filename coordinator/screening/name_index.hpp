// The in-memory search index over the notices' names: distinct names, their tokens, and a
// typo-tolerant token dictionary (deletion variants of each token and of its consonant
// skeleton, screening/names.hpp). Built from the stored entries when the coordinator starts and
// again after an import; the entries themselves stay in LMDB.
#pragma once

#include <coordinator/screening/name_variants.hpp>
#include <coordinator/screening/pair_table.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fieldops::screening {

class NameIndex {
 public:
  // The variants must outlive the index.
  explicit NameIndex(const NameVariants& variants) : nameVariants_(&variants) {}

  struct Candidate {
    std::uint64_t entryId = 0;
    double score = 0;                                  // nameSimilarity, [0, 1]
    const std::vector<std::string>* tokens = nullptr;  // the indexed name that scored
  };

  void clear();
  // Adds one name (normalised tokens) of the entry.
  void add(std::uint64_t entryId, const std::vector<std::string>& tokens);

  // Entries with a name scoring at least `floor` against `query`, best first, at most `limit`
  // (an entry appears once, with its best name; equal scores by entry id). Pointers stay valid
  // until the index changes. The score is nameSimilarity (names.hpp). The result is the
  // one a scan of every indexed name would give (tests/test_name_index.cpp): as tokens that do
  // not agree count 0, a name reaches kPossibleNameSimilarity only with two tokens agreeing
  // with two different query tokens, or one when the query or the name has a single token,
  // and the index finds exactly those names, through the tokens sharing a key
  // (forEachIndexKey) with each query token. `floor` must be at least 0.5 for that to hold.
  // Not to be called from two threads at once: it uses the index's scratch space and its
  // cache of query tokens.
  std::vector<Candidate> search(const std::vector<std::string>& query, double floor,
                                std::size_t limit) const;

  std::size_t names() const { return names_.size(); }
  std::size_t tokens() const { return tokens_.size(); }

 private:
  struct Name {
    std::vector<std::string> tokens;
    std::vector<std::uint64_t> entries;  // ascending: the entries with this name
  };
  class Search;  // one call of search() (name_search.cpp)
  // A query token's forms and its similar tokens (similarTokens): the index's own for a token it
  // holds, else from queryTokenCache_. `kept` holds a cached token alive for the search.
  struct QueryToken {
    TokenForms forms;
    std::vector<std::uint32_t> similar;
  };
  struct QueryTokenRef {
    const TokenForms* forms = nullptr;
    const std::vector<std::uint32_t>* similar = nullptr;
    std::shared_ptr<const QueryToken> kept;
  };
  QueryTokenRef queryToken(const std::string& token) const;

  static std::uint64_t pairKey(std::uint32_t a, std::uint32_t b);
  std::uint32_t tokenId(const std::string& token);
  // Indexed tokens that agree with `query` (tokensAgree), ascending.
  std::vector<std::uint32_t> similarTokens(const TokenForms& query) const;
  // Whether `key` may be a key of variants_: false for most keys that are not, without
  // touching the map (a query token not in the index has few variants that are).
  bool mayBeVariant(std::string_view key) const;

  std::unordered_map<std::string, std::uint32_t> nameIds_;  // tokens joined by ' '
  std::vector<Name> names_;
  // The token ids of every name, in order, back to back: name n's from nameTokenStart_[n] to
  // nameTokenStart_[n + 1]. Scoring reads them for thousands of candidates, so they are kept
  // together rather than in each Name.
  std::vector<std::uint32_t> nameTokenStart_;
  std::vector<std::uint32_t> nameTokens_;
  std::unordered_map<std::string, std::uint32_t> tokenIds_;
  std::vector<std::string> tokens_;
  const NameVariants* nameVariants_;
  std::vector<TokenForms> forms_;  // token id -> its forms
  // token id -> number of tokens - 1 -> the names holding it, ascending
  std::vector<std::vector<std::vector<std::uint32_t>>> tokenNames_;
  // Two token ids (smaller << 32 | larger; the same id twice for a token a name holds twice) ->
  // the names holding both, ascending: the candidates that two query tokens agree with, found
  // without walking the tokens' long lists.
  PairTable pairNames_;
  // Looked up by string_view, without making a string of each variant.
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  // index key of a token (forEachIndexKey) -> token ids
  std::unordered_map<std::string, std::vector<std::uint32_t>, StringHash, std::equal_to<>>
      variants_;
  // One bit per hash of the keys of variants_ (a Bloom filter with one hash), 16 or more bits
  // a key.
  std::vector<std::uint64_t> variantBits_;
  // token id -> similarTokens of that token, kept up to date as tokens are added: a query token
  // that is in the index, the common case, needs no variant lookups.
  std::vector<std::vector<std::uint32_t>> similar_;
  // Scratch of search(): token id * 2 + order -> where that token's similarities to the query
  // are, or unset. Kept between searches (and reset by each) so a search costs nothing per
  // indexed token.
  mutable std::vector<std::uint32_t> scoreSlots_;
  // Query tokens the index does not hold, with their forms and similar tokens, made once: the
  // same unlisted given names and surnames come back sighting after sighting, and making their
  // forms and comparing them with every token sharing a key is most of what screening an
  // unlisted name costs. Two generations of at most kCachedQueryTokens each: when the newer is
  // full it becomes the older and the older is dropped; a token found in the older moves back
  // to the newer. Emptied whenever a token is added, as that can change any similar list.
  static constexpr std::size_t kCachedQueryTokens = 4096;
  struct QueryTokenCache {
    std::unordered_map<std::string, std::shared_ptr<const QueryToken>> newer, older;
    void clear() {
      newer.clear();
      older.clear();
    }
  };
  mutable QueryTokenCache queryTokenCache_;
};

}  // namespace fieldops::screening
