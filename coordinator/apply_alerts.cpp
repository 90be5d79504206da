// Applying alert and post events to the operation state.
#include <coordinator/alerts.hpp>

#include <cstdlib>
#include <iostream>

namespace fieldops {

namespace {

AlertView& alertOf(OperationState& state, std::uint64_t id) {
  auto it = state.alerts.find(id);
  if (it == state.alerts.end()) {
    std::cerr << "fieldops: broken invariant: event for unknown alert " << id << std::endl;
    std::abort();
  }
  return it->second;
}

void addNote(AlertView& a, const std::string& who, const std::string& note) {
  if (note.empty()) return;
  if (!a.note.empty()) a.note += "\n";
  a.note += who + ": " + note;
}

}  // namespace

void applyAlertEvent(OperationState& state, const AlertRaised& e, Millis) {
  state.alerts[e.alert.alertId] = e.alert;
  state.nextAlertId = std::max(state.nextAlertId, e.alert.alertId + 1);
}

void applyAlertEvent(OperationState& state, const AlertAcknowledged& e, Millis at) {
  AlertView& a = alertOf(state, e.alertId);
  a.state = AlertState::ACKNOWLEDGED;
  a.acknowledgedBy = e.commander;
  a.acknowledgedAt = at;
  addNote(a, e.commander, e.note);
}

void applyAlertEvent(OperationState& state, const AlertResolved& e, Millis at) {
  AlertView& a = alertOf(state, e.alertId);
  if (a.acknowledgedBy.empty()) {  // resolving an alert acknowledges it too
    a.acknowledgedBy = e.commander;
    a.acknowledgedAt = at;
  }
  a.state = AlertState::RESOLVED;
  a.resolvedBy = e.commander;
  a.resolvedAt = at;
  a.outcome = e.outcome;
  addNote(a, e.commander, e.note);
}

void applyAlertEvent(OperationState& state, const AlertRenotified& e, Millis at) {
  AlertView& a = alertOf(state, e.alertId);
  ++a.notifications;
  a.lastNotifiedAt = at;
}

void applyAlertEvent(OperationState& state, const AlertEscalated& e, Millis at) {
  AlertView& a = alertOf(state, e.alertId);
  a.escalated = true;
  a.severity = e.severity;
  ++a.notifications;
  a.lastNotifiedAt = at;
}

void applyAlertEvent(OperationState& state, const PostDefined& e, Millis) {
  state.posts[e.post.name] = e.post;
}

}  // namespace fieldops
