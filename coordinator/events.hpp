// Events: the only way the operation state changes. Each is stored in the event log; the order
// of the alternatives matches the EventPayload union in protocol/store.capnp (its "kind").
#pragma once

#include <protocol/messages.hpp>

#include <string>
#include <variant>

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

using EventBody = std::variant<UnitRegistered, UnitLost, SightingRecorded, TaskCreated,
                               TaskAssigned, TaskDelivered, TaskAccepted, TaskDeclined,
                               TaskProgressed, TaskCancelled, TaskFlagged, TaskOverdue>;

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
