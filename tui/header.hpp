// The header line: the operation, its clock and the counts a commander needs at a glance
// (new alerts, units available/busy/lost, overdue tasks, uncovered posts, the event number).
// At narrow widths the counts take their short forms and the least needed parts go first, never
// the new-alert count or the clock. Pure, tested without a terminal.
#pragma once

#include <string>
#include <vector>
#include <tui/views.hpp>

namespace fieldops::dashboard {

// The header's left part in at most `width` columns.
std::string headerText(const Picture& p, const std::string& operationId, int width);

// The tab bar's tabs, in kPaneOrder, each with one space either side, shortened until all five
// fit in `width` columns with one column between them (every pane keeps its tab down to the
// smallest terminal, 60 columns); the Alerts tab carries the new-alert count.
std::vector<std::string> tabTexts(std::size_t newAlerts, int width);

}  // namespace fieldops::dashboard
