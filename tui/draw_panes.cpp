// The five panes: units, tasks board, sightings feed, alerts and the map.
#include <algorithm>
#include <type_traits>
#include <tui/curses.hpp>
#include <tui/draw.hpp>
#include <tui/map_view.hpp>
#include <tui/projection.hpp>
#include <tui/text.hpp>

namespace fieldops::dashboard {

namespace {

constexpr std::size_t kMapSightings = 50;  // the recent sightings the map shows

struct Row {
  std::string text;
  Style style;
  bool bold = false;
};

Style unitStyle(UnitStatus s) {
  switch (s) {
    case UnitStatus::AVAILABLE:
      return Style::good;
    case UnitStatus::BUSY:
      return Style::warning;
    case UnitStatus::OFF_DUTY:
      return Style::muted;
    case UnitStatus::LOST:
      return Style::critical;
  }
  return Style::normal;
}

// The colour of the severity an alert was raised with: an escalation (bold, and sorted by the
// severity now) never turns the board one colour.
Style severityStyle(const AlertView& a) {
  if (a.state == AlertState::RESOLVED) return Style::muted;
  switch (a.raisedSeverity) {
    case Severity::CRITICAL:
      return Style::critical;
    case Severity::HIGH:
      return Style::danger;
    case Severity::MEDIUM:
      return Style::warning;
    case Severity::LOW:
      return Style::normal;
  }
  return Style::normal;
}

// An escalated alert stands out in bold; nothing else does.
template <class Item>
bool boldRow(const Item& item) {
  if constexpr (std::is_same_v<Item, const AlertView*>) {
    return item->escalated && item->state == AlertState::RAISED;
  } else {
    return false;
  }
}

// Builds only the rows that will be shown: [first, first + count).
template <class Items, class Make>
std::vector<Row> window(const Items& items, std::size_t first, std::size_t count, Make make) {
  std::vector<Row> rows;
  for (std::size_t i = first; i < items.size() && rows.size() < count; ++i)
    rows.push_back(make(items[i]));
  return rows;
}

std::pair<std::string, std::vector<Row>> paneRows(PaneId pane, const Frame& f, std::size_t first,
                                                  std::size_t count, int width,
                                                  std::size_t& total) {
  const Picture& p = f.picture;
  const auto table = [&](const std::vector<ColumnSpec>& specs, const auto& items, auto make) {
    const std::vector<int> widths = columnWidths(specs, width);
    total = items.size();
    return std::pair{columnTitles(specs, widths),
                     window(items, first, count, [&](const auto& item) {
                       auto [cells, style] = make(item);
                       return Row{joinCells(cells, widths), style, boldRow(item)};
                     })};
  };
  switch (pane) {
    case PaneId::units:
      return table(unitColumns(), unitRows(p, f.ui.filter), [&](const UnitRow& r) {
        return std::pair{unitCells(r, p.clock), unitStyle(r.unit->status)};
      });
    case PaneId::tasks:
      return table(taskColumns(), taskBoard(p, f.ui.filter, first + count), [&](const TaskView* t) {
        const Style st = isOverdue(*t, p.clock) ? Style::critical
                         : !isOpen(*t)          ? Style::muted
                         : t->needsReassignment ? Style::warning
                                                : Style::normal;
        return std::pair{taskCells(*t, p.clock), st};
      });
    case PaneId::sightings:
      return table(sightingColumns(), sightingFeed(p, f.ui.filter), [&](const SightingRow& r) {
        return std::pair{sightingCells(r), r.flagged() ? Style::flagged : Style::normal};
      });
    case PaneId::alerts:
      return table(alertColumns(), alertList(p, f.ui.filter), [&](const AlertView* a) {
        Cells cells = alertCells(*a, p.clock);
        const auto& marked = f.ui.marked;
        if (std::find(marked.begin(), marked.end(), a->alertId) != marked.end()) {
          cells[0] = "+" + cells[0];  // marked for a bulk acknowledge
        }
        return std::pair{std::move(cells), severityStyle(*a)};
      });
    case PaneId::posts:
      return table(postColumns(), postRows(p, f.ui.filter), [&](const PostRow& r) {
        return std::pair{postCells(r), r.uncovered         ? Style::critical
                                       : r.post->staffed   ? Style::good
                                                           : Style::normal};
      });
    case PaneId::map:
      break;
  }
  total = 0;
  return {};
}

}  // namespace

void drawPane(Screen& screen, const Layout& layout, PaneId pane, const Frame& f) {
  WINDOW* w = screen.pane(pane);
  if (w == nullptr) return;
  werase(w);
  const bool focused = f.ui.focus == pane;
  wattr_on(w, static_cast<attr_t>(focused ? screen.attr(Style::title) : A_DIM), nullptr);
  box(w, 0, 0);
  wattr_off(w, static_cast<attr_t>(focused ? screen.attr(Style::title) : A_DIM), nullptr);
  const int h = getmaxy(w), width = getmaxx(w) - 2;
  if (pane == PaneId::map) {
    put(w, 0, 2, " 5 Map ", 7, screen.attr(focused ? Style::selected : Style::title));
    drawMap(screen, w, f);
    wnoutrefresh(w);
    return;
  }
  const std::size_t visible = static_cast<std::size_t>(std::max(0, h - 3));
  const std::size_t sel = f.ui.selected[paneIndex(pane)];
  const std::size_t first = sel >= visible && visible > 0 ? sel - visible + 1 : 0;
  std::size_t total = 0;
  auto [columns, rows] = paneRows(pane, f, first, visible, width, total);
  std::size_t number = 0;
  while (kPaneOrder[number] != pane) ++number;
  const std::string title = " " + std::to_string(number + 1) + " " + paneTitle(pane) + " (" +
                            std::to_string(total) + ") ";
  put(w, 0, 2, title, std::min(width - 2, displayWidth(title)),
      screen.attr(focused ? Style::selected : Style::title));
  put(w, 1, 1, columns, width, screen.attr(Style::muted) | A_UNDERLINE);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bool isSel = focused && first + i == sel;
    const int attr =
        screen.attr(rows[i].style) | (isSel ? A_REVERSE : 0) | (rows[i].bold ? A_BOLD : 0);
    put(w, static_cast<int>(i) + 2, 1, rows[i].text, width, attr);
  }
  if (total == 0)
    put(w, 2, 1, f.ui.filter.empty() ? "(none)" : "(none match the filter)", width, A_DIM);
  (void)layout;
  wnoutrefresh(w);
}

namespace {
Style mapStyle(MapKind k) {
  switch (k) {
    case MapKind::post: return Style::title;
    case MapKind::unitAvailable: return Style::good;
    case MapKind::unitBusy: return Style::warning;
    case MapKind::unitOffDuty: return Style::muted;
    case MapKind::unitLost: return Style::critical;
    case MapKind::hit: return Style::critical;
    case MapKind::minors: return Style::flagged;
    case MapKind::sighting: return Style::muted;
  }
  return Style::normal;
}
}  // namespace

void drawMap(Screen& screen, WINDOW* w, const Frame& f) {
  const Picture& p = f.picture;
  const int width = getmaxx(w) - 2;
  const int legendRows = getmaxy(w) >= 12 ? 2 : 1;
  const int h = getmaxy(w) - 2 - legendRows;  // inside the box, above the legend
  const MapPicture map = mapPicture(p, f.ui.map, h, width, kMapSightings);
  std::string symbols = "# post  ! hit  m minors  * sighting  2-9,+ several";
  if (!(f.ui.map == MapView{})) {
    symbols += "  zoom " + std::to_string(f.ui.map.zoom) + " (0 resets)";
  } else if (f.ui.focus == PaneId::map) {
    symbols += "  + - zoom, arrows pan";
  }
  std::string units = "units (colour: status):";
  for (const auto& entry : map.legend) units += "  " + entry;
  if (legendRows == 2) {
    put(w, getmaxy(w) - 3, 1, units, width, screen.attr(Style::muted));
    put(w, getmaxy(w) - 2, 1, symbols, width, screen.attr(Style::muted));
  } else {
    put(w, getmaxy(w) - 2, 1, symbols, width, screen.attr(Style::muted));
  }
  if (map.empty || h <= 0 || width <= 0) {
    put(w, 1, 1, "(no positions yet)", width, A_DIM);
    return;
  }
  for (const auto& m : map.marks) {
    const int attr = screen.attr(mapStyle(m.kind)) | (m.label ? 0 : A_BOLD);
    const int room = width - m.cell.col;
    if (room <= 0) continue;
    put(w, m.cell.row + 1, m.cell.col + 1, m.text, std::min(room, displayWidth(m.text)), attr);
  }
}

}  // namespace fieldops::dashboard
