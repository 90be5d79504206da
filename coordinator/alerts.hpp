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
void applyAlertEvent(OperationState& state, const PostDefined& e, Millis at);

}  // namespace fieldops
