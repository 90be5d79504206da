// The five panes: units, tasks board, sightings feed, alerts and the map.
#include <tui/curses.hpp>
#include <tui/draw.hpp>
#include <tui/projection.hpp>
#include <tui/text.hpp>

namespace fieldops::dashboard {

namespace {

constexpr std::size_t kMapSightings = 50;  // the recent sightings the map shows

struct Row {
  std::string text;
  Style style;
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

Style severityStyle(const AlertView& a) {
  if (a.state == AlertState::RESOLVED) return Style::muted;
  switch (a.severity) {
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

// Builds only the rows that will be shown: [first, first + count).
template <class Items, class Make>
std::vector<Row> window(const Items& items, std::size_t first, std::size_t count, Make make) {
  std::vector<Row> rows;
  for (std::size_t i = first; i < items.size() && rows.size() < count; ++i)
    rows.push_back(make(items[i]));
  return rows;
}

std::pair<std::string, std::vector<Row>> paneRows(PaneId pane, const Frame& f, std::size_t first,
                                                  std::size_t count, std::size_t& total) {
  const Picture& p = f.picture;
  switch (pane) {
    case PaneId::units: {
      const auto items = unitRows(p, f.ui.filter);
      total = items.size();
      return {"callsign     post             status    heard  task",
              window(items, first, count, [&](const UnitRow& r) {
                return Row{unitLine(r, p.clock), unitStyle(r.unit->status)};
              })};
    }
    case PaneId::tasks: {
      const auto items = taskBoard(p, f.ui.filter);
      total = items.size();
      return {"id    pri state     kind                      unit       due       target",
              window(items, first, count, [&](const TaskView* t) {
                const Style st = isOverdue(*t, p.clock) ? Style::critical
                                 : !isOpen(*t)          ? Style::muted
                                 : t->needsReassignment ? Style::warning
                                                        : Style::normal;
                return Row{taskLine(*t, p.clock), st};
              })};
    }
    case PaneId::sightings: {
      const auto items = sightingFeed(p, f.ui.filter);
      total = items.size();
      return {"time  category unit       flags persons/minors subject @post",
              window(items, first, count, [&](const SightingRow& r) {
                return Row{sightingLine(r), r.flagged() ? Style::flagged : Style::normal};
              })};
    }
    case PaneId::alerts: {
      const auto items = alertList(p, f.ui.filter);
      total = items.size();
      return {"id   severity state        summary",
              window(items, first, count, [&](const AlertView* a) {
                return Row{alertLine(*a), severityStyle(*a)};
              })};
    }
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
  auto [columns, rows] = paneRows(pane, f, first, visible, total);
  std::size_t number = 0;
  while (kPaneOrder[number] != pane) ++number;
  const std::string title = " " + std::to_string(number + 1) + " " + paneTitle(pane) + " (" +
                            std::to_string(total) + ") ";
  put(w, 0, 2, title, std::min(width - 2, displayWidth(title)),
      screen.attr(focused ? Style::selected : Style::title));
  put(w, 1, 1, columns, width, screen.attr(Style::muted) | A_UNDERLINE);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bool isSel = focused && first + i == sel;
    const int attr = screen.attr(rows[i].style) | (isSel ? A_REVERSE : 0);
    put(w, static_cast<int>(i) + 2, 1, rows[i].text, width, attr);
  }
  if (total == 0)
    put(w, 2, 1, f.ui.filter.empty() ? "(none)" : "(none match the filter)", width, A_DIM);
  (void)layout;
  wnoutrefresh(w);
}

void drawMap(Screen& screen, WINDOW* w, const Frame& f) {
  const Picture& p = f.picture;
  const int h = getmaxy(w) - 3, width = getmaxx(w) - 2;  // inside the box, above the legend
  put(w, getmaxy(w) - 2, 1, "# post  A-Z unit (colour: status)  * sighting  ! flagged", width,
      screen.attr(Style::muted));
  const auto area = operationArea(p, kMapSightings);
  if (!area || h <= 0 || width <= 0) {
    put(w, 1, 1, "(no positions yet)", width, A_DIM);
    return;
  }
  const GeoBox box = fitAspect(*area, h, width);
  const auto plot = [&](const Position& pos, const std::string& glyph, int attr) {
    if (auto c = project(box, pos, h, width)) put(w, c->row + 1, c->col + 1, glyph, 1, attr);
  };
  std::size_t n = 0;
  for (auto it = p.sightings.rbegin(); it != p.sightings.rend() && n < kMapSightings; ++it, ++n) {
    const bool flagged = classify(it->second).flagged();
    plot(it->second.sighting.position, flagged ? "!" : "*",
         screen.attr(flagged ? Style::flagged : Style::muted));
  }
  for (const auto& [name, post] : p.posts) {
    plot(post.position, "#", screen.attr(Style::title));
    if (auto c = project(box, post.position, h, width)) {
      const int room = width - c->col - 2;
      if (room > 3)
        put(w, c->row + 1, c->col + 3, clipToWidth(printable(name), std::min(room, 16)),
            std::min(room, displayWidth(clipToWidth(printable(name), std::min(room, 16)))),
            screen.attr(Style::muted));
    }
  }
  for (const auto& [callsign, u] : p.units) {
    const char first = callsign.empty() ? 'U' : callsign.front();
    const std::string glyph(
        1, (first >= 'A' && first <= 'Z') || (first >= '0' && first <= '9') ? first : 'U');
    plot(u.position, glyph, screen.attr(unitStyle(u.status)) | A_BOLD);
  }
}

}  // namespace fieldops::dashboard
