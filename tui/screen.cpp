// ncurses set-up, colours, keys and windows (see screen.hpp).
#include <stdexcept>
#include <tui/curses.hpp>
#include <tui/screen.hpp>
#include <tui/text.hpp>
#include <vector>

namespace fieldops::dashboard {

namespace {

enum Pair : short { kGreen = 1, kYellow, kRed, kCyan, kMagenta, kBanner, kHeader, kCriticalPair };

WINDOW* make(const Rect& r) {
  return r.visible() ? newwin(r.h, r.w, r.y, r.x) : nullptr;
}

}  // namespace

Screen::Screen(bool monochrome, std::FILE* out, std::FILE* in) {
  if (out != nullptr) {
    screen_ = newterm(nullptr, out, in);
    if (screen_ == nullptr) throw std::runtime_error("cannot start the terminal (TERM?)");
    set_term(screen_);
  } else if (initscr() == nullptr) {
    throw std::runtime_error("cannot start the terminal (TERM?)");
  }
  cbreak();
  noecho();
  nonl();
  keypad(stdscr, TRUE);
  nodelay(stdscr, TRUE);
  set_escdelay(50);
  curs_set(0);
  colour_ = !monochrome && has_colors() == TRUE;
  if (colour_) {
    start_color();
    use_default_colors();
    init_pair(kGreen, COLOR_GREEN, -1);
    init_pair(kYellow, COLOR_YELLOW, -1);
    init_pair(kRed, COLOR_RED, -1);
    init_pair(kCyan, COLOR_CYAN, -1);
    init_pair(kMagenta, COLOR_MAGENTA, -1);
    init_pair(kBanner, COLOR_BLACK, COLOR_YELLOW);
    init_pair(kHeader, COLOR_WHITE, COLOR_BLUE);
    init_pair(kCriticalPair, COLOR_WHITE, COLOR_RED);
  }
}

Screen::~Screen() {
  destroyWindows();
  endwin();
  if (screen_ != nullptr) delscreen(screen_);
}

int Screen::rows() const {
  return LINES;
}
int Screen::cols() const {
  return COLS;
}

int Screen::attr(Style s) const {
  // Without colour every style still reads differently: bold, reverse, underline, dim.
  switch (s) {
    case Style::normal:
      return A_NORMAL;
    case Style::title:
      return A_BOLD;
    case Style::selected:
      return A_REVERSE;
    case Style::good:
      return colour_ ? COLOR_PAIR(kGreen) : A_NORMAL;
    case Style::warning:
      return colour_ ? COLOR_PAIR(kYellow) : A_UNDERLINE;
    case Style::danger:
      return colour_ ? COLOR_PAIR(kRed) | A_BOLD : A_BOLD;
    case Style::critical:
      return colour_ ? COLOR_PAIR(kCriticalPair) | A_BOLD : A_REVERSE | A_BOLD;
    case Style::flagged:
      return colour_ ? COLOR_PAIR(kMagenta) | A_BOLD : A_BOLD | A_UNDERLINE;
    case Style::muted:
      return A_DIM;
    case Style::banner:
      return colour_ ? COLOR_PAIR(kBanner) | A_BOLD : A_REVERSE | A_BOLD;
    case Style::header:
      return colour_ ? COLOR_PAIR(kHeader) | A_BOLD : A_REVERSE;
    case Style::error:
      return colour_ ? COLOR_PAIR(kRed) | A_BOLD : A_BOLD;
  }
  return A_NORMAL;
}

std::optional<Key> Screen::readKey() {
  wint_t ch = 0;
  const int kind = get_wch(&ch);
  if (kind == ERR) return std::nullopt;
  if (kind == KEY_CODE_YES) {
    switch (ch) {
      case KEY_UP:
        return Key{KeyCode::up};
      case KEY_DOWN:
        return Key{KeyCode::down};
      case KEY_LEFT:
        return Key{KeyCode::left};
      case KEY_RIGHT:
        return Key{KeyCode::right};
      case KEY_PPAGE:
        return Key{KeyCode::pageUp};
      case KEY_NPAGE:
        return Key{KeyCode::pageDown};
      case KEY_HOME:
        return Key{KeyCode::home};
      case KEY_END:
        return Key{KeyCode::end};
      case KEY_BTAB:
        return Key{KeyCode::backTab};
      case KEY_ENTER:
        return Key{KeyCode::enter};
      case KEY_BACKSPACE:
        return Key{KeyCode::backspace};
      case KEY_RESIZE:
        return Key{KeyCode::resize};
      default:
        return Key{KeyCode::none};
    }
  }
  switch (ch) {
    case '\r':
    case '\n':
      return Key{KeyCode::enter};
    case 27:
      return Key{KeyCode::escape};
    case '\t':
      return Key{KeyCode::tab};
    case 127:
    case 8:
      return Key{KeyCode::backspace};
    default:
      return Key::of(static_cast<char32_t>(ch));
  }
}

void Screen::destroyWindows() {
  for (auto*& w : panes_) {
    if (w != nullptr) delwin(w);
    w = nullptr;
  }
  for (auto*& w : regions_) {
    if (w != nullptr) delwin(w);
    w = nullptr;
  }
}

void Screen::apply(const Layout& l) {
  destroyWindows();
  regions_[static_cast<std::size_t>(Region::header)] = make(l.header);
  regions_[static_cast<std::size_t>(Region::tabBar)] = make(l.tabBar);
  regions_[static_cast<std::size_t>(Region::status)] = make(l.status);
  regions_[static_cast<std::size_t>(Region::legend)] = make(l.legend);
  for (std::size_t i = 0; i < kPaneCount; ++i) panes_[i] = make(l.panes[i]);
}

WINDOW* Screen::openOverlay(int h, int w, int y, int x) {
  closeOverlay();
  auto*& win = regions_[static_cast<std::size_t>(Region::overlay)];
  win = newwin(h, w, y, x);
  return win;
}

void Screen::closeOverlay() {
  auto*& win = regions_[static_cast<std::size_t>(Region::overlay)];
  if (win != nullptr) delwin(win);
  win = nullptr;
}

void Screen::flush() {
  doupdate();
}

std::string Screen::line(int row) const {
  std::vector<wchar_t> buf(static_cast<std::size_t>(COLS) + 1, L'\0');
  if (mvwinnwstr(curscr, row, 0, buf.data(), COLS) == ERR) return {};
  std::string out;
  for (const wchar_t* c = buf.data(); *c != L'\0'; ++c)
    appendCharacter(out, static_cast<char32_t>(*c));
  return out;
}

void Screen::clearAll() {
  erase();
  wnoutrefresh(stdscr);
}

void Screen::alarm() {
  beep();
  flash();
}

}  // namespace fieldops::dashboard
