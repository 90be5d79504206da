// The envelope codec: the single validating decoder and its encoder (see codec.hpp).
#include <protocol/codec.hpp>
#include <protocol/convert.hpp>

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/exception.h>

#include <array>
#include <cstring>

namespace fieldops {

using convert::InvalidField;
using convert::require;
using convert::kLongText;
using convert::kNameText;
using convert::readText;
using convert::requiredText;

namespace {


std::uint64_t requiredId(std::uint64_t id, const char* field) {
  require(id != 0, ErrorCode::MISSING_FIELD, [&] { return std::string(field) + ": required"; });
  return id;
}

ControlRequest readControlRequest(wire::ControlRequest::Reader r) {
  switch (r.which()) {
    case wire::ControlRequest::CREATE_TASK: {
      auto c = r.getCreateTask();
      CreateTask t;
      t.kind = convert::checkedEnum(c.getKind(), TaskKind::ESCORT_TO_SHELTER, "createTask.kind");
      t.priority = convert::checkedEnum(c.getPriority(), Priority::P4, "createTask.priority");
      t.dueAt = c.getDueAt();
      require(t.dueAt > 0, ErrorCode::MISSING_FIELD, "createTask.dueAt: required");
      t.target = convert::readTarget(c.getTarget(), "createTask.target");
      t.instructions = readText(c.getInstructions(), kLongText, "createTask.instructions");
      t.assignTo = readText(c.getAssignTo(), 32, "createTask.assignTo");
      return t;
    }
    case wire::ControlRequest::ASSIGN_TASK:
    case wire::ControlRequest::REASSIGN_TASK: {
      const bool reassign = r.which() == wire::ControlRequest::REASSIGN_TASK;
      auto a = reassign ? r.getReassignTask() : r.getAssignTask();
      return AssignTask{requiredId(a.getTaskId(), "assignTask.taskId"),
                        requiredText(a.getCallsign(), 32, "assignTask.callsign"), reassign};
    }
    case wire::ControlRequest::CANCEL_TASK: {
      auto c = r.getCancelTask();
      return CancelTask{requiredId(c.getTaskId(), "cancelTask.taskId"),
                        readText(c.getReason(), kNameText, "cancelTask.reason")};
    }
    case wire::ControlRequest::SNAPSHOT:
      return SnapshotQuery{};
    case wire::ControlRequest::SIGHTINGS: {
      auto q = r.getSightings();
      return SightingQuery{q.getAfterSeq(), q.getLimit(), q.getNewestFirst(),
                           readText(q.getJustification(), kLongText, "sightings.justification")};
    }
    case wire::ControlRequest::ACKNOWLEDGE_ALERT: {
      auto a = r.getAcknowledgeAlert();
      return AcknowledgeAlert{requiredId(a.getAlertId(), "acknowledgeAlert.alertId"),
                              requiredText(a.getCommander(), kNameText, "acknowledgeAlert.commander"),
                              readText(a.getNote(), kLongText, "acknowledgeAlert.note")};
    }
    case wire::ControlRequest::RESOLVE_ALERT: {
      auto a = r.getResolveAlert();
      return ResolveAlert{
          requiredId(a.getAlertId(), "resolveAlert.alertId"),
          requiredText(a.getCommander(), kNameText, "resolveAlert.commander"),
          convert::checkedEnum(a.getOutcome(), AlertOutcome::HANDLED, "resolveAlert.outcome"),
          requiredText(a.getNote(), kLongText, "resolveAlert.note")};
    }
    case wire::ControlRequest::EVENTS: {
      auto q = r.getEvents();
      return EventQuery{q.getAfterSeq(), q.getBeforeSeq(), q.getLimit(), q.getNewestFirst(),
                        readText(q.getSubject(), convert::kSubjectText, "events.subject")};
    }
    case wire::ControlRequest::ADVANCE_CLOCK: {
      auto a = r.getAdvanceClock();
      require(a.getTo() > 0, ErrorCode::MISSING_FIELD, "advanceClock.to: required");
      return AdvanceClock{a.getTo(), a.getAgentMessages()};
    }
  }
  throw InvalidField(ErrorCode::MALFORMED, "controlRequest: unknown kind");
}

ControlReply readControlReply(wire::ControlReply::Reader r) {
  switch (r.which()) {
    case wire::ControlReply::OK:
      return ControlOk{r.getOk().getTaskId(), r.getOk().getSeq(), r.getOk().getAlertId(),
                       r.getOk().getDelivered()};
    case wire::ControlReply::SNAPSHOT: {
      auto s = r.getSnapshot();
      Snapshot snap;
      snap.seq = s.getSeq();
      for (auto u : s.getUnits()) snap.units.push_back(convert::readUnitView(u));
      for (auto t : s.getTasks()) snap.tasks.push_back(convert::readTaskView(t));
      for (auto a : s.getAlerts()) snap.alerts.push_back(convert::readAlertView(a));
      for (auto p : s.getPosts()) snap.posts.push_back(convert::readPostView(p));
      snap.clock = s.getClock();
      snap.phase = convert::checkedEnum(s.getPhase(), OperationPhase::CLOSED, "snapshot.phase");
      snap.updates = readText(s.getUpdates(), kNameText, "snapshot.updates");
      snap.chainHead = readText(s.getChainHead(), convert::kShortText * 2, "snapshot.chainHead");
      return snap;
    }
    case wire::ControlReply::SIGHTINGS: {
      std::vector<StoredSighting> out;
      for (auto s : r.getSightings()) out.push_back(convert::readStoredSighting(s));
      return out;
    }
    case wire::ControlReply::EVENTS: {
      std::vector<EventSummary> out;
      for (auto e : r.getEvents()) out.push_back(convert::readEventSummary(e));
      return out;
    }
  }
  throw InvalidField(ErrorCode::MALFORMED, "controlReply: unknown kind");
}

Body readBody(wire::Envelope::Reader env) {
  auto body = env.getBody();
  switch (body.which()) {
    case wire::Envelope::Body::HELLO:
      return convert::readHello(body.getHello());
    case wire::Envelope::Body::WELCOME: {
      auto w = body.getWelcome();
      return Welcome{requiredText(w.getCallsign(), 32, "welcome.callsign"),
                     w.getHeartbeatIntervalMs(), w.getHeartbeatLiveness(), w.getLastSeq()};
    }
    case wire::Envelope::Body::HEARTBEAT:
      return Heartbeat{};
    case wire::Envelope::Body::SIGHTING_REPORT:
      return convert::readSightingReport(body.getSightingReport());
    case wire::Envelope::Body::SIGHTING_ACK: {
      auto a = body.getSightingAck();
      return SightingAck{requiredText(a.getSightingId(), convert::kShortText, "sightingAck.sightingId"),
                         a.getDuplicate()};
    }
    case wire::Envelope::Body::TASK_ASSIGN: {
      Task t = convert::readTask(body.getTaskAssign());
      requiredId(t.taskId, "taskAssign.taskId");
      return t;
    }
    case wire::Envelope::Body::TASK_ACK: {
      auto a = body.getTaskAck();
      TaskAck ack{requiredId(a.getTaskId(), "taskAck.taskId"),
                  convert::checkedEnum(a.getDecision(), TaskAckDecision::DECLINED, "taskAck.decision"),
                  readText(a.getReason(), kNameText, "taskAck.reason")};
      require(ack.decision != TaskAckDecision::DECLINED || !ack.reason.empty(),
              ErrorCode::MISSING_FIELD, "taskAck.reason: required when declining");
      return ack;
    }
    case wire::Envelope::Body::TASK_UPDATE: {
      auto u = body.getTaskUpdate();
      TaskUpdate up{requiredId(u.getTaskId(), "taskUpdate.taskId"),
                    convert::checkedEnum(u.getStatus(), TaskProgress::FAILED, "taskUpdate.status"),
                    readText(u.getNote(), kLongText, "taskUpdate.note")};
      require(up.status != TaskProgress::FAILED || !up.note.empty(), ErrorCode::MISSING_FIELD,
              "taskUpdate.note: required when failed");
      return up;
    }
    case wire::Envelope::Body::RECEIPT:
      return Receipt{requiredId(body.getReceipt().getMessageId(), "receipt.messageId"),
                     body.getReceipt().getTaskId()};
    case wire::Envelope::Body::ERROR: {
      auto e = body.getError();
      return Error{convert::checkedEnum(e.getCode(), ErrorCode::NOT_ALLOWED, "error.code"),
                   readText(e.getMessage(), kLongText, "error.message"), e.getRefMessageId()};
    }
    case wire::Envelope::Body::TASK_CANCEL: {
      auto c = body.getTaskCancel();
      return TaskCancel{requiredId(c.getTaskId(), "taskCancel.taskId"),
                        readText(c.getReason(), kNameText, "taskCancel.reason")};
    }
    case wire::Envelope::Body::CONTROL_REQUEST:
      return readControlRequest(body.getControlRequest());
    case wire::Envelope::Body::CONTROL_REPLY:
      return readControlReply(body.getControlReply());
    case wire::Envelope::Body::UPDATE:
      return convert::readUpdate(body.getUpdate());
  }
  throw InvalidField(ErrorCode::MALFORMED, "body: unknown message kind");
}

void writeControlRequest(wire::ControlRequest::Builder b, const ControlRequest& req) {
  std::visit(
      [&](const auto& r) {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, CreateTask>) {
          auto c = b.initCreateTask();
          c.setKind(r.kind);
          c.setPriority(r.priority);
          c.setDueAt(r.dueAt);
          convert::write(c.initTarget(), r.target);
          c.setInstructions(r.instructions);
          c.setAssignTo(r.assignTo);
        } else if constexpr (std::is_same_v<T, AssignTask>) {
          auto a = r.reassign ? b.initReassignTask() : b.initAssignTask();
          a.setTaskId(r.taskId);
          a.setCallsign(r.callsign);
        } else if constexpr (std::is_same_v<T, CancelTask>) {
          auto c = b.initCancelTask();
          c.setTaskId(r.taskId);
          c.setReason(r.reason);
        } else if constexpr (std::is_same_v<T, SnapshotQuery>) {
          b.setSnapshot();
        } else if constexpr (std::is_same_v<T, SightingQuery>) {
          auto q = b.initSightings();
          q.setAfterSeq(r.afterSeq);
          q.setLimit(r.limit);
          q.setNewestFirst(r.newestFirst);
          q.setJustification(r.justification);
        } else if constexpr (std::is_same_v<T, EventQuery>) {
          auto q = b.initEvents();
          q.setAfterSeq(r.afterSeq);
          q.setBeforeSeq(r.beforeSeq);
          q.setLimit(r.limit);
          q.setNewestFirst(r.newestFirst);
          q.setSubject(r.subject);
        } else if constexpr (std::is_same_v<T, AdvanceClock>) {
          auto a = b.initAdvanceClock();
          a.setTo(r.to);
          a.setAgentMessages(r.agentMessages);
        } else if constexpr (std::is_same_v<T, AcknowledgeAlert>) {
          auto a = b.initAcknowledgeAlert();
          a.setAlertId(r.alertId);
          a.setCommander(r.commander);
          a.setNote(r.note);
        } else {
          static_assert(std::is_same_v<T, ResolveAlert>);
          auto a = b.initResolveAlert();
          a.setAlertId(r.alertId);
          a.setCommander(r.commander);
          a.setOutcome(r.outcome);
          a.setNote(r.note);
        }
      },
      req);
}

void writeControlReply(wire::ControlReply::Builder b, const ControlReply& reply) {
  std::visit(
      [&](const auto& r) {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, ControlOk>) {
          auto ok = b.initOk();
          ok.setTaskId(r.taskId);
          ok.setSeq(r.seq);
          ok.setAlertId(r.alertId);
          ok.setDelivered(r.delivered);
        } else if constexpr (std::is_same_v<T, Snapshot>) {
          auto s = b.initSnapshot();
          s.setSeq(r.seq);
          auto units = s.initUnits(r.units.size());
          for (unsigned i = 0; i < r.units.size(); ++i) convert::write(units[i], r.units[i]);
          auto tasks = s.initTasks(r.tasks.size());
          for (unsigned i = 0; i < r.tasks.size(); ++i) convert::write(tasks[i], r.tasks[i]);
          auto alerts = s.initAlerts(r.alerts.size());
          for (unsigned i = 0; i < r.alerts.size(); ++i) convert::write(alerts[i], r.alerts[i]);
          auto posts = s.initPosts(r.posts.size());
          for (unsigned i = 0; i < r.posts.size(); ++i) convert::write(posts[i], r.posts[i]);
          s.setClock(r.clock);
          s.setPhase(r.phase);
          s.setUpdates(r.updates);
          s.setChainHead(r.chainHead);
        } else if constexpr (std::is_same_v<T, std::vector<StoredSighting>>) {
          auto list = b.initSightings(static_cast<unsigned>(r.size()));
          for (unsigned i = 0; i < r.size(); ++i) convert::write(list[i], r[i]);
        } else {
          static_assert(std::is_same_v<T, std::vector<EventSummary>>);
          auto list = b.initEvents(static_cast<unsigned>(r.size()));
          for (unsigned i = 0; i < r.size(); ++i) convert::write(list[i], r[i]);
        }
      },
      reply);
}

void writeBody(wire::Envelope::Body::Builder b, const Body& body) {
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, Hello>) {
          convert::write(b.initHello(), m);
        } else if constexpr (std::is_same_v<T, Welcome>) {
          auto w = b.initWelcome();
          w.setCallsign(m.callsign);
          w.setHeartbeatIntervalMs(m.heartbeatIntervalMs);
          w.setHeartbeatLiveness(m.heartbeatLiveness);
          w.setLastSeq(m.lastSeq);
        } else if constexpr (std::is_same_v<T, Heartbeat>) {
          b.setHeartbeat();
        } else if constexpr (std::is_same_v<T, Sighting>) {
          convert::write(b.initSightingReport(), m);
        } else if constexpr (std::is_same_v<T, SightingAck>) {
          auto a = b.initSightingAck();
          a.setSightingId(m.sightingId);
          a.setDuplicate(m.duplicate);
        } else if constexpr (std::is_same_v<T, Task>) {
          convert::write(b.initTaskAssign(), m);
        } else if constexpr (std::is_same_v<T, TaskAck>) {
          auto a = b.initTaskAck();
          a.setTaskId(m.taskId);
          a.setDecision(m.decision);
          a.setReason(m.reason);
        } else if constexpr (std::is_same_v<T, TaskUpdate>) {
          auto u = b.initTaskUpdate();
          u.setTaskId(m.taskId);
          u.setStatus(m.status);
          u.setNote(m.note);
        } else if constexpr (std::is_same_v<T, Receipt>) {
          auto r = b.initReceipt();
          r.setMessageId(m.messageId);
          r.setTaskId(m.taskId);
        } else if constexpr (std::is_same_v<T, Error>) {
          auto e = b.initError();
          e.setCode(m.code);
          e.setMessage(m.message);
          e.setRefMessageId(m.refMessageId);
        } else if constexpr (std::is_same_v<T, TaskCancel>) {
          auto c = b.initTaskCancel();
          c.setTaskId(m.taskId);
          c.setReason(m.reason);
        } else if constexpr (std::is_same_v<T, ControlRequest>) {
          writeControlRequest(b.initControlRequest(), m);
        } else if constexpr (std::is_same_v<T, ControlReply>) {
          writeControlReply(b.initControlReply(), m);
        } else {
          static_assert(std::is_same_v<T, Update>);
          convert::write(b.initUpdate(), m);
        }
      },
      body);
}

}  // namespace

namespace {

// Frames up to this size are copied to the stack for alignment instead of the heap.
constexpr std::size_t kStackFrameWords = 64;  // 512 bytes: heartbeats, acknowledgements

}  // namespace

std::optional<DecodeError> decodeInto(std::string_view frame, Envelope& out,
                                      const DecodeLimits& limits) {
  if (frame.size() > limits.maxFrameBytes) {
    return DecodeError{ErrorCode::TOO_LARGE, "frame of " + std::to_string(frame.size()) +
                                                 " bytes exceeds the cap of " +
                                                 std::to_string(limits.maxFrameBytes)};
  }
  if (frame.empty() || frame.size() % sizeof(capnp::word) != 0) {
    return DecodeError{ErrorCode::MALFORMED, "frame length " + std::to_string(frame.size()) +
                                                 " is not a whole number of 8-byte words"};
  }
  // Copy into word-aligned memory: ZeroMQ gives no alignment guarantee.
  std::array<capnp::word, kStackFrameWords> stack;
  kj::Array<capnp::word> heap;
  kj::ArrayPtr<const capnp::word> words;
  const std::size_t count = frame.size() / sizeof(capnp::word);
  if (count <= stack.size()) {
    std::memcpy(stack.data(), frame.data(), frame.size());
    words = kj::arrayPtr(stack.data(), count);
  } else {
    heap = convert::alignedWords(frame);  // length checked above
    words = heap.asPtr();
  }
  std::uint64_t messageId = 0;  // known once read, so errors can name the message
  try {
    capnp::ReaderOptions options;
    // Honest messages read each word once; twice the frame allows for nothing amplified.
    options.traversalLimitInWords = words.size() * 2 + 64;
    options.nestingLimit = limits.nestingLimit;
    capnp::FlatArrayMessageReader reader(words, options);
    auto env = reader.getRoot<wire::Envelope>();
    out.version = env.getVersion();
    if (out.version != kProtocolVersion) {
      return DecodeError{ErrorCode::UNSUPPORTED_VERSION,
                         "protocol version " + std::to_string(out.version) + ", expected " +
                             std::to_string(kProtocolVersion)};
    }
    auto operationId = env.getOperationId();
    convert::checkText(operationId, convert::kShortText, "operationId");
    require(operationId.size() > 0, ErrorCode::MISSING_FIELD, "operationId: required");
    out.operationId.assign(operationId.cStr(), operationId.size());
    out.exercise = env.getExercise();
    out.messageId = requiredId(env.getMessageId(), "messageId");
    messageId = out.messageId;
    out.sentAt = env.getSentAt();
    out.body = readBody(env);
    return std::nullopt;
  } catch (const InvalidField& e) {
    return DecodeError{e.code, e.what(), messageId};
  } catch (const kj::Exception& e) {
    return DecodeError{ErrorCode::MALFORMED,
                       std::string("not a valid envelope: ") + e.getDescription().cStr(), messageId};
  }
}

Expected<Envelope, DecodeError> decode(std::string_view frame, const DecodeLimits& limits) {
  Envelope out;
  if (auto error = decodeInto(frame, out, limits)) return std::move(*error);
  return out;
}

std::string encode(const Envelope& envelope) {
  capnp::MallocMessageBuilder message(convert::kFirstSegmentWords);
  auto env = message.initRoot<wire::Envelope>();
  env.setVersion(envelope.version);
  env.setOperationId(envelope.operationId);
  env.setExercise(envelope.exercise);
  env.setMessageId(envelope.messageId);
  env.setSentAt(envelope.sentAt);
  writeBody(env.initBody(), envelope.body);
  return convert::flatBytes(message);
}

Encoder::Encoder()
    : segment_(kj::heapArray<kj::byte>(convert::kFirstSegmentWords * 4 * sizeof(capnp::word))) {
  std::memset(segment_.begin(), 0, segment_.size());
}

template <class Write>
std::string_view Encoder::build(const EnvelopeHeader& header, Write&& writeBodyTo) {
  // The builder zeroes what it used of the first segment when it is destroyed, for the next.
  capnp::MallocMessageBuilder message(kj::arrayPtr(
      reinterpret_cast<capnp::word*>(segment_.begin()), segment_.size() / sizeof(capnp::word)));
  auto env = message.initRoot<wire::Envelope>();
  env.setVersion(kProtocolVersion);
  env.setOperationId(capnp::Text::Reader(header.operationId.data(), header.operationId.size()));
  env.setExercise(header.exercise);
  env.setMessageId(header.messageId);
  env.setSentAt(header.sentAt);
  writeBodyTo(env.initBody());
  const std::size_t size = capnp::computeSerializedSizeInWords(message) * sizeof(capnp::word);
  frame_.resize(size);  // within the capacity of earlier frames: no allocation
  kj::ArrayOutputStream stream(kj::arrayPtr(reinterpret_cast<kj::byte*>(frame_.data()), size));
  capnp::writeMessage(stream, message);
  return frame_;
}

std::string_view Encoder::encode(const EnvelopeHeader& header, const Body& body) {
  return build(header, [&](wire::Envelope::Body::Builder b) { writeBody(b, body); });
}

std::string_view Encoder::encode(const EnvelopeHeader& header, const Update& update) {
  return build(header,
               [&](wire::Envelope::Body::Builder b) { convert::write(b.initUpdate(), update); });
}

const char* bodyName(const Body& body) {
  static constexpr const char* kNames[] = {
      "hello",     "welcome",    "heartbeat", "sightingReport", "sightingAck",
      "taskAssign", "taskAck",   "taskUpdate", "receipt",       "error",
      "taskCancel", "controlRequest", "controlReply", "update"};
  static_assert(std::size(kNames) == std::variant_size_v<Body>);
  return kNames[body.index()];
}

}  // namespace fieldops
