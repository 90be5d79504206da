// Store contents as GIS records (see export_gis.hpp).
#include <coordinator/event_summary.hpp>
#include <coordinator/export_gis.hpp>
#include <limits>
#include <protocol/enum_names.hpp>
#include <protocol/time_text.hpp>

namespace fieldops {

namespace {

std::string join(const std::vector<std::string>& items, const char* separator = "; ") {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::optional<Position> placeOf(const Target& target, const OperationState& state) {
  if (const auto* p = std::get_if<Position>(&target)) return *p;
  const auto& post = std::get<std::string>(target);
  if (auto it = state.posts.find(post); it != state.posts.end()) return it->second.position;
  return std::nullopt;
}

std::string targetText(const Target& target) {
  if (const auto* p = std::get_if<Position>(&target)) {
    return std::to_string(p->lat) + "," + std::to_string(p->lon);
  }
  return std::get<std::string>(target);
}

std::optional<Position> eventPlace(const EventBody& body, const OperationState& state) {
  if (const auto* s = std::get_if<SightingRecorded>(&body)) return s->sighting.position;
  if (const auto* r = std::get_if<UnitRegistered>(&body)) return r->hello.position;
  if (const auto* c = std::get_if<TaskCreated>(&body)) return placeOf(c->task.target, state);
  if (const auto* p = std::get_if<PostDefined>(&body)) return p->post.position;
  return std::nullopt;
}

GisRecord sightingRecord(const StoredSighting& stored) {
  const Sighting& s = stored.sighting;
  std::vector<std::string> indicators;
  for (auto i : s.indicators) indicators.push_back(enumName(i));
  GisRecord r{"sighting " + stored.unit + "/" + s.sightingId, s.observedAt, s.position, {}};
  r.fields = {{"seq", std::to_string(stored.seq)},
              {"unit", stored.unit},
              {"sightingId", s.sightingId},
              {"observedAt", formatUtcTime(s.observedAt)},
              {"post", s.post},
              {"category", enumName(s.category)},
              {"persons", std::to_string(s.personCount)},
              {"minors", std::to_string(s.minorCount)},
              {"names", join(s.subject.names)},
              {"dateOfBirth", s.subject.dateOfBirth},
              {"nationality", s.subject.nationality},
              {"documentNumber", s.subject.documentNumber},
              {"documentCountry", s.subject.documentCountry},
              {"vehiclePlate", s.subject.vehiclePlate},
              {"vehicleCountry", s.subject.vehicleCountry},
              {"indicators", join(indicators)},
              {"exploitation", enumName(s.exploitation)},
              {"confidence", std::to_string(s.confidence)},
              {"screening", enumName(stored.screening.level)},
              {"screeningReason", stored.screening.reason},
              {"freeText", s.freeText}};
  return r;
}

}  // namespace

std::vector<GisRecord> eventRecords(const EventStore& store) {
  const OperationState state = store.load();
  std::vector<GisRecord> out;
  store.forEachEvent([&](const StoredEvent& e) {
    const std::uint64_t seq = e.header.seq;
    GisRecord r{"event " + std::to_string(seq), e.header.at, std::nullopt, {}};
    std::string summary = "purged (retention): only the header remains";
    std::vector<std::string> subjects;
    if (e.body) {
      const EventSummary s = summarize(seq, Event{e.header.at, e.header.principal, *e.body});
      summary = s.summary;
      subjects = s.subjects;
      r.position = eventPlace(*e.body, state);
    }
    r.fields = {{"seq", std::to_string(seq)},           {"time", formatUtcTime(e.header.at)},
                {"kind", eventKindName(e.header.kind)}, {"principal", e.header.principal},
                {"subjects", join(subjects)},           {"summary", summary}};
    out.push_back(std::move(r));
  });
  return out;
}

std::vector<GisRecord> sightingRecords(const EventStore& store) {
  std::vector<GisRecord> out;
  std::uint64_t after = 0;
  for (;;) {
    const auto page = store.sightings(after, 1000);
    for (const auto& s : page) out.push_back(sightingRecord(s));
    if (page.size() < 1000) return out;
    after = page.back().seq;
  }
}

std::vector<GisRecord> taskRecords(const EventStore& store) {
  const OperationState state = store.load();
  std::vector<GisRecord> out;
  for (const auto& [id, t] : state.tasks) {
    std::vector<std::string> history;
    for (const auto& h : t.history) {
      history.push_back(std::string(taskStateName(h.state)) + " " + formatUtcTime(h.at) +
                        (h.note.empty() ? "" : " (" + h.note + ")"));
    }
    const Millis created = t.history.empty() ? 0 : t.history.front().at;
    GisRecord r{"task " + std::to_string(id), created, placeOf(t.task.target, state), {}};
    r.fields = {{"taskId", std::to_string(id)},
                {"kind", enumName(t.task.kind)},
                {"priority", enumName(t.task.priority)},
                {"state", taskStateName(t.state)},
                {"unit", t.unit},
                {"target", targetText(t.task.target)},
                {"dueAt", formatUtcTime(t.task.dueAt)},
                {"overdue", t.overdue ? "yes" : "no"},
                {"instructions", t.task.instructions},
                {"history", join(history)}};
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace fieldops
