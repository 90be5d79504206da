// Debrief replay as a pure function: a recorded operation's event log becomes the timeline of
// what to re-enact against a fresh coordinator (units' messages at their recorded times, the
// commanders' control commands, heartbeats while a unit was alive, silence before it was lost).
// What the coordinator decided on its own (screening, alerts, rule-created tasks, timers) is not
// re-enacted: the fresh coordinator decides it again. See docs/trainer-guide.md, "Debrief".
#pragma once

#include <coordinator/events.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fieldops::replay {

// One event of the recorded log (its payload; purged events are left out by the reader).
struct RecordedEvent {
  std::uint64_t seq = 0;
  Millis at = 0;
  std::string principal;
  EventBody body;
};

// A message a unit sends at `at` (sentAt). `recordedTask` is the recorded id of the task it
// answers (TaskAck, TaskUpdate, a sighting's relatedTaskId): mapped to the fresh id when sent.
struct UnitMessage {
  std::string unit;
  Body body;
  std::uint64_t recordedTask = 0;
};

// A control command at `at`. The recorded ids it names are mapped when it is issued.
// `principal` is who issued it ("control" when recorded in insecure development mode).
struct ControlCommand {
  ControlRequest request;
  std::uint64_t recordedTask = 0;
  std::uint64_t recordedAlert = 0;
  std::string principal = {};
};

struct DebriefAction {
  Millis at = 0;
  std::uint64_t seq = 0;  // the recorded event it re-enacts; 0 for a heartbeat
  std::variant<UnitMessage, ControlCommand> what;
};

struct DebriefTimeline {
  Millis start = 0;  // the recorded log's first event: the fresh coordinator's --clock-start
  Millis end = 0;    // its last event
  std::vector<PostView> posts;
  std::vector<DebriefAction> actions;            // in the order to re-enact them
  std::vector<std::uint64_t> recordedTaskOrder;  // recorded task ids, in order of creation
  std::vector<std::uint64_t> recordedAlertOrder;
  std::vector<std::string> units;       // callsigns, in order of first registration
  std::vector<std::string> commanders;  // principals who issued commands, in order of the first
};

struct LinkSettings {
  Millis heartbeat = 30'000;   // the recorded coordinator's --heartbeat-ms
  std::uint32_t liveness = 3;  // its --heartbeat-liveness
};

DebriefTimeline debriefTimeline(const std::vector<RecordedEvent>& events, const LinkSettings& link);

// The events that tell the story, for comparing a recorded log with its re-enactment: kind,
// principal and time of every unit, sighting and task event (alerts and posts left out).
struct StoryLine {
  std::string kind;
  std::string principal;
  Millis at = 0;
  bool operator==(const StoryLine&) const = default;
};
std::vector<StoryLine> storyLines(const std::vector<RecordedEvent>& events);
// The first difference between two stories, described; empty when they are the same.
std::string firstDifference(const std::vector<StoryLine>& recorded,
                            const std::vector<StoryLine>& replayed);

}  // namespace fieldops::replay
