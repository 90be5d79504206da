// Frame drawing: header, tab bar, status line, legend, and the dispatch to panes and overlays.
#include <tui/curses.hpp>
#include <tui/details.hpp>
#include <tui/draw.hpp>
#include <tui/header.hpp>
#include <tui/text.hpp>

namespace fieldops::dashboard {

void put(WINDOW* w, int y, int x, const std::string& utf8, int width, int attr) {
  if (w == nullptr || width <= 0) return;
  wattr_on(w, static_cast<attr_t>(attr), nullptr);
  mvwaddstr(w, y, x, fitToWidth(utf8, width).c_str());
  wattr_off(w, static_cast<attr_t>(attr), nullptr);
}

namespace {

void drawHeader(Screen& s, const Frame& f) {
  WINDOW* w = s.region(Region::header);
  if (w == nullptr) return;
  const Picture& p = f.picture;
  const int width = getmaxx(w);
  const std::string right =
      std::string(f.options.observer ? "OBSERVER  " : "") + linkText(f.link) + " ";
  const int rw = displayWidth(right);
  const std::string left = headerText(p, f.options.operationId, std::max(0, width - rw - 1));
  put(w, 0, 0, left, width, s.attr(Style::header));
  if (rw < width) {
    put(w, 0, width - rw, right, rw,
        f.link == LinkState::disconnected ? s.attr(Style::critical) : s.attr(Style::header));
  }
  if (f.options.exercise && getmaxy(w) > 1) {
    std::string banner;
    while (displayWidth(banner) < width) banner += "  EXERCISE  EXERCISE  EXERCISE  ";
    put(w, 1, 0, banner, width, s.attr(Style::banner));
  }
  wnoutrefresh(w);
}

void drawTabBar(Screen& s, const Frame& f) {
  WINDOW* w = s.region(Region::tabBar);
  if (w == nullptr) return;
  werase(w);
  int x = 0;
  const auto tabs = tabTexts(unacknowledgedAlerts(f.picture), getmaxx(w));
  for (std::size_t i = 0; i < kPaneCount; ++i) {
    const PaneId pane = kPaneOrder[i];
    const std::string& tab = tabs[i];
    const int tw = displayWidth(tab);
    if (x + tw > getmaxx(w)) break;
    put(w, 0, x, tab, tw, pane == f.ui.focus ? s.attr(Style::selected) : s.attr(Style::muted));
    x += tw + 1;
  }
  wnoutrefresh(w);
}

void drawStatus(Screen& s, const Frame& f) {
  WINDOW* w = s.region(Region::status);
  if (w == nullptr) return;
  std::string text = f.ui.status;
  if (!f.ui.filter.empty()) text = "[filter " + describe(f.ui.filter) + "]  " + text;
  put(w, 0, 0, " " + text, getmaxx(w),
      f.ui.statusIsError ? s.attr(Style::error) : s.attr(Style::normal));
  wnoutrefresh(w);
}

void drawLegend(Screen& s, const Frame& f) {
  WINDOW* w = s.region(Region::legend);
  if (w == nullptr) return;
  put(w, 0, 0, " " + legendText(f.ui, getmaxx(w) - 1), getmaxx(w), s.attr(Style::selected));
  wnoutrefresh(w);
}

void drawTooSmall(const Layout& l) {
  erase();
  mvaddstr(0, 0, clipToWidth("terminal too small", l.cols).c_str());
  mvaddstr(
      1, 0,
      clipToWidth("at least " + std::to_string(kMinCols) + "x" + std::to_string(kMinRows), l.cols)
          .c_str());
  wnoutrefresh(stdscr);
}

}  // namespace

void drawFrame(Screen& screen, const Layout& layout, const Frame& f, unsigned dirty) {
  if (layout.tooSmall) {
    drawTooSmall(layout);
    screen.flush();
    return;
  }
  const bool overlay = f.ui.mode != Mode::normal;
  if (!overlay) {
    static constexpr std::array<std::pair<PaneId, unsigned>, kPaneCount> kBits = {
        {{PaneId::units, kUnits},
         {PaneId::tasks, kTasks},
         {PaneId::sightings, kSightings},
         {PaneId::alerts, kAlerts},
         {PaneId::map, kMap},
         {PaneId::posts, kPosts}}};
    for (const auto& [pane, bit] : kBits) {
      if ((dirty & bit) != 0 && layout.pane(pane).visible()) drawPane(screen, layout, pane, f);
    }
  }
  if ((dirty & (kChrome | kHeader)) != 0) drawHeader(screen, f);
  if ((dirty & kChrome) != 0) {
    drawTabBar(screen, f);
    drawStatus(screen, f);
    drawLegend(screen, f);
  }
  if (overlay) drawOverlay(screen, layout, f);
  screen.flush();
}

}  // namespace fieldops::dashboard
