// The dashboard's view logic without a terminal (layout, display width, map projection), and
// whole frames drawn by real ncurses onto /dev/null and read back from curses' screen picture.
#define BOOST_TEST_MODULE dashboard_view
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <clocale>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <tests/support/support.hpp>
#include <tui/commands.hpp>
#include <tui/details.hpp>
#include <tui/draw.hpp>
#include <tui/header.hpp>
#include <tui/layout.hpp>
#include <tui/map_view.hpp>
#include <tui/projection.hpp>
#include <tui/views.hpp>
#include <tui/text.hpp>

using namespace fieldops;
using namespace fieldops::dashboard;

namespace {

struct UtfLocale {
  UtfLocale() { std::setlocale(LC_ALL, "C.UTF-8"); }
};

bool inside(const Rect& r, int rows, int cols) {
  return r.y >= 0 && r.x >= 0 && r.y + r.h <= rows && r.x + r.w <= cols;
}

bool overlap(const Rect& a, const Rect& b) {
  return a.visible() && b.visible() && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h &&
         b.y < a.y + a.h;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(text, UtfLocale)

BOOST_AUTO_TEST_CASE(width_counts_columns_not_bytes) {
  BOOST_TEST(displayWidth("ALPHA-1") == 7);
  BOOST_TEST(displayWidth("Ахмед") == 5);         // Cyrillic: 10 bytes, 5 columns
  BOOST_TEST(displayWidth("أحمد") == 4);          // Arabic letters
  BOOST_TEST(displayWidth("\u0645\u064e") == 1);  // a letter and its combining fatha
  BOOST_TEST(displayWidth("東京") == 4);          // double width
}

BOOST_AUTO_TEST_CASE(clipping_never_cuts_a_character_and_marks_the_cut) {
  const std::string clipped = clipToWidth("Ахмед Салех", 6);
  BOOST_TEST(clipped == "Ахмед\u2026");
  BOOST_TEST(displayWidth(clipped) == 6);
  BOOST_TEST(clipToWidth("東京都", 4) == "東\u2026");  // 東京 would need 4 + 1
  BOOST_TEST(fitToWidth("ab", 4) == "ab  ");
  BOOST_TEST(displayWidth(fitToWidth("أحمد كريمي", 20)) == 20);
  BOOST_TEST(clipToWidth("abc", 0).empty());
  BOOST_TEST(tailToWidth("abcdef", 4) == "\u2026def");
}

BOOST_AUTO_TEST_CASE(control_characters_from_the_field_cannot_drive_the_terminal) {
  BOOST_TEST(printable("a\x1b[2Jb") == "a?[2Jb");
  BOOST_TEST(printable("line\nbreak") == "line break");
  BOOST_TEST(printable("\xff ok") == "? ok");
  BOOST_TEST(printable("Петров") == "Петров");
}

BOOST_AUTO_TEST_CASE(backspace_removes_a_whole_character) {
  std::string s = "aж";
  popCharacter(s);
  BOOST_TEST(s == "a");
  appendCharacter(s, U'ك');
  BOOST_TEST(s == "aك");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(layout)

BOOST_AUTO_TEST_CASE(at_80x24_one_pane_shows_at_a_time_with_tabs) {
  const Layout l = computeLayout(24, 80, true, PaneId::tasks, false);
  BOOST_TEST(!l.tooSmall);
  BOOST_TEST(l.tabbed);
  BOOST_TEST(l.header.h == 2);  // with the EXERCISE banner
  BOOST_TEST(l.tabBar.visible());
  std::size_t shown = 0;
  for (const auto& r : l.panes) shown += r.visible() ? 1 : 0;
  BOOST_TEST(shown == 1u);
  const Rect& tasks = l.pane(PaneId::tasks);
  BOOST_TEST(tasks.w == 80);
  BOOST_TEST(tasks.y == 3);
  BOOST_TEST(tasks.y + tasks.h == l.status.y);
  BOOST_TEST(l.legend.y == 23);
}

BOOST_AUTO_TEST_CASE(a_large_screen_shows_every_pane_without_overlap) {
  for (auto [rows, cols] : {std::pair{40, 120}, std::pair{60, 200}, std::pair{32, 121}}) {
    const Layout l = computeLayout(rows, cols, false, PaneId::alerts, false);
    BOOST_TEST_CONTEXT(rows << "x" << cols) {
      BOOST_TEST(!l.tabbed);
      BOOST_TEST(l.header.h == 1);
      int area = 0;
      for (std::size_t i = 0; i < kPaneCount; ++i) {
        BOOST_TEST(l.panes[i].visible());
        BOOST_TEST(inside(l.panes[i], rows, cols));
        area += l.panes[i].h * l.panes[i].w;
        for (std::size_t j = i + 1; j < kPaneCount; ++j)
          BOOST_TEST(!overlap(l.panes[i], l.panes[j]));
      }
      BOOST_TEST(area == (rows - 3) * cols);  // the body is covered exactly
    }
  }
}

BOOST_AUTO_TEST_CASE(column_widths_follow_the_pane_and_titles_stay_over_their_columns) {
  const std::vector<ColumnSpec> specs = {{"id", 4}, {"name", 8, 20}, {"state", 6}, {"rest", 5, -1}};
  // At the least widths: 4 + 8 + 6 + 5 and three spaces.
  BOOST_TEST(columnWidths(specs, 0) == (std::vector<int>{4, 8, 6, 5}),
             boost::test_tools::per_element());
  BOOST_TEST(columnWidths(specs, 30) == (std::vector<int>{4, 10, 6, 7}),
             boost::test_tools::per_element());
  // Wide: the name grows to its most, the last column takes the rest.
  BOOST_TEST(columnWidths(specs, 100) == (std::vector<int>{4, 20, 6, 67}),
             boost::test_tools::per_element());
  for (int width : {40, 80, 120, 200, 250}) {
    BOOST_TEST_CONTEXT(width << " columns") {
      const auto widths = columnWidths(taskColumns(), width);
      const std::string titles = columnTitles(taskColumns(), widths);
      TaskView t;
      t.task = Task{12, TaskKind::CHILD_PROTECTION_REFERRAL, Priority::P1, 1'000, std::string("Tabanovce"), ""};
      t.state = TaskState::ACCEPTED;
      t.unit = "ALPHA-12-LONGNAME";
      const std::string row = joinCells(taskCells(t, 1'000 + 3 * 60'000), widths);
      // Every column starts under its title, at any width (in columns: "…" is 3 bytes).
      const auto column = [](const std::string& line, const std::string& needle) {
        return displayWidth(line.substr(0, line.find(needle)));
      };
      BOOST_TEST(column(row, "OVERDUE") == column(titles, "due"));
      BOOST_TEST(column(row, "Tabanovce") == column(titles, "target"));
      if (width >= 120) BOOST_TEST(row.find("ALPHA-12-LONGNAME") != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(the_header_keeps_the_alert_count_and_the_event_number_at_80_columns) {
  Picture p;
  p.clock = 1'800'000'000'000;
  p.seq = 123456;
  for (int i = 0; i < 12; ++i) {
    UnitView u;
    u.callsign = "UNIT-" + std::to_string(i);
    u.status = i < 2 ? UnitStatus::LOST : i < 5 ? UnitStatus::BUSY : UnitStatus::AVAILABLE;
    p.units[u.callsign] = u;
  }
  for (std::uint64_t id = 1; id <= 14; ++id) {
    AlertView a;
    a.alertId = id;
    a.severity = id <= 3 ? Severity::CRITICAL : Severity::MEDIUM;
    p.alerts[id] = a;
  }
  p.posts["Tabanovce"] = PostView{"Tabanovce", {42.2, 21.7}, true};
  const std::string wide = headerText(p, "LANTERN-WESTERN-BALKANS", 200);
  BOOST_TEST(wide.find("14 NEW ALERTS (3 critical)") != std::string::npos, wide);
  BOOST_TEST(wide.find("units 7 avail 3 busy 2 LOST") != std::string::npos, wide);
  BOOST_TEST(wide.find("1 post uncovered") != std::string::npos, wide);
  BOOST_TEST(wide.find("event 123456") != std::string::npos, wide);
  // 80 columns less the link state on the right.
  for (int width : {66, 56, 46}) {
    const std::string narrow = headerText(p, "LANTERN-WESTERN-BALKANS", width);
    BOOST_TEST_CONTEXT(width << ": " << narrow) {
      BOOST_TEST(displayWidth(narrow) <= width);
      BOOST_TEST(narrow.find("14 NEW") != std::string::npos);
      BOOST_TEST(narrow.find(clockTime(p.clock)) != std::string::npos);
      if (width >= 66) BOOST_TEST(narrow.find("123456") != std::string::npos);
      if (width >= 56) BOOST_TEST(narrow.find("2L") != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(every_pane_keeps_its_tab_down_to_60_columns) {
  for (int width : {200, 80, 70, 60}) {
    BOOST_TEST_CONTEXT(width << " columns") {
      const auto tabs = tabTexts(123, width);
      BOOST_REQUIRE_EQUAL(tabs.size(), kPaneCount);
      int total = -1;
      for (const auto& t : tabs) total += displayWidth(t) + 1;
      BOOST_TEST(total <= width);
      BOOST_TEST(tabs[0].find("123") != std::string::npos);  // the new alerts, always
      BOOST_TEST(tabs[4].find('5') != std::string::npos);     // the Map's tab is there
      BOOST_TEST(tabs[5].find('6') != std::string::npos);
    }
  }
  BOOST_TEST(tabTexts(3, 200)[0] == " 1 Alerts (3 new) ");
}

BOOST_AUTO_TEST_CASE(zoom_shows_one_pane_and_a_tiny_terminal_is_told_so) {
  const Layout zoomed = computeLayout(50, 200, false, PaneId::map, true);
  BOOST_TEST(zoomed.tabbed);
  BOOST_TEST(zoomed.pane(PaneId::map).w == 200);
  BOOST_TEST(!zoomed.pane(PaneId::units).visible());
  BOOST_TEST(computeLayout(10, 40, false, PaneId::map, false).tooSmall);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(map_and_posts, UtfLocale)

Picture postWithSightings() {
  Picture p;
  p.clock = 1'800'000'000'000;
  const Position post{42.21, 21.70};
  p.posts["Tabanovce"] = PostView{"Tabanovce", post, true};
  p.posts["Tabanovce rail"] = PostView{"Tabanovce rail", {42.2101, 21.7001}, false};
  p.posts["Presevo"] = PostView{"Presevo", {42.31, 21.65}, true};
  for (const char* callsign : {"GOLF-1", "GOLF-2", "GOLF-3"}) {
    UnitView u;
    u.callsign = callsign;
    u.post = "Tabanovce";
    u.position = post;
    u.status = callsign[5] == '3' ? UnitStatus::LOST : UnitStatus::BUSY;
    p.units[u.callsign] = u;
  }
  for (std::uint64_t seq = 1; seq <= 6; ++seq) {
    StoredSighting s;
    s.seq = seq;
    s.unit = "GOLF-1";
    s.sighting = test::sampleSighting("s-" + std::to_string(seq), p.clock);
    s.sighting.position = post;  // every one at the post
    s.sighting.minorCount = seq <= 5 ? 1 : 0;
    s.sighting.indicators.clear();
    s.sighting.exploitation = Exploitation::UNKNOWN;
    if (seq == 6) s.screening.level = HitLevel::HIT;
    p.sightings[seq] = s;
  }
  return p;
}

BOOST_AUTO_TEST_CASE(sightings_at_a_post_show_beside_it_and_nothing_hides_anything) {
  const Picture p = postWithSightings();
  for (auto [h, w] : {std::pair{10, 40}, std::pair{30, 100}, std::pair{6, 20}}) {
    BOOST_TEST_CONTEXT(h << "x" << w) {
      const MapPicture m = mapPicture(p, MapView{}, h, w, 50);
      BOOST_REQUIRE(!m.empty);
      std::set<std::pair<int, int>> cells;
      std::map<std::string, int> marks;
      for (const auto& mark : m.marks) {
        // Every cell a mark or a label covers is its own: nothing is drawn over anything.
        for (int c = 0; c < (mark.label ? displayWidth(mark.text) : 1); ++c) {
          BOOST_TEST(cells.insert({mark.cell.row, mark.cell.col + c}).second);
          BOOST_TEST(mark.cell.col + c < w);
        }
        if (!mark.label) ++marks[mark.text];
      }
      BOOST_TEST(marks["!"] == 1);  // the hit
      BOOST_TEST(marks["5"] == 1);  // five sightings with minors, one mark with the count
      BOOST_TEST(marks["#"] == 3);  // every post
      // Three GOLF units, three different markers, each in the legend.
      BOOST_TEST(marks["A"] == 1);
      BOOST_TEST(marks["B"] == 1);
      BOOST_TEST(marks["C"] == 1);
      BOOST_TEST(m.legend.size() == 3u);
      BOOST_TEST(m.legend[0] == "A GOLF-1");
      BOOST_TEST(m.legend[2] == "C GOLF-3");
    }
  }
  // The hit and the minors' mark sit within two cells of where they were seen.
  const MapPicture m = mapPicture(p, MapView{}, 30, 100, 50);
  const auto post = std::find_if(m.marks.begin(), m.marks.end(), [](const MapMark& x) {
    return x.kind == MapKind::hit;
  });
  BOOST_REQUIRE(post != m.marks.end());
  for (const auto& mark : m.marks) {
    if (mark.kind != MapKind::minors) continue;
    BOOST_TEST(std::abs(mark.cell.row - post->cell.row) <= 2);
    BOOST_TEST(std::abs(mark.cell.col - post->cell.col) <= 2);
  }
}

BOOST_AUTO_TEST_CASE(the_map_zooms_and_pans) {
  const Picture p = postWithSightings();
  const auto where = [&](const MapView& v, const std::string& text) -> std::optional<Cell> {
    for (const auto& m : mapPicture(p, v, 20, 60, 50).marks) {
      if (m.label && m.text == text) return m.cell;
    }
    return std::nullopt;
  };
  const auto whole = where(MapView{}, "Presevo");
  BOOST_REQUIRE(whole.has_value());
  // Zoomed in on the middle, Presevo (at an edge of the area) goes out of view...
  BOOST_TEST(!where(MapView{3, 0, 0}, "Presevo").has_value());
  // Panning moves the view: towards the south-east corner (where the hit is), marks move up and
  // to the left.
  const auto hitAt = [&](const MapView& v) -> std::optional<Cell> {
    for (const auto& m : mapPicture(p, v, 20, 60, 50).marks) {
      if (m.kind == MapKind::hit) return m.cell;
    }
    return std::nullopt;
  };
  const auto still = hitAt(MapView{});
  const auto south = hitAt(MapView{0, -1, 0});
  const auto east = hitAt(MapView{0, 0, 1});
  BOOST_REQUIRE(still && south && east);
  BOOST_TEST(south->row < still->row);
  BOOST_TEST(east->col < still->col);
}

BOOST_AUTO_TEST_CASE(uncovered_posts_come_first_with_their_units) {
  Picture p = postWithSightings();
  const auto rows = postRows(p, {});
  BOOST_REQUIRE_EQUAL(rows.size(), 3u);
  // Tabanovce: staffed, its units busy and lost: uncovered. Presevo: staffed, nobody: uncovered.
  BOOST_TEST(rows[0].uncovered);
  BOOST_TEST(rows[1].uncovered);
  BOOST_TEST(rows[2].post->name == "Tabanovce rail");
  BOOST_TEST(!rows[2].uncovered);
  const auto tab = std::find_if(rows.begin(), rows.end(),
                                [](const PostRow& r) { return r.post->name == "Tabanovce"; });
  BOOST_REQUIRE(tab != rows.end());
  BOOST_TEST(tab->units.front() == "GOLF-3");  // the lost one first
  BOOST_TEST(postCells(*tab).at(1) == "UNCOVERED");
  BOOST_TEST(postCells(*tab).at(2) == "0/2/1");
  p.units["GOLF-1"].status = UnitStatus::AVAILABLE;
  BOOST_TEST(postCells(postRows(p, {})[1]).at(1) != "UNCOVERED");
  BOOST_TEST(countsOf(p).uncoveredPosts == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(projection)

BOOST_AUTO_TEST_CASE(north_is_up_east_is_right_and_corners_map_to_corners) {
  const GeoBox box{41.0, 43.0, 20.0, 23.0};
  BOOST_TEST((project(box, {43.0, 20.0}, 10, 30) == Cell{0, 0}));
  BOOST_TEST((project(box, {41.0, 23.0}, 10, 30) == Cell{9, 29}));
  BOOST_TEST((project(box, {42.0, 21.5}, 11, 31) == Cell{5, 15}));
  BOOST_TEST(!project(box, {44.0, 21.0}, 10, 30).has_value());
  BOOST_TEST(!project(box, {0.0, 0.0}, 10, 30).has_value());  // no position given
}

BOOST_AUTO_TEST_CASE(the_area_covers_posts_units_and_sightings_and_keeps_its_shape) {
  Picture p;
  p.posts["Tabanovce"] = {"Tabanovce", {42.21, 21.70}, true};
  UnitView u;
  u.callsign = "BRAVO-2";
  u.position = {41.96, 21.62};
  p.units[u.callsign] = u;
  StoredSighting s;
  s.seq = 1;
  s.sighting.position = {42.0, 21.40};
  p.sightings[1] = s;
  const auto area = operationArea(p, 10);
  BOOST_REQUIRE(area.has_value());
  for (const Position& pos :
       {Position{42.21, 21.70}, Position{41.96, 21.62}, Position{42.0, 21.40}}) {
    BOOST_TEST(project(*area, pos, 20, 60).has_value());
  }
  const GeoBox fitted = fitAspect(*area, 20, 60);
  // As many kilometres across per column as down per (twice as tall) row.
  const double kmPerCol =
      (fitted.maxLon - fitted.minLon) * 111.32 * std::cos(42.085 * 3.14159265 / 180) / 60;
  const double kmPerRow = (fitted.maxLat - fitted.minLat) * 110.57 / 20;
  BOOST_TEST(kmPerRow / kmPerCol == 2.0, boost::test_tools::tolerance(0.05));
  BOOST_TEST(fitted.minLat <= area->minLat);
  BOOST_TEST(fitted.maxLon >= area->maxLon);
  BOOST_TEST(!operationArea(Picture{}, 10).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

// Whole frames through real ncurses: newterm on /dev/null, read back from curscr.
struct Terminal : UtfLocale {
  explicit Terminal(int rows = 40, int cols = 120, bool mono = false) {
    ::setenv("TERM", "xterm-256color", 1);
    ::setenv("LINES", std::to_string(rows).c_str(), 1);
    ::setenv("COLUMNS", std::to_string(cols).c_str(), 1);
    out = std::fopen("/dev/null", "w");
    in = std::fopen("/dev/null", "r");
    screen.emplace(mono, out, in);
  }
  ~Terminal() {
    screen.reset();
    std::fclose(out);
    std::fclose(in);
  }
  std::string all() const {
    std::string text;
    for (int r = 0; r < screen->rows(); ++r) text += screen->line(r) + "\n";
    return text;
  }
  void draw(const Picture& p, const UiState& ui, const DashboardOptions& o, LinkState link,
            unsigned dirty = ~0u) {
    const Layout l = computeLayout(screen->rows(), screen->cols(), o.exercise, ui.focus, ui.zoomed);
    if (!applied) screen->apply(l);
    applied = true;
    drawFrame(*screen, l, Frame{p, ui, link, o}, dirty);
  }
  std::FILE* out;
  std::FILE* in;
  std::optional<Screen> screen;
  bool applied = false;
};

Picture samplePicture() {
  Picture p;
  p.clock = 1'800'000'000'000;
  p.seq = 42;
  UnitView u;
  u.callsign = "ALPHA-1";
  u.post = "Табановце";
  u.position = {42.21, 21.70};
  u.lastHeardAt = p.clock;
  p.units[u.callsign] = u;
  StoredSighting s;
  s.seq = 40;
  s.unit = "ALPHA-1";
  s.sighting = test::sampleSighting("s-1", p.clock);
  s.sighting.subject.names = {"أحمد كريمي"};
  s.sighting.minorCount = 1;
  s.sighting.personCount = 3;
  p.sightings[40] = s;
  AlertView a;
  a.alertId = 1;
  a.severity = Severity::CRITICAL;
  a.summary = "unaccompanied minor at Tabanovce";
  p.alerts[1] = a;
  return p;
}

BOOST_AUTO_TEST_CASE(a_frame_shows_the_banner_the_panes_and_utf8_names) {
  Terminal t;
  DashboardOptions o;
  o.operationId = "LANTERN";
  UiState ui;
  const Picture p = samplePicture();
  t.draw(p, ui, o, LinkState::live);
  const std::string text = t.all();
  BOOST_TEST(text.find("LANTERN") != std::string::npos);
  BOOST_TEST(t.screen->line(1).find("EXERCISE") != std::string::npos);
  BOOST_TEST(text.find("CONNECTED") != std::string::npos);
  BOOST_TEST(text.find("Табановце") != std::string::npos, text);
  BOOST_TEST(text.find("أحمد كريمي") != std::string::npos, text);
  BOOST_TEST(text.find("MINOR") != std::string::npos);
  BOOST_TEST(text.find("1 NEW ALERT") != std::string::npos);
  BOOST_TEST(text.find("# post") != std::string::npos);  // the map's legend
}

BOOST_AUTO_TEST_CASE(a_monochrome_terminal_still_marks_styles_with_attributes) {
  Terminal t(24, 80, true);
  BOOST_TEST(!t.screen->colour());
  BOOST_TEST(t.screen->attr(Style::critical) != t.screen->attr(Style::normal));
  BOOST_TEST(t.screen->attr(Style::warning) != t.screen->attr(Style::normal));
  BOOST_TEST(t.screen->attr(Style::flagged) != t.screen->attr(Style::normal));
  DashboardOptions o;
  o.exercise = false;
  UiState ui;
  t.draw(samplePicture(), ui, o, LinkState::disconnected);
  BOOST_TEST(t.screen->line(0).find("DISCONNECTED") != std::string::npos);
  BOOST_TEST(t.all().find("EXERCISE") == std::string::npos);  // a live operation
  BOOST_TEST(t.screen->line(1).find("1 Alerts (1 new)") != std::string::npos, t.screen->line(1));
}

BOOST_AUTO_TEST_CASE(only_the_dirty_panes_are_redrawn) {
  Terminal t;
  DashboardOptions o;
  UiState ui;
  Picture p = samplePicture();
  t.draw(p, ui, o, LinkState::live);
  p.units["ALPHA-1"].callsign = "ALPHA-1";
  p.units["ALPHA-1"].post = "Kumanovo";
  p.alerts[1].summary = "changed summary";
  t.draw(p, ui, o, LinkState::live, kAlerts);  // the units pane was not marked
  const std::string text = t.all();
  BOOST_TEST(text.find("changed summary") != std::string::npos);
  BOOST_TEST(text.find("Kumanovo") == std::string::npos);
  BOOST_TEST(text.find("Табановце") != std::string::npos);
}

BOOST_FIXTURE_TEST_SUITE(person, UtfLocale)

BOOST_AUTO_TEST_CASE(the_person_view_shows_the_whole_record_with_the_screening_reasons) {
  PersonDetails d;
  d.seq = 41;
  d.justification = "case 2026/114";
  StoredSighting s;
  s.seq = 41;
  s.unit = "ALPHA-1";
  s.sighting = test::sampleSighting("S-41");
  s.sighting.subject.dateOfBirth = "1990-04-12";
  s.sighting.subject.vehiclePlate = "SK-1234-AB";
  s.sighting.subject.vehicleCountry = "MK";
  s.screening.level = HitLevel::POSSIBLE_HIT;
  s.screening.reason = "name and date of birth close to a yellow notice";
  s.screening.matches = {{WatchlistKind::NOTICE, "2026/4411", "yellow notice",
                          HitLevel::POSSIBLE_HIT, 87, "name transliterates to the notice's"}};
  d.record = s;
  std::string text;
  for (const auto& line : personLines(d)) text += line + "\n";
  for (const std::string want :
       {"case 2026/114", "Ахмед Салех", "أحمد صالح", "1990-04-12", "SYR", "N1234567",
        "SK-1234-AB (MK)", "driver holds passports", "yellow notice 2026/4411 (87%)",
        "name transliterates to the notice's", "close to a yellow notice"}) {
    BOOST_TEST(text.find(want) != std::string::npos, want << " in\n" << text);
  }
}

BOOST_AUTO_TEST_CASE(while_asking_or_refused_the_person_view_says_so) {
  PersonDetails d;
  d.justification = "case 2026/114";
  d.loading = true;
  std::string text;
  for (const auto& line : personLines(d)) text += line + "\n";
  BOOST_TEST(text.find("asking the coordinator") != std::string::npos, text);
  d.loading = false;
  d.error = "coordinator: nothing disclosed";
  text.clear();
  for (const auto& line : personLines(d)) text += line + "\n";
  BOOST_TEST(text.find("coordinator: nothing disclosed") != std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(a_redacted_sightings_details_say_how_to_see_the_person) {
  Picture p;
  StoredSighting s;
  s.seq = 7;
  s.unit = "ALPHA-1";
  s.sighting = test::sampleSighting("S-7");
  s.sighting.subject.names = {"[redacted]"};
  s.redacted = true;
  p.sightings[7] = s;
  Details d;
  d.item = ItemRef{PaneId::sightings, 7, {}};
  std::string text;
  for (const auto& line : detailLines(p, d)) text += line + "\n";
  BOOST_TEST(text.find("p shows the person details") != std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(an_alerts_details_say_why_its_rule_fired) {
  Picture p;
  AlertView a;
  a.alertId = 3;
  a.severity = Severity::CRITICAL;
  a.cause = AlertCause::SAFEGUARDING;
  a.rule = "unaccompanied-minor";
  a.summary = "a child alone (sighting S-3 by ALPHA-1)";
  a.why = "one person, one minor, no adult in the sighting";
  p.alerts[3] = a;
  Details d;
  d.item = ItemRef{PaneId::alerts, 3, {}};
  std::vector<std::string> lines = detailLines(p, d);
  const auto summary = std::find(lines.begin(), lines.end(), "summary: " + a.summary);
  BOOST_REQUIRE(summary != lines.end());
  BOOST_REQUIRE(summary + 1 != lines.end());
  BOOST_TEST(*(summary + 1) == "why: one person, one minor, no adult in the sighting");
  // An alert raised before the why line existed shows none.
  p.alerts[3].why.clear();
  lines = detailLines(p, d);
  BOOST_TEST(std::none_of(lines.begin(), lines.end(),
                          [](const std::string& l) { return l.rfind("why:", 0) == 0; }));
}

BOOST_AUTO_TEST_CASE(the_justification_form_and_the_person_view_draw) {
  Terminal t;
  DashboardOptions o;
  UiState ui;
  const Picture p = samplePicture();
  ui.form = justificationForm(p.sightings.at(40));
  ui.mode = Mode::form;
  t.draw(p, ui, o, LinkState::live);
  BOOST_TEST(t.all().find("Personal data") != std::string::npos, t.all());
  BOOST_TEST(t.all().find("recorded in the access log") != std::string::npos, t.all());
  ui.form.reset();
  ui.mode = Mode::person;
  ui.person.justification = "case 2026/114";
  ui.person.record = p.sightings.at(40);
  t.draw(p, ui, o, LinkState::live);
  BOOST_TEST(t.all().find("Person details") != std::string::npos, t.all());
  BOOST_TEST(t.all().find("N1234567") != std::string::npos, t.all());
}

BOOST_AUTO_TEST_SUITE_END()
