// Events as people and the update stream see them: the subjects an event concerns and one line
// saying what happened (fieldops.capnp, EventSummary). Pure functions of the event.
#pragma once

#include <coordinator/events.hpp>
#include <string>
#include <vector>

namespace fieldops {

// Subject keys: "unit:<callsign>", "task:<id>", "alert:<id>", "sighting:<unit>/<sighting id>",
// "post:<name>". An event concerns one to four of them.
std::vector<std::string> subjectsOf(const EventBody& body);

// One line for people, e.g. "task 12 assigned to ALPHA-1".
std::string describe(const EventBody& body);

// The summary of a stored event; `kind` is the header's (also "tombstone" for a purged one).
EventSummary summarize(std::uint64_t seq, const Event& event);

std::string unitSubject(const std::string& callsign);
std::string taskSubject(std::uint64_t taskId);
std::string alertSubject(std::uint64_t alertId);
std::string sightingSubject(const std::string& unit, const std::string& sightingId);
std::string postSubject(const std::string& name);

}  // namespace fieldops
