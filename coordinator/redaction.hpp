// What a sighting looks like without its personal data (docs/security.md, "Personal data"):
// what the update stream and unjustified sighting pages carry.
#pragma once

#include <protocol/messages.hpp>

namespace fieldops {

// Keeps the operational picture (unit, time, place, post, category, counts of persons and
// minors, indicators, exploitation signs, confidence, related task, hit level and the matched
// list entries' references) and removes names, date of birth, document number, plate, free
// text and the screening reasons (which quote the matched names).
StoredSighting redacted(StoredSighting sighting);

}  // namespace fieldops
