// Keys in the overlays that take the keyboard (see input_modes.hpp).
#include <tui/commands.hpp>
#include <tui/input_modes.hpp>

namespace fieldops::dashboard {

InputResult personKey(UiState& ui, const Key& key) {
  PersonDetails& person = ui.person;
  if (key.code == KeyCode::down) ++person.scroll;
  if (key.code == KeyCode::up && person.scroll > 0) --person.scroll;
  if (key.code == KeyCode::escape || key.is('q') || key.code == KeyCode::enter) {
    ui.mode = person.back;
    ui.person = PersonDetails{};  // personal data is kept only while shown
    ui.say("person details closed");
    return {true, true, false, std::nullopt};
  }
  return redraw();
}

InputResult formKey(UiState& ui, const Picture& p, const Key& key) {
  Form& form = *ui.form;
  const FormOutcome outcome = editForm(form, key);
  if (form.kind == FormKind::createTask) refreshCreateTaskForm(form, p);
  if (outcome == FormOutcome::editing) {
    if (form.confirming) {  // changed after the question: ask again
      form.confirming = false;
      form.note.clear();
    }
    return redraw();
  }
  if (outcome == FormOutcome::cancel) {
    ui.mode = form.kind == FormKind::justification ? ui.person.back : Mode::normal;
    ui.form.reset();
    ui.say("cancelled");
    return redraw();
  }
  if (form.kind == FormKind::filter || form.kind == FormKind::search) {
    ui.filter = filterFrom(form, ui.filter);
    ui.selected = {};
    ui.form.reset();
    ui.mode = Mode::normal;
    // The filter in force shows at the start of the status line: not said twice.
    ui.say(ui.filter.empty() ? "showing everything" : "filtered (Esc shows everything)");
    return {true, true, false, std::nullopt};
  }
  // Due times are on the operation clock (the exercise clock in an exercise), never the wall
  // clock: a task due "in 60" minutes of an exercise run at x200 is due 60 exercise minutes on.
  auto request = validate(form, p, p.clock, ui.commander);
  if (!request) return redraw();  // the errors show in the form
  if (!form.confirmText.empty() && !form.confirming) {
    form.confirming = true;
    form.note = form.confirmText;
    return redraw();
  }
  InputResult r = redraw();
  if (form.kind == FormKind::justification) {
    ui.person.seq = form.subjectId;
    ui.person.justification = form.fields[0].value;
    ui.person.loading = true;
    r.send = Outgoing{*request, Purpose::person, "person details"};
    ui.say("person details: asked the coordinator, which logs who asked and why");
    ui.form.reset();
    ui.mode = Mode::person;
    return r;
  }
  r.send = Outgoing{*request, Purpose::command, form.title};
  if (const auto* ack = std::get_if<AcknowledgeAlert>(&*request); ack && form.subjectIds.size() > 1) {
    for (std::size_t i = 1; i < form.subjectIds.size(); ++i) {
      AcknowledgeAlert each = *ack;
      each.alertId = form.subjectIds[i];
      r.more.push_back(Outgoing{each, Purpose::command,
                                "acknowledge alert !" + std::to_string(each.alertId)});
    }
    ui.marked.clear();
  }
  ui.say(form.title + ": sent, waiting for the coordinator");
  ui.form.reset();
  ui.mode = Mode::normal;
  return r;
}

InputResult logKey(UiState& ui, const Key& key) {
  EventLogPage& log = ui.log;
  if (key.code == KeyCode::escape || key.is('q') || key.is('l')) {
    ui.mode = Mode::normal;
    return {true, true, false, std::nullopt};
  }
  if (key.is('k')) {
    log.kind = static_cast<LogKind>((static_cast<int>(log.kind) + 1) % 6);
    log.scroll = 0;
    return redraw();
  }
  if (key.code == KeyCode::up) log.scroll = log.scroll > 0 ? log.scroll - 1 : 0;
  if (key.code == KeyCode::down && log.scroll + 1 < log.events.size()) ++log.scroll;
  const bool older = key.code == KeyCode::pageDown && !log.loading && log.events.size() == kLogPage;
  const bool newer = key.code == KeyCode::pageUp && !log.loading && !log.newer.empty();
  if (!older && !newer) return redraw();
  if (older) {
    log.newer.push_back(log.beforeSeq);
    log.beforeSeq = log.events.back().seq;
  } else {
    log.beforeSeq = log.newer.back();
    log.newer.pop_back();
  }
  log.loading = true;
  log.scroll = 0;
  InputResult r = redraw();
  r.send = eventLogRequest(log);
  return r;
}

}  // namespace fieldops::dashboard
