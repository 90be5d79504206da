# FieldOps store format: the coordinator's LMDB values. See docs/store.md.
# Never reuse or renumber an ordinal.
@0xa54aa771f72d3a8f;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("fieldops::stored");

using W = import "fieldops.capnp";

const schemaVersion :UInt32 = 1;

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
  }
}

struct SightingRecorded {
  unit @0 :Text;
  sighting @1 :W.Sighting;
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
