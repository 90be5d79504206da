// Times as people write them: ISO-8601 UTC ("2026-06-01T06:00:00Z") or ms since the epoch.
#pragma once

#include <protocol/expected.hpp>
#include <protocol/messages.hpp>
#include <string>
#include <string_view>

namespace fieldops {

// Accepts "YYYY-MM-DDTHH:MM:SSZ", "YYYY-MM-DDTHH:MM:SS.mmmZ" (a space for the T is fine) or a
// whole number of ms since the Unix epoch. The error says what was expected.
Expected<Millis, std::string> parseUtcTime(std::string_view text);

// "2026-06-01T06:00:00Z" (with .mmm when the ms are not zero).
std::string formatUtcTime(Millis at);

}  // namespace fieldops
