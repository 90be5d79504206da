// Decisions about alerts: which a screened sighting raises under the rule table, the follow-up
// tasks created at once, and the posts of the operation's plan.
#include <coordinator/alert_rules.hpp>
#include <coordinator/alerts.hpp>
#include <coordinator/core.hpp>
#include <coordinator/decide_util.hpp>
#include <protocol/convert.hpp>
#include <protocol/enum_names.hpp>

#include <algorithm>
#include <limits>

namespace fieldops {

namespace {

bool atLeast(HitLevel level, HitLevel floor) {
  return static_cast<int>(level) >= static_cast<int>(floor);
}

bool matchFits(const RuleCondition& c, const ScreeningMatch& m) {
  if (m.list != *c.list) return false;
  if (c.exactly ? m.level != *c.exactly : !atLeast(m.level, c.atLeast)) return false;
  if (c.dateOfBirthConsistent && m.dateOfBirth == DateOfBirthAgreement::DIFFERS) return false;
  return c.categories.empty() ||
         std::find(c.categories.begin(), c.categories.end(), m.category) != c.categories.end();
}

bool exploitationSuspected(Exploitation e) {
  return e != Exploitation::UNKNOWN && e != Exploitation::SMUGGLING_ONLY;
}

bool carries(const Sighting& s, Indicator indicator) {
  return std::find(s.indicators.begin(), s.indicators.end(), indicator) != s.indicators.end();
}

// The condition's indicator: carried, or (orChildAlone) shown by a child alone.
bool indicatorShown(const RuleCondition& c, const Sighting& s) {
  if (c.indicator && carries(s, *c.indicator)) return true;
  return c.orChildAlone && childAlone(s);
}

// Whether the rule fires for the sighting; the matches it is about (and not yet used by an
// earlier rule) go into `matched`.
bool fires(const RuleCondition& c, const SightingRecorded& rec,
           const std::vector<const ScreeningMatch*>& used,
           std::vector<const ScreeningMatch*>& matched) {
  const Sighting& s = rec.sighting;
  matched.clear();
  if (c.list) {
    for (const auto& m : rec.screening.matches) {
      if (matchFits(c, m) && std::find(used.begin(), used.end(), &m) == used.end()) {
        matched.push_back(&m);
      }
    }
    if (matched.empty()) return false;
  }
  if (c.minorsInvolved && s.minorCount == 0) return false;
  if ((c.indicator || c.orChildAlone) && !indicatorShown(c, s)) return false;
  if (s.indicators.size() < c.minIndicators) return false;
  if (c.exploitationSuspected && !exploitationSuspected(s.exploitation)) return false;
  return true;
}

// The alert's summary, at most convert::kLongText bytes: up to kMaxMatches matches can be
// longer, so the matches are cut, never the sighting they are about. It names each match by
// its list category, reference and level only: the screening reasons quote the sighting's
// names, document number and plate, which reach commanders only with a justification
// (docs/security.md), while the summary goes to every dashboard, task and log line.
std::string describe(const AlertRule& rule, const SightingRecorded& rec,
                     const std::vector<const ScreeningMatch*>& matched) {
  const Sighting& s = rec.sighting;
  std::string about = " (sighting " + s.sightingId + " by " + rec.unit;
  if (!s.post.empty()) about += " at " + s.post;
  if (s.minorCount > 0) about += ", " + std::to_string(s.minorCount) + " minor(s)";
  about += ")";
  std::string text;
  for (const auto* m : matched) {
    if (!text.empty()) text += "; ";
    text += m->category + " " + m->reference + " (" + enumName(m->level) + ")";
  }
  if (matched.empty()) text = std::string(rule.when);
  clipText(text, convert::kLongText - about.size());
  return text + about;
}

// "possible hit on yellow notice, minor FICT-Y-0001: name 96%, date of birth agrees; ...".
std::string matchWhy(const ScreeningMatch& m) {
  std::string text = std::string(m.level == HitLevel::HIT ? "hit" : "possible hit") + " on " +
                     m.category + " " + m.reference;
  return m.basis.empty() ? text : text + ": " + m.basis;
}

// "one person, one minor" or "3 persons, 3 minors".
std::string counted(std::uint32_t n, const char* one, const char* many) {
  return n == 1 ? std::string("one ") + one : std::to_string(n) + " " + many;
}

// The sighting is a child alone (childAlone): counted so, or by the subject's date of birth.
std::string childAloneWhy(const Sighting& s) {
  if (s.minorCount == 0) {
    return "the person seen is under 18 by date of birth, no adult in the sighting";
  }
  return counted(s.personCount, "person", "persons") + ", " +
         counted(s.minorCount, "minor", "minors") + ", no adult in the sighting";
}

// Why the rule fired, in one line for a commander: a phrase for each part of its condition that
// held. Like the summary it never quotes names, document numbers or plates: the matches speak
// through their basis (ScreeningMatch), which the screener writes without personal data.
std::string why(const RuleCondition& c, const Sighting& s,
                const std::vector<const ScreeningMatch*>& matched) {
  std::vector<std::string> parts;
  for (const auto* m : matched) parts.push_back(matchWhy(*m));
  if (c.minorsInvolved) {
    parts.push_back("the sighting counts " + std::to_string(s.minorCount) +
                    (s.minorCount == 1 ? " minor" : " minors"));
  }
  if (c.indicator && carries(s, *c.indicator)) {
    parts.push_back("the unit reported the indicator '" + spokenName(enumName(*c.indicator)) + "'");
  } else if (c.orChildAlone && childAlone(s)) {
    parts.push_back(childAloneWhy(s));
  }
  if (c.minIndicators > 0) {
    parts.push_back(std::to_string(s.indicators.size()) + " trafficking indicators reported");
  }
  if (c.exploitationSuspected) parts.push_back("suspected " + spokenName(enumName(s.exploitation)));
  std::string text;
  for (const auto& p : parts) text += (text.empty() ? "" : "; ") + p;
  clipText(text, convert::kLongText);
  return text;
}

}  // namespace

namespace {

Capability capabilityFor(Needs needs) {
  switch (needs) {
    case Needs::nothing: return Capability::any;
    case Needs::documentCheck: return Capability::documentCheck;
    case Needs::childProtection: return Capability::childProtection;
    case Needs::vehicleSearch: return Capability::vehicleSearch;
    case Needs::interpreter: return Capability::interpreter;
  }
  return Capability::any;
}

}  // namespace

bool hasCapability(const UnitView& u, Needs needs) {
  return fieldops::hasCapability(u, capabilityFor(needs));
}

// The search itself is protocol/unit_match.hpp's, which the dashboard's suggestion shares.
std::string nearestAvailableUnit(const OperationState& state, Needs needs, const Position& from,
                                 const std::string& preferredPost) {
  return fieldops::nearestAvailableUnit(state.units, capabilityFor(needs), from, preferredPost);
}

void AlertDraft::raise(Decision& d, const CoreSettings& settings, AlertView alert,
                       const AlertRule& rule, Millis now) {
  alert.alertId = nextAlertId++;
  alert.cause = rule.cause;
  alert.severity = rule.severity;
  alert.state = AlertState::RAISED;
  alert.raisedAt = now;
  alert.lastNotifiedAt = now;
  alert.raisedSeverity = rule.severity;
  alert.occurrences = 1;
  alert.lastOccurredAt = now;
  alert.rule = std::string(rule.name);
  if (alert.proposal && rule.createAtOnce) {
    ProposedTask& p = *alert.proposal;
    const Task task{nextTaskId++, p.kind, p.priority, now + rule.dueIn, p.target, p.instructions};
    p.taskId = task.taskId;
    d.events.push_back({now, kCoordinatorPrincipal, TaskCreated{task}});
    if (!p.unit.empty()) {
      d.events.push_back({now, kCoordinatorPrincipal, TaskAssigned{task.taskId, p.unit}});
      if (auto link = state.links.find(p.unit); link != state.links.end()) {
        pushTask(d, link->second.peer, task, settings, now);
      }
    }
  }
  d.events.push_back({now, kCoordinatorPrincipal, AlertRaised{std::move(alert)}});
}

Decision decideSightingAlerts(const OperationState& state, const CoreSettings& settings,
                              const SightingRecorded& rec, Millis now) {
  Decision d;
  AlertDraft draft{state, state.nextAlertId, state.nextTaskId};
  std::vector<std::string_view> firedGroups;
  std::vector<const ScreeningMatch*> matched;
  std::vector<const ScreeningMatch*> used;
  const Sighting& s = rec.sighting;
  for (const AlertRule& rule : sightingRules()) {
    if (!rule.group.empty() &&
        std::find(firedGroups.begin(), firedGroups.end(), rule.group) != firedGroups.end()) {
      continue;
    }
    if (!fires(rule.condition, rec, used, matched)) continue;
    firedGroups.push_back(rule.group);
    used.insert(used.end(), matched.begin(), matched.end());
    const std::string key = sightingGroupKey(s, matched);
    if (const AlertView* open = groupedInto(state, settings, rule.name, key, now)) {
      d.events.push_back({now, kCoordinatorPrincipal, AlertRepeated{open->alertId, s.sightingId, rec.unit}});
      continue;
    }
    AlertView alert;
    alert.groupKey = key;
    alert.summary = describe(rule, rec, matched);
    alert.why = why(rule.condition, s, matched);
    alert.unit = rec.unit;
    alert.sightingId = s.sightingId;
    alert.post = s.post;
    if (rule.task) {
      ProposedTask p;
      p.kind = *rule.task;
      p.priority = rule.priority;
      p.target = rule.place == TaskPlace::sightingPost && !s.post.empty() ? Target{s.post}
                                                                          : Target{s.position};
      // Already busy units are passed over; "nearest" is from the sighting's position.
      p.unit = nearestAvailableUnit(state, rule.needs, s.position,
                                    rule.place == TaskPlace::sightingPost ? s.post : std::string());
      if (p.unit.empty()) {
        alert.summary += "; no available unit with " + std::string(needsName(rule.needs)) +
                         (rule.createAtOnce ? ": the task waits unassigned" : "");
        clipText(alert.summary, convert::kLongText);
      }
      p.instructions = std::string(rule.name) + ": " + alert.summary;
      clipText(p.instructions, convert::kLongText);
      alert.proposal = std::move(p);
    }
    draft.raise(d, settings, std::move(alert), rule, now);
  }
  return d;
}

Decision definePosts(const OperationState& state, const std::vector<PostView>& posts, Millis now) {
  Decision d;
  for (const auto& p : posts) {
    auto it = state.posts.find(p.name);
    if (it == state.posts.end() || !(it->second == p)) {
      d.events.push_back({now, kCoordinatorPrincipal, PostDefined{p}});
    }
  }
  return d;
}

}  // namespace fieldops
