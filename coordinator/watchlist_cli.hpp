// The watchlist subcommands of fieldops-coordinator: import a list file into a data dir, and
// generate a synthetic list (docs/screening.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace fieldops {

// What an import may do beyond the default (docs/screening.md, "Importing").
struct ImportChoices {
  bool allowRejections = false;     // import the accepted rows even when some are rejected
  unsigned maxRemovalPercent = 10;  // refuse an import that removes more of the list than this
  bool allowRemovals = false;       // import whatever it removes
};

// Imports `path` as list `list` ("notices", "documents", "vehicles") into the data dir's LMDB
// environment; prints the rows read, accepted, rejected (each with its line and reason) and what
// changed, or why nothing was imported. Works while a coordinator runs on that dir. Returns the
// exit code: 0 imported, 1 refused (rejected rows, or too many removals), 2 unusable.
int importWatchlistFile(const std::string& dataDir, std::size_t mapSizeMb, const std::string& list,
                        const std::string& path, const ImportChoices& choices);

// Writes `count` synthetic rows of `list` as CSV to `path` ("-" for standard output).
int generateWatchlistFile(const std::string& list, std::size_t count, std::uint64_t seed,
                          const std::string& path);

}  // namespace fieldops
