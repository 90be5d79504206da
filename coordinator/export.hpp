// Read-only views of a store for users and tests: JSON-lines export and chain verification.
#pragma once

#include <coordinator/store.hpp>

#include <ostream>

namespace fieldops {

// Writes one JSON object per event, oldest first: header fields plus the payload as JSON.
void exportJsonLines(const EventStore& store, std::ostream& out);

}  // namespace fieldops
