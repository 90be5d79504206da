// Key handling by mode (see input.hpp).
#include <algorithm>
#include <tui/commands.hpp>
#include <tui/details.hpp>
#include <tui/input.hpp>
#include <tui/input_modes.hpp>

namespace fieldops::dashboard {

namespace {

constexpr const char* kReadOnly = "read-only (observer)";


const TaskView* selectedTask(const Picture& p, const UiState& ui) {
  const auto rows = taskBoard(p, ui.filter);
  const std::size_t i = ui.selected[paneIndex(PaneId::tasks)];
  return i < rows.size() ? rows[i] : nullptr;
}

const AlertView* selectedAlert(const Picture& p, const UiState& ui) {
  const auto rows = alertList(p, ui.filter);
  const std::size_t i = ui.selected[paneIndex(PaneId::alerts)];
  return i < rows.size() ? rows[i] : nullptr;
}

std::optional<ItemRef> selectedItem(const Picture& p, const UiState& ui) {
  const std::size_t i = ui.selected[paneIndex(ui.focus)];
  switch (ui.focus) {
    case PaneId::units: {
      const auto rows = unitRows(p, ui.filter);
      if (i < rows.size()) return ItemRef{PaneId::units, 0, rows[i].unit->callsign};
      break;
    }
    case PaneId::tasks:
      if (const auto* t = selectedTask(p, ui)) return ItemRef{PaneId::tasks, t->task.taskId, {}};
      break;
    case PaneId::sightings: {
      const auto rows = sightingFeed(p, ui.filter);
      if (i < rows.size()) return ItemRef{PaneId::sightings, rows[i].sighting->seq, {}};
      break;
    }
    case PaneId::alerts:
      if (const auto* a = selectedAlert(p, ui)) return ItemRef{PaneId::alerts, a->alertId, {}};
      break;
    case PaneId::map:
    case PaneId::posts:
      break;
  }
  return std::nullopt;
}

std::string subjectFor(const Picture& p, const ItemRef& item) {
  switch (item.pane) {
    case PaneId::units:
      return "unit:" + item.name;
    case PaneId::tasks:
      return "task:" + std::to_string(item.id);
    case PaneId::alerts:
      return "alert:" + std::to_string(item.id);
    case PaneId::sightings:
      if (const auto s = p.sightings.find(item.id); s != p.sightings.end())
        return subjectOf(s->second);
      break;
    case PaneId::map:
    case PaneId::posts:
      break;
  }
  return {};
}

InputResult openDetails(UiState& ui, const Picture& p) {
  const auto item = selectedItem(p, ui);
  if (!item) {
    ui.say("nothing selected here");
    return redraw();
  }
  ui.details = Details{*item, subjectFor(p, *item), {}, true, {}, 0};
  ui.mode = Mode::details;
  InputResult r = redraw();
  r.send = Outgoing{EventQuery{0, 0, 1000, false, ui.details.subject}, Purpose::history,
                    "history of " + ui.details.subject};
  return r;
}

InputResult openForm(UiState& ui, Form form) {
  ui.form = std::move(form);
  ui.mode = Mode::form;
  return redraw();
}

// The form that asks why the person details of the sighting stored at `seq` are needed. Any
// role may ask (it is a read); the coordinator records who asked and why before it answers.
InputResult openJustification(UiState& ui, const Picture& p, std::uint64_t seq) {
  const auto s = p.sightings.find(seq);
  if (s == p.sightings.end()) {
    ui.say("select a sighting in the Sightings pane first (4)", true);
    return redraw();
  }
  ui.person = PersonDetails{};
  ui.person.back = ui.mode;
  return openForm(ui, justificationForm(s->second));
}

// On the map: + (or =) and - zoom, the arrows pan, 0 shows the whole operation again.
std::optional<InputResult> mapKey(UiState& ui, const Key& key) {
  MapView& m = ui.map;
  constexpr int kMaxPan = 64;
  if (key.is('+') || key.is('=')) {
    m.zoom = std::min(m.zoom + 1, kMaxZoom);
  } else if (key.is('-')) {
    m.zoom = std::max(m.zoom - 1, 0);
    if (m.zoom == 0) m = MapView{};
  } else if (key.is('0')) {
    m = MapView{};
  } else if (key.code == KeyCode::up || key.code == KeyCode::down) {
    m.panNorth = std::clamp(m.panNorth + (key.code == KeyCode::up ? 1 : -1), -kMaxPan, kMaxPan);
  } else if (key.code == KeyCode::right || key.code == KeyCode::left) {
    m.panEast = std::clamp(m.panEast + (key.code == KeyCode::right ? 1 : -1), -kMaxPan, kMaxPan);
  } else {
    return std::nullopt;
  }
  return redraw();
}

// Keys that change what the commander is looking at.
std::optional<InputResult> navigate(UiState& ui, const Picture& p, const Key& key) {
  if (ui.focus == PaneId::map) {
    if (auto r = mapKey(ui, key)) return r;
  }
  auto& sel = ui.selected[paneIndex(ui.focus)];
  const std::size_t rows = rowCount(p, ui, ui.focus);
  const auto focusStep = [&](int step) {
    std::size_t i = 0;
    while (kPaneOrder[i] != ui.focus) ++i;
    const auto n = static_cast<int>(kPaneCount);
    ui.focus = kPaneOrder[static_cast<std::size_t>((static_cast<int>(i) + step + n) % n)];
    return InputResult{true, true, false, std::nullopt};
  };
  switch (key.code) {
    case KeyCode::tab:
      return focusStep(1);
    case KeyCode::backTab:
      return focusStep(-1);
    case KeyCode::up:
      sel = sel > 0 ? sel - 1 : 0;
      return redraw();
    case KeyCode::down:
      sel = rows == 0 ? 0 : std::min(sel + 1, rows - 1);
      return redraw();
    case KeyCode::pageUp:
      sel = sel > 10 ? sel - 10 : 0;
      return redraw();
    case KeyCode::pageDown:
      sel = rows == 0 ? 0 : std::min(sel + 10, rows - 1);
      return redraw();
    case KeyCode::home:
      sel = 0;
      return redraw();
    case KeyCode::end:
      sel = rows == 0 ? 0 : rows - 1;
      return redraw();
    case KeyCode::enter:
      return openDetails(ui, p);
    case KeyCode::escape:
      if (!ui.filter.empty()) {
        ui.filter = {};
        ui.say("filter cleared");
      }
      return InputResult{true, true, false, std::nullopt};
    default:
      break;
  }
  if (key.code != KeyCode::character) return std::nullopt;
  if (key.ch >= '1' && key.ch <= static_cast<char32_t>('0' + kPaneCount)) {
    ui.focus = kPaneOrder[key.ch - '1'];
    return InputResult{true, true, false, std::nullopt};
  }
  return std::nullopt;
}

// The alert's proposed task in the new-task form, filled in (t).
InputResult proposedTask(UiState& ui, const Picture& p, std::uint64_t alertId) {
  if (ui.observer) {
    ui.say(kReadOnly, true);
    return redraw();
  }
  const auto it = p.alerts.find(alertId);
  if (it == p.alerts.end()) return redraw();
  const AlertView& alert = it->second;
  if (!alert.proposal) {
    ui.say("alert !" + std::to_string(alertId) + " proposes no task; n opens an empty form", true);
    return redraw();
  }
  if (alert.proposal->taskId != 0) {
    ui.say("task #" + std::to_string(alert.proposal->taskId) +
               " was created with the alert: see it in the Tasks pane (3)",
           true);
    return redraw();
  }
  return openForm(ui, proposedTaskForm(p, alert));
}

// Keys that change the operation (commander only).
InputResult command(UiState& ui, const Picture& p, char32_t ch) {
  if (ui.observer) {
    ui.say(kReadOnly, true);
    return redraw();
  }
  const TaskView* task = selectedTask(p, ui);
  const AlertView* alert = selectedAlert(p, ui);
  switch (ch) {
    case 'n':
      return openForm(ui, createTaskForm(p));
    case 'a':
      if (task == nullptr || !isOpen(*task)) break;
      return openForm(ui, assignForm(p, *task));
    case 'x':
      if (task == nullptr || !isOpen(*task)) break;
      return openForm(ui, cancelForm(*task));
    case 'k': {
      // Marked alerts (Space) are acknowledged together, each recorded on its own.
      std::vector<std::uint64_t> marked;
      for (auto id : ui.marked) {
        const auto a = p.alerts.find(id);
        if (a != p.alerts.end() && a->second.state == AlertState::RAISED) marked.push_back(id);
      }
      if (marked.size() > 1) return openForm(ui, bulkAcknowledgeForm(p, marked));
      if (marked.size() == 1) return openForm(ui, acknowledgeForm(p.alerts.at(marked.front())));
      if (alert == nullptr || alert->state != AlertState::RAISED) break;
      return openForm(ui, acknowledgeForm(*alert));
    }
    case 't':
      if (alert == nullptr) break;
      return proposedTask(ui, p, alert->alertId);
    case 'r':
      if (alert == nullptr || alert->state == AlertState::RESOLVED) break;
      return openForm(ui, resolveForm(*alert));
    default:
      break;
  }
  const bool onTask = ch == 'a' || ch == 'x';
  if (ch == 't') {
    ui.say("select an alert in the Alerts pane first (1)", true);
    return redraw();
  }
  ui.say(onTask ? "select an open task in the Tasks pane first (3)"
                : "select an open alert in the Alerts pane first (1)",
         true);
  return redraw();
}

InputResult normalKey(UiState& ui, const Picture& p, const Key& key) {
  if (auto r = navigate(ui, p, key)) return *r;
  if (key.code != KeyCode::character) return {};
  switch (key.ch) {
    case 'q':
      if (ui.observer) return {false, false, true, std::nullopt};
      ui.mode = Mode::confirmQuit;
      return redraw();
    case '?':
      ui.mode = Mode::help;
      ui.helpScroll = 0;
      return redraw();
    case 'z':
      ui.zoomed = !ui.zoomed;
      return {true, true, false, std::nullopt};
    case 'f':
      return openForm(ui, filterForm(ui.filter));
    case 'p': {
      if (ui.focus != PaneId::sightings) {
        ui.say("select a sighting in the Sightings pane first (4)", true);
        return redraw();
      }
      const auto item = selectedItem(p, ui);
      return openJustification(ui, p, item ? item->id : 0);
    }
    case '/':
      return openForm(ui, searchForm(ui.filter));
    case 'l': {
      ui.log = EventLogPage{};
      ui.log.loading = true;
      ui.mode = Mode::eventLog;
      InputResult r = redraw();
      r.send = eventLogRequest(ui.log);
      return r;
    }
    case 'n':
    case 'a':
    case 'x':
    case 'k':
    case 'r':
    case 't':
      return command(ui, p, key.ch);
    case ' ': {
      // Marks the selected unacknowledged alert for a bulk acknowledge (k).
      const AlertView* alert = ui.focus == PaneId::alerts ? selectedAlert(p, ui) : nullptr;
      if (alert == nullptr || alert->state != AlertState::RAISED) {
        ui.say("Space marks a new alert in the Alerts pane (1) for k", true);
        return redraw();
      }
      auto it = std::find(ui.marked.begin(), ui.marked.end(), alert->alertId);
      if (it == ui.marked.end()) {
        ui.marked.push_back(alert->alertId);
      } else {
        ui.marked.erase(it);
      }
      ui.say(std::to_string(ui.marked.size()) + " alert(s) marked; k acknowledges them");
      return redraw();
    }
    case 'm':
      ui.muted = !ui.muted;
      ui.say(ui.muted ? "bell and flash for new critical alerts off (m turns them on)"
                      : "bell and flash for new critical alerts on");
      return redraw();
    default:
      return {};
  }
}

}  // namespace

std::size_t rowCount(const Picture& p, const UiState& ui, PaneId pane) {
  switch (pane) {
    case PaneId::units:
      return unitRows(p, ui.filter).size();
    case PaneId::tasks:
      return taskBoard(p, ui.filter).size();
    case PaneId::sightings:
      return sightingFeed(p, ui.filter).size();
    case PaneId::alerts:
      return alertList(p, ui.filter).size();
    case PaneId::posts:
      return postRows(p, ui.filter).size();
    case PaneId::map:
      return 0;
  }
  return 0;
}

void showPerson(UiState& ui, const Outgoing& request, const std::optional<ControlReply>& reply,
                const Error& error) {
  const auto* query = std::get_if<SightingQuery>(&request.request);
  PersonDetails& person = ui.person;
  if (query == nullptr || ui.mode != Mode::person || person.seq != query->afterSeq + 1) return;
  person.loading = false;
  if (!reply) {
    person.error = "coordinator: " + error.message;
    return;
  }
  const auto* page = std::get_if<std::vector<StoredSighting>>(&*reply);
  if (page == nullptr) {
    person.error = "coordinator: unexpected answer";
  } else if (page->empty() || page->front().seq != person.seq) {
    person.error = "the coordinator no longer holds this sighting";
  } else if (page->front().redacted) {
    person.error = "the coordinator sent the sighting redacted";
  } else {
    person.record = page->front();
  }
}

Outgoing eventLogRequest(const EventLogPage& log) {
  return {EventQuery{0, log.beforeSeq, kLogPage, true, {}}, Purpose::eventLog, "event log"};
}

InputResult handleKey(UiState& ui, const Picture& p, const Key& key) {
  if (key.code == KeyCode::resize) return {true, true, false, std::nullopt};
  switch (ui.mode) {
    case Mode::normal:
      return normalKey(ui, p, key);
    case Mode::form:
      return formKey(ui, p, key);
    case Mode::eventLog:
      return logKey(ui, key);
    case Mode::confirmQuit:
      if (key.is('y') || key.is('q')) return {false, false, true, std::nullopt};
      ui.mode = Mode::normal;
      return redraw();
    case Mode::person:
      return personKey(ui, key);
    case Mode::help:
      if (key.code == KeyCode::down || key.code == KeyCode::pageDown) {
        ui.helpScroll += key.code == KeyCode::down ? 1 : 10;
        ui.helpScroll = std::min(ui.helpScroll, helpLines(ui.observer).size());
        return redraw();
      }
      if (key.code == KeyCode::up || key.code == KeyCode::pageUp) {
        const std::size_t step = key.code == KeyCode::up ? 1 : 10;
        ui.helpScroll = ui.helpScroll > step ? ui.helpScroll - step : 0;
        return redraw();
      }
      [[fallthrough]];
    case Mode::details:
      if (ui.mode == Mode::details && key.is('p') && ui.details.item.pane == PaneId::sightings) {
        return openJustification(ui, p, ui.details.item.id);
      }
      if (ui.mode == Mode::details && key.is('t') && ui.details.item.pane == PaneId::alerts) {
        ui.mode = Mode::normal;  // the form opens over the panes; Esc goes back to them
        return proposedTask(ui, p, ui.details.item.id);
      }
      if (ui.mode == Mode::details && key.code == KeyCode::down) ++ui.details.scroll;
      if (ui.mode == Mode::details && key.code == KeyCode::up && ui.details.scroll > 0) {
        --ui.details.scroll;
      }
      if (key.code == KeyCode::escape || key.is('q') || key.is('?') || key.code == KeyCode::enter) {
        ui.mode = Mode::normal;
        return {true, true, false, std::nullopt};
      }
      return redraw();
  }
  return {};
}

}  // namespace fieldops::dashboard
