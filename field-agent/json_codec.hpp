// Scripted-mode JSON: sightings, task acks and task updates in; tasks and events out.
// Field names and enum words are the schema's (protocol/fieldops.capnp), in camelCase.
#pragma once

#include <protocol/expected.hpp>
#include <protocol/messages.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace fieldops {

struct FieldError {
  std::string field;    // e.g. "sighting.minorCount"
  std::string message;
};

// One scripted command: exactly one of the three keys.
using ScriptCommand = std::variant<Sighting, TaskAck, TaskUpdate>;
Expected<ScriptCommand, FieldError> commandFromJson(const nlohmann::json& line);

nlohmann::json toJson(const Task& task);
nlohmann::json toJson(const TaskView& task);

}  // namespace fieldops
