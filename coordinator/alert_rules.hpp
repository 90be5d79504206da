// The alert rules: one table of data that says which sightings and screening results raise an
// alert, how severe it is, and which follow-up task it proposes. docs/screening.md shows the
// table to users; decide_alerts.cpp evaluates it.
#pragma once

#include <protocol/messages.hpp>

#include <optional>
#include <span>
#include <string_view>

namespace fieldops {

// The capability a proposed task needs from the unit it goes to.
enum class Needs { nothing, documentCheck, childProtection, vehicleSearch, interpreter };

// Where the proposed task is to be done.
enum class TaskPlace { sightingPost, sightingPosition };

// What a sighting must show for a rule to fire. Every field that is set must hold.
struct RuleCondition {
  std::optional<WatchlistKind> list{};        // a screening match on this list...
  std::span<const std::string_view> categories{};  // ...of one of these categories (empty: any)
  HitLevel atLeast = HitLevel::NO_HIT;        // ...at this level or stronger
  std::optional<HitLevel> exactly{};          // ...or at exactly this level
  bool dateOfBirthConsistent = false;         // ...whose date of birth does not differ from
                                              // the sighting's (DateOfBirthAgreement)
  bool minorsInvolved = false;                // the sighting counts minors
  std::optional<Indicator> indicator{};       // the sighting carries this indicator...
  bool orChildAlone = false;                  // ...or shows a child alone (childAlone)
  std::uint8_t minIndicators = 0;             // at least this many trafficking indicators
  bool exploitationSuspected = false;         // a form of exploitation other than smuggling only
};

struct AlertRule {
  std::string_view name;     // shown on every alert it raises
  std::string_view group;    // of the rules in one group, only the first that fires raises;
                             // empty for none. A screening match serves only the first rule
                             // that uses it, so one match never raises two alerts.
  std::string_view when;     // the condition in words, for docs/screening.md
  RuleCondition condition;
  AlertCause cause;
  Severity severity;
  std::optional<TaskKind> task;  // the follow-up task proposed, if any
  Priority priority = Priority::P3;
  Needs needs = Needs::nothing;
  TaskPlace place = TaskPlace::sightingPosition;
  Millis dueIn = 0;          // the task's due time, from when the alert is raised
  bool createAtOnce = false; // create and assign the task without waiting for a commander
};

// A child alone: minors and no adult in the sighting. The minors are those counted, or the
// subject when their date of birth makes them under 18 at the sighting (at the youngest age a
// partial date allows); an adult is any person counted beyond them. So one person and one minor
// is a child alone, and so is a subject of 12 by date of birth counted as one person and no
// minor, and so is a report of a person (none counted) with such a date of birth; a family of
// three with one minor is not, nor a document found with a child's date of birth.
bool childAlone(const Sighting& s);

// The sighting rules, in the order they are evaluated.
std::span<const AlertRule> sightingRules();

// The rules for alerts that do not come from a sighting.
const AlertRule& unitLostRule();
const AlertRule& postUnstaffedRule();

std::string_view needsName(Needs n);

// Escalation, per severity raised with: an alert still unacknowledged `factor` times the
// escalation time (--alert-escalate-s) after it was raised goes up to `to`, once. Critical and
// low alerts never escalate: critical has nowhere to go and low would only add to the criticals,
// so that the board keeps its colours (docs/screening.md, "Renotify and escalate").
struct EscalationRule {
  Severity from;
  Severity to;
  int factor;
};
std::span<const EscalationRule> escalationRules();
const EscalationRule* escalationFor(Severity raised);

// The key under which alerts of one rule group (docs/screening.md, "Grouping"): the watchlist
// entries a screening rule matched, else the subject's travel document or name and date of
// birth (hashed: the key reaches every dashboard); empty, so never grouped, for a sighting
// that names nobody.
std::string sightingGroupKey(const Sighting& s, std::span<const ScreeningMatch* const> matched);

}  // namespace fieldops
