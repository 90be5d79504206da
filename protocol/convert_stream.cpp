// Converters for the update stream and the event log pages: stored sightings, event summaries
// and updates (see convert.hpp).
#include <protocol/convert.hpp>

namespace fieldops::convert {

namespace {
constexpr std::size_t kMaxSubjects = 8;

}  // namespace

StoredSighting readStoredSighting(wire::StoredSighting::Reader r) {
  return {r.getSeq(), requiredText(r.getUnit(), 32, "storedSighting.unit"),
          readSighting(r.getSighting()), readScreening(r.getScreening()), r.getRedacted()};
}

void write(wire::StoredSighting::Builder b, const StoredSighting& v) {
  b.setSeq(v.seq);
  b.setUnit(v.unit);
  write(b.initSighting(), v.sighting);
  write(b.initScreening(), v.screening);
  b.setRedacted(v.redacted);
}

EventSummary readEventSummary(wire::EventSummary::Reader r) {
  EventSummary e;
  e.seq = r.getSeq();
  require(e.seq != 0, ErrorCode::MISSING_FIELD, "event.seq: required");
  e.at = r.getAt();
  e.kind = requiredText(r.getKind(), kShortText, "event.kind");
  e.principal = readText(r.getPrincipal(), kNameText, "event.principal");
  auto subjects = r.getSubjects();
  require(subjects.size() <= kMaxSubjects, ErrorCode::INVALID_VALUE, "event.subjects: too many");
  for (auto s : subjects) e.subjects.push_back(readText(s, kSubjectText, "event.subjects"));
  e.summary = readText(r.getSummary(), kLongText, "event.summary");
  return e;
}

void write(wire::EventSummary::Builder b, const EventSummary& v) {
  b.setSeq(v.seq);
  b.setAt(v.at);
  b.setKind(v.kind);
  b.setPrincipal(v.principal);
  auto subjects = b.initSubjects(static_cast<unsigned>(v.subjects.size()));
  for (unsigned i = 0; i < v.subjects.size(); ++i) subjects.set(i, v.subjects[i]);
  b.setSummary(v.summary);
}

Update readUpdate(wire::Update::Reader r) {
  Update u;
  u.lastSeq = r.getLastSeq();
  u.clock = r.getClock();
  std::uint64_t expected = 0;
  for (auto e : r.getEvents()) {
    u.events.push_back(readEventSummary(e));
    const std::uint64_t seq = u.events.back().seq;
    require(expected == 0 || seq == expected, ErrorCode::INVALID_VALUE,
            "update.events: not contiguous");
    expected = seq + 1;
  }
  require(u.events.empty() || u.events.back().seq == u.lastSeq, ErrorCode::INVALID_VALUE,
          "update.events: do not end at lastSeq");
  for (auto x : r.getUnits()) u.units.push_back(readUnitView(x));
  for (auto x : r.getTasks()) u.tasks.push_back(readTaskView(x));
  for (auto x : r.getAlerts()) u.alerts.push_back(readAlertView(x));
  for (auto x : r.getSightings()) u.sightings.push_back(readStoredSighting(x));
  for (auto x : r.getPosts()) u.posts.push_back(readPostView(x));
  u.heardSince = r.getHeardSince();
  require(u.heardSince >= 0 && u.heardSince <= u.clock, ErrorCode::INVALID_VALUE,
          "update.heardSince: not between 0 and the clock");
  require(u.heardSince == 0 || u.events.empty(), ErrorCode::INVALID_VALUE,
          "update.heardSince: only in a heartbeat");
  return u;
}

void write(wire::Update::Builder b, const Update& v) {
  b.setLastSeq(v.lastSeq);
  b.setClock(v.clock);
  auto events = b.initEvents(static_cast<unsigned>(v.events.size()));
  for (unsigned i = 0; i < v.events.size(); ++i) write(events[i], v.events[i]);
  auto units = b.initUnits(static_cast<unsigned>(v.units.size()));
  for (unsigned i = 0; i < v.units.size(); ++i) write(units[i], v.units[i]);
  auto tasks = b.initTasks(static_cast<unsigned>(v.tasks.size()));
  for (unsigned i = 0; i < v.tasks.size(); ++i) write(tasks[i], v.tasks[i]);
  auto alerts = b.initAlerts(static_cast<unsigned>(v.alerts.size()));
  for (unsigned i = 0; i < v.alerts.size(); ++i) write(alerts[i], v.alerts[i]);
  auto sightings = b.initSightings(static_cast<unsigned>(v.sightings.size()));
  for (unsigned i = 0; i < v.sightings.size(); ++i) write(sightings[i], v.sightings[i]);
  auto posts = b.initPosts(static_cast<unsigned>(v.posts.size()));
  for (unsigned i = 0; i < v.posts.size(); ++i) write(posts[i], v.posts[i]);
  b.setHeardSince(v.heardSince);
}

}  // namespace fieldops::convert
