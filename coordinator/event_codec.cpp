// Stored event codec (see event_codec.hpp).
#include <coordinator/event_codec.hpp>
#include <protocol/convert.hpp>
#include <protocol/store.capnp.h>

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <sodium.h>

#include <cstring>
#include <stdexcept>

namespace fieldops {

namespace {

void writeTaskNote(stored::TaskNote::Builder b, std::uint64_t id, const std::string& note) {
  b.setTaskId(id);
  b.setNote(note);
}

void encodeAlertPayload(stored::EventPayload::Builder p, const AlertRaised& e) {
  convert::write(p.initAlertRaised(), e.alert);
}
void encodeAlertPayload(stored::EventPayload::Builder p, const AlertAcknowledged& e) {
  auto a = p.initAlertAcknowledged();
  a.setAlertId(e.alertId);
  a.setCommander(e.commander);
  a.setNote(e.note);
}
void encodeAlertPayload(stored::EventPayload::Builder p, const AlertResolved& e) {
  auto a = p.initAlertResolved();
  a.setAlertId(e.alertId);
  a.setCommander(e.commander);
  a.setOutcome(e.outcome);
  a.setNote(e.note);
}
void encodeAlertPayload(stored::EventPayload::Builder p, const AlertRenotified& e) {
  p.setAlertRenotified(e.alertId);
}
void encodeAlertPayload(stored::EventPayload::Builder p, const AlertEscalated& e) {
  auto a = p.initAlertEscalated();
  a.setAlertId(e.alertId);
  a.setSeverity(e.severity);
}
void encodeAlertPayload(stored::EventPayload::Builder p, const AlertRepeated& e) {
  auto a = p.initAlertRepeated();
  a.setAlertId(e.alertId);
  a.setSightingId(e.sightingId);
  a.setUnit(e.unit);
}
void encodeAlertPayload(stored::EventPayload::Builder p, const PostDefined& e) {
  convert::write(p.initPostDefined(), e.post);
}
void encodeAlertPayload(stored::EventPayload::Builder p, const OperationClosed& e) {
  auto c = p.initOperationClosed();
  c.setRetentionDays(e.retentionDays);
  c.setReason(e.reason);
}
void encodeAlertPayload(stored::EventPayload::Builder p, const RetentionPurged& e) {
  auto r = p.initRetentionPurged();
  r.setThroughSeq(e.throughSeq);
  r.setSightings(e.sightings);
  auto alerts = r.initAlerts(static_cast<unsigned>(e.alerts.size()));
  for (unsigned i = 0; i < alerts.size(); ++i) {
    alerts[i].setSeq(e.alerts[i].seq);
    convert::write(alerts[i].initAlert(), e.alerts[i].alert);
  }
  auto tasks = r.initTasks(static_cast<unsigned>(e.tasks.size()));
  for (unsigned i = 0; i < tasks.size(); ++i) {
    tasks[i].setSeq(e.tasks[i].seq);
    convert::write(tasks[i].initTask(), e.tasks[i].task);
  }
}

RetentionPurged readRetentionPurged(stored::RetentionPurged::Reader r) {
  RetentionPurged out{r.getThroughSeq(), r.getSightings(), {}, {}};
  for (auto a : r.getAlerts()) {
    out.alerts.push_back({a.getSeq(), convert::readAlertView(a.getAlert())});
  }
  for (auto t : r.getTasks()) out.tasks.push_back({t.getSeq(), convert::readTask(t.getTask())});
  return out;
}

}  // namespace

std::string encodePayload(const EventBody& body) {
  capnp::MallocMessageBuilder message(convert::kFirstSegmentWords);
  auto p = message.initRoot<stored::EventPayload>();
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, UnitRegistered>) {
          convert::write(p.initUnitRegistered(), e.hello);
        } else if constexpr (std::is_same_v<T, UnitLost>) {
          p.setUnitLost(e.callsign);
        } else if constexpr (std::is_same_v<T, SightingRecorded>) {
          auto s = p.initSightingRecorded();
          s.setUnit(e.unit);
          convert::write(s.initSighting(), e.sighting);
          convert::write(s.initScreening(), e.screening);
        } else if constexpr (std::is_same_v<T, TaskCreated>) {
          convert::write(p.initTaskCreated(), e.task);
        } else if constexpr (std::is_same_v<T, TaskAssigned>) {
          auto a = p.initTaskAssigned();
          a.setTaskId(e.taskId);
          a.setCallsign(e.callsign);
        } else if constexpr (std::is_same_v<T, TaskDelivered>) {
          p.setTaskDelivered(e.taskId);
        } else if constexpr (std::is_same_v<T, TaskAccepted>) {
          p.setTaskAccepted(e.taskId);
        } else if constexpr (std::is_same_v<T, TaskDeclined>) {
          writeTaskNote(p.initTaskDeclined(), e.taskId, e.reason);
        } else if constexpr (std::is_same_v<T, TaskProgressed>) {
          auto t = p.initTaskProgressed();
          t.setTaskId(e.taskId);
          t.setStatus(e.status);
          t.setNote(e.note);
        } else if constexpr (std::is_same_v<T, TaskCancelled>) {
          writeTaskNote(p.initTaskCancelled(), e.taskId, e.reason);
        } else if constexpr (std::is_same_v<T, TaskFlagged>) {
          writeTaskNote(p.initTaskFlagged(), e.taskId, e.reason);
        } else if constexpr (std::is_same_v<T, TaskOverdue>) {
          p.setTaskOverdue(e.taskId);
        } else {
          encodeAlertPayload(p, e);
        }
      },
      body);
  // The union discriminant is the header's "kind": it must agree with payloadKind().
  if (static_cast<std::uint16_t>(p.which()) != payloadKind(body)) {
    throw std::logic_error("store.capnp EventPayload order differs from EventBody");
  }
  return convert::flatBytes(message);
}

std::string tombstonePayload() {
  capnp::MallocMessageBuilder message(convert::kFirstSegmentWords);
  message.initRoot<stored::EventPayload>().setTombstone();
  return convert::flatBytes(message);
}

std::optional<EventBody> decodePayload(std::string_view bytes) {
  auto words = convert::alignedWords(bytes);
  capnp::FlatArrayMessageReader reader(words.asPtr());
  auto p = reader.getRoot<stored::EventPayload>();
  using P = stored::EventPayload;
  switch (p.which()) {
    case P::UNIT_REGISTERED: return UnitRegistered{convert::readHello(p.getUnitRegistered())};
    case P::UNIT_LOST: return UnitLost{p.getUnitLost()};
    case P::SIGHTING_RECORDED: {
      auto s = p.getSightingRecorded();
      return SightingRecorded{s.getUnit(), convert::readSighting(s.getSighting()),
                              convert::readScreening(s.getScreening())};
    }
    case P::TASK_CREATED: return TaskCreated{convert::readTask(p.getTaskCreated())};
    case P::TASK_ASSIGNED:
      return TaskAssigned{p.getTaskAssigned().getTaskId(), p.getTaskAssigned().getCallsign()};
    case P::TASK_DELIVERED: return TaskDelivered{p.getTaskDelivered()};
    case P::TASK_ACCEPTED: return TaskAccepted{p.getTaskAccepted()};
    case P::TASK_DECLINED:
      return TaskDeclined{p.getTaskDeclined().getTaskId(), p.getTaskDeclined().getNote()};
    case P::TASK_PROGRESSED: {
      auto t = p.getTaskProgressed();
      return TaskProgressed{t.getTaskId(), t.getStatus(), t.getNote()};
    }
    case P::TASK_CANCELLED:
      return TaskCancelled{p.getTaskCancelled().getTaskId(), p.getTaskCancelled().getNote()};
    case P::TASK_FLAGGED:
      return TaskFlagged{p.getTaskFlagged().getTaskId(), p.getTaskFlagged().getNote()};
    case P::TASK_OVERDUE: return TaskOverdue{p.getTaskOverdue()};
    case P::TOMBSTONE: return std::nullopt;
    case P::ALERT_RAISED: return AlertRaised{convert::readAlertView(p.getAlertRaised())};
    case P::ALERT_ACKNOWLEDGED: {
      auto a = p.getAlertAcknowledged();
      return AlertAcknowledged{a.getAlertId(), a.getCommander(), a.getNote()};
    }
    case P::ALERT_RESOLVED: {
      auto a = p.getAlertResolved();
      return AlertResolved{a.getAlertId(), a.getCommander(), a.getOutcome(), a.getNote()};
    }
    case P::ALERT_RENOTIFIED: return AlertRenotified{p.getAlertRenotified()};
    case P::ALERT_ESCALATED:
      return AlertEscalated{p.getAlertEscalated().getAlertId(), p.getAlertEscalated().getSeverity()};
    case P::POST_DEFINED: return PostDefined{convert::readPostView(p.getPostDefined())};
    case P::OPERATION_CLOSED:
      return OperationClosed{p.getOperationClosed().getRetentionDays(),
                             p.getOperationClosed().getReason()};
    case P::RETENTION_PURGED: return readRetentionPurged(p.getRetentionPurged());
    case P::ALERT_REPEATED: {
      auto a = p.getAlertRepeated();
      return AlertRepeated{a.getAlertId(), a.getSightingId(), a.getUnit()};
    }
  }
  throw std::runtime_error("stored payload of unknown kind " +
                           std::to_string(static_cast<int>(p.which())));
}

std::uint16_t storedPayloadKind(std::string_view bytes) {
  auto words = convert::alignedWords(bytes);
  capnp::FlatArrayMessageReader reader(words.asPtr());
  return static_cast<std::uint16_t>(reader.getRoot<stored::EventPayload>().which());
}

std::string encodeHeader(const EventHeader& h) {
  capnp::MallocMessageBuilder message(convert::kFirstSegmentWords);
  auto b = message.initRoot<stored::EventHeader>();
  b.setSeq(h.seq);
  b.setAt(h.at);
  b.setKind(h.kind);
  b.setPrincipal(h.principal);
  b.setPayloadDigest(kj::arrayPtr(h.payloadDigest.data(), h.payloadDigest.size()));
  b.setPrevHash(kj::arrayPtr(h.prevHash.data(), h.prevHash.size()));
  return convert::flatBytes(message);
}

EventHeader decodeHeader(std::string_view bytes) {
  auto words = convert::alignedWords(bytes);
  capnp::FlatArrayMessageReader reader(words.asPtr());
  auto r = reader.getRoot<stored::EventHeader>();
  EventHeader h;
  h.seq = r.getSeq();
  h.at = r.getAt();
  h.kind = r.getKind();
  h.principal = r.getPrincipal();
  auto digest = r.getPayloadDigest();
  auto prev = r.getPrevHash();
  if (digest.size() != h.payloadDigest.size() || prev.size() != h.prevHash.size()) {
    throw std::runtime_error("event header " + std::to_string(h.seq) + " has a bad hash width");
  }
  std::memcpy(h.payloadDigest.data(), digest.begin(), digest.size());
  std::memcpy(h.prevHash.data(), prev.begin(), prev.size());
  return h;
}

Hash blake2b(std::string_view bytes) {
  Hash out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  return out;
}

Hash headerHash(const EventHeader& h) {
  std::string canonical;
  auto putInt = [&](std::uint64_t v, int width) {
    for (int i = width - 1; i >= 0; --i) canonical.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  };
  putInt(h.seq, 8);
  putInt(static_cast<std::uint64_t>(h.at), 8);
  putInt(h.kind, 2);
  putInt(h.principal.size(), 4);
  canonical += h.principal;
  canonical.append(reinterpret_cast<const char*>(h.payloadDigest.data()), h.payloadDigest.size());
  canonical.append(reinterpret_cast<const char*>(h.prevHash.data()), h.prevHash.size());
  return blake2b(canonical);
}

std::string toHex(const Hash& h) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : h) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xF]);
  }
  return out;
}

}  // namespace fieldops
