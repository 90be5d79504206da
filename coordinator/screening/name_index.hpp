// The in-memory search index over the notices' names: distinct names, their tokens, and a
// typo-tolerant token dictionary (deletion variants of each token and of its consonant
// skeleton, screening/names.hpp). Built from the stored entries when the coordinator starts and
// again after an import; the entries themselves stay in LMDB.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace fieldops::screening {

class NameIndex {
 public:
  struct Candidate {
    std::uint64_t entryId = 0;
    double score = 0;                          // nameSimilarity, [0, 1]
    const std::vector<std::string>* tokens = nullptr;  // the indexed name that scored
  };

  void clear();
  // Adds one name (normalised tokens) of the entry.
  void add(std::uint64_t entryId, const std::vector<std::string>& tokens);

  // Entries with a name scoring at least `floor` against `query`, best first, at most `limit`
  // (an entry appears once, with its best name). Pointers stay valid until the index changes.
  std::vector<Candidate> search(const std::vector<std::string>& query, double floor,
                                std::size_t limit) const;

  std::size_t names() const { return names_.size(); }
  std::size_t tokens() const { return tokens_.size(); }

 private:
  struct Name {
    std::vector<std::string> tokens;
    std::vector<std::uint64_t> entries;
  };
  std::uint32_t tokenId(const std::string& token);
  // Indexed tokens similar enough to `query` to be worth scoring names by.
  std::vector<std::uint32_t> similarTokens(const std::string& query) const;

  std::unordered_map<std::string, std::uint32_t> nameIds_;  // tokens joined by ' '
  std::vector<Name> names_;
  std::unordered_map<std::string, std::uint32_t> tokenIds_;
  std::vector<std::string> tokens_;
  std::vector<std::vector<std::uint32_t>> tokenNames_;      // token id -> name ids
  std::unordered_map<std::string, std::vector<std::uint32_t>> variants_;  // -> token ids
};

}  // namespace fieldops::screening
