// Where each pane goes on a screen of a given size: a grid when there is room, tabs (one pane
// at a time) at small sizes such as 80x24, or one zoomed pane. Pure, tested without a terminal.
#pragma once

#include <array>
#include <cstddef>

namespace fieldops::dashboard {

struct Rect {
  int y = 0, x = 0, h = 0, w = 0;
  bool visible() const { return h > 0 && w > 0; }
  bool operator==(const Rect&) const = default;
};

enum class PaneId { units, tasks, sightings, alerts, map, posts };
inline constexpr std::size_t kPaneCount = 6;
inline constexpr std::array<PaneId, kPaneCount> kPaneOrder = {
    PaneId::alerts, PaneId::units, PaneId::tasks, PaneId::sightings, PaneId::map, PaneId::posts};
const char* paneTitle(PaneId p);
std::size_t paneIndex(PaneId p);

// The grid needs at least this many columns and rows; below it, tabs.
inline constexpr int kGridMinCols = 120;
inline constexpr int kGridMinRows = 32;
// Below this nothing useful fits.
inline constexpr int kMinCols = 60;
inline constexpr int kMinRows = 16;

struct Layout {
  int rows = 0, cols = 0;
  bool tooSmall = false;
  bool tabbed = false;  // one pane at a time, with a tab bar
  Rect header;          // operation, phase, clock, connection; EXERCISE banner below
  Rect tabBar;          // only when tabbed
  std::array<Rect, kPaneCount> panes{};  // by paneIndex; invisible ones have h == 0
  Rect status;                           // the last command's outcome, errors
  Rect legend;                           // the key legend
  const Rect& pane(PaneId p) const { return panes[paneIndex(p)]; }
};

// `zoomed`: show only `focus`, as large as possible, even when the grid would fit.
Layout computeLayout(int rows, int cols, bool exercise, PaneId focus, bool zoomed);

}  // namespace fieldops::dashboard
