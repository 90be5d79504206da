// Key handling: one handler per mode, returning what the loop must do (style.md 6: handlers
// return flags, they do not reach into the loop). Pure.
#pragma once

#include <optional>
#include <string>
#include <tui/keys.hpp>
#include <tui/model.hpp>
#include <tui/ui.hpp>

namespace fieldops::dashboard {

// Why a control request was sent, so its reply goes to the right place.
enum class Purpose { snapshot, sightings, command, history, eventLog, person };

struct Outgoing {
  ControlRequest request;
  Purpose purpose = Purpose::command;
  std::string label;  // "create task", for the status line
};

struct InputResult {
  bool redraw = false;
  bool relayout = false;  // focus, zoom or size changed
  bool quit = false;
  std::optional<Outgoing> send;
  std::vector<Outgoing> more{};  // sent after `send`: a bulk acknowledge, one per alert
};

// Times typed into forms (a task's due time) are read on the picture's operation clock.
InputResult handleKey(UiState& ui, const Picture& p, const Key& key);

// The number of rows the pane lists under the current filter.
std::size_t rowCount(const Picture& p, const UiState& ui, PaneId pane);
// The coordinator's answer to a person-details request: the whole record, or why not. An
// answer for a view already closed is dropped, so personal data is never kept unseen.
void showPerson(UiState& ui, const Outgoing& request, const std::optional<ControlReply>& reply,
                const Error& error);

// The request for the event-log page the state names.
Outgoing eventLogRequest(const EventLogPage& log);

}  // namespace fieldops::dashboard
