// Watchlist entries to and from their stored Cap'n Proto bytes (protocol/store.capnp WatchEntry).
#pragma once

#include <coordinator/screening/names.hpp>
#include <coordinator/screening/watchlist_store.hpp>

namespace fieldops::screening {

// The normalised tokens of a notice's names and aliases (empty for other lists).
std::vector<std::vector<std::string>> tokensOf(const Entry& entry, const NameNormaliser& names);

std::string encodeEntry(const Entry& entry, const std::vector<std::vector<std::string>>& tokens);
// Trusted bytes (our own store); throws on damage.
StoredEntry decodeEntry(std::uint64_t id, std::string_view bytes);

}  // namespace fieldops::screening
