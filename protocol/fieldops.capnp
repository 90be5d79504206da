# FieldOps wire protocol, version 1. Every message on every endpoint is one Envelope,
# sent as a single ZeroMQ frame holding a flat (unpacked) Cap'n Proto message.
# See docs/protocol.md for the endpoints, the sequences and the error codes.
# Never reuse or renumber an ordinal: add new fields and union members at the end.
@0x9e9e3ee856185c10;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("fieldops::wire");

const protocolVersion :UInt16 = 1;

# Times are milliseconds since the Unix epoch, UTC, from the sender's clock.

struct Envelope {
  version @0 :UInt16;          # must equal protocolVersion
  operationId @1 :Text;        # the operation this message belongs to
  exercise @2 :Bool;           # true in an exercise, false in a live operation; the two never mix
  messageId @3 :UInt64;        # chosen by the sender, non-zero, increasing per sender
  sentAt @4 :Int64;            # sender's clock, ms since epoch

  body :union {
    hello @5 :Hello;
    welcome @6 :Welcome;
    heartbeat @7 :Void;
    sightingReport @8 :Sighting;
    sightingAck @9 :SightingAck;
    taskAssign @10 :Task;
    taskAck @11 :TaskAck;
    taskUpdate @12 :TaskUpdate;
    receipt @13 :Receipt;
    error @14 :Error;
    taskCancel @15 :TaskCancel;
    controlRequest @16 :ControlRequest;
    controlReply @17 :ControlReply;
    update @18 :Update;          # update stream (7402) only
  }
}

struct Position {
  lat @0 :Float64;             # WGS84 degrees, -90..90
  lon @1 :Float64;             # WGS84 degrees, -180..180
}

struct Capabilities {
  documentCheck @0 :Bool;           # access to travel-document and notice lists
  fingerprint @1 :Bool;             # carries a fingerprint scanner
  childProtectionTrained @2 :Bool;
  vehicleSearch @3 :Bool;
  interpreterLanguages @4 :List(Text);   # ISO 639-1 codes, e.g. "sq", "ar"
}

# Agent -> coordinator: register this connection as the unit with this callsign.
struct Hello {
  callsign @0 :Text;           # required, 1..32 characters
  post @1 :Text;               # the post the unit works at; empty when mobile
  position @2 :Position;
  capabilities @3 :Capabilities;
}

# Coordinator -> agent: the registration is accepted.
struct Welcome {
  callsign @0 :Text;
  heartbeatIntervalMs @1 :UInt32;  # how often each side sends a heartbeat
  heartbeatLiveness @2 :UInt32;    # intervals of silence before a unit is lost
  lastSeq @3 :UInt64;              # the coordinator's last event sequence number
}

enum SightingCategory {
  person @0;
  group @1;
  vehicle @2;
  document @3;
  site @4;
}

enum Indicator {
  documentsHeldByOther @0;
  signsOfAbuse @1;
  scriptedStory @2;
  debtBondage @3;
  unaccompaniedMinor @4;
  restrictedMovement @5;
  notInControlOfMoney @6;
  fearfulOrSubmissive @7;
  inappropriateClothingOrLuggage @8;
  ticketBoughtByOther @9;
  ageInconsistentWithDocument @10;
  accompaniedByControllingPerson @11;
}

enum Exploitation {
  unknown @0;
  forcedLabour @1;
  sexualExploitation @2;
  forcedCriminality @3;
  organRemoval @4;
  smugglingOnly @5;
}

enum DocumentType {
  none @0;
  passport @1;
  identityCard @2;
  residencePermit @3;
  visa @4;
  travelDocument @5;       # refugee or stateless travel document
  other @6;
}

struct Subject {
  names @0 :List(Text);        # as written, in any script (UTF-8)
  dateOfBirth @1 :Text;        # ISO 8601 "YYYY-MM-DD", "YYYY-MM" or "YYYY"; empty if unknown
  nationality @2 :Text;        # ISO 3166-1 alpha-3; empty if unknown
  documentNumber @3 :Text;
  documentType @4 :DocumentType;
  documentCountry @5 :Text;    # issuing country, ISO 3166-1 alpha-3
  vehiclePlate @6 :Text;
  vehicleCountry @7 :Text;     # ISO 3166-1 alpha-3
}

# Agent -> coordinator. Answered by a SightingAck once durable.
struct Sighting {
  sightingId @0 :Text;         # required; chosen by the agent, the same on every retransmit
  observedAt @1 :Int64;        # ms since epoch
  position @2 :Position;
  post @3 :Text;
  category @4 :SightingCategory;
  personCount @5 :UInt32;
  minorCount @6 :UInt32;       # must not exceed personCount
  subject @7 :Subject;
  indicators @8 :List(Indicator);
  exploitation @9 :Exploitation;
  freeText @10 :Text;
  confidence @11 :UInt8;       # 0..100, the reporter's confidence in percent
  relatedTaskId @12 :UInt64;   # 0 when not related to a task
}

struct SightingAck {
  sightingId @0 :Text;
  duplicate @1 :Bool;          # true when this id was already stored; stored once either way
}

enum TaskKind {
  screenArrivals @0;           # screen arrivals of a flight or vessel
  secondLineDocumentCheck @1;
  inspectVehicle @2;
  inspectSite @3;
  interviewPossibleVictim @4;  # interview or identify a possible victim
  childProtectionReferral @5;
  holdForVerification @6;      # after a notice hit
  surveil @7;
  escortToShelter @8;
}

enum Priority {
  p1 @0;                       # most urgent
  p2 @1;
  p3 @2;
  p4 @3;
}

struct Target {
  union {
    post @0 :Text;
    position @1 :Position;
  }
}

# Coordinator -> agent (as taskAssign), also the task as returned in snapshots.
struct Task {
  taskId @0 :UInt64;
  kind @1 :TaskKind;
  priority @2 :Priority;
  dueAt @3 :Int64;             # ms since epoch
  target @4 :Target;
  instructions @5 :Text;
}

enum TaskAckDecision {
  received @0;                 # delivery receipt; stops the coordinator resending
  accepted @1;
  declined @2;                 # reason required
}

# Agent -> coordinator. Answered by a Receipt once durable.
struct TaskAck {
  taskId @0 :UInt64;
  decision @1 :TaskAckDecision;
  reason @2 :Text;
}

enum TaskProgress {
  enRoute @0;
  onScene @1;
  completed @2;
  failed @3;                   # note required
}

# Agent -> coordinator. Answered by a Receipt once durable.
struct TaskUpdate {
  taskId @0 :UInt64;
  status @1 :TaskProgress;
  note @2 :Text;               # outcome note
}

# Coordinator -> agent: the change carried by message messageId is durable
# (or was already applied, so the agent may forget it).
struct Receipt {
  messageId @0 :UInt64;
  taskId @1 :UInt64;
}

# Coordinator -> agent: the task is no longer this unit's (cancelled or reassigned).
struct TaskCancel {
  taskId @0 :UInt64;
  reason @1 :Text;
}

enum ErrorCode {
  malformed @0;                # the bytes are not a valid Envelope
  tooLarge @1;                 # the frame exceeds the size cap
  unsupportedVersion @2;
  wrongOperation @3;           # operation id or exercise flag differ from the coordinator's
  missingField @4;
  invalidValue @5;             # out of range, bad enum, bad UTF-8, too long
  notRegistered @6;            # send Hello first
  registrationRefused @7;
  unknownTask @8;
  invalidTransition @9;        # the task is not in a state that allows this
  notYourTask @10;
  unknownUnit @11;
  unexpectedMessage @12;       # this message kind is not accepted on this endpoint
  internal @13;
  unknownAlert @14;
  notAllowed @15;              # the principal's role does not allow this
}

struct Error {
  code @0 :ErrorCode;
  message @1 :Text;            # for humans
  refMessageId @2 :UInt64;     # the message that caused it; 0 if unknown
}

# --- Control endpoint (7401) ---

struct ControlRequest {
  union {
    createTask @0 :CreateTask;
    assignTask @1 :AssignTask;
    reassignTask @2 :AssignTask;
    cancelTask @3 :CancelTask;
    snapshot @4 :Void;
    sightings @5 :SightingQuery;
    acknowledgeAlert @6 :AlertNote;
    resolveAlert @7 :ResolveAlert;
    events @8 :EventQuery;
    advanceClock @9 :AdvanceClock;   # only to a coordinator run with --clock stepped
  }
}

# A commander acknowledges an alert: who (required) and an optional note.
struct AlertNote {
  alertId @0 :UInt64;
  commander @1 :Text;          # the commander's name, required
  note @2 :Text;
}

struct ResolveAlert {
  alertId @0 :UInt64;
  commander @1 :Text;          # required
  outcome @2 :AlertOutcome;
  note @3 :Text;               # required: why it is resolved this way
}

struct CreateTask {
  kind @0 :TaskKind;
  priority @1 :Priority;
  dueAt @2 :Int64;
  target @3 :Target;
  instructions @4 :Text;
  assignTo @5 :Text;           # callsign; empty leaves the task unassigned
}

struct AssignTask {
  taskId @0 :UInt64;
  callsign @1 :Text;
}

struct CancelTask {
  taskId @0 :UInt64;
  reason @1 :Text;
}

struct SightingQuery {
  afterSeq @0 :UInt64;         # return sightings stored after this event sequence number
  limit @1 :UInt32;            # at most this many (capped by the coordinator)
  newestFirst @2 :Bool;        # the newest `limit` sightings after afterSeq, newest first
  justification @3 :Text;      # why the caller needs the personal data: without one the
                               # sightings come redacted; with one they come whole, and the
                               # disclosure is recorded in the access log (docs/security.md)
}

# A page of the event log: events with afterSeq < seq < beforeSeq (0: no upper bound).
struct EventQuery {
  afterSeq @0 :UInt64;
  beforeSeq @1 :UInt64;
  limit @2 :UInt32;            # at most this many (capped by the coordinator)
  newestFirst @3 :Bool;        # page backwards from beforeSeq instead of forwards from afterSeq
  subject @4 :Text;            # only events about this subject, e.g. "task:12"; empty for all
}

# The exercise clock of a coordinator run with `--clock stepped` (docs/coordinator.md):
# once the coordinator has received `agentMessages` agent messages in all, it processes the
# held ones in (sentAt, messageId) order, each at its own time, with the timers between them,
# and sets its clock to `to`. The reply (ControlOk) comes after the commit.
struct AdvanceClock {
  to @0 :Int64;
  agentMessages @1 :UInt64;    # agent messages the sender has sent in all, since it connected
}

# One event of the log, for people and for the update stream.
struct EventSummary {
  seq @0 :UInt64;
  at @1 :Int64;                # the coordinator clock when it happened
  kind @2 :Text;               # the event kind, e.g. "taskAssigned" (docs/store.md)
  principal @3 :Text;          # who caused it
  subjects @4 :List(Text);     # what it concerns: "unit:ALPHA-1", "task:12", "alert:3",
                               # "sighting:<unit>/<sighting id>", "post:<name>"
  summary @5 :Text;            # one line for people
}

# Update stream (7402), a PUB socket. Each message is one Envelope whose body is an Update.
# A client takes a Snapshot over control, then applies only updates whose events are newer
# (zguide "Clone" pattern). A gap (the first event's seq is not the client's seq + 1, or a
# heartbeat's lastSeq is ahead of the client) means the client must take a new snapshot.
struct Update {
  lastSeq @0 :UInt64;          # the store's last event once this update is applied
  clock @1 :Int64;             # the operation clock
  events @2 :List(EventSummary);  # contiguous, ending at lastSeq; empty in a heartbeat
  # The state, after these events, of everything they changed (replace by key). In a
  # heartbeat: only the units gone quiet (not lost, last heard before heardSince).
  units @3 :List(UnitView);
  tasks @4 :List(TaskView);
  alerts @5 :List(AlertView);
  sightings @6 :List(StoredSighting);
  posts @7 :List(PostView);
  # Heartbeats only (0 otherwise, and from coordinators before it existed, whose heartbeats
  # carried every unit): every unit that is not lost and not in `units` was last heard at or
  # after this time (operation clock). docs/protocol.md, "Update stream".
  heardSince @8 :Int64;
}

enum UnitStatus {
  available @0;
  busy @1;
  offDuty @2;
  lost @3;
}

struct UnitView {
  callsign @0 :Text;
  post @1 :Text;
  position @2 :Position;
  capabilities @3 :Capabilities;
  status @4 :UnitStatus;
  registeredAt @5 :Int64;
  lastHeardAt @6 :Int64;
  statusSince @7 :Int64;       # when the unit's status last changed (operation clock)
}

enum TaskState {
  created @0;
  assigned @1;
  delivered @2;
  accepted @3;
  declined @4;
  enRoute @5;
  onScene @6;
  completed @7;
  failed @8;
  cancelled @9;
}

struct Transition {
  state @0 :TaskState;
  at @1 :Int64;
  note @2 :Text;
}

struct TaskView {
  task @0 :Task;
  state @1 :TaskState;
  unit @2 :Text;               # callsign; empty when unassigned
  needsReassignment @3 :Bool;
  overdue @4 :Bool;
  history @5 :List(Transition);  # every transition, time-stamped
}

struct StoredSighting {
  seq @0 :UInt64;
  unit @1 :Text;               # the reporting unit's callsign
  sighting @2 :Sighting;
  screening @3 :ScreeningResult;
  redacted @4 :Bool;           # personal data removed: names, date of birth, document number,
                               # plate, free text and the screening reasons (docs/security.md)
}

# --- Screening and alerts (docs/screening.md) ---

enum HitLevel {
  noHit @0;
  possibleHit @1;              # needs confirmation by a person
  hit @2;
}

enum WatchlistKind {
  notice @0;
  travelDocument @1;           # lost or stolen travel documents
  vehicle @2;
}

# One watchlist entry a sighting matched, and why.
struct ScreeningMatch {
  list @0 :WatchlistKind;
  reference @1 :Text;          # the entry's reference in its list
  category @2 :Text;           # "red notice", "stolen passport", "vehicle of interest"
  level @3 :HitLevel;
  score @4 :UInt8;             # name similarity in percent; 100 for exact document/plate matches
  reason @5 :Text;             # for people: what agreed and what did not
  basis @6 :Text;              # what agreed, without personal data (no names, numbers or
                               # plates): "name 96%, date of birth agrees"; for the alert's why line
  dateOfBirth @7 :DateOfBirthAgreement;  # the sighting's against the notice's; unknown otherwise
}

# How the date of birth of a sighting's subject agrees with a notice's (docs/screening.md).
enum DateOfBirthAgreement {
  unknown @0;                  # either is missing, or the match is not on a name or notice
  agrees @1;                   # both full dates, equal
  agreesInPart @2;             # equal as far as both go; at least one is partial
  differs @3;                  # different as far as both go
}

struct ScreeningResult {
  level @0 :HitLevel;          # the strongest of the matches; noHit when there are none
  matches @1 :List(ScreeningMatch);
  reason @2 :Text;             # one line for people, also when there is no hit
}

enum AlertCause {
  hit @0;                      # a screening hit
  possibleHit @1;
  safeguarding @2;             # a rule on the sighting itself, e.g. an unaccompanied minor
  unitLost @3;
  postUnstaffed @4;
}

enum Severity {
  critical @0;
  high @1;
  medium @2;
  low @3;
}

enum AlertState {
  raised @0;
  acknowledged @1;
  resolved @2;
}

enum AlertOutcome {
  confirmedHit @0;
  falsePositive @1;
  handled @2;                  # for alerts that are not screening results (lost unit, unstaffed post)
}

# The follow-up task a rule proposes; created at once when the rule says so (taskId then set).
struct ProposedTask {
  kind @0 :TaskKind;
  priority @1 :Priority;
  target @2 :Target;
  unit @3 :Text;               # the suggested unit: nearest available with the capability; may be empty
  instructions @4 :Text;
  taskId @5 :UInt64;           # 0 while only proposed
}

struct AlertView {
  alertId @0 :UInt64;
  cause @1 :AlertCause;
  severity @2 :Severity;
  state @3 :AlertState;
  raisedAt @4 :Int64;
  rule @5 :Text;               # the rule that raised it (docs/screening.md)
  summary @6 :Text;            # the reason shown to the commander
  unit @7 :Text;               # the reporting unit, the lost unit; empty otherwise
  sightingId @8 :Text;         # the sighting, for hit, possibleHit and safeguarding
  post @9 :Text;
  hasProposal @10 :Bool;
  proposal @11 :ProposedTask;
  acknowledgedBy @12 :Text;
  acknowledgedAt @13 :Int64;
  resolvedBy @14 :Text;
  resolvedAt @15 :Int64;
  outcome @16 :AlertOutcome;
  note @17 :Text;              # the acknowledgement and resolution notes
  notifications @18 :UInt32;   # how often it was notified again while unacknowledged
  escalated @19 :Bool;
  lastNotifiedAt @20 :Int64;
  why @21 :Text;               # why the rule fired, in one line without personal data
                               # (docs/screening.md, "Why an alert was raised")
  raisedSeverity @22 :Severity;  # the severity it was raised with; `severity` is after any
                               # escalation (equal to it while not escalated)
  occurrences @23 :UInt32;     # the sightings (or losses) grouped into it: 1 when raised
  lastOccurredAt @24 :Int64;   # when the last of them came (raisedAt for the first)
  lastSightingId @25 :Text;    # the last grouped sighting and its reporting unit
  lastUnit @26 :Text;
  groupKey @27 :Text;          # opaque: alerts of one rule with the same key group together
}

# A post from the operation's plan. A staffed post must always have an available unit.
struct PostView {
  name @0 :Text;
  position @1 :Position;
  staffed @2 :Bool;
}

struct ControlReply {
  union {
    ok @0 :ControlOk;
    snapshot @1 :Snapshot;
    sightings @2 :List(StoredSighting);
    events @3 :List(EventSummary);
  }
}

struct ControlOk {
  taskId @0 :UInt64;
  seq @1 :UInt64;              # last event sequence number after the change
  alertId @2 :UInt64;          # for alert commands
  delivered @3 :UInt64;        # advanceClock: messages sent to agents in all, since start
}

struct Snapshot {
  seq @0 :UInt64;
  units @1 :List(UnitView);
  tasks @2 :List(TaskView);
  alerts @3 :List(AlertView);  # every alert of the operation, by id
  posts @4 :List(PostView);
  clock @5 :Int64;             # the operation clock
  phase @6 :OperationPhase;
  updates @7 :Text;            # the update stream endpoint, e.g. "tcp://127.0.0.1:7402"
  chainHead @8 :Text;          # hex BLAKE2b hash of the last event header: the event-log hash
}

enum OperationPhase {
  planning @0;
  briefing @1;
  execution @2;
  debrief @3;
  closed @4;
}
