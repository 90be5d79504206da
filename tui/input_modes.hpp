// Keys in the overlays that take the keyboard: a form, the event log, a person's details. The
// panes' keys are in input.cpp; both go through handleKey (input.hpp).
#pragma once

#include <tui/input.hpp>

namespace fieldops::dashboard {

inline InputResult redraw() {
  return {true, false, false, std::nullopt};
}

// A form: editing, then validation into a request (with a second Enter where the form asks
// again), the filter and search applied, a bulk acknowledge as one request per alert.
InputResult formKey(UiState& ui, const Picture& p, const Key& key);
// The event log: scrolling, pages, the kind shown.
InputResult logKey(UiState& ui, const Key& key);
// A person's details: scrolling; closing forgets them.
InputResult personKey(UiState& ui, const Key& key);

}  // namespace fieldops::dashboard
