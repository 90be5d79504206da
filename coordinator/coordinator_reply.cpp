// The coordinator's answers (see coordinator.hpp): queries answered from the state and the
// store, personal data disclosed only once the access log holds it, and every message sent.
#include <coordinator/alerts.hpp>
#include <coordinator/coordinator.hpp>
#include <coordinator/decide_util.hpp>
#include <coordinator/redaction.hpp>
#include <protocol/codec.hpp>
#include <protocol/enum_names.hpp>
#include <zmq_addon.hpp>

namespace fieldops {

namespace {

constexpr std::uint32_t kMaxSightingsPerQuery = 1000;
constexpr std::uint32_t kMaxEventsPerQuery = 1000;
constexpr std::size_t kMaxEventsScanned = 200'000;  // bounds a subject search of a long log

}  // namespace

std::uint64_t wallMillis() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

void Coordinator::answer(const Query& query, Millis now) {
  ControlReply reply;
  if (const auto* s = std::get_if<SightingQuery>(&query.request)) {
    const std::uint32_t limit =
        s->limit == 0 ? kMaxSightingsPerQuery : std::min(s->limit, kMaxSightingsPerQuery);
    if (s->justification.empty()) {
      auto page = store_.sightings(s->afterSeq, limit, s->newestFirst);
      for (auto& one : page) one = redacted(std::move(one));
      reply = std::move(page);
    } else {
      auto page = disclose(query, *s, limit);
      if (!page) {
        send(errorTo(Endpoint::control, query.peer, ErrorCode::INTERNAL,
                     "the access log cannot be written; nothing disclosed", query.messageId),
             now);
        return;
      }
      reply = std::move(*page);
    }
  } else if (const auto* e = std::get_if<EventQuery>(&query.request)) {
    const std::uint32_t limit =
        e->limit == 0 ? kMaxEventsPerQuery : std::min(e->limit, kMaxEventsPerQuery);
    reply = store_.events(*e, limit, kMaxEventsScanned);
  } else {
    Snapshot snapshot = snapshotOf(state_, committedSeq_);
    snapshot.clock = now;
    for (AlertView& a : snapshot.alerts) a = notifiedView(a, options_.core, now);
    snapshot.phase = options_.phase;
    snapshot.updates = updatesEndpoint_;
    snapshot.chainHead = store_.chainHead();
    reply = std::move(snapshot);
  }
  send({Endpoint::control, query.peer, std::move(reply)}, now);
}

std::optional<std::vector<StoredSighting>> Coordinator::disclose(const Query& query,
                                                                 const SightingQuery& s,
                                                                 std::uint32_t limit) {
  auto page = store_.sightings(s.afterSeq, limit, s.newestFirst);
  if (page.empty()) return page;
  std::string subject;
  for (const auto& one : page) {
    if (subject.size() > 900) {
      subject += " ...";
      break;
    }
    if (!subject.empty()) subject += ", ";
    subject += "sighting:" + one.unit + "/" + one.sighting.sightingId;
  }
  AccessRecord record{0,
                      static_cast<Millis>(wallMillis()),
                      query.caller.name,
                      std::string(roleName(query.caller.role)),
                      "sightings.disclosed",
                      subject,
                      s.justification,
                      std::to_string(page.size()) + " sightings, seq " +
                          std::to_string(page.front().seq) + ".." +
                          std::to_string(page.back().seq)};
  try {
    lmdb::Txn txn(store_.env(), false);
    audit_.append(txn, std::move(record));
    txn.commit();  // durable before the data leaves
  } catch (const std::exception& e) {
    log_.error("access log not written, personal data withheld: {}", e.what());
    return std::nullopt;
  }
  log_.info("personal data of {} sightings disclosed to {}: {}", page.size(), query.caller.name,
            s.justification);
  return page;
}

void Coordinator::recordSecurityNotes(lmdb::Txn& txn) {
  const Millis at = static_cast<Millis>(wallMillis());
  for (const auto& n : securityNotes_) {
    audit_.append(txn, AccessRecord{0, at, "coordinator", "", n.action, n.subject, "", n.detail});
  }
  securityNotes_.clear();
}

EnvelopeHeader Coordinator::headerOf(Millis now) {
  return {options_.core.operationId, options_.core.exercise, nextMessageId_++, now};
}

void Coordinator::send(const Outbound& out, Millis now) {
  sendFrame(out.endpoint, out.peer, encoder_.encode(headerOf(now), out.body), bodyName(out.body));
}

void Coordinator::sendFrame(Endpoint endpoint, const std::string& peer, std::string_view bytes,
                            const char* what) {
  zmq::socket_t& socket = endpoint == Endpoint::agent ? agent_ : control_;
  try {
    std::array<zmq::const_buffer, 2> frames = {zmq::buffer(peer), zmq::buffer(bytes)};
    if (!zmq::send_multipart(socket, frames, zmq::send_flags::dontwait)) {
      log_.warn("peer is not keeping up; dropped a {} (resends cover tasks)", what);
    } else if (endpoint == Endpoint::agent) {
      ++delivered_;
    }
  } catch (const zmq::error_t& e) {
    if (e.num() != EHOSTUNREACH) throw;
    log_.debug("peer gone before its {} could be sent", what);
  }
}

void Coordinator::logEvents(const std::vector<Event>& events) {
  for (const auto& e : events) {
    if (std::holds_alternative<SightingRecorded>(e.body)) {
      log_.debug("sighting recorded from {}", e.principal);
    } else if (const auto* a = std::get_if<AlertRaised>(&e.body)) {
      log_.warn("ALERT {} [{}] {}: {}{}{}", a->alert.alertId, enumName(a->alert.severity),
                a->alert.rule, a->alert.summary,
                a->alert.why.empty() ? "" : "; why: ", a->alert.why);
    } else if (const auto* esc = std::get_if<AlertEscalated>(&e.body)) {
      log_.warn("ALERT {} unacknowledged: escalated to {}", esc->alertId, enumName(esc->severity));
    } else if (const auto* again = std::get_if<AlertRepeated>(&e.body)) {
      log_.warn("ALERT {} again, from {}", again->alertId, again->unit);
    } else if (const auto* lost = std::get_if<UnitLost>(&e.body)) {
      log_.warn("unit {} is lost (missed {} heartbeats)", lost->callsign,
                options_.core.heartbeatLiveness);
    } else {
      log_.info("{} by {}", eventName(e.body), e.principal);
    }
  }
}

}  // namespace fieldops
