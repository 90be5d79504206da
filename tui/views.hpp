// What each pane lists, computed from the picture: ordering, flags and filters. Pure, so the
// rules (unacknowledged alerts first, overdue tasks flagged, minors flagged...) are unit-tested
// without a terminal.
#pragma once

#include <optional>
#include <protocol/enum_names.hpp>
#include <string>
#include <tui/columns.hpp>
#include <tui/model.hpp>
#include <vector>

namespace fieldops::dashboard {

// What the commander narrowed the panes to; empty fields do not filter.
struct Filter {
  std::string post;  // a case-insensitive (ASCII) prefix of the post's name
  std::string unit;
  std::optional<SightingCategory> category;
  std::string search;  // case-insensitive (ASCII) substring of what a row shows
  bool empty() const { return post.empty() && unit.empty() && !category && search.empty(); }
};

std::string describe(const Filter& f);  // "post=Tabanovce unit=ALPHA-1 /van"; "" when empty

struct UnitRow {
  const UnitView* unit;
  const TaskView* currentTask;  // the open task it holds with the highest priority; may be null
};

struct SightingRow {
  const StoredSighting* sighting;
  bool minors;          // minorCount > 0
  bool possibleVictim;  // trafficking indicators, or a suspected form of exploitation
  bool screeningHit;    // hit or possible hit
  bool flagged() const { return minors || possibleVictim || screeningHit; }
};

bool postMatches(const Filter& f, const std::string& post);

// Exceptions first: lost units (longest lost first), then the others by callsign.
std::vector<UnitRow> unitRows(const Picture& p, const Filter& f);
// Overdue tasks first (the latest first), then open tasks in lifecycle order (created and
// declined first: they need a unit), then finished ones; within a state by priority, then due
// time, then id. With `sorted`, only the first `sorted` rows are in order (the rest follow in
// any order): the pane draws a screenful of a board of tens of thousands.
std::vector<const TaskView*> taskBoard(const Picture& p, const Filter& f,
                                       std::size_t sorted = SIZE_MAX);
// Newest first.
std::vector<SightingRow> sightingFeed(const Picture& p, const Filter& f);
SightingRow classify(const StoredSighting& s);
// Raised (unacknowledged) first, then acknowledged, then resolved; within by severity now
// (critical first), then as raised, then newest first.
std::vector<const AlertView*> alertList(const Picture& p, const Filter& f);

std::size_t unacknowledgedAlerts(const Picture& p);
bool isOpen(const TaskView& t);
// A task is overdue when the coordinator flagged it or its due time passed while open.
bool isOverdue(const TaskView& t, Millis clock);
// When a finished task finished (its last transition); 0 while open.
Millis finishedAt(const TaskView& t);
// A staffed post with no available unit at it.
bool uncovered(const Picture& p, const PostView& post);

// The header's counts: what needs the commander, at a glance.
struct Counts {
  std::size_t available = 0, busy = 0, lost = 0, offDuty = 0;
  std::size_t overdue = 0;         // open tasks past due
  std::size_t uncoveredPosts = 0;  // staffed posts with no available unit
  std::size_t newAlerts = 0;       // unacknowledged
  std::size_t newCritical = 0;     // unacknowledged and critical
};
Counts countsOf(const Picture& p);

// A post of the plan with the units registered at it.
struct PostRow {
  const PostView* post = nullptr;
  std::size_t available = 0, busy = 0, lost = 0, offDuty = 0;
  std::vector<std::string> units;  // callsigns, lost ones first
  bool uncovered = false;          // staffed, no available unit
};
// Uncovered posts first, then staffed ones, then the rest; by name within.
std::vector<PostRow> postRows(const Picture& p, const Filter& f);

// The panes' columns and each row's cells (columns.hpp): widths follow the pane.
const std::vector<ColumnSpec>& unitColumns();
const std::vector<ColumnSpec>& taskColumns();
const std::vector<ColumnSpec>& sightingColumns();
const std::vector<ColumnSpec>& alertColumns();
const std::vector<ColumnSpec>& postColumns();
Cells postCells(const PostRow& r);
Cells unitCells(const UnitRow& r, Millis clock);
Cells taskCells(const TaskView& t, Millis clock);
Cells sightingCells(const SightingRow& r);
Cells alertCells(const AlertView& a, Millis clock);

// The text of a row at the columns' least widths, as searched.
std::string unitLine(const UnitRow& r, Millis clock);
std::string taskLine(const TaskView& t, Millis clock);
std::string sightingLine(const SightingRow& r);
std::string alertLine(const AlertView& a, Millis clock);

// Which unacknowledged critical alerts (raised so or escalated) are new since the last look:
// the dashboard rings the bell for them. The first look (the snapshot) finds none new.
class CriticalWatch {
 public:
  std::vector<std::uint64_t> newSince(const Picture& p);

 private:
  std::vector<std::uint64_t> seen_;  // sorted
  bool primed_ = false;
};

// "high", or "high→critical" once escalated (the severity raised with, then now).
std::string severityText(const AlertView& a);

// A schema enumerant as people say it: "inspectVehicle" -> "inspect vehicle", "p1" -> "P1".
std::string spokenWords(const std::string& camel);
template <class E>
std::string spoken(E value) {
  return spokenWords(enumName(value));
}

// "12s", "4m", "3h", "2d"; "never" for 0.
std::string ago(Millis then, Millis now);
// "14:05" (UTC) of a time.
std::string clockTime(Millis t);
// A span of time: "45s", "12m", "2h05", "3d4h".
std::string spanText(Millis span);
// Relative to a due time: "in 12m", "in 2h05"; once past, "12m late".
std::string dueText(Millis due, Millis now);
// A task's due column: open, "in 12m" or "OVERDUE 3m" (flagged or past due); finished, frozen at
// its finishing: "on time" or "12m late" (cancelled: "-").
std::string taskDueText(const TaskView& t, Millis clock);
std::string targetText(const Target& t);
// The subject words of the event log ("task:12", "alert:3", "unit:ALPHA-1", ...).
std::string subjectOf(const TaskView& t);
std::string subjectOf(const AlertView& a);
std::string subjectOf(const UnitView& u);
std::string subjectOf(const StoredSighting& s);

}  // namespace fieldops::dashboard
