// Screen layout arithmetic (see layout.hpp).
#include <tui/layout.hpp>

namespace fieldops::dashboard {

const char* paneTitle(PaneId p) {
  switch (p) {
    case PaneId::units:
      return "Units";
    case PaneId::tasks:
      return "Tasks";
    case PaneId::sightings:
      return "Sightings";
    case PaneId::alerts:
      return "Alerts";
    case PaneId::map:
      return "Map";
    case PaneId::posts:
      return "Posts";
  }
  return "?";
}

std::size_t paneIndex(PaneId p) {
  return static_cast<std::size_t>(p);
}

namespace {

// Grid: units and alerts on top (the alerts wider: their reasons), the tasks board across the
// middle, the sightings feed, the map and the posts below.
void gridPanes(Layout& l, int top, int height) {
  const int row1 = height * 3 / 10;
  const int row2 = height * 35 / 100;
  const int row3 = height - row1 - row2;
  const int unitsW = l.cols * 42 / 100;
  const int feedW = l.cols * 50 / 100;
  const int mapW = l.cols * 27 / 100;
  l.panes[paneIndex(PaneId::units)] = {top, 0, row1, unitsW};
  l.panes[paneIndex(PaneId::alerts)] = {top, unitsW, row1, l.cols - unitsW};
  l.panes[paneIndex(PaneId::tasks)] = {top + row1, 0, row2, l.cols};
  l.panes[paneIndex(PaneId::sightings)] = {top + row1 + row2, 0, row3, feedW};
  l.panes[paneIndex(PaneId::map)] = {top + row1 + row2, feedW, row3, mapW};
  l.panes[paneIndex(PaneId::posts)] = {top + row1 + row2, feedW + mapW, row3,
                                       l.cols - feedW - mapW};
}

}  // namespace

Layout computeLayout(int rows, int cols, bool exercise, PaneId focus, bool zoomed) {
  Layout l;
  l.rows = rows;
  l.cols = cols;
  if (rows < kMinRows || cols < kMinCols) {
    l.tooSmall = true;
    return l;
  }
  const int headerH = exercise ? 2 : 1;
  l.header = {0, 0, headerH, cols};
  l.legend = {rows - 1, 0, 1, cols};
  l.status = {rows - 2, 0, 1, cols};
  const int top = headerH;
  const int height = rows - 2 - headerH;
  l.tabbed = zoomed || cols < kGridMinCols || rows < kGridMinRows;
  if (l.tabbed) {
    l.tabBar = {top, 0, 1, cols};
    l.panes[paneIndex(focus)] = {top + 1, 0, height - 1, cols};
  } else {
    gridPanes(l, top, height);
  }
  return l;
}

}  // namespace fieldops::dashboard
