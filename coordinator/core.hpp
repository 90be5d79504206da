// The pure core: decisions are functions of (state, input, now) that return events, volatile
// link changes and outbound messages; apply() is the only thing that changes the state.
// No sockets, no LMDB, no clock in here.
#pragma once

#include <coordinator/durable_sightings.hpp>
#include <coordinator/events.hpp>
#include <coordinator/principal.hpp>
#include <coordinator/state.hpp>
#include <protocol/messages.hpp>

#include <span>
#include <string>
#include <variant>
#include <vector>

namespace fieldops {

// Heartbeat and resend tuning, together (style.md 4). All in milliseconds.
struct CoreSettings {
  std::string operationId = "exercise";
  bool exercise = true;
  Millis heartbeatInterval = 1000;
  std::uint32_t heartbeatLiveness = 3;   // missed intervals before a unit is lost
  Millis resendInitial = 1000;           // first task resend delay
  Millis resendMax = 30000;              // resend backoff ceiling
  // After a restart, units known from the store are given the liveness window plus this much
  // per known unit to register again, counted from when the loop is ready (restartGrace()).
  Millis restartGracePerUnit = 2;
  // Alerts (docs/screening.md).
  Millis alertRenotify = 60'000;          // an unacknowledged alert is notified again this often
  // A high alert unacknowledged this long becomes critical, a medium one 3 times this long
  // becomes high (escalationRules()); critical and low ones never escalate.
  Millis alertEscalateAfter = 300'000;
  // Another occurrence of an open alert's subject (or unit) within this long of its last one
  // counts on that alert instead of raising a new one; 0 never groups.
  Millis alertGroupWindow = 1'800'000;
  Millis coverageAfter = 600'000;         // a staffed post without an available unit, this long
};

enum class Endpoint { agent, control };

struct Outbound {
  Endpoint endpoint = Endpoint::agent;
  std::string peer;     // routing id
  Body body;
};

// Volatile link changes: applied to the state like events, but never stored.
struct PeerBound {
  std::string peer;
  std::string callsign;
  // Counted as last sent to then (the welcome's time less the unit's phase in the interval):
  // its first heartbeat is due an interval later.
  Millis at = 0;
};
struct PeerHeard {
  std::string callsign;
  Millis at = 0;
};
// Our heartbeats went, at `at`, to every link that had been sent nothing for `after` (see tick()).
struct HeartbeatsSent {
  Millis at = 0;
  Millis after = 0;
};
struct TaskSent {
  std::uint64_t taskId = 0;
  Millis nextAttemptAt = 0;
  Millis backoff = 0;
};
// A staffed post seen without an available unit since `since`; 0 when covered again.
struct PostCoverage {
  std::string post;
  Millis since = 0;
};
// The loop is ready (sockets bound, first turn): the restart grace counts from here, sized by
// the units known then that are not lost (restartGrace()).
struct CoordinatorReady {
  Millis at = 0;
};
using LinkChange = std::variant<PeerBound, PeerHeard, HeartbeatsSent, TaskSent, PostCoverage>;

struct Decision {
  std::vector<Event> events;
  std::vector<LinkChange> links;
  std::vector<Outbound> out;
};

// `caller` is who the ZAP handler authenticated (principal.hpp), never what the message says.
struct AgentInput {
  std::string peer;
  Envelope envelope;
  Principal caller = unauthenticatedAgent();
};
struct ControlInput {
  std::string peer;
  Envelope envelope;
  Principal caller = unauthenticatedControl();
};

// What an agent message means. The decision's events and links must be applied (in order)
// before the next decision is taken. The input is taken by value so a sighting can move into
// its event instead of being copied. A sighting is a duplicate when it is in flight (the state)
// or already durable (`durable`, read only).
Decision decideAgent(const OperationState& state, const DurableSightings& durable,
                     const CoreSettings& settings, AgentInput input, Millis now);

// The unit whose life a heartbeat on the agent link proves, when that is all it means: a
// registered unit's own heartbeat for this operation. Otherwise null, and the message goes to
// decideAgent, which answers it. Allocates nothing: it is the commonest message, and the
// coordinator's memory must not follow the number of messages (docs/performance.md, "Memory").
const std::string* heartbeatFrom(const OperationState& state, const CoreSettings& settings,
                                 const std::string& peer, const Envelope& envelope,
                                 const Principal& caller);

// What a control command means. Queries (snapshot, sightings) are answered by the shell after
// the turn's commit, so this returns nothing for them.
Decision decideControl(const OperationState& state, const CoreSettings& settings,
                       const ControlInput& input, Millis now);

// The alerts a screened sighting raises under the rule table (alert_rules.hpp), with the
// follow-up tasks the rules create at once. `recorded` carries the screening result.
Decision decideSightingAlerts(const OperationState& state, const CoreSettings& settings,
                              const SightingRecorded& recorded, Millis now);

// The posts of the operation's plan: events for those that are new or changed.
Decision definePosts(const OperationState& state, const std::vector<PostView>& posts, Millis now);

// Timers: heartbeat expiry (units lost), our heartbeats, task resends, overdue tasks, alert
// renotification and escalation, and post coverage.
Decision tick(const OperationState& state, const CoreSettings& settings, Millis now);
// The same, appended to `d` (the loop's turn, whose buffers are reused). With `expireUnits`
// false no unit is found lost: the loop passes it when its turn left messages unread, so that
// a unit whose heartbeat waits on the coordinator's own socket is never lost for the
// coordinator's lateness.
void tick(const OperationState& state, const CoreSettings& settings, Millis now, Decision& d,
          bool expireUnits = true);

// How long after the coordinator is ready a unit known from the store may take to register
// again before it is lost: the liveness window (interval x liveness) plus restartGracePerUnit
// for each of `knownUnits` (docs/coordinator.md, "Restarts"). A unit is never lost for the
// coordinator's own absence.
Millis restartGrace(const CoreSettings& settings, std::size_t knownUnits);

// The earliest time at which tick() could have something to do. Heartbeats received only make
// it later, so a caller may keep it until it passes or a decision changes the state.
// nextTimer = max(now, min(nextUnitTimer, nextWorkTimer)).
Millis nextTimer(const OperationState& state, const CoreSettings& settings, Millis now);
// Its part for the units and links: min(nextUnitLost, nextHeartbeatDue).
Millis nextUnitTimer(const OperationState& state, const CoreSettings& settings, Millis now);
// When a unit could be found lost: a walk over every unit, 10,000 in a large operation. Never
// more than an interval after `now`, and nothing a decision adds makes it earlier (a unit
// registered is lost a liveness window later at the soonest), so a caller may keep it until it
// passes, recomputing it after a tick() that looked for lost units (expireUnits) and when the
// coordinator becomes ready; it need only ask tick() to look once this has passed.
Millis nextUnitLost(const OperationState& state, const CoreSettings& settings, Millis now);
// When a link is due our heartbeat: the front of linksBySent, no walk. A link bound may be due
// sooner than those before it (its phase): recomputed after any link change.
Millis nextHeartbeatDue(const OperationState& state, const CoreSettings& settings, Millis now);
// Its part for the tasks and alerts (resends, overdue tasks, alert timers): to recompute after
// any decision that changes the state.
Millis nextWorkTimer(const OperationState& state, const CoreSettings& settings, Millis now);

void apply(OperationState& state, const Event& event);
void apply(OperationState& state, const LinkChange& change);
void apply(OperationState& state, const CoordinatorReady& ready);
// Applies a decision's events and link changes in order.
void apply(OperationState& state, const Decision& decision);
// The sightings of a committed batch are durable: from now on the store's dedup index answers
// for them, and they leave sightingsInFlight. Call it only once every read of the dedup index
// that follows will see the commit (a read transaction begun after it).
void confirmDurable(OperationState& state, std::span<const Event> batch);
// Applies what was appended to `decision` since it held `events` events and `links` changes.
void applyFrom(OperationState& state, const Decision& decision, std::size_t events,
               std::size_t links);
// A sign of life from a unit at `at` (PeerHeard without its copy of the callsign).
void noteHeard(OperationState& state, const std::string& callsign, Millis at);

// The snapshot a control client receives, as of event sequence number seq.
Snapshot snapshotOf(const OperationState& state, std::uint64_t seq);

}  // namespace fieldops
