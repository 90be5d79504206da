// Pane contents: ordering, flags, filters and row text (see views.hpp).
#include <algorithm>
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

std::vector<UnitRow> unitRows(const Picture& p, const Filter& f) {
  // One pass over the tasks: each unit's open task with the highest priority.
  std::map<std::string, const TaskView*> current;
  for (const auto& [id, t] : p.tasks) {
    if (t.unit.empty() || !isOpen(t) || t.state == TaskState::DECLINED) continue;
    const TaskView*& best = current[t.unit];
    if (best == nullptr || t.task.priority < best->task.priority) best = &t;
  }
  std::vector<UnitRow> rows;
  for (const auto& [callsign, u] : p.units) {
    if (!f.post.empty() && u.post != f.post) continue;
    if (!f.unit.empty() && callsign != f.unit) continue;
    const auto held = current.find(callsign);
    const UnitRow row{&u, held == current.end() ? nullptr : held->second};
    if (!f.search.empty() && !matchesSearch(f, unitLine(row, p.clock))) continue;
    rows.push_back(row);
  }
  return rows;
}

std::vector<const TaskView*> taskBoard(const Picture& p, const Filter& f) {
  std::vector<const TaskView*> rows;
  for (const auto& [id, t] : p.tasks) {
    if (!f.unit.empty() && t.unit != f.unit) continue;
    if (!f.post.empty() && postOfTarget(t.task.target) != f.post) {
      const auto unit = p.units.find(t.unit);
      if (unit == p.units.end() || unit->second.post != f.post) continue;
    }
    if (!f.search.empty() && !matchesSearch(f, taskLine(t, p.clock))) continue;
    rows.push_back(&t);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const TaskView* a, const TaskView* b) {
    const int ra = stateRank(a->state), rb = stateRank(b->state);
    if (ra != rb) return ra < rb;
    if (a->task.priority != b->task.priority) return a->task.priority < b->task.priority;
    return a->task.dueAt < b->task.dueAt;
  });
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
    if (!f.post.empty() && s.sighting.post != f.post) continue;
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
    if (!f.post.empty() && a.post != f.post) continue;
    if (!f.unit.empty() && a.unit != f.unit) continue;
    if (!f.search.empty() && !matchesSearch(f, alertLine(a))) continue;
    rows.push_back(&a);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const AlertView* a, const AlertView* b) {
    const int ra = alertStateRank(a->state), rb = alertStateRank(b->state);
    if (ra != rb) return ra < rb;
    if (a->severity != b->severity) return a->severity < b->severity;
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

std::string dueText(Millis due, Millis now) {
  if (due <= 0) return "-";
  const Millis minutes = (due - now) / 60000;
  return minutes >= 0 ? "in " + std::to_string(minutes) + "m" : std::to_string(-minutes) + "m late";
}

std::string targetText(const Target& t) {
  if (const auto* post = std::get_if<std::string>(&t)) return *post;
  const auto& pos = std::get<Position>(t);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.4f,%.4f", pos.lat, pos.lon);
  return buf;
}

std::string unitLine(const UnitRow& r, Millis clock) {
  std::string line = fitToWidth(printable(r.unit->callsign), 12) + " " +
                     fitToWidth(printable(r.unit->post), 16) + " " +
                     fitToWidth(spoken(r.unit->status), 9) + " " +
                     fitToWidth(ago(r.unit->lastHeardAt, clock), 6) + " ";
  if (r.currentTask != nullptr) {
    line +=
        "#" + std::to_string(r.currentTask->task.taskId) + " " + spoken(r.currentTask->task.kind);
  } else {
    line += "-";
  }
  return line;
}

std::string taskLine(const TaskView& t, Millis clock) {
  std::string line =
      fitToWidth("#" + std::to_string(t.task.taskId), 5) + " " + spoken(t.task.priority) + " " +
      fitToWidth(taskStateName(t.state), 9) + " " + fitToWidth(spoken(t.task.kind), 25) + " " +
      fitToWidth(t.unit.empty() ? "-" : printable(t.unit), 10) + " " +
      fitToWidth(dueText(t.task.dueAt, clock), 9) + " " + printable(targetText(t.task.target));
  if (isOverdue(t, clock)) line = "OVERDUE " + line;
  if (t.needsReassignment && isOpen(t)) line += "  needs reassignment";
  return line;
}

std::string sightingLine(const SightingRow& r) {
  const StoredSighting& s = *r.sighting;
  std::string flags;
  if (r.minors) flags += "MINOR ";
  if (r.possibleVictim) flags += "VICTIM? ";
  if (s.screening.level == HitLevel::HIT) flags += "HIT ";
  if (s.screening.level == HitLevel::POSSIBLE_HIT) flags += "POSSIBLE-HIT ";
  std::string who = s.sighting.subject.names.empty() ? s.sighting.subject.vehiclePlate
                                                     : s.sighting.subject.names.front();
  std::string line = clockTime(s.sighting.observedAt).substr(0, 5) + " " +
                     fitToWidth(spoken(s.sighting.category), 8) + " " +
                     fitToWidth(printable(s.unit), 10) + " " + flags +
                     std::to_string(s.sighting.personCount) + "p/" +
                     std::to_string(s.sighting.minorCount) + "m " + printable(who);
  if (!s.sighting.post.empty()) line += " @" + printable(s.sighting.post);
  return line;
}

std::string alertLine(const AlertView& a) {
  std::string state = a.state == AlertState::RAISED ? "NEW" : spoken(a.state);
  return fitToWidth("!" + std::to_string(a.alertId), 4) + " " + fitToWidth(spoken(a.severity), 8) +
         " " + fitToWidth(state, 12) + " " + printable(a.summary);
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
