// Overlay texts: details, event log lines, help and legend (see details.hpp).
#include <tui/details.hpp>
#include <tui/text.hpp>

namespace fieldops::dashboard {

namespace {

void taskDetails(const TaskView& t, Millis clock, std::vector<std::string>& out) {
  out.push_back("Task #" + std::to_string(t.task.taskId) + "  " + spoken(t.task.kind) + "  " +
                spoken(t.task.priority));
  out.push_back("state: " + std::string(taskStateName(t.state)) +
                (isOverdue(t, clock) ? "  OVERDUE" : "") +
                (t.needsReassignment ? "  needs reassignment" : ""));
  out.push_back("unit: " + (t.unit.empty() ? std::string("-") : printable(t.unit)));
  out.push_back("due: " + clockTime(t.task.dueAt) + " UTC (" + taskDueText(t, clock) + ")");
  out.push_back("target: " + printable(targetText(t.task.target)));
  out.push_back("instructions: " + printable(t.task.instructions));
  out.push_back("");
  out.push_back("Transitions:");
  for (const auto& tr : t.history) {
    out.push_back("  " + clockTime(tr.at) + "  " + taskStateName(tr.state) +
                  (tr.note.empty() ? "" : "  " + printable(tr.note)));
  }
}

void alertDetails(const AlertView& a, std::vector<std::string>& out) {
  out.push_back("Alert !" + std::to_string(a.alertId) + "  " + severityText(a) + "  " +
                spoken(a.cause) + "  (rule " + a.rule + ")");
  out.push_back("state: " + spoken(a.state) +
                (a.escalated ? "  escalated from " + spoken(a.raisedSeverity) : ""));
  out.push_back("raised: " + clockTime(a.raisedAt) + " UTC" +
                (a.notifications > 0 ? "; notified again " + std::to_string(a.notifications) +
                                           " times, last " + clockTime(a.lastNotifiedAt) + " UTC"
                                     : ""));
  if (a.occurrences > 1) {
    out.push_back("occurrences: " + std::to_string(a.occurrences) + ", the last at " +
                  clockTime(a.lastOccurredAt) + " UTC" +
                  (a.lastUnit.empty() ? "" : " from " + printable(a.lastUnit)) +
                  (a.lastSightingId.empty() ? "" : " (sighting " + printable(a.lastSightingId) + ")"));
  }
  out.push_back("summary: " + printable(a.summary));
  if (!a.why.empty()) out.push_back("why: " + printable(a.why));
  if (!a.unit.empty()) out.push_back("unit: " + printable(a.unit));
  if (!a.post.empty()) out.push_back("post: " + printable(a.post));
  if (!a.sightingId.empty()) out.push_back("sighting: " + printable(a.sightingId));
  if (a.proposal) {
    out.push_back("proposed task: " + spoken(a.proposal->kind) + " " +
                  spoken(a.proposal->priority) + " for " +
                  (a.proposal->unit.empty() ? "-" : a.proposal->unit) +
                  (a.proposal->taskId ? " (created as #" + std::to_string(a.proposal->taskId) + ")"
                                      : " (not created)"));
  }
  if (!a.acknowledgedBy.empty()) {
    out.push_back("acknowledged by " + printable(a.acknowledgedBy) + " at " +
                  clockTime(a.acknowledgedAt));
  }
  if (!a.resolvedBy.empty()) {
    out.push_back("resolved by " + printable(a.resolvedBy) + " at " + clockTime(a.resolvedAt) +
                  ": " + spoken(a.outcome));
  }
  if (!a.note.empty()) out.push_back("notes: " + printable(a.note));
}

void unitDetails(const UnitView& u, Millis clock, std::vector<std::string>& out) {
  out.push_back("Unit " + printable(u.callsign) + "  " + spoken(u.status) +
                (u.statusSince > 0 ? " for " + spanText(clock - u.statusSince) : ""));
  out.push_back("post: " + (u.post.empty() ? std::string("mobile") : printable(u.post)));
  char pos[64];
  std::snprintf(pos, sizeof pos, "position: %.5f, %.5f", u.position.lat, u.position.lon);
  out.push_back(pos);
  std::string caps;
  if (u.capabilities.documentCheck) caps += "document check, ";
  if (u.capabilities.fingerprint) caps += "fingerprint, ";
  if (u.capabilities.childProtectionTrained) caps += "child-protection trained, ";
  if (u.capabilities.vehicleSearch) caps += "vehicle search, ";
  for (const auto& l : u.capabilities.interpreterLanguages) caps += "interpreter " + l + ", ";
  out.push_back("capabilities: " +
                (caps.empty() ? std::string("none") : caps.substr(0, caps.size() - 2)));
  out.push_back("registered: " + clockTime(u.registeredAt) + " UTC; last heard " +
                ago(u.lastHeardAt, clock) + " ago");
}

void sightingDetails(const StoredSighting& s, std::vector<std::string>& out) {
  const Sighting& v = s.sighting;
  const SightingRow row = classify(s);
  out.push_back("Sighting " + printable(s.unit) + "/" + printable(v.sightingId) + "  " +
                spoken(v.category) + (row.minors ? "  MINORS" : "") +
                (row.possibleVictim ? "  POSSIBLE VICTIM" : ""));
  out.push_back("observed: " + clockTime(v.observedAt) + " UTC at " +
                (v.post.empty() ? std::string("-") : printable(v.post)));
  out.push_back("persons: " + std::to_string(v.personCount) +
                ", minors: " + std::to_string(v.minorCount) + ", confidence " +
                std::to_string(v.confidence) + "%");
  for (const auto& n : v.subject.names) out.push_back("name: " + printable(n));
  if (!v.subject.nationality.empty())
    out.push_back("nationality: " + printable(v.subject.nationality));
  if (!v.subject.documentNumber.empty()) {
    out.push_back("document: " + printable(v.subject.documentNumber) + " (" +
                  printable(v.subject.documentCountry) + ")");
  }
  if (!v.subject.vehiclePlate.empty())
    out.push_back("vehicle: " + printable(v.subject.vehiclePlate));
  std::string indicators;
  for (auto i : v.indicators) indicators += spoken(i) + ", ";
  if (!indicators.empty())
    out.push_back("indicators: " + indicators.substr(0, indicators.size() - 2));
  out.push_back("exploitation: " + spoken(v.exploitation));
  if (!v.freeText.empty()) out.push_back("text: " + printable(v.freeText));
  out.push_back("screening: " + spoken(s.screening.level) + " - " + printable(s.screening.reason));
  if (s.redacted) {
    out.push_back("personal data redacted: p shows the person details, for a justification "
                  "recorded in the access log");
  }
}

std::string orDash(const std::string& text) { return text.empty() ? "-" : printable(text); }

}  // namespace

std::string eventLine(const EventSummary& e) {
  return "#" + std::to_string(e.seq) + "  " + clockTime(e.at) + "  " + e.kind + "  " +
         printable(e.principal) + "  " + printable(e.summary);
}

std::vector<std::string> detailLines(const Picture& p, const Details& d) {
  std::vector<std::string> out;
  const ItemRef& item = d.item;
  bool found = false;
  if (item.pane == PaneId::tasks) {
    if (auto t = p.tasks.find(item.id); t != p.tasks.end())
      taskDetails(t->second, p.clock, out), found = true;
  } else if (item.pane == PaneId::alerts) {
    if (auto a = p.alerts.find(item.id); a != p.alerts.end())
      alertDetails(a->second, out), found = true;
  } else if (item.pane == PaneId::units) {
    if (auto u = p.units.find(item.name); u != p.units.end())
      unitDetails(u->second, p.clock, out), found = true;
  } else if (item.pane == PaneId::sightings) {
    if (auto s = p.sightings.find(item.id); s != p.sightings.end())
      sightingDetails(s->second, out), found = true;
  }
  if (!found) out.push_back("(no longer in the picture)");
  out.push_back("");
  out.push_back("History (" + d.subject + "):");
  if (d.loading) out.push_back("  loading...");
  if (!d.error.empty()) out.push_back("  " + d.error);
  for (const auto& e : d.history) out.push_back("  " + eventLine(e));
  return out;
}

std::vector<std::string> personLines(const PersonDetails& d) {
  std::vector<std::string> out;
  out.push_back("Disclosed for: " + printable(d.justification));
  out.push_back("(recorded in the coordinator's access log with your name)");
  out.push_back("");
  if (d.loading) out.push_back("asking the coordinator...");
  if (!d.error.empty()) out.push_back(d.error);
  if (!d.record) return out;
  const StoredSighting& s = *d.record;
  const Sighting& v = s.sighting;
  const Subject& who = v.subject;
  out.push_back("Sighting " + printable(s.unit) + "/" + printable(v.sightingId) + "  " +
                spoken(v.category) + "  observed " + clockTime(v.observedAt) + " UTC at " +
                orDash(v.post));
  out.push_back("persons: " + std::to_string(v.personCount) +
                ", minors: " + std::to_string(v.minorCount) + ", confidence " +
                std::to_string(v.confidence) + "%");
  if (who.names.empty()) out.push_back("names: -");
  for (const auto& n : who.names) out.push_back("name: " + printable(n));
  out.push_back("date of birth: " + orDash(who.dateOfBirth));
  out.push_back("nationality: " + orDash(who.nationality));
  out.push_back("document: " +
                (who.documentNumber.empty() && who.documentType == DocumentType::NONE
                     ? std::string("-")
                     : spoken(who.documentType) + " " + orDash(who.documentNumber) + " (" +
                           orDash(who.documentCountry) + ")"));
  out.push_back("vehicle: " + (who.vehiclePlate.empty()
                                   ? std::string("-")
                                   : printable(who.vehiclePlate) + " (" +
                                         orDash(who.vehicleCountry) + ")"));
  std::string indicators;
  for (auto i : v.indicators) indicators += spoken(i) + ", ";
  if (!indicators.empty())
    out.push_back("indicators: " + indicators.substr(0, indicators.size() - 2));
  out.push_back("exploitation: " + spoken(v.exploitation));
  out.push_back("text: " + orDash(v.freeText));
  out.push_back("screening: " + spoken(s.screening.level) + " - " + printable(s.screening.reason));
  for (const auto& m : s.screening.matches) {
    out.push_back("  " + spoken(m.level) + "  " + printable(m.category) + " " +
                  printable(m.reference) + " (" + std::to_string(m.score) + "%): " +
                  printable(m.reason));
  }
  return out;
}

const char* kindFilterName(LogKind k) {
  switch (k) {
    case LogKind::all: return "all";
    case LogKind::alerts: return "alerts";
    case LogKind::tasks: return "tasks";
    case LogKind::units: return "units";
    case LogKind::sightings: return "sightings";
    case LogKind::other: return "other";
  }
  return "all";
}

bool kindMatches(LogKind k, const std::string& eventKind) {
  const auto starts = [&](const char* prefix) { return eventKind.rfind(prefix, 0) == 0; };
  switch (k) {
    case LogKind::all: return true;
    case LogKind::alerts: return starts("alert");
    case LogKind::tasks: return starts("task");
    case LogKind::units: return starts("unit");
    case LogKind::sightings: return starts("sighting");
    case LogKind::other:
      return !starts("alert") && !starts("task") && !starts("unit") && !starts("sighting");
  }
  return true;
}

std::vector<std::string> helpLines(bool observer) {
  std::vector<std::string> out = {
      "fieldops-dashboard keys",
      "",
      "  Tab / Shift-Tab   next / previous pane   1-6   Alerts, Units, Tasks, Sightings, Map, Posts",
      "  Up / Down, PgUp / PgDn, Home / End   move in the pane",
      "  z                 zoom the pane (or back to the grid)",
      "  Enter             details of the selected item, with the full history of its transitions",
      "  p                 person details of the selected sighting (names, document, plate):",
      "                    asks a justification, which the coordinator records in its access log",
      "  l                 browse the event log (PgDn older, PgUp newer, k kind, Esc back)",
      "  f                 filter by post (a prefix, any case), unit or sighting category",
      "  /                 search text in every pane      Esc   clear the filter and search",
      "  ?                 this help (Up / Down scroll)   q     quit",
      "  m                 mute or unmute the bell and flash for a new critical alert",
      "",
      "Commands (commanders; the coordinator's answer shows in the status line):",
      "  n                 new task: kind, priority, due, target, instructions, unit",
      "  a                 assign or reassign the selected task (suggests the nearest available "
      "unit)",
      "  x                 cancel the selected task, with a reason (asks again before it goes)",
      "  t                 on an alert: its proposed task, filled in with the nearest available",
      "                    unit that can do it; Enter creates it",
      "  Space             mark / unmark the selected new alert",
      "  k                 acknowledge the marked alerts (each recorded with your name), or the",
      "                    selected one, with a note",
      "  r                 resolve the selected alert: outcome and note",
      "",
      "Panes put exceptions first: new critical alerts, lost units (longest lost first), overdue",
      "tasks (latest first). Times are the operation's clock (the exercise clock in an exercise).",
      "An alert shows its severity as raised and, once escalated, now (high→critical), its age",
      "(how long it has waited for a commander), its post, and xN when the same subject came N",
      "times. A unit shows how long it has been in its status. A finished task's due column says",
      "on time or how late it finished, and stays so.",
      "",
      "In a form: Tab / Up / Down move between fields, Left / Right change a choice,",
      "Enter on the last field sends, Esc closes without sending.",
      "",
      "Header: DISCONNECTED means no word from the coordinator for 3 s; the picture shown is the",
      "last one received, and the dashboard keeps trying and resyncs when it is back.",
  };
  if (observer) out.push_back("Observer mode: read-only; the command keys are refused.");
  out.push_back("");
  out.push_back("Press Esc or ? to close.");
  return out;
}

std::string legendText(const UiState& ui, int width) {
  std::string text;
  switch (ui.mode) {
    case Mode::normal:
      text = ui.observer
                 ? "q quit  ? help  Tab/1-6 pane  Enter details  p person  l log  f filter  "
                   "/ search  z zoom  (observer: read-only)"
                 : "q quit  ? help  Tab pane  Enter open  t proposed task  n task  a assign  "
                   "x cancel  Space mark  k ack  r resolve  p person  l log  f filter  / search  "
                   "z zoom  m mute";
      break;
    case Mode::form:
      text = "Tab/Up/Down field  Left/Right choice  Enter next/send  Esc close";
      break;
    case Mode::details:
      text = ui.details.item.pane == PaneId::sightings ? "Up/Down scroll  p person details  Esc close"
             : ui.details.item.pane == PaneId::alerts  ? "Up/Down scroll  t proposed task  Esc close"
                                                       : "Up/Down scroll  Esc close";
      break;
    case Mode::person:
      text = "Up/Down scroll  Esc close (and forget the person details)";
      break;
    case Mode::eventLog:
      text = "Up/Down scroll  PgDn older  PgUp newer  k kind: " + std::string(kindFilterName(ui.log.kind)) +
             "  Esc close";
      break;
    case Mode::help:
      text = "Up/Down scroll  Esc close";
      break;
    case Mode::confirmQuit:
      text = "Quit the dashboard? y quit  any other key stays";
      break;
  }
  return clipToWidth(text, width);
}

const char* linkText(LinkState s) {
  switch (s) {
    case LinkState::connecting:
      return "CONNECTING";
    case LinkState::live:
      return "CONNECTED";
    case LinkState::disconnected:
      return "DISCONNECTED";
  }
  return "?";
}

}  // namespace fieldops::dashboard
