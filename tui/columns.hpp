// Pane columns whose widths follow the pane's width: fixed columns keep theirs, flexible ones
// (names, posts, reasons) share what is left, so that a wide terminal shows whole names and a
// narrow one keeps every column's start aligned with its title. Pure, tested without a terminal.
#pragma once

#include <string>
#include <vector>

namespace fieldops::dashboard {

struct ColumnSpec {
  const char* title;
  int width;     // fixed width, or the least a flexible column gets
  int most = 0;  // a flexible column grows up to this; 0 = fixed; -1 = without limit
};

using Cells = std::vector<std::string>;

// The width of each column in a pane `width` columns wide (one space between columns). When the
// pane is narrower than the fixed and least widths, the last columns are cut by the pane.
std::vector<int> columnWidths(const std::vector<ColumnSpec>& specs, int width);
// The cells fitted to their widths and joined; the last cell is clipped only by the pane.
std::string joinCells(const Cells& cells, const std::vector<int>& widths);
std::string columnTitles(const std::vector<ColumnSpec>& specs, const std::vector<int>& widths);

}  // namespace fieldops::dashboard
