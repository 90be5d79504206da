// The terminal: ncurses' stdscr and one window per region, wrapped in one object (the only
// place ncurses state lives). Colours when the terminal has them, attributes otherwise.
#pragma once

#include <array>
#include <cstdio>
#include <optional>
#include <string>
#include <tui/keys.hpp>
#include <tui/layout.hpp>

typedef struct _win_st WINDOW;  // NOLINT: ncurses' own name
typedef struct screen SCREEN;   // NOLINT

namespace fieldops::dashboard {

// What a piece of text means; the Screen turns it into a colour or an attribute.
enum class Style {
  normal,
  title,
  selected,
  good,
  warning,
  danger,
  critical,
  flagged,
  muted,
  banner,
  header,
  error,
};

// The regions that get their own window, in drawing order.
enum class Region { header, tabBar, status, legend, overlay };
inline constexpr std::size_t kRegionCount = 5;

class Screen {
 public:
  // On the process's terminal (stdin/stdout), or on the given streams (benchmarks: newterm on
  // /dev/null, the size from LINES and COLUMNS).
  explicit Screen(bool monochrome, std::FILE* out = nullptr, std::FILE* in = nullptr);
  ~Screen();
  Screen(const Screen&) = delete;
  Screen& operator=(const Screen&) = delete;

  int rows() const;
  int cols() const;
  bool colour() const { return colour_; }
  int attr(Style s) const;

  // The next key if one is waiting (never blocks).
  std::optional<Key> readKey();
  // Recreates the windows for a new layout (after a resize, a focus or zoom change).
  void apply(const Layout& layout);
  WINDOW* pane(PaneId p) { return panes_[paneIndex(p)]; }
  WINDOW* region(Region r) { return regions_[static_cast<std::size_t>(r)]; }
  // An overlay window over the body; replaced on each call.
  WINDOW* openOverlay(int h, int w, int y, int x);
  void closeOverlay();
  // Sends the windows marked with wnoutrefresh to the terminal at once.
  void flush();
  // What the terminal shows on a row, as UTF-8 (from curses' picture of the screen: tests).
  std::string line(int row) const;
  // Forgets what the terminal shows (after a resize), so the next flush repaints everything.
  void clearAll();
  // The terminal's bell, and a flash of the screen where the terminal has one.
  void alarm();

 private:
  void destroyWindows();

  SCREEN* screen_ = nullptr;
  bool colour_ = false;
  std::array<WINDOW*, kPaneCount> panes_{};
  std::array<WINDOW*, kRegionCount> regions_{};
};

}  // namespace fieldops::dashboard
