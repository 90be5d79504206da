// The body shared by the watchlist fuzz targets: one file's text read as each of the three
// lists, and every entry accepted taken through what `fieldops-coordinator import` does with it
// before LMDB: name tokens, the stored bytes and back, and the search index.
#pragma once

#include <coordinator/screening/import.hpp>
#include <coordinator/screening/name_index.hpp>
#include <coordinator/screening/names.hpp>
#include <coordinator/screening/watchlist_codec.hpp>

#include <cstdlib>
#include <string_view>

namespace fieldops::screening::fuzz {

inline void importAsEveryList(FileFormat format, std::string_view text) {
  static const NameNormaliser names;  // built once: ICU's transliterator is slow to build
  for (const auto kind : {ListKind::notices, ListKind::documents, ListKind::vehicles}) {
    const auto result = parseWatchlist(kind, format, text);
    if (result.fileRejected && !result.entries.empty()) std::abort();  // contract of ImportResult
    NameIndex index(names.variants());
    std::uint64_t id = 0;
    for (const auto& entry : result.entries) {
      const auto tokens = tokensOf(entry, names);
      const auto stored = decodeEntry(++id, encodeEntry(entry, tokens));
      // What the store keeps must read back as it was given.
      if (!(stored.entry == entry) || stored.nameTokens != tokens) std::abort();
      for (const auto& name : tokens) {
        index.add(id, name);
        (void)index.search(name, kPossibleNameSimilarity, 5);
      }
    }
    for (const auto& rejection : result.rejected) (void)describe(rejection);
  }
}

}  // namespace fieldops::screening::fuzz
