// Retention: closure and the redactions of a purge (see retention.hpp).
#include <coordinator/retention.hpp>

namespace fieldops {

namespace {
constexpr const char* kPurged = "content purged (retention)";
}  // namespace

Millis retentionEndsAt(const Closure& closure) {
  return closure.closedAt + static_cast<Millis>(closure.retentionDays) * kMillisPerDay;
}

bool retentionDue(const Closure& closure, Millis now) {
  return retentionEndsAt(closure) <= now;
}

std::string purgedAlertSummary(const AlertView& alert) {
  std::string text = "alert on sighting " + alert.sightingId + " by " + alert.unit;
  if (!alert.post.empty()) text += " at " + alert.post;
  return text + ": " + kPurged;
}

AlertView redactAlert(AlertView alert) {
  alert.summary = purgedAlertSummary(alert);
  // The why line has no personal data, but it ties the sighting to a notice: purged with it.
  if (!alert.why.empty()) alert.why = kPurged;
  if (alert.proposal) alert.proposal->instructions = alert.rule + ": " + kPurged;
  return alert;
}

Task redactTask(Task task, const std::string& rule) {
  task.instructions = rule + ": " + kPurged;
  return task;
}

bool alertHoldsPersonalData(const AlertView& alert) {
  return !alert.sightingId.empty();
}

void applyRetentionEvent(OperationState& state, const OperationClosed& e, Millis at) {
  state.closure = Closure{at, e.retentionDays, e.reason, 0};
}

void applyRetentionEvent(OperationState& state, const RetentionPurged& e, Millis) {
  if (state.closure) state.closure->purgedThrough = e.throughSeq;
  // What the projections show of purged alerts and tasks: the same redacted text a rebuild
  // gets from the redacted copies.
  for (const auto& r : e.alerts) {
    if (auto it = state.alerts.find(r.alert.alertId); it != state.alerts.end()) {
      it->second.summary = r.alert.summary;
      it->second.why = r.alert.why;
      if (it->second.proposal && r.alert.proposal) {
        it->second.proposal->instructions = r.alert.proposal->instructions;
      }
    }
  }
  for (const auto& r : e.tasks) {
    if (auto it = state.tasks.find(r.task.taskId); it != state.tasks.end()) {
      it->second.task.instructions = r.task.instructions;
    }
  }
}

}  // namespace fieldops
