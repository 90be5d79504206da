// The store's dedup index as the core's look-up of durable sightings (durable_sightings.hpp).
// Each look-up is one LMDB get in the `dedup` database, in the read transaction `txn` gives (the
// coordinator's turn transaction, opened on first use): it sees what was durable when that
// transaction began, and nothing of it stays in memory (docs/store.md, "Duplicates").
#pragma once

#include <coordinator/durable_sightings.hpp>
#include <coordinator/store.hpp>
#include <functional>
#include <utility>

namespace fieldops {

class DedupIndex final : public DurableSightings {
 public:
  DedupIndex(const EventStore& store, std::function<const lmdb::Txn&()> txn)
      : store_(store), txn_(std::move(txn)) {}
  bool contains(std::string_view key) const override { return store_.holdsSighting(txn_(), key); }

 private:
  const EventStore& store_;
  std::function<const lmdb::Txn&()> txn_;
};

}  // namespace fieldops
