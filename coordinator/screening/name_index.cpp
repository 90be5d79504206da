// The in-memory name index (see name_index.hpp): building it, and the similar tokens of a query
// token. The search itself is in name_search.cpp.
#include <algorithm>
#include <coordinator/screening/name_index.hpp>
#include <coordinator/screening/names.hpp>
#include <cstdint>
#include <utility>

namespace fieldops::screening {

namespace {

template <class Map>
void addVariant(Map& variants, std::string key, std::uint32_t token) {
  auto& ids = variants[std::move(key)];
  if (ids.empty() || ids.back() != token) ids.push_back(token);
}

}  // namespace

std::uint64_t NameIndex::pairKey(std::uint32_t a, std::uint32_t b) {
  if (a > b) std::swap(a, b);
  return (std::uint64_t{a} << 32) | b;
}

void NameIndex::clear() {
  nameIds_.clear();
  names_.clear();
  nameTokenStart_.clear();
  nameTokens_.clear();
  tokenIds_.clear();
  tokens_.clear();
  forms_.clear();
  similar_.clear();
  variantBits_.clear();
  tokenNames_.clear();
  pairNames_.clear();
  variants_.clear();
  queryTokenCache_.clear();
}

std::uint32_t NameIndex::tokenId(const std::string& token) {
  auto [it, inserted] = tokenIds_.try_emplace(token, static_cast<std::uint32_t>(tokens_.size()));
  if (!inserted) return it->second;
  const std::uint32_t id = it->second;
  queryTokenCache_.clear();  // the new token may be similar to a cached one
  tokens_.push_back(token);
  forms_.push_back(nameVariants_->forms(token));
  tokenNames_.emplace_back();
  similar_.emplace_back();
  std::vector<std::string> keys;
  forEachIndexKey(forms_.back(), [&](std::string_view k) { keys.emplace_back(k); });
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  // The tokens sharing a variant with the new one are the only ones whose similar tokens it can
  // join, and the only ones that can join its own (similarTokens).
  std::vector<std::uint32_t> sharing;
  const std::size_t bits = variantBits_.size() * 64;
  for (auto& key : keys) {
    if (auto found = variants_.find(key); found != variants_.end()) {
      sharing.insert(sharing.end(), found->second.begin(), found->second.end());
    }
    if (bits > 0) {
      const std::size_t bit = StringHash{}(key) & (bits - 1);
      variantBits_[bit / 64] |= std::uint64_t{1} << (bit % 64);
    }
    addVariant(variants_, std::move(key), id);
  }
  std::sort(sharing.begin(), sharing.end());
  sharing.erase(std::unique(sharing.begin(), sharing.end()), sharing.end());
  for (const auto t : sharing) {
    if (t == id) continue;  // itself: added last
    // tokenSimilarity is symmetric, and so is sharing a key.
    if (tokenSimilarity(forms_[id], forms_[t]) >= kTokenAgreement) {
      similar_[id].push_back(t);
      similar_[t].push_back(id);  // the largest id: still ascending
    }
  }
  similar_[id].push_back(id);
  // The filter, rebuilt twice as large when it gets too full.
  constexpr std::size_t kBitsPerKey = 16;
  if (bits < variants_.size() * kBitsPerKey) {
    std::size_t words = 1024;
    while (words * 64 < variants_.size() * kBitsPerKey * 2) words *= 2;
    variantBits_.assign(words, 0);
    for (const auto& entry : variants_) {
      const std::size_t bit = StringHash{}(entry.first) & (words * 64 - 1);
      variantBits_[bit / 64] |= std::uint64_t{1} << (bit % 64);
    }
  }
  return id;
}

bool NameIndex::mayBeVariant(std::string_view key) const {
  if (variantBits_.empty()) return false;
  const std::size_t bit = StringHash{}(key) & (variantBits_.size() * 64 - 1);
  return (variantBits_[bit / 64] >> (bit % 64) & 1) != 0;
}


namespace {

void insertAscending(std::vector<std::uint64_t>& ids, std::uint64_t id) {
  if (ids.empty() || ids.back() < id) {
    ids.push_back(id);
  } else if (auto at = std::lower_bound(ids.begin(), ids.end(), id); *at != id) {
    ids.insert(at, id);
  }
}

}  // namespace

void NameIndex::add(std::uint64_t entryId, const std::vector<std::string>& tokens) {
  if (tokens.empty()) return;
  std::string joined;
  for (const auto& t : tokens) joined += t + ' ';
  auto [it, inserted] = nameIds_.try_emplace(joined, static_cast<std::uint32_t>(names_.size()));
  if (inserted) {
    const std::uint32_t nameId = it->second;
    if (nameTokenStart_.empty()) nameTokenStart_.push_back(0);
    for (const auto& t : tokens) nameTokens_.push_back(tokenId(t));
    nameTokenStart_.push_back(static_cast<std::uint32_t>(nameTokens_.size()));
    std::vector<std::uint32_t> ids(nameTokens_.end() - static_cast<std::ptrdiff_t>(tokens.size()),
                                   nameTokens_.end());
    std::sort(ids.begin(), ids.end());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (i > 0 && ids[i] == ids[i - 1]) continue;
      auto& byLength = tokenNames_[ids[i]];
      if (byLength.size() < tokens.size()) byLength.resize(tokens.size());
      byLength[tokens.size() - 1].push_back(nameId);
    }
    // Every pair of its token positions, once per pair of token ids (a token twice: with itself).
    std::vector<std::uint64_t> pairs;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      for (std::size_t j = i + 1; j < ids.size(); ++j) pairs.push_back(pairKey(ids[i], ids[j]));
    }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    for (const auto key : pairs) pairNames_.at(key).push_back(nameId);
    names_.push_back({tokens, {}});
  }
  // Ascending, so that search can stop reading a name's entries early.
  Name& name = names_[it->second];
  insertAscending(name.entries, entryId);
}

std::vector<std::uint32_t> NameIndex::similarTokens(const TokenForms& query) const {
  if (auto known = tokenIds_.find(query.token); known != tokenIds_.end()) {
    return similar_[known->second];
  }
  std::vector<std::uint32_t> found;
  forEachIndexKey(query, [&](std::string_view key) {
    if (!mayBeVariant(key)) return;
    if (auto it = variants_.find(key); it != variants_.end()) {
      found.insert(found.end(), it->second.begin(), it->second.end());
    }
  });
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  std::erase_if(
      found, [&](std::uint32_t t) { return tokenSimilarity(query, forms_[t]) < kTokenAgreement; });
  return found;
}

NameIndex::QueryTokenRef NameIndex::queryToken(const std::string& token) const {
  if (const auto known = tokenIds_.find(token); known != tokenIds_.end()) {
    return {&forms_[known->second], &similar_[known->second], nullptr};
  }
  auto& cache = queryTokenCache_;
  std::shared_ptr<const QueryToken> kept;
  if (const auto found = cache.newer.find(token); found != cache.newer.end()) {
    kept = found->second;
  } else {
    if (const auto old = cache.older.find(token); old != cache.older.end()) {
      kept = std::move(old->second);
      cache.older.erase(old);
    } else {
      auto made = std::make_shared<QueryToken>();
      made->forms = nameVariants_->forms(token);
      made->similar = similarTokens(made->forms);
      kept = std::move(made);
    }
    if (cache.newer.size() >= kCachedQueryTokens) cache.older = std::exchange(cache.newer, {});
    cache.newer.emplace(token, kept);
  }
  return {&kept->forms, &kept->similar, kept};
}

}  // namespace fieldops::screening
