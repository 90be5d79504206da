// Watchlist additions during an exercise (see watchlist_feed.hpp).
#include <algorithm>
#include <fstream>
#include <scenarios/replay/csv.hpp>
#include <scenarios/replay/watchlist_feed.hpp>
#include <sstream>

namespace fieldops::replay {

WatchlistFeed::WatchlistFeed(const Scenario& scenario, std::string workDir)
    : scenario_(scenario), workDir_(std::move(workDir)) {}

Expected<bool, std::string> WatchlistFeed::loadStart(WatchlistList list, Table& table) {
  for (const auto& w : scenario_.watchlists) {
    if (w.list != list) continue;
    std::ifstream in(w.path);
    std::ostringstream text;
    text << in.rdbuf();
    auto rows = readCsv(text.str());
    if (!rows)
      return w.path + ":" + std::to_string(rows.error().line) + ": " + rows.error().message;
    if (rows->empty()) continue;
    for (const auto& h : rows->front()) {
      if (std::find(table.header.begin(), table.header.end(), h.value) == table.header.end()) {
        table.header.push_back(h.value);
      }
    }
    for (std::size_t r = 1; r < rows->size(); ++r) {
      std::map<std::string, std::string> row;
      for (std::size_t c = 0; c < (*rows)[r].size() && c < rows->front().size(); ++c) {
        row[rows->front()[c].value] = (*rows)[r][c].value;
      }
      table.rows.push_back(std::move(row));
    }
  }
  return true;
}

Expected<std::filesystem::path, std::string> WatchlistFeed::add(
    WatchlistList list, const std::vector<WatchlistEntry>& entries) {
  auto [it, fresh] = tables_.try_emplace(list);
  Table& table = it->second;
  if (fresh) {
    auto loaded = loadStart(list, table);
    if (!loaded) return loaded.error();
  }
  for (const auto& e : entries) {
    std::map<std::string, std::string> row;
    for (const auto& [column, value] : e.columns) {
      if (std::find(table.header.begin(), table.header.end(), column) == table.header.end()) {
        table.header.push_back(column);
      }
      row[column] = value;
    }
    table.rows.push_back(std::move(row));
  }
  const std::string path =
      workDir_ + "/" + listName(list) + "-" + std::to_string(++written_) + ".csv";
  std::ofstream out(path, std::ios::trunc);
  for (std::size_t c = 0; c < table.header.size(); ++c)
    out << (c ? "," : "") << csvQuote(table.header[c]);
  out << "\n";
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < table.header.size(); ++c) {
      auto v = row.find(table.header[c]);
      out << (c ? "," : "") << csvQuote(v == row.end() ? "" : v->second);
    }
    out << "\n";
  }
  if (!out) return "cannot write " + path;
  return std::filesystem::path(path);
}

}  // namespace fieldops::replay
