// The alert rule table (see alert_rules.hpp). Change the table, not the code that reads it.
#include <coordinator/alert_rules.hpp>
#include <coordinator/screening/normalise.hpp>

#include <protocol/enum_names.hpp>

#include <sodium.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace fieldops {

namespace {

using namespace std::string_view_literals;
constexpr Millis kMinute = 60'000;

constexpr std::array kYellowMinor = {"yellow notice, minor"sv};
constexpr std::array kYellow = {"yellow notice"sv, "yellow notice, minor"sv};
constexpr std::array kRed = {"red notice"sv};

// clang-format off
const std::array kSightingRules = {
  AlertRule{"minor-on-yellow-notice", "child",
            "a hit or possible hit on a yellow notice whose subject is a minor at the sighting, "
            "and the person seen can be that minor",
            {.list = WatchlistKind::NOTICE, .categories = kYellowMinor, .atLeast = HitLevel::POSSIBLE_HIT},
            AlertCause::HIT, Severity::CRITICAL, TaskKind::CHILD_PROTECTION_REFERRAL, Priority::P1,
            Needs::childProtection, TaskPlace::sightingPosition, 30 * kMinute, true},
  AlertRule{"yellow-notice-with-minors", "child",
            "a hit or possible hit on a yellow notice whose date of birth does not differ from "
            "the sighting's, and the sighting counts minors",
            {.list = WatchlistKind::NOTICE, .categories = kYellow, .atLeast = HitLevel::POSSIBLE_HIT,
             .dateOfBirthConsistent = true, .minorsInvolved = true},
            AlertCause::HIT, Severity::CRITICAL, TaskKind::CHILD_PROTECTION_REFERRAL, Priority::P1,
            Needs::childProtection, TaskPlace::sightingPosition, 30 * kMinute, true},
  AlertRule{"unaccompanied-minor", "child",
            "any sighting with the indicator 'unaccompanied minor', or showing a child alone",
            {.indicator = Indicator::UNACCOMPANIED_MINOR, .orChildAlone = true},
            AlertCause::SAFEGUARDING, Severity::CRITICAL, TaskKind::CHILD_PROTECTION_REFERRAL,
            Priority::P1, Needs::childProtection, TaskPlace::sightingPosition, 30 * kMinute, true},
  AlertRule{"red-notice-hit", "",
            "a hit on a red notice (wanted for arrest)",
            {.list = WatchlistKind::NOTICE, .categories = kRed, .atLeast = HitLevel::HIT},
            AlertCause::HIT, Severity::CRITICAL, TaskKind::HOLD_FOR_VERIFICATION, Priority::P1,
            Needs::documentCheck, TaskPlace::sightingPosition, 15 * kMinute, true},
  AlertRule{"red-notice-possible-hit", "",
            "a possible hit on a red notice: confirm the identity first",
            {.list = WatchlistKind::NOTICE, .categories = kRed, .exactly = HitLevel::POSSIBLE_HIT},
            AlertCause::POSSIBLE_HIT, Severity::HIGH, TaskKind::SECOND_LINE_DOCUMENT_CHECK,
            Priority::P2, Needs::documentCheck, TaskPlace::sightingPost, 20 * kMinute, false},
  AlertRule{"yellow-notice", "",
            "a hit or possible hit on a yellow notice (missing person)",
            {.list = WatchlistKind::NOTICE, .categories = kYellow, .atLeast = HitLevel::POSSIBLE_HIT},
            AlertCause::HIT, Severity::HIGH, TaskKind::INTERVIEW_POSSIBLE_VICTIM, Priority::P2,
            Needs::interpreter, TaskPlace::sightingPosition, 30 * kMinute, false},
  AlertRule{"notice-hit", "",
            "a hit on any other notice (blue, black, purple, green, orange)",
            {.list = WatchlistKind::NOTICE, .atLeast = HitLevel::HIT},
            AlertCause::HIT, Severity::HIGH, TaskKind::SURVEIL, Priority::P2,
            Needs::nothing, TaskPlace::sightingPosition, 30 * kMinute, false},
  AlertRule{"notice-possible-hit", "",
            "a possible hit on any other notice: confirm the identity first",
            {.list = WatchlistKind::NOTICE, .exactly = HitLevel::POSSIBLE_HIT},
            AlertCause::POSSIBLE_HIT, Severity::MEDIUM, TaskKind::SECOND_LINE_DOCUMENT_CHECK,
            Priority::P3, Needs::documentCheck, TaskPlace::sightingPost, 30 * kMinute, false},
  AlertRule{"travel-document-hit", "",
            "the travel document is on the lost and stolen list",
            {.list = WatchlistKind::TRAVEL_DOCUMENT, .atLeast = HitLevel::HIT},
            AlertCause::HIT, Severity::HIGH, TaskKind::SECOND_LINE_DOCUMENT_CHECK, Priority::P2,
            Needs::documentCheck, TaskPlace::sightingPost, 20 * kMinute, true},
  AlertRule{"travel-document-possible-hit", "",
            "the travel document may be on the lost and stolen list: the number matched, the "
            "issuing country is not known on both sides",
            {.list = WatchlistKind::TRAVEL_DOCUMENT, .exactly = HitLevel::POSSIBLE_HIT},
            AlertCause::POSSIBLE_HIT, Severity::MEDIUM, TaskKind::SECOND_LINE_DOCUMENT_CHECK,
            Priority::P3, Needs::documentCheck, TaskPlace::sightingPost, 30 * kMinute, false},
  AlertRule{"vehicle-hit", "",
            "the vehicle is on the vehicles-of-interest list",
            {.list = WatchlistKind::VEHICLE, .atLeast = HitLevel::HIT},
            AlertCause::HIT, Severity::HIGH, TaskKind::INSPECT_VEHICLE, Priority::P2,
            Needs::vehicleSearch, TaskPlace::sightingPosition, 20 * kMinute, true},
  AlertRule{"possible-victim", "victim",
            "two or more trafficking indicators",
            {.minIndicators = 2},
            AlertCause::SAFEGUARDING, Severity::HIGH, TaskKind::INTERVIEW_POSSIBLE_VICTIM,
            Priority::P2, Needs::interpreter, TaskPlace::sightingPosition, 30 * kMinute, false},
  AlertRule{"exploitation-suspected", "victim",
            "a suspected form of exploitation other than smuggling only",
            {.exploitationSuspected = true},
            AlertCause::SAFEGUARDING, Severity::HIGH, TaskKind::INTERVIEW_POSSIBLE_VICTIM,
            Priority::P2, Needs::interpreter, TaskPlace::sightingPosition, 30 * kMinute, false},
};

const AlertRule kUnitLost{"unit-lost", "unit", "a unit missed its heartbeats and is lost", {},
                          AlertCause::UNIT_LOST, Severity::HIGH, std::nullopt};
const AlertRule kPostUnstaffed{"post-unstaffed", "post",
                               "a staffed post has had no available unit for the coverage time",
                               {}, AlertCause::POST_UNSTAFFED, Severity::MEDIUM, std::nullopt};
// clang-format on

}  // namespace

bool childAlone(const Sighting& s) {
  // With no person counted, only a report of a person is about someone seen: a document, a
  // vehicle or a site reported with a child's date of birth does not show a child alone.
  const bool someoneSeen = s.personCount > 0 || s.category == SightingCategory::PERSON;
  const bool subjectMinor = someoneSeen && screening::minorAt(s.subject.dateOfBirth, s.observedAt);
  const std::uint32_t minors = std::max<std::uint32_t>(s.minorCount, subjectMinor ? 1 : 0);
  return minors > 0 && s.personCount <= minors;
}

std::span<const AlertRule> sightingRules() { return kSightingRules; }
const AlertRule& unitLostRule() { return kUnitLost; }
const AlertRule& postUnstaffedRule() { return kPostUnstaffed; }

namespace {
// clang-format off
constexpr std::array kEscalations = {
  EscalationRule{Severity::HIGH, Severity::CRITICAL, 1},
  EscalationRule{Severity::MEDIUM, Severity::HIGH, 3},
};
// clang-format on

// A name as written, ASCII lower-cased, runs of spaces as one (other scripts as written).
std::string plainName(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == ' ' || c == '\t' || c == ',') {
      if (!out.empty() && out.back() != ' ') out += ' ';
      continue;
    }
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string hashedKey(std::string_view kind, const std::string& text) {
  std::array<unsigned char, 16> out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), nullptr, 0);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string key(kind);
  key += ':';
  for (unsigned char c : out) {
    key += kHex[c >> 4];
    key += kHex[c & 15];
  }
  return key;
}
}  // namespace

std::span<const EscalationRule> escalationRules() { return kEscalations; }

const EscalationRule* escalationFor(Severity raised) {
  for (const auto& e : kEscalations) {
    if (e.from == raised) return &e;
  }
  return nullptr;
}

std::string sightingGroupKey(const Sighting& s, std::span<const ScreeningMatch* const> matched) {
  if (!matched.empty()) {
    std::vector<std::string> refs;
    for (const auto* m : matched) {
      refs.push_back(std::string(enumName(m->list)) + "/" + m->reference);
    }
    std::sort(refs.begin(), refs.end());
    std::string key = "match";
    for (const auto& r : refs) key += ":" + r;
    return key.size() <= 255 ? key : hashedKey("match", key);
  }
  const Subject& who = s.subject;
  if (!who.documentNumber.empty()) {
    return hashedKey("document", screening::normaliseDocumentNumber(who.documentNumber) + "|" +
                                     who.documentCountry);
  }
  if (!who.names.empty()) {
    std::string text;
    for (const auto& n : who.names) text += plainName(n) + "|";
    return hashedKey("person", text + who.dateOfBirth);
  }
  return {};
}

std::string_view needsName(Needs n) {
  switch (n) {
    case Needs::nothing: return "any available unit";
    case Needs::documentCheck: return "document check";
    case Needs::childProtection: return "child-protection trained";
    case Needs::vehicleSearch: return "vehicle search";
    case Needs::interpreter: return "interpreter";
  }
  return "any available unit";
}

}  // namespace fieldops
