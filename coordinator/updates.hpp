// The update stream's messages (fieldops.capnp, Update): what a turn's committed events changed,
// as the state now has it, for clients that hold a snapshot (zguide "Clone" pattern). Pure.
#pragma once

#include <coordinator/core.hpp>
#include <vector>

namespace fieldops {

// At most this many events in one update, so that every update stays well within the
// decoder's reply limits however large the turn.
inline constexpr std::size_t kMaxEventsPerUpdate = 256;

// The updates for `events`, stored with sequence numbers firstSeq, firstSeq + 1, ..., as
// applied to `state`: contiguous chunks in order, each with the entities its events concern.
std::vector<Update> updatesFor(const std::vector<Event>& events, std::uint64_t firstSeq,
                               const OperationState& state, Millis clock);

// The heartbeat update: no events, every unit (last heard changes without events).
Update heartbeatUpdate(const OperationState& state, std::uint64_t lastSeq, Millis clock);

// A unit as clients see it: the stored view with the volatile last-heard time.
UnitView unitViewOf(const OperationState& state, const UnitView& unit);

}  // namespace fieldops
