// Rendering the picture and the UI state onto the Screen's windows. Only what is marked dirty
// is redrawn (wnoutrefresh per window, one doupdate per frame).
#pragma once

#include <tui/layout.hpp>
#include <tui/model.hpp>
#include <tui/options.hpp>
#include <tui/screen.hpp>
#include <tui/sync.hpp>
#include <tui/ui.hpp>

namespace fieldops::dashboard {

struct Frame {
  const Picture& picture;
  const UiState& ui;
  LinkState link;
  const DashboardOptions& options;
};

// The chrome: header, tab bar, status line and legend.
inline constexpr unsigned kChrome = 1u << 8;

// Draws the panes in `dirty` (Pane bits) and, with kChrome, the chrome; then any overlay of the
// mode; then sends it all to the terminal.
void drawFrame(Screen& screen, const Layout& layout, const Frame& f, unsigned dirty);

// Helpers shared by the pane and overlay drawing.
void put(WINDOW* w, int y, int x, const std::string& utf8, int width, int attr);
void drawPane(Screen& screen, const Layout& layout, PaneId pane, const Frame& f);
void drawMap(Screen& screen, WINDOW* w, const Frame& f);
void drawOverlay(Screen& screen, const Layout& layout, const Frame& f);

}  // namespace fieldops::dashboard
