// Alert helpers shared by the pure core's decisions: raising an alert (with the follow-up task
// its rule creates at once), choosing the nearest capable unit, the alert timers, and applying
// alert and post events to the state.
#pragma once

#include <coordinator/alert_rules.hpp>
#include <coordinator/core.hpp>
#include <protocol/unit_match.hpp>

namespace fieldops {

// Raises alerts within one decision, handing out alert and task ids in order.
struct AlertDraft {
  const OperationState& state;
  std::uint64_t nextAlertId;
  std::uint64_t nextTaskId;

  void raise(Decision& d, const CoreSettings& settings, AlertView alert, const AlertRule& rule,
             Millis now);
};

bool hasCapability(const UnitView& u, Needs needs);

// The open (not resolved) alert of `rule` with `groupKey` whose last occurrence was within the
// grouping window: a new occurrence counts on it (AlertRepeated). Null when there is none or
// the key is empty.
const AlertView* groupedInto(const OperationState& state, const CoreSettings& settings,
                             std::string_view rule, const std::string& groupKey, Millis now);

// An alert as clients see it at `clock`: renotification is not stored but derived: unacknowledged
// for n whole --alert-renotify-s periods, it has been notified again n times, the last at
// raisedAt + n periods (counting stops when it is acknowledged).
AlertView notifiedView(const AlertView& alert, const CoreSettings& settings, Millis clock);
std::uint32_t renotifications(const AlertView& alert, const CoreSettings& settings, Millis clock);

// The available unit with the capability nearest to `from` (a unit at preferredPost counts as
// nearest); empty when there is none.
std::string nearestAvailableUnit(const OperationState& state, Needs needs, const Position& from,
                                 const std::string& preferredPost);

// Timers for alerts: renotify and escalate unacknowledged alerts, alert on lost units (the
// unitLost events of `d` from firstEvent on) and on staffed posts left without an available unit.
void alertTimers(const OperationState& state, const CoreSettings& settings, Millis now,
                 Decision& d, std::size_t firstEvent = 0);
Millis nextAlertTimer(const OperationState& state, const CoreSettings& settings, Millis now);

void applyAlertEvent(OperationState& state, const AlertRaised& e, Millis at);
void applyAlertEvent(OperationState& state, const AlertAcknowledged& e, Millis at);
void applyAlertEvent(OperationState& state, const AlertResolved& e, Millis at);
void applyAlertEvent(OperationState& state, const AlertRenotified& e, Millis at);
void applyAlertEvent(OperationState& state, const AlertEscalated& e, Millis at);
void applyAlertEvent(OperationState& state, const AlertRepeated& e, Millis at);
void applyAlertEvent(OperationState& state, const PostDefined& e, Millis at);

}  // namespace fieldops
