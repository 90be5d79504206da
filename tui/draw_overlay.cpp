// Overlays over the body: a form, the help screen, an item's details, a sighting's person
// details, the event log, the quit question.
#include <tui/curses.hpp>
#include <tui/details.hpp>
#include <tui/draw.hpp>
#include <tui/text.hpp>

namespace fieldops::dashboard {

namespace {

WINDOW* frameWindow(Screen& s, const Layout& l, int wantH, int wantW, const std::string& title) {
  const int top = l.header.h;
  const int bodyH = l.rows - top - 2;
  const int h = std::min(wantH, bodyH), w = std::min(wantW, l.cols);
  WINDOW* win = s.openOverlay(h, w, top + (bodyH - h) / 2, (l.cols - w) / 2);
  if (win == nullptr) return nullptr;
  werase(win);
  box(win, 0, 0);
  put(win, 0, 2, " " + title + " ", std::min(w - 4, displayWidth(title) + 2),
      s.attr(Style::selected));
  return win;
}

void drawLines(Screen& s, WINDOW* win, const std::vector<std::string>& lines, std::size_t scroll) {
  const int h = getmaxy(win) - 2, w = getmaxx(win) - 2;
  for (int y = 0; y < h && scroll + static_cast<std::size_t>(y) < lines.size(); ++y) {
    put(win, y + 1, 1, lines[scroll + static_cast<std::size_t>(y)], w, s.attr(Style::normal));
  }
}

void drawForm(Screen& s, const Layout& l, const Form& form) {
  const int h = static_cast<int>(form.fields.size()) * 2 + 5;
  WINDOW* win = frameWindow(s, l, h, std::min(l.cols, 100), form.title);
  if (win == nullptr) return;
  const int w = getmaxx(win) - 2;
  put(win, 1, 1, form.note, w, s.attr(Style::muted));
  constexpr int kLabel = 14;
  for (std::size_t i = 0; i < form.fields.size(); ++i) {
    const Field& f = form.fields[i];
    const int y = 3 + static_cast<int>(i) * 2;
    const bool focused = i == form.focus;
    put(win, y, 1, f.label, kLabel, s.attr(focused ? Style::title : Style::normal));
    std::string value =
        f.isChoice() ? "\u2039 " + f.value + " \u203a" : f.value + (focused ? "_" : "");
    const int vw = std::max(10, w - kLabel - 1);
    // A long text shows its end, where the commander is typing.
    if (!f.isChoice()) value = tailToWidth(value, vw);
    put(win, y, kLabel + 1, printable(value), vw, focused ? s.attr(Style::selected) : A_UNDERLINE);
    const std::string below = f.error.empty() ? f.hint : "\u2717 " + f.error;
    put(win, y + 1, kLabel + 1, below, vw, f.error.empty() ? A_DIM : s.attr(Style::error));
  }
  wnoutrefresh(win);
}

}  // namespace

void drawOverlay(Screen& s, const Layout& l, const Frame& f) {
  const UiState& ui = f.ui;
  WINDOW* win = nullptr;
  switch (ui.mode) {
    case Mode::normal:
      s.closeOverlay();
      return;
    case Mode::form:
      if (ui.form) drawForm(s, l, *ui.form);
      return;
    case Mode::help: {
      const auto lines = helpLines(ui.observer);
      win = frameWindow(s, l, static_cast<int>(lines.size()) + 2, 104, "Help");
      if (win != nullptr) {
        // Scrolls (Up/Down) when the terminal is shorter than the help; never past its end.
        const std::size_t shown = static_cast<std::size_t>(std::max(0, getmaxy(win) - 2));
        const std::size_t last = lines.size() > shown ? lines.size() - shown : 0;
        const std::size_t scroll = std::min(ui.helpScroll, last);
        drawLines(s, win, lines, scroll);
        if (scroll < last) {
          put(win, getmaxy(win) - 1, 2, " ↓ more (Down) ", 15, s.attr(Style::selected));
        }
      }
      break;
    }
    case Mode::details: {
      const auto lines = detailLines(f.picture, ui.details);
      win = frameWindow(s, l, l.rows, l.cols, "Details " + ui.details.subject);
      if (win != nullptr) drawLines(s, win, lines, std::min(ui.details.scroll, lines.size()));
      break;
    }
    case Mode::person: {
      const auto lines = personLines(ui.person);
      win = frameWindow(s, l, l.rows, l.cols, "Person details (personal data)");
      if (win != nullptr) drawLines(s, win, lines, std::min(ui.person.scroll, lines.size()));
      break;
    }
    case Mode::eventLog: {
      std::vector<std::string> lines;
      if (ui.log.loading) lines.push_back("loading...");
      if (!ui.log.error.empty()) lines.push_back(ui.log.error);
      for (const auto& e : ui.log.events) {
        if (kindMatches(ui.log.kind, e.kind)) lines.push_back(eventLine(e));
      }
      if (!ui.log.loading && lines.empty() && ui.log.error.empty()) {
        lines.push_back(ui.log.kind == LogKind::all
                            ? "(no events)"
                            : std::string("(none of kind '") + kindFilterName(ui.log.kind) +
                                  "' on this page: PgDn for older, k for another kind)");
      }
      const std::string title =
          "Event log, newest first" +
          (ui.log.kind == LogKind::all ? std::string()
                                       : std::string(", ") + kindFilterName(ui.log.kind) + " only") +
          (ui.log.beforeSeq ? " (before #" + std::to_string(ui.log.beforeSeq) + ")" : std::string());
      win = frameWindow(s, l, l.rows, l.cols, title);
      if (win != nullptr) drawLines(s, win, lines, std::min(ui.log.scroll, lines.size()));
      break;
    }
    case Mode::confirmQuit:
      win = frameWindow(s, l, 3, 44, "Quit");
      if (win != nullptr) put(win, 1, 1, "Quit the dashboard? y = quit", getmaxx(win) - 2, A_BOLD);
      break;
  }
  if (win != nullptr) wnoutrefresh(win);
}

}  // namespace fieldops::dashboard
