// Subjects and one-line descriptions of events (see event_summary.hpp).
#include <coordinator/decide_util.hpp>
#include <coordinator/event_summary.hpp>
#include <protocol/convert.hpp>
#include <protocol/enum_names.hpp>
#include <type_traits>

namespace fieldops {

std::string unitSubject(const std::string& callsign) {
  return "unit:" + callsign;
}
std::string taskSubject(std::uint64_t taskId) {
  return "task:" + std::to_string(taskId);
}
std::string alertSubject(std::uint64_t alertId) {
  return "alert:" + std::to_string(alertId);
}
std::string sightingSubject(const std::string& unit, const std::string& sightingId) {
  return "sighting:" + unit + "/" + sightingId;
}
std::string postSubject(const std::string& name) {
  return "post:" + name;
}

namespace {

std::string withReason(std::string text, const std::string& reason) {
  if (!reason.empty()) text += ": " + reason;
  return text;
}

std::string task(std::uint64_t id) {
  return "task " + std::to_string(id);
}
std::string alert(std::uint64_t id) {
  return "alert " + std::to_string(id);
}

std::string describeSighting(const SightingRecorded& e) {
  const Sighting& s = e.sighting;
  std::string text = e.unit + " reported a " + enumName(s.category) + " sighting";
  if (!s.post.empty()) text += " at " + s.post;
  if (s.personCount > 0) text += ", " + std::to_string(s.personCount) + " persons";
  if (s.minorCount > 0) text += ", " + std::to_string(s.minorCount) + " minors";
  if (e.screening.level != HitLevel::NO_HIT) text += " (" + enumName(e.screening.level) + ")";
  return text;
}

}  // namespace

std::vector<std::string> subjectsOf(const EventBody& body) {
  return std::visit(
      [](const auto& e) -> std::vector<std::string> {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, UnitRegistered>) {
          return {unitSubject(e.hello.callsign)};
        } else if constexpr (std::is_same_v<T, UnitLost>) {
          return {unitSubject(e.callsign)};
        } else if constexpr (std::is_same_v<T, SightingRecorded>) {
          return {sightingSubject(e.unit, e.sighting.sightingId), unitSubject(e.unit)};
        } else if constexpr (std::is_same_v<T, TaskCreated>) {
          return {taskSubject(e.task.taskId)};
        } else if constexpr (std::is_same_v<T, TaskAssigned>) {
          return {taskSubject(e.taskId), unitSubject(e.callsign)};
        } else if constexpr (std::is_same_v<T, AlertRaised>) {
          std::vector<std::string> out{alertSubject(e.alert.alertId)};
          if (!e.alert.unit.empty()) out.push_back(unitSubject(e.alert.unit));
          if (!e.alert.sightingId.empty() && !e.alert.unit.empty()) {
            out.push_back(sightingSubject(e.alert.unit, e.alert.sightingId));
          }
          if (!e.alert.post.empty()) out.push_back(postSubject(e.alert.post));
          return out;
        } else if constexpr (std::is_same_v<T, AlertRepeated>) {
          std::vector<std::string> out{alertSubject(e.alertId)};
          if (!e.unit.empty()) out.push_back(unitSubject(e.unit));
          if (!e.sightingId.empty() && !e.unit.empty()) {
            out.push_back(sightingSubject(e.unit, e.sightingId));
          }
          return out;
        } else if constexpr (std::is_same_v<T, PostDefined>) {
          return {postSubject(e.post.name)};
        } else if constexpr (std::is_same_v<T, OperationClosed> ||
                             std::is_same_v<T, RetentionPurged>) {
          return {};  // about the whole operation
        } else if constexpr (requires { e.alertId; }) {
          return {alertSubject(e.alertId)};
        } else {
          return {taskSubject(e.taskId)};
        }
      },
      body);
}

std::string describe(const EventBody& body) {
  return std::visit(
      [](const auto& e) -> std::string {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, UnitRegistered>) {
          std::string text = e.hello.callsign + " registered";
          if (!e.hello.post.empty()) text += " at " + e.hello.post;
          return text;
        } else if constexpr (std::is_same_v<T, UnitLost>) {
          return e.callsign + " is lost (silent too long)";
        } else if constexpr (std::is_same_v<T, SightingRecorded>) {
          return describeSighting(e);
        } else if constexpr (std::is_same_v<T, TaskCreated>) {
          return task(e.task.taskId) + " created: " + enumName(e.task.kind) + ", " +
                 enumName(e.task.priority);
        } else if constexpr (std::is_same_v<T, TaskAssigned>) {
          return task(e.taskId) + " assigned to " + e.callsign;
        } else if constexpr (std::is_same_v<T, TaskDelivered>) {
          return task(e.taskId) + " delivered";
        } else if constexpr (std::is_same_v<T, TaskAccepted>) {
          return task(e.taskId) + " accepted";
        } else if constexpr (std::is_same_v<T, TaskDeclined>) {
          return withReason(task(e.taskId) + " declined", e.reason);
        } else if constexpr (std::is_same_v<T, TaskProgressed>) {
          return withReason(task(e.taskId) + " " + taskStateName(stateOf(e.status)), e.note);
        } else if constexpr (std::is_same_v<T, TaskCancelled>) {
          return withReason(task(e.taskId) + " cancelled", e.reason);
        } else if constexpr (std::is_same_v<T, TaskFlagged>) {
          return withReason(task(e.taskId) + " needs reassignment", e.reason);
        } else if constexpr (std::is_same_v<T, TaskOverdue>) {
          return task(e.taskId) + " overdue";
        } else if constexpr (std::is_same_v<T, AlertRaised>) {
          return alert(e.alert.alertId) + " [" + enumName(e.alert.severity) + "] " +
                 e.alert.summary;
        } else if constexpr (std::is_same_v<T, AlertAcknowledged>) {
          return withReason(alert(e.alertId) + " acknowledged by " + e.commander, e.note);
        } else if constexpr (std::is_same_v<T, AlertResolved>) {
          return withReason(
              alert(e.alertId) + " resolved by " + e.commander + " as " + enumName(e.outcome),
              e.note);
        } else if constexpr (std::is_same_v<T, AlertRenotified>) {
          return alert(e.alertId) + " still unacknowledged";
        } else if constexpr (std::is_same_v<T, AlertEscalated>) {
          return alert(e.alertId) + " escalated to " + enumName(e.severity);
        } else if constexpr (std::is_same_v<T, AlertRepeated>) {
          return alert(e.alertId) + (e.sightingId.empty() ? " again: " + e.unit + " lost again"
                                                          : " again: seen by " + e.unit);
        } else if constexpr (std::is_same_v<T, PostDefined>) {
          return "post " + e.post.name + (e.post.staffed ? " defined (staffed)" : " defined");
        } else if constexpr (std::is_same_v<T, OperationClosed>) {
          return withReason("operation closed, personal data kept " +
                                std::to_string(e.retentionDays) + " days",
                            e.reason);
        } else {
          static_assert(std::is_same_v<T, RetentionPurged>);
          return "retention purge through event " + std::to_string(e.throughSeq) + ": " +
                 std::to_string(e.sightings) + " sightings, " + std::to_string(e.alerts.size()) +
                 " alerts and " + std::to_string(e.tasks.size()) + " tasks purged";
        }
      },
      body);
}

EventSummary summarize(std::uint64_t seq, const Event& event) {
  std::string text = describe(event.body);
  clipText(text, convert::kLongText);
  return EventSummary{seq,
                      event.at,
                      eventName(event.body),
                      event.principal,
                      subjectsOf(event.body),
                      std::move(text)};
}

}  // namespace fieldops
