// Closing an operation and purging its personal data once the retention period has passed: the
// pure part (docs/store.md, "Retention"). The store's side is in store_retention.cpp.
#pragma once

#include <coordinator/events.hpp>
#include <coordinator/state.hpp>
#include <optional>
#include <string>

namespace fieldops {

inline constexpr Millis kMillisPerDay = 86'400'000;
inline constexpr std::uint32_t kMaxRetentionDays = 36'500;  // a hundred years

// When the closed operation's personal data may be purged.
Millis retentionEndsAt(const Closure& closure);
bool retentionDue(const Closure& closure, Millis now);

// The text that replaces a purged alert's summary: no names, no screening reasons.
std::string purgedAlertSummary(const AlertView& alert);
// The alert as raised with its personal content replaced (summary, proposal instructions).
AlertView redactAlert(AlertView alert);
// The task as created with its instructions replaced (a rule copies the alert summary there).
Task redactTask(Task task, const std::string& rule);

// Whether an alert's stored payload holds personal data: an alert raised by a sighting names
// the matched watchlist entries and their reasons in its summary (decide_alerts.cpp describe()).
bool alertHoldsPersonalData(const AlertView& alert);

void applyRetentionEvent(OperationState& state, const OperationClosed& e, Millis at);
void applyRetentionEvent(OperationState& state, const RetentionPurged& e, Millis at);

}  // namespace fieldops
