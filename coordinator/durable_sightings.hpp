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

// The in-memory version, for the core's tests: what a store would hold after confirmDurable.
class MemoryDurableSightings final : public DurableSightings {
 public:
  bool contains(std::string_view key) const override { return keys_.find(key) != keys_.end(); }
  void insert(std::string key) { keys_.insert(std::move(key)); }

 private:
  std::set<std::string, std::less<>> keys_;
};

}  // namespace fieldops
