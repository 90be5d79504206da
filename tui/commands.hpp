// The commander's commands as forms: building each form from the picture, suggesting the unit
// for a task, and validating what was typed into a control request. Pure.
#pragma once

#include <optional>
#include <protocol/expected.hpp>
#include <protocol/justification.hpp>
#include <protocol/unit_match.hpp>
#include <string>
#include <tui/form.hpp>
#include <tui/model.hpp>
#include <tui/views.hpp>
#include <vector>

namespace fieldops::dashboard {

// The capability a task of this kind needs (the same as the coordinator's alert rules ask for
// the follow-up tasks they propose, docs/screening.md).
Capability capabilityFor(TaskKind kind);
const char* capabilityName(Capability c);

// "Tabanovce", a unique case-insensitive prefix of a known post, or "lat,lon".
Expected<Target, std::string> parseTarget(const std::string& text, const Picture& p);
// Minutes from now ("45"), or a UTC time of day ("14:30", the next one to come).
Expected<Millis, std::string> parseDue(const std::string& text, Millis now);
// Where a target is: a post's position (from the plan, or a unit working there), or the position.
std::optional<Position> targetPosition(const Picture& p, const Target& target);

// The nearest available unit with the capability; empty when none.
std::string suggestUnit(const Picture& p, TaskKind kind, const Target& target);
// Every unit that could take the task (not lost), the suggestion first, then nearest first.
std::vector<std::string> rankedUnits(const Picture& p, TaskKind kind, const Target& target);

inline constexpr const char* kUnassigned = "(unassigned)";

Form createTaskForm(const Picture& p);
// Keeps the "assign to" choices and the suggestion in step with the kind and target typed.
void refreshCreateTaskForm(Form& form, const Picture& p);
Form assignForm(const Picture& p, const TaskView& task);
// Asks for confirmation before it is sent (Form::confirmText).
Form cancelForm(const TaskView& task);
Form acknowledgeForm(const AlertView& alert);
// The create-task form filled from the alert's proposed task (kind, priority, target,
// instructions) with the unit recommended now, focused on its last field: Enter creates it.
Form proposedTaskForm(const Picture& p, const AlertView& alert);
// One note for several alerts; each is acknowledged (and recorded) on its own.
Form bulkAcknowledgeForm(const Picture& p, const std::vector<std::uint64_t>& alertIds);
Form resolveForm(const AlertView& alert);
Form filterForm(const Filter& current);
// Asks why the person details of this sighting are needed (docs/dashboard.md, "Personal data").
Form justificationForm(const StoredSighting& sighting);
Form searchForm(const Filter& current);

// The request a command form asks for, or nullopt with the fields' errors set.
std::optional<ControlRequest> validate(Form& form, const Picture& p, Millis now,
                                       const std::string& commander);

// The filter a filter or search form gives (validated: a category must be known).
Filter filterFrom(const Form& form, Filter current);

}  // namespace fieldops::dashboard
