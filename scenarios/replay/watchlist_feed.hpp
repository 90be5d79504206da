// Watchlist entries that injects add during an exercise. The coordinator's import replaces a
// whole list (docs/screening.md), so each addition is written as the list's start file plus
// every entry added so far, and imported between two clock steps, where it is deterministic.
#pragma once

#include <filesystem>
#include <map>
#include <protocol/expected.hpp>
#include <scenarios/replay/scenario.hpp>
#include <string>
#include <vector>

namespace fieldops::replay {

class WatchlistFeed {
 public:
  WatchlistFeed(const Scenario& scenario, std::string workDir);
  // Writes the list with `entries` added; returns the CSV file to import.
  Expected<std::filesystem::path, std::string> add(WatchlistList list,
                                                   const std::vector<WatchlistEntry>& entries);

 private:
  struct Table {
    std::vector<std::string> header;
    std::vector<std::map<std::string, std::string>> rows;
  };
  Expected<bool, std::string> loadStart(WatchlistList list, Table& table);

  const Scenario& scenario_;
  std::string workDir_;
  std::map<WatchlistList, Table> tables_;
  int written_ = 0;
};

}  // namespace fieldops::replay
