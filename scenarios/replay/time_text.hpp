// Exercise times as trainers write them: T+hh:mm:ss offsets, durations (90s, 3m, 1h,
// 00:03:00) and ISO-8601 UTC instants. Pure functions; errors are values.
#pragma once

#include <protocol/expected.hpp>
#include <protocol/messages.hpp>
#include <string>
#include <string_view>

namespace fieldops::replay {

// "T+01:30:00", "T+1:30:00", "01:30:00", "90:00" (mm:ss) -> ms. Also a plain duration ("5m").
Expected<Millis, std::string> parseOffset(std::string_view text);
// "00:03:00", "3m", "3 min", "90s", "1h", "1h30m", "250ms", "2d" -> ms.
// Both take at most 366 days; more is an error.
Expected<Millis, std::string> parseDuration(std::string_view text);
// "2026-05-04T06:00:00Z" (also with .sss, or +00:00), or ms since the epoch as digits.
Expected<Millis, std::string> parseInstant(std::string_view text);

std::string formatOffset(Millis offset);  // "T+01:02:03"
std::string formatDuration(Millis ms);    // "2 min 30 s", "45 s", "1 h 5 min"
std::string formatInstant(Millis at);     // "2026-05-04T06:00:00Z"

}  // namespace fieldops::replay
