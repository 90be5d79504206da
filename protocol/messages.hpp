// Plain C++ values for every protocol message. The decoder produces these after validation;
// the encoder turns them back into Cap'n Proto bytes. Field meanings: protocol/fieldops.capnp.
#pragma once

#include <protocol/fieldops.capnp.h>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace fieldops {

using Millis = std::int64_t;  // ms since the Unix epoch, UTC

// The enumerations are the schema's own, so a value means the same everywhere.
using SightingCategory = wire::SightingCategory;
using Indicator = wire::Indicator;
using Exploitation = wire::Exploitation;
using DocumentType = wire::DocumentType;
using TaskKind = wire::TaskKind;
using Priority = wire::Priority;
using TaskAckDecision = wire::TaskAckDecision;
using TaskProgress = wire::TaskProgress;
using ErrorCode = wire::ErrorCode;
using UnitStatus = wire::UnitStatus;
using TaskState = wire::TaskState;
using HitLevel = wire::HitLevel;
using WatchlistKind = wire::WatchlistKind;
using DateOfBirthAgreement = wire::DateOfBirthAgreement;
using AlertCause = wire::AlertCause;
using Severity = wire::Severity;
using AlertState = wire::AlertState;
using AlertOutcome = wire::AlertOutcome;
using OperationPhase = wire::OperationPhase;

inline constexpr std::uint16_t kProtocolVersion = wire::PROTOCOL_VERSION;

struct Position {
  double lat = 0;
  double lon = 0;
  bool operator==(const Position&) const = default;
};

struct Capabilities {
  bool documentCheck = false;
  bool fingerprint = false;
  bool childProtectionTrained = false;
  bool vehicleSearch = false;
  std::vector<std::string> interpreterLanguages;
  bool operator==(const Capabilities&) const = default;
};

struct Hello {
  std::string callsign;
  std::string post;
  Position position;
  Capabilities capabilities;
  bool operator==(const Hello&) const = default;
};

struct Welcome {
  std::string callsign;
  std::uint32_t heartbeatIntervalMs = 0;
  std::uint32_t heartbeatLiveness = 0;
  std::uint64_t lastSeq = 0;
  bool operator==(const Welcome&) const = default;
};

struct Heartbeat {
  bool operator==(const Heartbeat&) const = default;
};

struct Subject {
  std::vector<std::string> names;
  std::string dateOfBirth;
  std::string nationality;
  std::string documentNumber;
  DocumentType documentType = DocumentType::NONE;
  std::string documentCountry;
  std::string vehiclePlate;
  std::string vehicleCountry;
  bool operator==(const Subject&) const = default;
};

struct Sighting {
  std::string sightingId;
  Millis observedAt = 0;
  Position position;
  std::string post;
  SightingCategory category = SightingCategory::PERSON;
  std::uint32_t personCount = 0;
  std::uint32_t minorCount = 0;
  Subject subject;
  std::vector<Indicator> indicators;
  Exploitation exploitation = Exploitation::UNKNOWN;
  std::string freeText;
  std::uint8_t confidence = 0;
  std::uint64_t relatedTaskId = 0;
  bool operator==(const Sighting&) const = default;
};

struct SightingAck {
  std::string sightingId;
  bool duplicate = false;
  bool operator==(const SightingAck&) const = default;
};

// A task's target is a post (by name) or a position.
using Target = std::variant<std::string, Position>;

struct Task {
  std::uint64_t taskId = 0;
  TaskKind kind = TaskKind::SCREEN_ARRIVALS;
  Priority priority = Priority::P3;
  Millis dueAt = 0;
  Target target;
  std::string instructions;
  bool operator==(const Task&) const = default;
};

struct TaskAck {
  std::uint64_t taskId = 0;
  TaskAckDecision decision = TaskAckDecision::RECEIVED;
  std::string reason;
  bool operator==(const TaskAck&) const = default;
};

struct TaskUpdate {
  std::uint64_t taskId = 0;
  TaskProgress status = TaskProgress::EN_ROUTE;
  std::string note;
  bool operator==(const TaskUpdate&) const = default;
};

struct Receipt {
  std::uint64_t messageId = 0;
  std::uint64_t taskId = 0;
  bool operator==(const Receipt&) const = default;
};

struct TaskCancel {
  std::uint64_t taskId = 0;
  std::string reason;
  bool operator==(const TaskCancel&) const = default;
};

struct Error {
  ErrorCode code = ErrorCode::INTERNAL;
  std::string message;
  std::uint64_t refMessageId = 0;
  bool operator==(const Error&) const = default;
};

// --- control endpoint ---

struct CreateTask {
  TaskKind kind = TaskKind::SCREEN_ARRIVALS;
  Priority priority = Priority::P3;
  Millis dueAt = 0;
  Target target;
  std::string instructions;
  std::string assignTo;  // callsign, empty for unassigned
  bool operator==(const CreateTask&) const = default;
};

struct AssignTask {
  std::uint64_t taskId = 0;
  std::string callsign;
  bool reassign = false;  // true for reassignTask: the task must currently belong to a unit
  bool operator==(const AssignTask&) const = default;
};

struct CancelTask {
  std::uint64_t taskId = 0;
  std::string reason;
  bool operator==(const CancelTask&) const = default;
};

struct SnapshotQuery {
  bool operator==(const SnapshotQuery&) const = default;
};

struct SightingQuery {
  std::uint64_t afterSeq = 0;
  std::uint32_t limit = 0;
  bool newestFirst = false;
  std::string justification = {};  // empty: redacted sightings; else whole ones, recorded
  bool operator==(const SightingQuery&) const = default;
};

struct EventQuery {
  std::uint64_t afterSeq = 0;
  std::uint64_t beforeSeq = 0;  // 0: no upper bound
  std::uint32_t limit = 0;
  bool newestFirst = false;
  std::string subject{};        // "task:12"; empty for all
  bool operator==(const EventQuery&) const = default;
};

// Only to a coordinator run with --clock stepped (fieldops.capnp, AdvanceClock).
struct AdvanceClock {
  Millis to = 0;
  std::uint64_t agentMessages = 0;
  bool operator==(const AdvanceClock&) const = default;
};

struct AcknowledgeAlert {
  std::uint64_t alertId = 0;
  std::string commander;
  std::string note;
  bool operator==(const AcknowledgeAlert&) const = default;
};

struct ResolveAlert {
  std::uint64_t alertId = 0;
  std::string commander;
  AlertOutcome outcome = AlertOutcome::HANDLED;
  std::string note;
  bool operator==(const ResolveAlert&) const = default;
};

using ControlRequest = std::variant<CreateTask, AssignTask, CancelTask, SnapshotQuery,
                                    SightingQuery, AcknowledgeAlert, ResolveAlert, EventQuery,
                                    AdvanceClock>;

struct UnitView {
  std::string callsign;
  std::string post;
  Position position;
  Capabilities capabilities;
  UnitStatus status = UnitStatus::AVAILABLE;
  Millis registeredAt = 0;
  Millis lastHeardAt = 0;
  Millis statusSince = 0;  // when its status last changed
  bool operator==(const UnitView&) const = default;
};

// Completed, failed and cancelled tasks take no further transitions.
inline bool isTerminal(TaskState s) {
  return s == TaskState::COMPLETED || s == TaskState::FAILED || s == TaskState::CANCELLED;
}

// The task state a reported progress leads to.
inline TaskState stateOf(TaskProgress p) {
  switch (p) {
    case TaskProgress::EN_ROUTE: return TaskState::EN_ROUTE;
    case TaskProgress::ON_SCENE: return TaskState::ON_SCENE;
    case TaskProgress::COMPLETED: return TaskState::COMPLETED;
    case TaskProgress::FAILED: break;
  }
  return TaskState::FAILED;  // FAILED, and anything the decoder would have refused
}

// The task state as people say it ("en route"), for messages and logs.
inline const char* taskStateName(TaskState s) {
  static constexpr const char* kNames[] = {"created",  "assigned", "delivered", "accepted",
                                           "declined", "en route", "on scene",  "completed",
                                           "failed",   "cancelled"};
  const auto i = static_cast<std::size_t>(s);
  return i < std::size(kNames) ? kNames[i] : "unknown";
}

struct Transition {
  TaskState state = TaskState::CREATED;
  Millis at = 0;
  std::string note;
  bool operator==(const Transition&) const = default;
};

struct TaskView {
  Task task;
  TaskState state = TaskState::CREATED;
  std::string unit;
  bool needsReassignment = false;
  bool overdue = false;
  std::vector<Transition> history;
  bool operator==(const TaskView&) const = default;
};

// --- screening and alerts ---

struct ScreeningMatch {
  WatchlistKind list = WatchlistKind::NOTICE;
  std::string reference;
  std::string category;  // "red notice", "stolen passport", "vehicle of interest"
  HitLevel level = HitLevel::NO_HIT;
  std::uint8_t score = 0;  // percent
  std::string reason;
  std::string basis{};  // what agreed, without personal data: for the alert's why line
  DateOfBirthAgreement dateOfBirth = DateOfBirthAgreement::UNKNOWN;
  bool operator==(const ScreeningMatch&) const = default;
};

struct ScreeningResult {
  HitLevel level = HitLevel::NO_HIT;
  std::vector<ScreeningMatch> matches;
  std::string reason;
  bool operator==(const ScreeningResult&) const = default;
};

struct ProposedTask {
  TaskKind kind = TaskKind::SCREEN_ARRIVALS;
  Priority priority = Priority::P3;
  Target target;
  std::string unit;  // suggested unit, may be empty
  std::string instructions;
  std::uint64_t taskId = 0;  // set when the task was created
  bool operator==(const ProposedTask&) const = default;
};

struct AlertView {
  std::uint64_t alertId = 0;
  AlertCause cause = AlertCause::HIT;
  Severity severity = Severity::MEDIUM;
  AlertState state = AlertState::RAISED;
  Millis raisedAt = 0;
  std::string rule;
  std::string summary;
  std::string unit;
  std::string sightingId;
  std::string post;
  std::optional<ProposedTask> proposal;
  std::string acknowledgedBy;
  Millis acknowledgedAt = 0;
  std::string resolvedBy;
  Millis resolvedAt = 0;
  AlertOutcome outcome = AlertOutcome::HANDLED;
  std::string note;
  std::uint32_t notifications = 0;
  bool escalated = false;
  Millis lastNotifiedAt = 0;
  std::string why{};  // why the rule fired, one line without personal data
  Severity raisedSeverity = Severity::MEDIUM;  // as raised; `severity` is after any escalation
  std::uint32_t occurrences = 1;               // sightings (or losses) grouped into it
  Millis lastOccurredAt = 0;                   // the last of them
  std::string lastSightingId{};                // the last grouped sighting and its unit
  std::string lastUnit{};
  std::string groupKey{};  // opaque; alerts of one rule with the same key group together
  bool operator==(const AlertView&) const = default;
};

struct PostView {
  std::string name;
  Position position;
  bool staffed = false;
  bool operator==(const PostView&) const = default;
};

struct StoredSighting {
  std::uint64_t seq = 0;
  std::string unit;
  Sighting sighting;
  ScreeningResult screening{};
  bool redacted = false;  // personal data removed (coordinator/redaction.hpp)
  bool operator==(const StoredSighting&) const = default;
};

struct ControlOk {
  std::uint64_t taskId = 0;
  std::uint64_t seq = 0;
  std::uint64_t alertId = 0;  // for alert commands
  std::uint64_t delivered = 0;  // advanceClock: messages sent to agents in all
  bool operator==(const ControlOk&) const = default;
};

struct EventSummary {
  std::uint64_t seq = 0;
  Millis at = 0;
  std::string kind;
  std::string principal;
  std::vector<std::string> subjects;  // "unit:ALPHA-1", "task:12", "alert:3", ...
  std::string summary;
  bool operator==(const EventSummary&) const = default;
};

// Update stream (7402): see fieldops.capnp, Update.
struct Update {
  std::uint64_t lastSeq = 0;
  Millis clock = 0;
  std::vector<EventSummary> events;  // empty in a heartbeat
  std::vector<UnitView> units;
  std::vector<TaskView> tasks;
  std::vector<AlertView> alerts;
  std::vector<StoredSighting> sightings;
  std::vector<PostView> posts;
  // Heartbeats: every unit not lost and not in `units` was heard at or after this; 0 otherwise.
  Millis heardSince = 0;
  bool operator==(const Update&) const = default;
};

struct Snapshot {
  std::uint64_t seq = 0;
  std::vector<UnitView> units;
  std::vector<TaskView> tasks;
  std::vector<AlertView> alerts{};
  std::vector<PostView> posts{};
  Millis clock = 0;
  OperationPhase phase = OperationPhase::EXECUTION;
  std::string updates{};  // the update stream endpoint
  std::string chainHead{};  // hex hash of the last event header: the event-log hash
  bool operator==(const Snapshot&) const = default;
};

using ControlReply = std::variant<ControlOk, Snapshot, std::vector<StoredSighting>,
                                  std::vector<EventSummary>>;

using Body = std::variant<Hello, Welcome, Heartbeat, Sighting, SightingAck, Task, TaskAck,
                          TaskUpdate, Receipt, Error, TaskCancel, ControlRequest, ControlReply,
                          Update>;

struct Envelope {
  std::uint16_t version = kProtocolVersion;
  std::string operationId;
  bool exercise = true;
  std::uint64_t messageId = 0;
  Millis sentAt = 0;
  Body body;
};

}  // namespace fieldops
