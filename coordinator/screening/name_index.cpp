// The in-memory name index (see name_index.hpp).
#include <coordinator/screening/name_index.hpp>
#include <coordinator/screening/names.hpp>

#include <algorithm>
#include <cstdint>
#include <unordered_set>

namespace fieldops::screening {

namespace {

// A token must be at least this similar to a query token for its names to be scored at all.
constexpr double kTokenFloor = 0.80;
// A query token found in more names than this is not used to find candidates, only to confirm
// those that rarer tokens found (unless every token of the query is that common).
constexpr std::size_t kCommonToken = 5000;

void addVariant(std::unordered_map<std::string, std::vector<std::uint32_t>>& variants,
                std::string key, std::uint32_t token) {
  auto& ids = variants[std::move(key)];
  if (ids.empty() || ids.back() != token) ids.push_back(token);
}

}  // namespace

void NameIndex::clear() {
  nameIds_.clear();
  names_.clear();
  tokenIds_.clear();
  tokens_.clear();
  tokenNames_.clear();
  variants_.clear();
}

std::uint32_t NameIndex::tokenId(const std::string& token) {
  auto [it, inserted] = tokenIds_.try_emplace(token, static_cast<std::uint32_t>(tokens_.size()));
  if (!inserted) return it->second;
  tokens_.push_back(token);
  tokenNames_.emplace_back();
  for (auto& v : deletionVariants(token)) addVariant(variants_, std::move(v), it->second);
  // Skeleton variants live beside them, marked with '#', which no token contains.
  for (auto& v : deletionVariants(skeleton(token))) addVariant(variants_, "#" + v, it->second);
  return it->second;
}

void NameIndex::add(std::uint64_t entryId, const std::vector<std::string>& tokens) {
  if (tokens.empty()) return;
  std::string joined;
  for (const auto& t : tokens) joined += t + ' ';
  auto [it, inserted] = nameIds_.try_emplace(joined, static_cast<std::uint32_t>(names_.size()));
  if (inserted) {
    names_.push_back({tokens, {}});
    std::unordered_set<std::uint32_t> seen;
    for (const auto& t : tokens) {
      const std::uint32_t id = tokenId(t);
      if (seen.insert(id).second) tokenNames_[id].push_back(it->second);
    }
  }
  auto& entries = names_[it->second].entries;
  if (entries.empty() || entries.back() != entryId) entries.push_back(entryId);
}

std::vector<std::uint32_t> NameIndex::similarTokens(const std::string& query) const {
  std::vector<std::uint32_t> found;
  auto collect = [&](const std::string& key) {
    if (auto it = variants_.find(key); it != variants_.end()) {
      found.insert(found.end(), it->second.begin(), it->second.end());
    }
  };
  for (const auto& v : deletionVariants(query)) collect(v);
  for (const auto& v : deletionVariants(skeleton(query))) collect("#" + v);
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  std::erase_if(found, [&](std::uint32_t t) { return tokenSimilarity(query, tokens_[t]) < kTokenFloor; });
  return found;
}

std::vector<NameIndex::Candidate> NameIndex::search(const std::vector<std::string>& query,
                                                    double floor, std::size_t limit) const {
  struct Term {
    std::vector<std::uint32_t> tokens;
    std::size_t postings = 0;
  };
  std::vector<Term> terms;
  for (const auto& q : query) {
    Term term{similarTokens(q), 0};
    for (auto t : term.tokens) term.postings += tokenNames_[t].size();
    if (term.postings > 0) terms.push_back(std::move(term));
  }
  if (terms.empty()) return {};
  std::sort(terms.begin(), terms.end(),
            [](const Term& a, const Term& b) { return a.postings < b.postings; });
  struct Hit {
    std::uint32_t terms = 0;  // how many query tokens the name agrees with
    std::size_t last = SIZE_MAX;
  };
  std::unordered_map<std::uint32_t, Hit> hits;  // by name id
  auto count = [](Hit& h, std::size_t term) {
    if (h.last != term) {
      h.last = term;
      ++h.terms;
    }
  };
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (i == 0 || terms[i].postings <= kCommonToken) {
      for (auto t : terms[i].tokens) {
        for (auto n : tokenNames_[t]) count(hits[n], i);
      }
      continue;
    }
    // A common token only confirms names that rarer tokens found.
    for (auto& [n, h] : hits) {
      for (const auto& token : names_[n].tokens) {
        const auto id = tokenIds_.find(token);
        if (std::binary_search(terms[i].tokens.begin(), terms[i].tokens.end(), id->second)) {
          count(h, i);
          break;
        }
      }
    }
  }
  const std::size_t wanted = std::min<std::size_t>(2, query.size());
  std::vector<Candidate> out;
  std::unordered_map<std::uint64_t, std::size_t> byEntry;
  for (const auto& [n, hit] : hits) {
    const Name& name = names_[n];
    if (hit.terms < std::min(wanted, name.tokens.size())) continue;  // one of two tokens agrees
    const double score = nameSimilarity(query, name.tokens);
    if (score < floor) continue;
    for (auto entry : name.entries) {
      auto [it, fresh] = byEntry.try_emplace(entry, out.size());
      if (fresh) {
        out.push_back({entry, score, &name.tokens});
      } else if (out[it->second].score < score) {
        out[it->second] = {entry, score, &name.tokens};
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    return a.score != b.score ? a.score > b.score : a.entryId < b.entryId;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace fieldops::screening
