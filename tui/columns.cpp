// Column widths that follow the pane's width (see columns.hpp).
#include <tui/columns.hpp>
#include <tui/text.hpp>

#include <algorithm>

namespace fieldops::dashboard {

std::vector<int> columnWidths(const std::vector<ColumnSpec>& specs, int width) {
  std::vector<int> widths;
  int used = 0;
  for (const auto& s : specs) {
    widths.push_back(s.width);
    used += s.width;
  }
  used += specs.empty() ? 0 : static_cast<int>(specs.size()) - 1;
  int spare = std::max(0, width - used);
  // The flexible columns share what is left a column at a time, each up to its most (a column
  // with most == -1 has none), so that a name, a post and a reason all gain as the pane widens.
  bool grew = true;
  while (spare > 0 && grew) {
    grew = false;
    for (std::size_t i = 0; i < specs.size() && spare > 0; ++i) {
      const int most = specs[i].most;
      if (most == 0 || (most > 0 && widths[i] >= most)) continue;
      ++widths[i];
      --spare;
      grew = true;
    }
  }
  return widths;
}

std::string joinCells(const Cells& cells, const std::vector<int>& widths) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += ' ';
    const bool last = i + 1 == cells.size() || i >= widths.size();
    line += last ? cells[i] : fitToWidth(cells[i], widths[i]);
  }
  return line;
}

std::string columnTitles(const std::vector<ColumnSpec>& specs, const std::vector<int>& widths) {
  Cells titles;
  for (const auto& s : specs) titles.emplace_back(s.title);
  return joinCells(titles, widths);
}

}  // namespace fieldops::dashboard
