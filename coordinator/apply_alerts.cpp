// Applying alert and post events to the operation state.
#include <coordinator/alerts.hpp>
#include <protocol/convert.hpp>

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

// An alert gets at most two notes (acknowledge, resolve), joined by a line break; each is cut to
// kLongText - 1 bytes so that the whole stays within the 2 * kLongText the decoder accepts for
// alert.note (protocol/convert_alerts.cpp), whatever the commander wrote (each part is capped
// separately by the decoder, the "who: " prefix is not).
void addNote(AlertView& a, const std::string& who, const std::string& note) {
  if (note.empty()) return;
  std::string entry = who + ": " + note;
  if (constexpr std::size_t kMax = convert::kLongText - 1; entry.size() > kMax) {
    constexpr std::string_view kCut = " [...]";
    std::size_t end = kMax - kCut.size();
    while (end > 0 && (static_cast<unsigned char>(entry[end]) & 0xC0) == 0x80) --end;  // UTF-8
    entry.resize(end);
    entry += kCut;
  }
  if (!a.note.empty()) a.note += "\n";
  a.note += entry;
}

}  // namespace

void applyAlertEvent(OperationState& state, const AlertRaised& e, Millis at) {
  AlertView& a = state.alerts[e.alert.alertId];
  a = e.alert;
  // As raised (an alert stored before these fields existed has them from its raising).
  a.raisedSeverity = a.severity;
  a.occurrences = 1;
  a.lastOccurredAt = at;
  a.lastNotifiedAt = at;
  a.notifications = 0;
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

// Stores written before renotifications stopped being events have them: they change nothing
// (the count is derived from the clock, notifiedView).
void applyAlertEvent(OperationState& state, const AlertRenotified& e, Millis) {
  (void)alertOf(state, e.alertId);
}

void applyAlertEvent(OperationState& state, const AlertEscalated& e, Millis) {
  AlertView& a = alertOf(state, e.alertId);
  a.escalated = true;
  a.severity = e.severity;
}

void applyAlertEvent(OperationState& state, const AlertRepeated& e, Millis at) {
  AlertView& a = alertOf(state, e.alertId);
  ++a.occurrences;
  a.lastOccurredAt = at;
  a.lastSightingId = e.sightingId;
  a.lastUnit = e.unit;
}

void applyAlertEvent(OperationState& state, const PostDefined& e, Millis) {
  state.posts[e.post.name] = e.post;
}

}  // namespace fieldops
