// What each pane lists, computed from the picture: ordering, flags and filters. Pure, so the
// rules (unacknowledged alerts first, overdue tasks flagged, minors flagged...) are unit-tested
// without a terminal.
#pragma once

#include <optional>
#include <protocol/enum_names.hpp>
#include <string>
#include <tui/model.hpp>
#include <vector>

namespace fieldops::dashboard {

// What the commander narrowed the panes to; empty fields do not filter.
struct Filter {
  std::string post;
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

std::vector<UnitRow> unitRows(const Picture& p, const Filter& f);
// Open tasks first in lifecycle order (created and declined first: they need a unit), then
// finished ones; within a state by priority, then due time.
std::vector<const TaskView*> taskBoard(const Picture& p, const Filter& f);
// Newest first.
std::vector<SightingRow> sightingFeed(const Picture& p, const Filter& f);
SightingRow classify(const StoredSighting& s);
// Raised (unacknowledged) first, then acknowledged, then resolved; within by severity
// (critical first), then newest first.
std::vector<const AlertView*> alertList(const Picture& p, const Filter& f);

std::size_t unacknowledgedAlerts(const Picture& p);
bool isOpen(const TaskView& t);
// A task is overdue when the coordinator flagged it or its due time passed while open.
bool isOverdue(const TaskView& t, Millis clock);

// The text of a row, as shown and as searched.
std::string unitLine(const UnitRow& r, Millis clock);
std::string taskLine(const TaskView& t, Millis clock);
std::string sightingLine(const SightingRow& r);
std::string alertLine(const AlertView& a);

// A schema enumerant as people say it: "inspectVehicle" -> "inspect vehicle", "p1" -> "P1".
std::string spokenWords(const std::string& camel);
template <class E>
std::string spoken(E value) {
  return spokenWords(enumName(value));
}

// "12s", "4m", "3h", "2d"; "never" for 0.
std::string ago(Millis then, Millis now);
// "14:05" (UTC) of a time; "in 12m" / "12m late" relative forms for due times.
std::string clockTime(Millis t);
std::string dueText(Millis due, Millis now);
std::string targetText(const Target& t);
// The subject words of the event log ("task:12", "alert:3", "unit:ALPHA-1", ...).
std::string subjectOf(const TaskView& t);
std::string subjectOf(const AlertView& a);
std::string subjectOf(const UnitView& u);
std::string subjectOf(const StoredSighting& s);

}  // namespace fieldops::dashboard
