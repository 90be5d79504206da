// Pane contents: ordering, flags, filters and row text (see views.hpp).
#include <algorithm>
#include <iterator>
#include <string_view>
#include <unordered_map>
#include <cstdio>
#include <ctime>
#include <tui/text.hpp>
#include <tui/views.hpp>

namespace fieldops::dashboard {

namespace {

bool matchesSearch(const Filter& f, const std::string& line) {
  return f.search.empty() || lowered(line).find(lowered(f.search)) != std::string::npos;
}

std::string postOfTarget(const Target& t) {
  const auto* post = std::get_if<std::string>(&t);
  return post != nullptr ? *post : std::string();
}

int stateRank(TaskState s) {
  switch (s) {
    case TaskState::CREATED:
      return 0;
    case TaskState::DECLINED:
      return 1;
    case TaskState::ASSIGNED:
      return 2;
    case TaskState::DELIVERED:
      return 3;
    case TaskState::ACCEPTED:
      return 4;
    case TaskState::EN_ROUTE:
      return 5;
    case TaskState::ON_SCENE:
      return 6;
    case TaskState::FAILED:
      return 7;
    case TaskState::COMPLETED:
      return 8;
    case TaskState::CANCELLED:
      return 9;
  }
  return 10;
}

int alertStateRank(AlertState s) {
  switch (s) {
    case AlertState::RAISED:
      return 0;
    case AlertState::ACKNOWLEDGED:
      return 1;
    case AlertState::RESOLVED:
      return 2;
  }
  return 3;
}

}  // namespace

std::string spokenWords(const std::string& camel) {
  if (camel.size() == 2 && camel[0] == 'p') return "P" + camel.substr(1);
  return spokenName(camel);
}

std::string describe(const Filter& f) {
  std::string out;
  auto add = [&](const std::string& part) { out += (out.empty() ? "" : " ") + part; };
  if (!f.post.empty()) add("post=" + f.post);
  if (!f.unit.empty()) add("unit=" + f.unit);
  if (f.category) add("category=" + enumName(*f.category));
  if (!f.search.empty()) add("/" + f.search);
  return out;
}

bool isOpen(const TaskView& t) {
  return !isTerminal(t.state);
}

bool isOverdue(const TaskView& t, Millis clock) {
  return isOpen(t) && (t.overdue || (t.task.dueAt > 0 && clock > t.task.dueAt));
}

Millis finishedAt(const TaskView& t) {
  if (isOpen(t)) return 0;
  for (auto it = t.history.rbegin(); it != t.history.rend(); ++it) {
    if (it->state == t.state) return it->at;
  }
  return 0;
}

bool postMatches(const Filter& f, const std::string& post) {
  return f.post.empty() || lowered(post).rfind(lowered(f.post), 0) == 0;
}

bool uncovered(const Picture& p, const PostView& post) {
  if (!post.staffed) return false;
  return std::none_of(p.units.begin(), p.units.end(), [&](const auto& u) {
    return u.second.post == post.name && u.second.status == UnitStatus::AVAILABLE;
  });
}

Counts countsOf(const Picture& p) {
  Counts c;
  for (const auto& [callsign, u] : p.units) {
    switch (u.status) {
      case UnitStatus::AVAILABLE: ++c.available; break;
      case UnitStatus::BUSY: ++c.busy; break;
      case UnitStatus::LOST: ++c.lost; break;
      case UnitStatus::OFF_DUTY: ++c.offDuty; break;
    }
  }
  for (const auto& [id, t] : p.tasks) c.overdue += isOverdue(t, p.clock) ? 1 : 0;
  for (const auto& [name, post] : p.posts) c.uncoveredPosts += uncovered(p, post) ? 1 : 0;
  for (const auto& [id, a] : p.alerts) {
    if (a.state != AlertState::RAISED) continue;
    ++c.newAlerts;
    if (a.severity == Severity::CRITICAL) ++c.newCritical;
  }
  return c;
}

std::vector<UnitRow> unitRows(const Picture& p, const Filter& f) {
  // One pass over the tasks: each unit's open task with the highest priority (hashed: this runs
  // every frame, over every task).
  std::unordered_map<std::string_view, const TaskView*> current;
  current.reserve(p.units.size());
  for (const auto& [id, t] : p.tasks) {
    if (t.unit.empty() || !isOpen(t) || t.state == TaskState::DECLINED) continue;
    const TaskView*& best = current[std::string_view(t.unit)];
    if (best == nullptr || t.task.priority < best->task.priority) best = &t;
  }
  std::vector<UnitRow> rows;
  for (const auto& [callsign, u] : p.units) {
    if (!postMatches(f, u.post)) continue;
    if (!f.unit.empty() && callsign != f.unit) continue;
    const auto held = current.find(std::string_view(callsign));
    const UnitRow row{&u, held == current.end() ? nullptr : held->second};
    if (!f.search.empty() && !matchesSearch(f, unitLine(row, p.clock))) continue;
    rows.push_back(row);
  }
  // Lost units first, the longest lost first; the rest stay by callsign.
  std::stable_sort(rows.begin(), rows.end(), [](const UnitRow& a, const UnitRow& b) {
    const bool la = a.unit->status == UnitStatus::LOST, lb = b.unit->status == UnitStatus::LOST;
    if (la != lb) return la;
    return la && a.unit->statusSince < b.unit->statusSince;
  });
  return rows;
}

std::vector<const TaskView*> taskBoard(const Picture& p, const Filter& f, std::size_t sorted) {
  // Sorted on keys taken once per task: the board is drawn ten times a second with up to tens
  // of thousands of tasks.
  struct Keyed {
    bool overdue;
    int rank;
    Priority priority;
    Millis due;
    const TaskView* task;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(p.tasks.size());
  for (const auto& [id, t] : p.tasks) {
    if (!f.unit.empty() && t.unit != f.unit) continue;
    if (!postMatches(f, postOfTarget(t.task.target))) {
      const auto unit = p.units.find(t.unit);
      if (unit == p.units.end() || !postMatches(f, unit->second.post)) continue;
    }
    if (!f.search.empty() && !matchesSearch(f, taskLine(t, p.clock))) continue;
    keyed.push_back({isOverdue(t, p.clock), stateRank(t.state), t.task.priority, t.task.dueAt, &t});
  }
  const auto before = [](const Keyed& a, const Keyed& b) {
    if (a.overdue != b.overdue) return a.overdue;
    if (a.overdue && a.due != b.due) return a.due < b.due;
    if (a.rank != b.rank) return a.rank < b.rank;
    if (a.priority != b.priority) return a.priority < b.priority;
    if (a.due != b.due) return a.due < b.due;
    return a.task->task.taskId < b.task->task.taskId;  // a total order: partial sorts agree
  };
  const auto middle = keyed.begin() + static_cast<std::ptrdiff_t>(std::min(sorted, keyed.size()));
  std::partial_sort(keyed.begin(), middle, keyed.end(), before);
  std::vector<const TaskView*> rows;
  rows.reserve(keyed.size());
  for (const auto& k : keyed) rows.push_back(k.task);
  return rows;
}

SightingRow classify(const StoredSighting& s) {
  const Sighting& v = s.sighting;
  const bool victim = !v.indicators.empty() || (v.exploitation != Exploitation::UNKNOWN &&
                                                v.exploitation != Exploitation::SMUGGLING_ONLY);
  return {&s, v.minorCount > 0, victim, s.screening.level != HitLevel::NO_HIT};
}

std::vector<SightingRow> sightingFeed(const Picture& p, const Filter& f) {
  std::vector<SightingRow> rows;
  for (auto it = p.sightings.rbegin(); it != p.sightings.rend(); ++it) {
    const StoredSighting& s = it->second;
    if (!postMatches(f, s.sighting.post)) continue;
    if (!f.unit.empty() && s.unit != f.unit) continue;
    if (f.category && s.sighting.category != *f.category) continue;
    const SightingRow row = classify(s);
    if (!f.search.empty() && !matchesSearch(f, sightingLine(row))) continue;
    rows.push_back(row);
  }
  return rows;
}

std::vector<const AlertView*> alertList(const Picture& p, const Filter& f) {
  std::vector<const AlertView*> rows;
  for (const auto& [id, a] : p.alerts) {
    if (!postMatches(f, a.post)) continue;
    if (!f.unit.empty() && a.unit != f.unit) continue;
    if (!f.search.empty() && !matchesSearch(f, alertLine(a, p.clock))) continue;
    rows.push_back(&a);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const AlertView* a, const AlertView* b) {
    const int ra = alertStateRank(a->state), rb = alertStateRank(b->state);
    if (ra != rb) return ra < rb;
    if (a->severity != b->severity) return a->severity < b->severity;
    if (a->raisedSeverity != b->raisedSeverity) return a->raisedSeverity < b->raisedSeverity;
    return a->alertId > b->alertId;
  });
  return rows;
}

std::size_t unacknowledgedAlerts(const Picture& p) {
  return static_cast<std::size_t>(
      std::count_if(p.alerts.begin(), p.alerts.end(),
                    [](const auto& a) { return a.second.state == AlertState::RAISED; }));
}

std::string ago(Millis then, Millis now) {
  if (then <= 0) return "never";
  const Millis s = std::max<Millis>(0, (now - then) / 1000);
  if (s < 60) return std::to_string(s) + "s";
  if (s < 3600) return std::to_string(s / 60) + "m";
  if (s < 86400) return std::to_string(s / 3600) + "h";
  return std::to_string(s / 86400) + "d";
}

std::string clockTime(Millis t) {
  const std::time_t secs = static_cast<std::time_t>(t / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string spanText(Millis span) {
  const Millis s = std::max<Millis>(0, span) / 1000;
  char buf[32];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(s));
  } else if (s < 100 * 60) {
    std::snprintf(buf, sizeof buf, "%lldm", static_cast<long long>(s / 60));
  } else if (s < 86400) {
    std::snprintf(buf, sizeof buf, "%lldh%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%lldd%lldh", static_cast<long long>(s / 86400),
                  static_cast<long long>(s / 3600 % 24));
  }
  return buf;
}

std::string dueText(Millis due, Millis now) {
  if (due <= 0) return "-";
  // Whole minutes, rounded towards late: a task 20 s past due is 1m late, never "in 0m".
  if (due > now) return "in " + spanText(due - now + 59'999 - (due - now + 59'999) % 60'000);
  return spanText(std::max<Millis>(60'000, now - due)) + " late";
}

std::string taskDueText(const TaskView& t, Millis clock) {
  if (isOpen(t)) {
    if (!isOverdue(t, clock)) return dueText(t.task.dueAt, clock);
    if (t.task.dueAt <= 0 || clock <= t.task.dueAt) return "OVERDUE";
    return "OVERDUE " + spanText(std::max<Millis>(60'000, clock - t.task.dueAt));
  }
  if (t.state == TaskState::CANCELLED || t.task.dueAt <= 0) return "-";
  const Millis done = finishedAt(t);
  if (done <= t.task.dueAt) return "on time";
  return spanText(std::max<Millis>(60'000, done - t.task.dueAt)) + " late";
}

std::string targetText(const Target& t) {
  if (const auto* post = std::get_if<std::string>(&t)) return *post;
  const auto& pos = std::get<Position>(t);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.4f,%.4f", pos.lat, pos.lon);
  return buf;
}

const std::vector<ColumnSpec>& unitColumns() {
  static const std::vector<ColumnSpec> k = {
      {"callsign", 10, 24}, {"post", 10, 24}, {"status", 9}, {"for", 5}, {"heard", 5},
      {"task", 4, -1}};
  return k;
}

const std::vector<ColumnSpec>& taskColumns() {
  static const std::vector<ColumnSpec> k = {
      {"id", 4},         {"pri", 3},           {"state", 9},  {"kind", 14, 25},
      {"unit", 8, 20},   {"due", 11},          {"target", 6, -1}};
  return k;
}

const std::vector<ColumnSpec>& sightingColumns() {
  static const std::vector<ColumnSpec> k = {
      {"time", 5},        {"category", 8},    {"unit", 8, 16},
      {"flags", 10, 24},  {"p/m", 5},         {"subject @post", 8, -1}};
  return k;
}

const std::vector<ColumnSpec>& alertColumns() {
  static const std::vector<ColumnSpec> k = {
      {"id", 5}, {"severity", 13}, {"state", 5}, {"age", 5}, {"post", 10, 20},
      {"reason", 10, -1}};
  return k;
}

Cells unitCells(const UnitRow& r, Millis clock) {
  const UnitView& u = *r.unit;
  std::string task = "-";
  if (r.currentTask != nullptr) {
    task = "#" + std::to_string(r.currentTask->task.taskId) + " " + spoken(r.currentTask->task.kind);
  }
  return {printable(u.callsign), printable(u.post), spoken(u.status),
          u.statusSince > 0 ? spanText(clock - u.statusSince) : "-", ago(u.lastHeardAt, clock),
          task};
}

Cells taskCells(const TaskView& t, Millis clock) {
  std::string target = printable(targetText(t.task.target));
  if (t.needsReassignment && isOpen(t)) target += "  needs reassignment";
  return {"#" + std::to_string(t.task.taskId), spoken(t.task.priority), taskStateName(t.state),
          spoken(t.task.kind), t.unit.empty() ? "-" : printable(t.unit), taskDueText(t, clock),
          target};
}

Cells sightingCells(const SightingRow& r) {
  const StoredSighting& s = *r.sighting;
  std::string flags;
  auto flag = [&](const char* f) { flags += (flags.empty() ? "" : " ") + std::string(f); };
  if (r.minors) flag("MINOR");
  if (r.possibleVictim) flag("VICTIM?");
  if (s.screening.level == HitLevel::HIT) flag("HIT");
  if (s.screening.level == HitLevel::POSSIBLE_HIT) flag("POSSIBLE-HIT");
  if (flags.empty()) flags = "-";
  std::string who = s.sighting.subject.names.empty() ? s.sighting.subject.vehiclePlate
                                                     : s.sighting.subject.names.front();
  std::string subject = printable(who);
  if (!s.sighting.post.empty()) subject += (subject.empty() ? "@" : " @") + printable(s.sighting.post);
  return {clockTime(s.sighting.observedAt).substr(0, 5), spoken(s.sighting.category),
          printable(s.unit), flags,
          std::to_string(s.sighting.personCount) + "/" + std::to_string(s.sighting.minorCount),
          subject};
}

std::vector<PostRow> postRows(const Picture& p, const Filter& f) {
  std::vector<PostRow> rows;
  for (const auto& [name, post] : p.posts) {
    if (!postMatches(f, name)) continue;
    PostRow r;
    r.post = &post;
    std::vector<std::string> lost, others;
    for (const auto& [callsign, u] : p.units) {
      if (u.post != name) continue;
      switch (u.status) {
        case UnitStatus::AVAILABLE: ++r.available; break;
        case UnitStatus::BUSY: ++r.busy; break;
        case UnitStatus::LOST: ++r.lost; break;
        case UnitStatus::OFF_DUTY: ++r.offDuty; break;
      }
      (u.status == UnitStatus::LOST ? lost : others).push_back(callsign);
    }
    r.units = std::move(lost);
    r.units.insert(r.units.end(), others.begin(), others.end());
    r.uncovered = uncovered(p, post);
    if (!f.unit.empty() && std::find(r.units.begin(), r.units.end(), f.unit) == r.units.end()) {
      continue;
    }
    rows.push_back(std::move(r));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const PostRow& a, const PostRow& b) {
    if (a.uncovered != b.uncovered) return a.uncovered;
    return a.post->staffed && !b.post->staffed;
  });
  if (!f.search.empty()) {
    std::erase_if(rows, [&](const PostRow& r) {
      return !matchesSearch(f, joinCells(postCells(r), columnWidths(postColumns(), 0)));
    });
  }
  return rows;
}

const std::vector<ColumnSpec>& postColumns() {
  static const std::vector<ColumnSpec> k = {
      {"post", 9, 24}, {"coverage", 9}, {"a/b/l", 6}, {"units", 5, -1}};
  return k;
}

Cells postCells(const PostRow& r) {
  const std::string coverage = r.uncovered        ? "UNCOVERED"
                               : r.post->staffed  ? "covered"
                                                  : "unstaffed";
  std::string units;
  for (const auto& u : r.units) units += (units.empty() ? "" : " ") + printable(u);
  return {printable(r.post->name), coverage,
          std::to_string(r.available) + "/" + std::to_string(r.busy) + "/" +
              std::to_string(r.lost),
          units.empty() ? "-" : units};
}

std::vector<std::uint64_t> CriticalWatch::newSince(const Picture& p) {
  std::vector<std::uint64_t> now, fresh;
  for (const auto& [id, a] : p.alerts) {
    if (a.state == AlertState::RAISED && a.severity == Severity::CRITICAL) now.push_back(id);
  }
  if (primed_) {
    std::set_difference(now.begin(), now.end(), seen_.begin(), seen_.end(),
                        std::back_inserter(fresh));
  }
  primed_ = true;
  seen_ = std::move(now);
  return fresh;
}

std::string severityText(const AlertView& a) {
  if (!a.escalated || a.raisedSeverity == a.severity) return spoken(a.severity);
  return spoken(a.raisedSeverity) + "→" + spoken(a.severity);
}

Cells alertCells(const AlertView& a, Millis clock) {
  const std::string state = a.state == AlertState::RAISED         ? "NEW"
                            : a.state == AlertState::ACKNOWLEDGED ? "ack"
                                                                  : "done";
  // The reason last: it is the longest, and the pane cuts it, not the post.
  std::string reason = printable(a.summary);
  if (a.occurrences > 1) {
    reason = "x" + std::to_string(a.occurrences) + " (last " + ago(a.lastOccurredAt, clock) +
             " ago) " + reason;
  }
  // Age: how long it has waited for a commander (frozen once acknowledged).
  const Millis until = a.state == AlertState::RAISED ? clock : a.acknowledgedAt;
  return {"!" + std::to_string(a.alertId), severityText(a), state,
          spanText(std::max<Millis>(0, until - a.raisedAt)),
          a.post.empty() ? (a.unit.empty() ? "-" : printable(a.unit)) : printable(a.post), reason};
}

namespace {
template <class Specs>
std::string naturalLine(const Cells& cells, const Specs& specs) {
  return joinCells(cells, columnWidths(specs, 0));
}
}  // namespace

std::string unitLine(const UnitRow& r, Millis clock) {
  return naturalLine(unitCells(r, clock), unitColumns());
}
std::string taskLine(const TaskView& t, Millis clock) {
  return naturalLine(taskCells(t, clock), taskColumns());
}
std::string sightingLine(const SightingRow& r) {
  return naturalLine(sightingCells(r), sightingColumns());
}
std::string alertLine(const AlertView& a, Millis clock) {
  return naturalLine(alertCells(a, clock), alertColumns());
}

std::string subjectOf(const TaskView& t) {
  return "task:" + std::to_string(t.task.taskId);
}
std::string subjectOf(const AlertView& a) {
  return "alert:" + std::to_string(a.alertId);
}
std::string subjectOf(const UnitView& u) {
  return "unit:" + u.callsign;
}
std::string subjectOf(const StoredSighting& s) {
  return "sighting:" + s.unit + "/" + s.sighting.sightingId;
}

}  // namespace fieldops::dashboard
