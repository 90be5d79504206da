# FieldOps store format: the coordinator's LMDB values. See docs/store.md.
# Never reuse or renumber an ordinal.
@0xa54aa771f72d3a8f;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("fieldops::stored");

using W = import "fieldops.capnp";

const schemaVersion :UInt32 = 3;          # 3: operationClosed, retentionPurged, head anchor

# The event header. The hash chain covers headers only, so a retention purge can replace a
# payload with a tombstone and the chain still verifies. No personal data lives here.
struct EventHeader {
  seq @0 :UInt64;
  at @1 :Int64;                # coordinator clock, ms since epoch
  kind @2 :UInt16;             # the EventPayload union discriminant, for readers without the payload
  principal @3 :Text;          # who caused it: a unit callsign, "control" or "coordinator"
  payloadDigest @4 :Data;      # BLAKE2b-256 of the payload bytes
  prevHash @5 :Data;           # BLAKE2b-256 of the previous header's canonical bytes; zeros for seq 1
}

struct EventPayload {
  union {
    unitRegistered @0 :W.Hello;
    unitLost @1 :Text;                       # callsign
    sightingRecorded @2 :SightingRecorded;
    taskCreated @3 :W.Task;
    taskAssigned @4 :TaskAssigned;
    taskDelivered @5 :UInt64;                # task id
    taskAccepted @6 :UInt64;
    taskDeclined @7 :TaskNote;
    taskProgressed @8 :TaskProgressed;
    taskCancelled @9 :TaskNote;
    taskFlagged @10 :TaskNote;               # flagged for reassignment
    taskOverdue @11 :UInt64;
    tombstone @12 :Void;                     # payload removed by a retention purge
    alertRaised @13 :W.AlertView;            # as raised
    alertAcknowledged @14 :W.AlertNote;
    alertResolved @15 :W.ResolveAlert;
    alertRenotified @16 :UInt64;             # alert id
    alertEscalated @17 :AlertEscalated;
    postDefined @18 :W.PostView;
    operationClosed @19 :OperationClosed;
    retentionPurged @20 :RetentionPurged;
    alertRepeated @21 :AlertRepeated;        # the same subject again, counted on an open alert
  }
}

# The operation is closed for good: no agent link, no commands; its personal data is purged
# once the retention period has passed (docs/store.md, "Retention").
struct OperationClosed {
  retentionDays @0 :UInt32;                # from the time of this event
  reason @1 :Text;
}

# A retention purge replaced payloads up to throughSeq with tombstones. This event is what makes
# those tombstones legitimate for verify. Purged alerts and tasks keep a redacted copy here, so
# that a rebuild can still apply the later events about them.
struct RetentionPurged {
  throughSeq @0 :UInt64;                   # the last event the purge looked at
  sightings @1 :UInt32;                    # sightingRecorded payloads tombstoned
  alerts @2 :List(RedactedAlert);          # alertRaised payloads tombstoned
  tasks @3 :List(RedactedTask);            # taskCreated payloads tombstoned (created by a rule)
}

struct RedactedAlert {
  seq @0 :UInt64;                          # the tombstoned alertRaised event
  alert @1 :W.AlertView;                   # as raised, with summary and proposal instructions replaced
}

struct RedactedTask {
  seq @0 :UInt64;                          # the tombstoned taskCreated event
  task @1 :W.Task;                         # as created, with the instructions replaced
}

struct SightingRecorded {
  unit @0 :Text;
  sighting @1 :W.Sighting;
  screening @2 :W.ScreeningResult;         # screened in the turn that stored it
}

struct AlertRepeated {
  alertId @0 :UInt64;
  sightingId @1 :Text;                     # the new sighting; empty for a unit lost again
  unit @2 :Text;                           # its reporting unit, or the unit lost again
}

struct AlertEscalated {
  alertId @0 :UInt64;
  severity @1 :W.Severity;                 # the severity after escalation
}

struct TaskAssigned {
  taskId @0 :UInt64;
  callsign @1 :Text;
}

struct TaskNote {
  taskId @0 :UInt64;
  note @1 :Text;
}

struct TaskProgressed {
  taskId @0 :UInt64;
  status @1 :W.TaskProgress;
  note @2 :Text;
}

# --- Watchlists (coordinator/screening, docs/screening.md) ---

# One watchlist entry, as imported. Which fields are used depends on the list.
struct WatchEntry {
  list @0 :W.WatchlistKind;
  reference @1 :Text;
  # notices
  colour @2 :UInt8;                        # NoticeColour: red, yellow, blue, black, purple, green, orange
  names @3 :List(Text);                    # as written
  aliases @4 :List(Text);
  dateOfBirth @5 :Text;
  nationality @6 :Text;
  documents @7 :List(WatchDocument);       # a notice's documents; a travel document entry's one
  nameTokens @8 :List(List(Text));         # names then aliases, normalised (screening/names.hpp)
  # lost and stolen travel documents
  status @9 :UInt8;                        # DocumentStatus: lost, stolen, revoked, invalidated
  # vehicles of interest
  plate @10 :Text;
  country @11 :Text;
  reason @12 :Text;
}

struct WatchDocument {
  number @0 :Text;                         # as written
  type @1 :W.DocumentType;
  country @2 :Text;
}

# --- The access log (coordinator/audit_log.hpp, docs/security.md) ---

# One entry of the access log: a consultation or disclosure of personal data, or something
# that happened at the door (a refused key, a failed handshake, an allow-list change).
# Keyed by its own sequence number (u64 BE) in the `access` database.
struct AccessRecord {
  seq @0 :UInt64;
  at @1 :Int64;                # wall clock, ms since epoch
  principal @2 :Text;          # who: as authenticated, or "operator" for a command on the host
  role @3 :Text;
  action @4 :Text;             # e.g. "sightings.disclosed", "export", "auth.refused"
  subject @5 :Text;            # what: e.g. "sighting:ALPHA-1/s-17", "sightings 12..80"
  justification @6 :Text;      # as the user typed it; required for personal data
  detail @7 :Text;
}
