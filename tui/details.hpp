// The text of the overlays: an item's details with its history, a sighting's person details, the
// event log lines, the help screen and the key legend. Pure.
#pragma once

#include <string>
#include <tui/sync.hpp>
#include <tui/ui.hpp>
#include <vector>

namespace fieldops::dashboard {

std::vector<std::string> detailLines(const Picture& p, const Details& d);
std::string eventLine(const EventSummary& e);
// A sighting's whole record as the coordinator disclosed it, with the justification given.
std::vector<std::string> personLines(const PersonDetails& d);
std::vector<std::string> helpLines(bool observer);
// The one-line key legend for the mode, shortened to what fits in `width` columns.
std::string legendText(const UiState& ui, int width);
const char* linkText(LinkState s);

}  // namespace fieldops::dashboard
