// Synthetic watchlists for load tests and demonstrations: deterministic CSV in the import layout.
#pragma once

#include <coordinator/screening/watchlist.hpp>

#include <cstddef>
#include <cstdint>
#include <ostream>

namespace fieldops::screening {

// Writes a header and `count` rows of the given list, in the CSV layout parseWatchlist reads
// (scenarios/watchlists/README.md). The same (kind, count, seed) always gives the same bytes, on
// any platform. The names are fake, drawn from pools in Latin, Cyrillic and Arabic script;
// references are "SYN-N-0000001", "SYN-D-...", "SYN-V-...". Every row imports without rejection:
// document numbers and plates are unique (up to ten million rows per list).
void generateWatchlist(ListKind kind, std::size_t count, std::uint64_t seed, std::ostream& csvOut);

}  // namespace fieldops::screening
