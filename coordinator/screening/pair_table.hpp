// A flat hash table from a pair of token ids to the names holding both (NameIndex::pairNames_):
// open addressing with linear probing over a power-of-two array, Fibonacci hashing. A search
// looks up every pair of a query token's similar tokens with another's, and most are absent,
// so a miss must cost one multiply and one probe or two in a contiguous array (a node-based
// std::unordered_map costs a division and a pointer chase).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace fieldops::screening {

class PairTable {
 public:
  using Names = std::vector<std::uint32_t>;

  // The names of `key`, added empty if absent. References stay valid until the next call.
  Names& at(std::uint64_t key);
  // The names of `key`, or nullptr.
  const Names* find(std::uint64_t key) const {
    if (slots_.empty()) return nullptr;
    for (std::size_t i = home(key);; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.key == key) return &lists_[s.list];
      if (s.key == kEmpty) return nullptr;
    }
  }
  void clear();
  std::size_t size() const { return lists_.size(); }

 private:
  static constexpr std::uint64_t kEmpty = UINT64_MAX;  // no pair of token ids: ids stay below
  struct Slot {
    std::uint64_t key = kEmpty;
    std::uint32_t list = 0;  // index into lists_
  };
  std::size_t home(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  void grow();

  std::vector<Slot> slots_;  // empty, or a power of two, at most half full
  std::vector<Names> lists_;
  std::size_t mask_ = 0;
  unsigned shift_ = 64;
};

}  // namespace fieldops::screening
