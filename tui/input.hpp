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
enum class Purpose { snapshot, sightings, command, history, eventLog };

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
};

InputResult handleKey(UiState& ui, const Picture& p, const Key& key, Millis now);

// The number of rows the pane lists under the current filter.
std::size_t rowCount(const Picture& p, const UiState& ui, PaneId pane);
// The request for the event-log page the state names.
Outgoing eventLogRequest(const EventLogPage& log);

}  // namespace fieldops::dashboard
