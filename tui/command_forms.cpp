// Building the command forms and validating them into control requests (see commands.hpp).
#include <algorithm>
#include <protocol/convert.hpp>
#include <tui/commands.hpp>

namespace fieldops::dashboard {

namespace {

template <class E>
std::vector<std::string> spokenChoices() {
  std::vector<std::string> out;
  for (const auto& n : enumNames<E>()) out.push_back(spokenWords(n));
  return out;
}

template <class E>
E choiceValue(const Field& f) {
  const auto choices = spokenChoices<E>();
  const auto at = std::find(choices.begin(), choices.end(), f.value);
  return static_cast<E>(at == choices.end() ? 0 : at - choices.begin());
}

Field text(std::string label, std::string hint, std::string value = {}) {
  Field f;
  f.label = std::move(label);
  f.hint = std::move(hint);
  f.value = std::move(value);
  return f;
}

Field choice(std::string label, std::vector<std::string> choices, std::string value) {
  Field f;
  f.label = std::move(label);
  f.choices = std::move(choices);
  f.value = std::move(value);
  f.hint = "\u2190/\u2192 to change";
  return f;
}

bool tooLong(Field& f, std::size_t limit) {
  if (f.value.size() <= limit) return false;
  f.error = "at most " + std::to_string(limit) + " bytes";
  return true;
}

std::string unitProblem(const Picture& p, const std::string& callsign) {
  const auto u = p.units.find(callsign);
  if (u == p.units.end()) return "no unit with callsign " + callsign;
  if (u->second.status == UnitStatus::LOST) return callsign + " is lost";
  return {};
}

std::optional<ControlRequest> validateCreate(Form& form, const Picture& p, Millis now) {
  CreateTask c;
  c.kind = choiceValue<TaskKind>(form.fields[0]);
  c.priority = choiceValue<Priority>(form.fields[1]);
  bool ok = true;
  if (auto due = parseDue(form.fields[2].value, now)) {
    c.dueAt = *due;
  } else {
    form.fields[2].error = due.error();
    ok = false;
  }
  if (auto target = parseTarget(form.fields[3].value, p)) {
    c.target = *target;
  } else {
    form.fields[3].error = target.error();
    ok = false;
  }
  c.instructions = form.fields[4].value;
  ok = !tooLong(form.fields[4], convert::kLongText) && ok;
  const std::string& unit = form.fields[5].value;
  if (unit != kUnassigned) {
    if (auto problem = unitProblem(p, unit); !problem.empty()) {
      form.fields[5].error = problem;
      ok = false;
    }
    c.assignTo = unit;
  }
  if (!ok) return std::nullopt;
  return ControlRequest{c};
}

std::optional<ControlRequest> validateAlert(Form& form, const std::string& commander) {
  if (commander.empty()) {
    form.note = "no commander name: start with --commander NAME";
    return std::nullopt;
  }
  Field& note = form.fields.back();
  if (tooLong(note, convert::kLongText)) return std::nullopt;
  if (form.kind == FormKind::acknowledgeAlert) {
    return ControlRequest{AcknowledgeAlert{form.subjectId, commander, note.value}};
  }
  if (note.value.empty()) {
    note.error = "a note is required: why is it resolved this way?";
    return std::nullopt;
  }
  return ControlRequest{ResolveAlert{form.subjectId, commander,
                                     choiceValue<AlertOutcome>(form.fields[0]), note.value}};
}

}  // namespace

Form createTaskForm(const Picture& p) {
  Form f;
  f.kind = FormKind::createTask;
  f.title = "New task";
  f.fields = {
      choice("kind", spokenChoices<TaskKind>(), spoken(TaskKind::SCREEN_ARRIVALS)),
      choice("priority", spokenChoices<Priority>(), "P3"),
      text("due in", "minutes, or HH:MM (UTC)", "60"),
      text("target", "a post (a prefix will do) or lat,lon"),
      text("instructions", "what the unit is to do"),
      choice("assign to", {kUnassigned}, kUnassigned),
  };
  refreshCreateTaskForm(f, p);
  return f;
}

void refreshCreateTaskForm(Form& form, const Picture& p) {
  const TaskKind kind = choiceValue<TaskKind>(form.fields[0]);
  Field& assign = form.fields[5];
  const auto target = parseTarget(form.fields[3].value, p);
  const Target where = target ? *target : Target{std::string()};
  std::vector<std::string> choices = rankedUnits(p, kind, where);
  const std::string best = suggestUnit(p, kind, where);
  choices.insert(choices.begin(), kUnassigned);
  assign.choices = choices;
  form.note = best.empty()
                  ? std::string("no available unit with ") + capabilityName(capabilityFor(kind))
                  : "suggested: " + best + " (nearest available, " +
                        capabilityName(capabilityFor(kind)) + ")";
  if (!assign.touched) assign.value = best.empty() ? kUnassigned : best;
  if (std::find(choices.begin(), choices.end(), assign.value) == choices.end()) {
    assign.value = kUnassigned;
  }
}

Form assignForm(const Picture& p, const TaskView& task) {
  Form f;
  f.kind = FormKind::assignTask;
  f.subjectId = task.task.taskId;
  const bool reassign = !task.unit.empty() && !task.needsReassignment &&
                        task.state != TaskState::CREATED && task.state != TaskState::DECLINED;
  f.title = (reassign ? "Reassign task #" : "Assign task #") + std::to_string(task.task.taskId);
  auto units = rankedUnits(p, task.task.kind, task.task.target);
  const std::string best = suggestUnit(p, task.task.kind, task.task.target);
  if (units.empty()) units.push_back("(no unit)");
  f.fields = {choice("unit", units, units.front())};
  f.note = best.empty() ? std::string("no available unit with ") +
                              capabilityName(capabilityFor(task.task.kind)) + "; pick one"
                        : "suggested: " + best + " (nearest available, " +
                              capabilityName(capabilityFor(task.task.kind)) +
                              "); Enter accepts, \u2190/\u2192 picks another";
  return f;
}

Form cancelForm(const TaskView& task) {
  Form f;
  f.kind = FormKind::cancelTask;
  f.subjectId = task.task.taskId;
  f.title = "Cancel task #" + std::to_string(task.task.taskId);
  f.fields = {text("reason", "why it is cancelled")};
  f.confirmText = "Cancel task #" + std::to_string(task.task.taskId) + " (" +
                  spoken(task.task.kind) + (task.unit.empty() ? "" : ", " + task.unit) +
                  ") for good? Enter again cancels it, Esc keeps it";
  return f;
}

Form proposedTaskForm(const Picture& p, const AlertView& alert) {
  Form f = createTaskForm(p);
  const ProposedTask& proposal = *alert.proposal;
  f.title = "Task for alert !" + std::to_string(alert.alertId);
  f.fields[0].value = spoken(proposal.kind);
  f.fields[1].value = spoken(proposal.priority);
  f.fields[3].value = targetText(proposal.target);
  f.fields[4].value = proposal.instructions.substr(0, convert::kLongText);
  for (auto& field : f.fields) field.touched = field.label != "assign to";
  // The recommended unit now (nearest available with the capability), not the one the alert
  // named when it was raised: that one may be busy or lost since.
  refreshCreateTaskForm(f, p);
  f.focus = f.fields.size() - 1;  // Enter creates it
  return f;
}

Form bulkAcknowledgeForm(const Picture& p, const std::vector<std::uint64_t>& alertIds) {
  Form f;
  f.kind = FormKind::acknowledgeAlert;
  f.subjectIds = alertIds;
  f.subjectId = alertIds.empty() ? 0 : alertIds.front();
  f.title = "Acknowledge " + std::to_string(alertIds.size()) + " alerts";
  std::string ids;
  for (auto id : alertIds) {
    if (p.alerts.count(id) == 0) continue;
    ids += (ids.empty() ? "!" : " !") + std::to_string(id);
  }
  f.note = ids + " (each recorded with your name)";
  f.fields = {text("note", "optional, the same for each")};
  return f;
}

Form acknowledgeForm(const AlertView& alert) {
  Form f;
  f.kind = FormKind::acknowledgeAlert;
  f.subjectId = alert.alertId;
  f.title = "Acknowledge alert !" + std::to_string(alert.alertId);
  f.note = alert.summary;
  f.fields = {text("note", "optional")};
  return f;
}

Form resolveForm(const AlertView& alert) {
  Form f;
  f.kind = FormKind::resolveAlert;
  f.subjectId = alert.alertId;
  f.title = "Resolve alert !" + std::to_string(alert.alertId);
  f.note = alert.summary;
  // A hit is confirmed or was a false positive; other alerts are usually simply handled.
  const bool screening = alert.cause == AlertCause::HIT || alert.cause == AlertCause::POSSIBLE_HIT;
  std::vector<std::string> outcomes = spokenChoices<AlertOutcome>();
  if (screening) outcomes.pop_back();
  f.fields = {choice("outcome", outcomes, screening ? outcomes.front() : outcomes.back()),
              text("note", "required: why it is resolved this way")};
  return f;
}

Form filterForm(const Filter& current) {
  Form f;
  f.kind = FormKind::filter;
  f.title = "Filter (empty fields show everything)";
  std::vector<std::string> categories = {"any"};
  for (const auto& c : enumNames<SightingCategory>()) categories.push_back(c);
  f.fields = {text("post", "the start of its name, any case", current.post), text("unit", "callsign", current.unit),
              choice("category", categories,
                     current.category ? enumName(*current.category) : std::string("any"))};
  return f;
}

Form searchForm(const Filter& current) {
  Form f;
  f.kind = FormKind::search;
  f.title = "Search (text in any pane; empty clears)";
  f.fields = {text("search", "", current.search)};
  return f;
}

Form justificationForm(const StoredSighting& sighting) {
  Form f;
  f.kind = FormKind::justification;
  f.title = "Personal data \u2014 justification (recorded in the access log):";
  f.subjectId = sighting.seq;
  f.note = "Sighting " + sighting.unit + "/" + sighting.sighting.sightingId +
           ": say why you need the names, e.g. the case or the task";
  f.fields = {text("justification", "who you are and this text go to the access log")};
  return f;
}

std::optional<ControlRequest> validate(Form& form, const Picture& p, Millis now,
                                       const std::string& commander) {
  for (auto& field : form.fields) field.error.clear();
  switch (form.kind) {
    case FormKind::createTask:
      return validateCreate(form, p, now);
    case FormKind::assignTask: {
      Field& unit = form.fields[0];
      if (auto problem = unitProblem(p, unit.value); !problem.empty()) {
        unit.error = problem;
        return std::nullopt;
      }
      const auto task = p.tasks.find(form.subjectId);
      if (task == p.tasks.end()) {
        unit.error = "the task is gone";
        return std::nullopt;
      }
      const TaskView& t = task->second;
      const bool reassign = !t.unit.empty() && !t.needsReassignment &&
                            t.state != TaskState::CREATED && t.state != TaskState::DECLINED;
      return ControlRequest{AssignTask{form.subjectId, unit.value, reassign}};
    }
    case FormKind::cancelTask:
      if (tooLong(form.fields[0], convert::kNameText)) return std::nullopt;
      return ControlRequest{CancelTask{form.subjectId, form.fields[0].value}};
    case FormKind::acknowledgeAlert:
    case FormKind::resolveAlert:
      return validateAlert(form, commander);
    case FormKind::justification: {
      Field& why = form.fields[0];
      why.error = justificationProblem(why.value).value_or("");
      if (!why.error.empty() || form.subjectId == 0) return std::nullopt;
      // The one sighting stored at subjectId: the first after the seq before it.
      return ControlRequest{SightingQuery{form.subjectId - 1, 1, false, why.value}};
    }
    case FormKind::filter:
    case FormKind::search:
      return std::nullopt;
  }
  return std::nullopt;
}

Filter filterFrom(const Form& form, Filter current) {
  if (form.kind == FormKind::search) {
    current.search = form.fields[0].value;
    return current;
  }
  current.post = form.fields[0].value;
  current.unit = form.fields[1].value;
  current.category = enumFromName<SightingCategory>(form.fields[2].value);
  return current;
}

}  // namespace fieldops::dashboard
