// Dates of birth as field teams and watchlists write them: "YYYY-MM-DD", "YYYY-MM" or "YYYY",
// with "00" for an unknown month or day. The one reading of them, shared by the decoder
// (a reported sighting's subject), the field agent's questions and the coordinator's screening.
// Pure functions: no clock; "now" is always a sighting's observedAt.
#pragma once

#include <chrono>
#include <optional>
#include <protocol/messages.hpp>
#include <string>
#include <string_view>

namespace fieldops {

// A date of birth, possibly partial: month 0 is an unknown month (and then day is 0 too), day 0
// an unknown day.
struct DateOfBirth {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
};

// Reads "YYYY-MM-DD", "YYYY-MM" or "YYYY" (surrounding spaces ignored), a real calendar date with
// a year from 1; "1980-00-00" is read as 1980 and "1980-05-00" as May 1980, but "1980-00-05" is
// no date. Nothing when the text is not such a date (empty text included).
std::optional<DateOfBirth> readDateOfBirth(std::string_view text);

// "1980-05-17", "1980-05" or "1980": the unknown parts left off.
std::string dateOfBirthText(DateOfBirth date);

// The UTC day of an instant (ms since the epoch): the day a sighting observed then was seen.
std::chrono::sys_days utcDay(Millis at);

// The first and the last day the date can stand for: 1980-01-01 and 1980-12-31 for "1980".
std::chrono::sys_days earliestDay(DateOfBirth date);
std::chrono::sys_days latestDay(DateOfBirth date);

// A subject born longer ago than this before a sighting is a typing error, not a person.
inline constexpr int kMaxAgeYears = 130;

// Why `text` cannot be the date of birth of a subject observed at `observedAt` (ms since the
// epoch, UTC), or nothing when it can: not a date ("'2025-02-30' is not a date ..."), after the
// time observed, or more than kMaxAgeYears before it. A partial date is refused only when every
// day it can stand for is: "2026" is not after 2026-03-01. Empty text (unknown) is fine.
std::optional<std::string> dateOfBirthProblem(std::string_view text, Millis observedAt);

}  // namespace fieldops
