// Events: the only way the operation state changes. Each is stored in the event log; the order
// of the alternatives matches the EventPayload union in protocol/store.capnp (its "kind").
#pragma once

#include <protocol/messages.hpp>

#include <string>
#include <variant>
#include <vector>

namespace fieldops {

struct UnitRegistered {
  Hello hello;
};
struct UnitLost {
  std::string callsign;
};
struct SightingRecorded {
  std::string unit;
  Sighting sighting;
  ScreeningResult screening{};  // filled in by the shell's screening before the event is applied
};
struct TaskCreated {
  Task task;
};
struct TaskAssigned {
  std::uint64_t taskId = 0;
  std::string callsign;
};
struct TaskDelivered {
  std::uint64_t taskId = 0;
};
struct TaskAccepted {
  std::uint64_t taskId = 0;
};
struct TaskDeclined {
  std::uint64_t taskId = 0;
  std::string reason;
};
struct TaskProgressed {
  std::uint64_t taskId = 0;
  TaskProgress status = TaskProgress::EN_ROUTE;
  std::string note;
};
struct TaskCancelled {
  std::uint64_t taskId = 0;
  std::string reason;
};
struct TaskFlagged {  // flagged for reassignment
  std::uint64_t taskId = 0;
  std::string reason;
};
struct TaskOverdue {
  std::uint64_t taskId = 0;
};

struct AlertRaised {
  AlertView alert;  // as raised: state raised, no acknowledgement
};
struct AlertAcknowledged {
  std::uint64_t alertId = 0;
  std::string commander;
  std::string note;
};
struct AlertResolved {
  std::uint64_t alertId = 0;
  std::string commander;
  AlertOutcome outcome = AlertOutcome::HANDLED;
  std::string note;
};
struct AlertRenotified {  // still unacknowledged: shown to the commanders again
  std::uint64_t alertId = 0;
};
struct AlertEscalated {  // unacknowledged too long: raised one severity level
  std::uint64_t alertId = 0;
  Severity severity = Severity::CRITICAL;
};
struct PostDefined {
  PostView post;
};
// Another sighting of the same subject (or loss of the same unit) within the grouping window of
// an alert still open: counted on that alert, not raised again (docs/screening.md, "Grouping").
struct AlertRepeated {
  std::uint64_t alertId = 0;
  std::string sightingId;  // the new sighting; empty for a unit lost again
  std::string unit;        // its reporting unit, or the unit lost again
};

// Closure is final (docs/store.md, "Retention"): the personal data is purged once
// retentionDays have passed since the event's time.
struct OperationClosed {
  std::uint32_t retentionDays = 0;
  std::string reason;
};
// What a retention purge left of an alert or a task whose payload it replaced by a tombstone.
struct RedactedAlert {
  std::uint64_t seq = 0;  // the tombstoned alertRaised event
  AlertView alert;        // as raised; summary and proposal instructions replaced
};
struct RedactedTask {
  std::uint64_t seq = 0;  // the tombstoned taskCreated event
  Task task;              // as created; instructions replaced
};
struct RetentionPurged {
  std::uint64_t throughSeq = 0;       // the last event the purge looked at
  std::uint32_t sightings = 0;        // sightingRecorded payloads tombstoned
  std::vector<RedactedAlert> alerts;  // alertRaised payloads tombstoned
  std::vector<RedactedTask> tasks;    // taskCreated payloads tombstoned
};

using EventBody = std::variant<UnitRegistered, UnitLost, SightingRecorded, TaskCreated,
                               TaskAssigned, TaskDelivered, TaskAccepted, TaskDeclined,
                               TaskProgressed, TaskCancelled, TaskFlagged, TaskOverdue,
                               AlertRaised, AlertAcknowledged, AlertResolved, AlertRenotified,
                               AlertEscalated, PostDefined, OperationClosed, RetentionPurged,
                               AlertRepeated>;

// The stored kind (the EventPayload union discriminant in protocol/store.capnp): the variant
// index, skipping the store-only tombstone at 12.
inline constexpr std::uint16_t kTombstoneKind = 12;
inline constexpr std::uint16_t kSightingRecordedKind = 2;
inline constexpr std::uint16_t kTaskCreatedKind = 3;
inline constexpr std::uint16_t kAlertRaisedKind = 13;
inline constexpr std::uint16_t kOperationClosedKind = 19;
inline constexpr std::uint16_t kRetentionPurgedKind = 20;
inline constexpr std::uint16_t kAlertRepeatedKind = 21;
inline std::uint16_t payloadKind(const EventBody& body) {
  const auto i = static_cast<std::uint16_t>(body.index());
  return i < kTombstoneKind ? i : static_cast<std::uint16_t>(i + 1);
}

// Principals that are not units.
inline constexpr const char* kControlPrincipal = "control";
inline constexpr const char* kCoordinatorPrincipal = "coordinator";

struct Event {
  Millis at = 0;           // coordinator clock
  std::string principal;   // who caused it
  EventBody body;
};

const char* eventName(const EventBody& body);
// The name of a stored event kind (the header's `kind`), including "tombstone" for a purged one.
const char* eventKindName(std::uint16_t kind);

}  // namespace fieldops
