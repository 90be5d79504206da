// Searching the name index (see name_index.hpp): one NameIndex::Search per call of search().
//
// A name's score is at most 0.8 + 0.2 * shorter / longer (every pair of tokens agreeing fully),
// its bound. Names are scored in groups of one bound, the highest first, and no further once the
// best `limit` entries score above the next group's bound. Names whose bound is below the floor
// are never scored.
#include <algorithm>
#include <coordinator/screening/name_index.hpp>
#include <coordinator/screening/names.hpp>
#include <cstdint>
#include <unordered_set>

namespace fieldops::screening {

namespace {

// Token similarities between the query and indexed tokens, each computed once per search:
// candidate names share most of their tokens. A pair that does not agree (the indexed token is
// not among the query token's similar tokens) counts 0, as in nameSimilarity. Where a token's
// values are is looked up in the index's scratch table by token id, reset after each search.
class TokenScores {
 public:
  TokenScores(const std::vector<const TokenForms*>& query, const std::vector<TokenForms>& forms,
              const std::vector<const std::vector<std::uint32_t>*>& similar,
              std::vector<std::uint32_t>& slots)
      : query_(query), forms_(forms), similar_(similar), slots_(slots) {
    if (slots_.size() < forms.size()) slots_.resize(forms.size(), kUnset);
  }
  ~TokenScores() {
    for (const auto slot : touched_) slots_[slot] = kUnset;
  }
  TokenScores(const TokenScores&) = delete;
  TokenScores& operator=(const TokenScores&) = delete;

  // The similarities of indexed token t to each query token: query.size() values.
  const double* of(std::uint32_t t) {
    if (slots_[t] == kUnset) {
      slots_[t] = static_cast<std::uint32_t>(values_.size());
      touched_.push_back(t);
      for (std::size_t i = 0; i < query_.size(); ++i) {
        const auto& agreeing = *similar_[i];
        values_.push_back(std::binary_search(agreeing.begin(), agreeing.end(), t)
                              ? tokenSimilarity(*query_[i], forms_[t])
                              : 0.0);
      }
    }
    return values_.data() + slots_[t];
  }

 private:
  static constexpr std::uint32_t kUnset = UINT32_MAX;

  const std::vector<const TokenForms*>& query_;
  const std::vector<TokenForms>& forms_;
  const std::vector<const std::vector<std::uint32_t>*>& similar_;  // per query token, ascending
  std::vector<std::uint32_t>& slots_;                       // token id -> first value, or kUnset
  std::vector<std::size_t> touched_;                        // slots set in this search
  std::vector<double> values_;
};

}  // namespace

class NameIndex::Search {
 public:
  Search(const NameIndex& index, std::vector<QueryTokenRef> query, double floor,
         std::size_t limit)
      : index_(index),
        query_(std::move(query)),
        floor_(floor),
        limit_(limit),
        q_(query_.size()),
        scores_(queryForms_, index.forms_, similar_, index.scoreSlots_) {}

  std::vector<Candidate> run() {
    bool any = false;
    queryForms_.reserve(q_);
    similar_.reserve(q_);
    for (const auto& token : query_) {
      queryForms_.push_back(token.forms);
      similar_.push_back(token.similar);
      any = any || !token.similar->empty();
    }
    if (!any) return {};
    if (q_ == 1) {
      oneToken();
    } else {
      manyTokens();
    }
    return best();
  }

 private:
  struct Scored {
    double score;
    std::uint32_t name;
  };

  double boundOf(std::size_t k) const {
    const double shorter = static_cast<double>(std::min(q_, k));
    const double longer = static_cast<double>(std::max(q_, k));
    return 0.8 + 0.2 * shorter / longer;
  }

  static void sortUnique(std::vector<std::uint32_t>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  }

  // The best `limit` entries of the names scored so far, an entry with its best name, equal
  // scores by entry id. Names are taken by descending score, those of one score together; of
  // these, the entries not already taken with a higher score, and only the smallest that can
  // still make the cut: a max-heap by entry id, each name's entries read (ascending) only while
  // they are below its top. A score shared by thousands of entries costs little.
  std::vector<Candidate> best() {
    std::sort(scored_.begin(), scored_.end(),
              [](const Scored& a, const Scored& b) { return a.score > b.score; });
    std::vector<Candidate> out;
    std::unordered_set<std::uint64_t> taken;
    std::vector<std::pair<std::uint64_t, const Name*>> heap;
    for (std::size_t i = 0; i < scored_.size() && out.size() < limit_;) {
      const double score = scored_[i].score;
      const std::size_t need = limit_ - out.size();
      heap.clear();
      for (; i < scored_.size() && scored_[i].score == score; ++i) {
        const Name& name = index_.names_[scored_[i].name];
        for (const auto entry : name.entries) {
          if (heap.size() == need && entry >= heap.front().first) break;
          if (!taken.insert(entry).second) continue;
          heap.emplace_back(entry, &name);
          std::push_heap(heap.begin(), heap.end());
          if (heap.size() > need) {
            std::pop_heap(heap.begin(), heap.end());
            taken.erase(heap.back().first);
            heap.pop_back();
          }
        }
      }
      std::sort_heap(heap.begin(), heap.end());
      for (const auto& [entry, name] : heap) out.push_back({entry, score, &name->tokens});
    }
    return out;
  }

  // True when no name of the next bound can enter the best `limit`.
  bool settled(double nextBound) {
    const auto top = best();
    return top.size() == limit_ && top.back().score > nextBound;
  }

  // Scores the names (ascending ids, no repeats) with nameSimilarity, the shorter name first,
  // from the token similarities. Their token ids are gathered first: independent loads that the
  // processor overlaps, where scoring name by name would wait for each.
  void scoreNames(const std::vector<std::uint32_t>& names) {
    starts_.assign(1, 0);
    ids_.clear();
    const std::uint32_t* tokens = index_.nameTokens_.data();
    for (const auto n : names) {
      // Two or three ids a name: copied one by one, not by a range insert's call a name.
      for (auto t = index_.nameTokenStart_[n]; t < index_.nameTokenStart_[n + 1]; ++t) {
        ids_.push_back(tokens[t]);
      }
      starts_.push_back(static_cast<std::uint32_t>(ids_.size()));
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
      const std::uint32_t* name = ids_.data() + starts_[i];
      const std::size_t k = starts_[i + 1] - starts_[i];
      const bool queryFirst = q_ <= k;
      matrix_.resize(q_ * k);
      for (std::size_t c = 0; c < k; ++c) {
        const double* s = scores_.of(name[c]);
        for (std::size_t r = 0; r < q_; ++r) {
          // rows x cols, row-major: the query's tokens as rows when it is the shorter name.
          matrix_[queryFirst ? r * k + c : c * q_ + r] = s[r];
        }
      }
      const double score =
          queryFirst ? nameSimilarity(matrix_, q_, k) : nameSimilarity(matrix_, k, q_);
      if (score >= floor_) scored_.push_back({score, names[i]});
    }
  }

  // A one-token query: every name holding an agreeing token, by number of tokens (the bound
  // falls as it grows), so that the long lists of a common token are mostly not read.
  void oneToken() {
    const auto& tokenNames = index_.tokenNames_;
    std::size_t longest = 0;
    for (auto t : *similar_.front()) longest = std::max(longest, tokenNames[t].size());
    std::vector<std::uint32_t> names;
    for (std::size_t k = 1; k <= longest && boundOf(k) >= floor_; ++k) {
      names.clear();
      for (auto t : *similar_.front()) {
        if (k <= tokenNames[t].size()) {
          const auto& list = tokenNames[t][k - 1];
          names.insert(names.end(), list.begin(), list.end());
        }
      }
      sortUnique(names);
      scoreNames(names);
      if (k < longest && settled(boundOf(k + 1))) break;
    }
  }

  // The candidates of a longer query: one-token names agreeing with a query token, and names
  // with two tokens that two different query tokens agree with (one name token cannot pair with
  // two query tokens), found through the pairs of tokens, never by walking a common token's
  // list of names.
  std::vector<std::uint32_t> candidates() const {
    std::vector<std::uint32_t> out;
    for (const auto* tokens : similar_) {
      for (auto t : *tokens) {
        const auto& byLength = index_.tokenNames_[t];
        if (!byLength.empty() && !byLength[0].empty()) out.push_back(byLength[0].front());
      }
    }
    for (std::size_t i = 0; i < similar_.size(); ++i) {
      for (std::size_t j = i + 1; j < similar_.size(); ++j) {
        for (auto a : *similar_[i]) {
          for (auto b : *similar_[j]) {
            if (const auto* names = index_.pairNames_.find(pairKey(a, b))) {
              out.insert(out.end(), names->begin(), names->end());
            }
          }
        }
      }
    }
    sortUnique(out);
    return out;
  }

  // A longer query: its candidates scored in groups of one bound, the highest first.
  void manyTokens() {
    struct Pending {
      double bound;
      std::uint32_t name;
    };
    std::vector<Pending> pending;
    for (const auto n : candidates()) {
      const double bound = boundOf(index_.nameTokenStart_[n + 1] - index_.nameTokenStart_[n]);
      if (bound >= floor_) pending.push_back({bound, n});
    }
    std::stable_sort(pending.begin(), pending.end(),
                     [](const Pending& a, const Pending& b) { return a.bound > b.bound; });
    std::vector<std::uint32_t> names;
    for (std::size_t group = 0; group < pending.size();) {
      names.clear();
      std::size_t end = group;
      for (; end < pending.size() && pending[end].bound == pending[group].bound; ++end) {
        names.push_back(pending[end].name);
      }
      scoreNames(names);
      group = end;
      if (group < pending.size() && settled(pending[group].bound)) break;
    }
  }

  const NameIndex& index_;
  const std::vector<QueryTokenRef> query_;
  const double floor_;
  const std::size_t limit_;
  const std::size_t q_;
  std::vector<const TokenForms*> queryForms_;                  // per query token
  std::vector<const std::vector<std::uint32_t>*> similar_;     // per query token, ascending
  TokenScores scores_;
  std::vector<Scored> scored_;
  std::vector<std::uint32_t> starts_;  // scoreNames scratch
  std::vector<std::uint32_t> ids_;
  std::vector<double> matrix_;
};

std::vector<NameIndex::Candidate> NameIndex::search(const std::vector<std::string>& query,
                                                    double floor, std::size_t limit) const {
  if (query.empty() || limit == 0 || names_.empty()) return {};
  std::vector<QueryTokenRef> tokens;
  tokens.reserve(query.size());
  for (const auto& t : query) tokens.push_back(queryToken(t));
  return Search(*this, std::move(tokens), floor, limit).run();
}

}  // namespace fieldops::screening
