// Which sightings are already durable, as the pure core asks it for duplicate detection: a narrow,
// read-only look-up. The coordinator answers it from the store's dedup index through the loop's
// read transaction (dedup_index.hpp), so that nothing in memory grows with the stored sightings;
// tests answer it from memory. Sightings applied but not yet durable are not asked here: they
// are in OperationState::sightingsInFlight (state.hpp).
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace fieldops {

class DurableSightings {
 public:
  // `key` is sightingKey(unit, sighting id) (state.hpp).
  virtual bool contains(std::string_view key) const = 0;

 protected:
  DurableSightings() = default;
  ~DurableSightings() = default;
  DurableSightings(const DurableSightings&) = default;
  DurableSightings& operator=(const DurableSightings&) = default;
};

// The in-memory version: for decisions without a store (tests, and tools that replay the log
// without deciding anything new).
class MemoryDurableSightings final : public DurableSightings {
 public:
  bool contains(std::string_view key) const override { return keys_.find(key) != keys_.end(); }
  void insert(std::string key) { keys_.insert(std::move(key)); }
  std::size_t size() const { return keys_.size(); }

 private:
  std::set<std::string, std::less<>> keys_;
};

}  // namespace fieldops
