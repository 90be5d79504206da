// The flat table of token pairs (see pair_table.hpp): insertion and growth.
#include <coordinator/screening/pair_table.hpp>

namespace fieldops::screening {

PairTable::Names& PairTable::at(std::uint64_t key) {
  if ((lists_.size() + 1) * 2 > slots_.size()) grow();
  for (std::size_t i = home(key);; i = (i + 1) & mask_) {
    Slot& s = slots_[i];
    if (s.key == key) return lists_[s.list];
    if (s.key == kEmpty) {
      s.key = key;
      s.list = static_cast<std::uint32_t>(lists_.size());
      return lists_.emplace_back();
    }
  }
}

void PairTable::grow() {
  const std::size_t capacity = slots_.empty() ? 1024 : slots_.size() * 2;
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  shift_ = 64;
  for (std::size_t c = capacity; c > 1; c >>= 1) --shift_;  // home() keeps log2(capacity) bits
  for (const Slot& s : old) {
    if (s.key == kEmpty) continue;
    std::size_t i = home(s.key);
    while (slots_[i].key != kEmpty) i = (i + 1) & mask_;
    slots_[i] = s;
  }
}

void PairTable::clear() {
  slots_.clear();
  lists_.clear();
  mask_ = 0;
  shift_ = 64;
}

}  // namespace fieldops::screening
