// The watchlist subcommands of fieldops-coordinator: import a list file into a data dir, and
// generate a synthetic list (docs/screening.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace fieldops {

// Imports `path` as list `list` ("notices", "documents", "vehicles") into the data dir's LMDB
// environment; prints the rows read, accepted, rejected (each with its line and reason) and what
// changed. Works while a coordinator runs on that dir. Returns the exit code.
int importWatchlistFile(const std::string& dataDir, std::size_t mapSizeMb, const std::string& list,
                        const std::string& path, bool allowRejections);

// Writes `count` synthetic rows of `list` as CSV to `path` ("-" for standard output).
int generateWatchlistFile(const std::string& list, std::size_t count, std::uint64_t seed,
                          const std::string& path);

}  // namespace fieldops
