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

// A unit is quiet once not heard for this long: one and a half heartbeat intervals, so that a
// unit heartbeating on time is never listed for the jitter of its heartbeats.
Millis quietAfter(const CoreSettings& settings);

// The heartbeat update: no events, `heardSince` = clock - quietAfter, and the units gone quiet
// (not lost, last heard before heardSince); every other unit that is not lost was heard since
// (docs/protocol.md, "Update stream"). Its size follows the quiet units, not all units.
Update heartbeatUpdate(const OperationState& state, const CoreSettings& settings,
                       std::uint64_t lastSeq, Millis clock);
// The same into `u`, reusing its buffers: allocates nothing while no unit is quiet.
void heartbeatUpdate(const OperationState& state, const CoreSettings& settings,
                     std::uint64_t lastSeq, Millis clock, Update& u);

// A unit as clients see it: the stored view with the volatile last-heard time.
UnitView unitViewOf(const OperationState& state, const UnitView& unit);

}  // namespace fieldops
