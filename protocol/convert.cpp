// Cap'n Proto <-> plain value converters with validation (see convert.hpp).
#include <protocol/convert.hpp>
#include <protocol/date_of_birth.hpp>

#include <capnp/serialize.h>
#include <kj/io.h>

#include <cmath>
#include <cstring>

namespace fieldops::convert {

namespace {


template <class ListReader>
void capList(const ListReader& list, const char* field) {
  require(list.size() <= kMaxListItems, ErrorCode::INVALID_VALUE, [&] {
    return std::string(field) + ": more than " + std::to_string(kMaxListItems) + " items";
  });
}

}  // namespace

kj::Array<capnp::word> alignedWords(std::string_view bytes) {
  if (bytes.size() % sizeof(capnp::word) != 0) {
    throw std::runtime_error("message of " + std::to_string(bytes.size()) +
                             " bytes is not a whole number of words");
  }
  auto words = kj::heapArray<capnp::word>(bytes.size() / sizeof(capnp::word));
  std::memcpy(words.begin(), bytes.data(), bytes.size());
  return words;
}

std::string flatBytes(capnp::MessageBuilder& message) {
  const std::size_t size = capnp::computeSerializedSizeInWords(message) * sizeof(capnp::word);
  std::string out(size, '\0');
  kj::ArrayOutputStream stream(kj::arrayPtr(reinterpret_cast<kj::byte*>(out.data()), size));
  capnp::writeMessage(stream, message);
  return out;
}

bool validUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if (c == 0) return false;  // NUL has no place in any text field
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;  // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Reject overlong forms, surrogates and values beyond Unicode.
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

std::string_view checkText(capnp::Text::Reader t, std::size_t cap, const char* field) {
  std::string_view v(t.cStr(), t.size());
  require(v.size() <= cap, ErrorCode::INVALID_VALUE,
          [&] { return std::string(field) + ": longer than " + std::to_string(cap) + " bytes"; });
  require(validUtf8(v), ErrorCode::INVALID_VALUE,
          [&] { return std::string(field) + ": not valid UTF-8"; });
  return v;
}

std::string readText(capnp::Text::Reader t, std::size_t cap, const char* field) {
  return std::string(checkText(t, cap, field));
}

std::string requiredText(capnp::Text::Reader t, std::size_t cap, const char* field) {
  auto s = readText(t, cap, field);
  require(!s.empty(), ErrorCode::MISSING_FIELD, [&] { return std::string(field) + ": required"; });
  return s;
}

Position readPosition(wire::Position::Reader r) {
  Position p{r.getLat(), r.getLon()};
  require(std::isfinite(p.lat) && p.lat >= -90 && p.lat <= 90, ErrorCode::INVALID_VALUE,
          "position.lat: must be within -90..90");
  require(std::isfinite(p.lon) && p.lon >= -180 && p.lon <= 180, ErrorCode::INVALID_VALUE,
          "position.lon: must be within -180..180");
  return p;
}

Capabilities readCapabilities(wire::Capabilities::Reader r) {
  Capabilities c;
  c.documentCheck = r.getDocumentCheck();
  c.fingerprint = r.getFingerprint();
  c.childProtectionTrained = r.getChildProtectionTrained();
  c.vehicleSearch = r.getVehicleSearch();
  auto langs = r.getInterpreterLanguages();
  capList(langs, "capabilities.interpreterLanguages");
  for (auto l : langs) c.interpreterLanguages.push_back(requiredText(l, 8, "interpreterLanguages"));
  return c;
}

Hello readHello(wire::Hello::Reader r) {
  Hello h;
  h.callsign = requiredText(r.getCallsign(), 32, "hello.callsign");
  h.post = readText(r.getPost(), kNameText, "hello.post");
  h.position = readPosition(r.getPosition());
  h.capabilities = readCapabilities(r.getCapabilities());
  return h;
}

Sighting readSighting(wire::Sighting::Reader r) {
  Sighting s;
  s.sightingId = requiredText(r.getSightingId(), kShortText, "sighting.sightingId");
  s.observedAt = r.getObservedAt();
  require(s.observedAt > 0, ErrorCode::MISSING_FIELD, "sighting.observedAt: required");
  s.position = readPosition(r.getPosition());
  s.post = readText(r.getPost(), kNameText, "sighting.post");
  s.category = checkedEnum(r.getCategory(), SightingCategory::SITE, "sighting.category");
  s.personCount = r.getPersonCount();
  s.minorCount = r.getMinorCount();
  require(s.personCount <= 10000, ErrorCode::INVALID_VALUE, "sighting.personCount: above 10000");
  require(s.minorCount <= s.personCount, ErrorCode::INVALID_VALUE,
          "sighting.minorCount: exceeds personCount");
  auto subj = r.getSubject();
  auto names = subj.getNames();
  capList(names, "subject.names");
  for (auto n : names) s.subject.names.push_back(requiredText(n, kNameText, "subject.names"));
  s.subject.dateOfBirth = readText(subj.getDateOfBirth(), 10, "subject.dateOfBirth");
  s.subject.nationality = readText(subj.getNationality(), 3, "subject.nationality");
  s.subject.documentNumber = readText(subj.getDocumentNumber(), kShortText, "subject.documentNumber");
  s.subject.documentType =
      checkedEnum(subj.getDocumentType(), DocumentType::OTHER, "subject.documentType");
  s.subject.documentCountry = readText(subj.getDocumentCountry(), 3, "subject.documentCountry");
  s.subject.vehiclePlate = readText(subj.getVehiclePlate(), kShortText, "subject.vehiclePlate");
  s.subject.vehicleCountry = readText(subj.getVehicleCountry(), 3, "subject.vehicleCountry");
  auto indicators = r.getIndicators();
  capList(indicators, "sighting.indicators");
  for (auto i : indicators) {
    s.indicators.push_back(
        checkedEnum(i, Indicator::ACCOMPANIED_BY_CONTROLLING_PERSON, "sighting.indicators"));
  }
  s.exploitation = checkedEnum(r.getExploitation(), Exploitation::SMUGGLING_ONLY,
                               "sighting.exploitation");
  s.freeText = readText(r.getFreeText(), kLongText, "sighting.freeText");
  s.confidence = r.getConfidence();
  require(s.confidence <= 100, ErrorCode::INVALID_VALUE, "sighting.confidence: above 100");
  s.relatedTaskId = r.getRelatedTaskId();
  return s;
}

Sighting readSightingReport(wire::Sighting::Reader r) {
  Sighting s = readSighting(r);
  const auto problem = dateOfBirthProblem(s.subject.dateOfBirth, s.observedAt);
  require(!problem, ErrorCode::INVALID_VALUE, [&] { return "subject.dateOfBirth: " + *problem; });
  return s;
}

Target readTarget(wire::Target::Reader r, const char* field) {
  switch (r.which()) {
    case wire::Target::POST:
      return requiredText(r.getPost(), kNameText, field);
    case wire::Target::POSITION:
      return readPosition(r.getPosition());
  }
  throw InvalidField(ErrorCode::INVALID_VALUE, std::string(field) + ": unknown kind");
}

Task readTask(wire::Task::Reader r) {
  Task t;
  t.taskId = r.getTaskId();
  t.kind = checkedEnum(r.getKind(), TaskKind::ESCORT_TO_SHELTER, "task.kind");
  t.priority = checkedEnum(r.getPriority(), Priority::P4, "task.priority");
  t.dueAt = r.getDueAt();
  t.target = readTarget(r.getTarget(), "task.target");
  t.instructions = readText(r.getInstructions(), kLongText, "task.instructions");
  return t;
}

UnitView readUnitView(wire::UnitView::Reader r) {
  UnitView u;
  u.callsign = requiredText(r.getCallsign(), 32, "unit.callsign");
  u.post = readText(r.getPost(), kNameText, "unit.post");
  u.position = readPosition(r.getPosition());
  u.capabilities = readCapabilities(r.getCapabilities());
  u.status = checkedEnum(r.getStatus(), UnitStatus::LOST, "unit.status");
  u.registeredAt = r.getRegisteredAt();
  u.lastHeardAt = r.getLastHeardAt();
  // From a coordinator before statusSince: as long as it has been registered.
  u.statusSince = r.getStatusSince() != 0 ? r.getStatusSince() : u.registeredAt;
  return u;
}

TaskView readTaskView(wire::TaskView::Reader r) {
  TaskView v;
  v.task = readTask(r.getTask());
  v.state = checkedEnum(r.getState(), TaskState::CANCELLED, "task.state");
  v.unit = readText(r.getUnit(), 32, "task.unit");
  v.needsReassignment = r.getNeedsReassignment();
  v.overdue = r.getOverdue();
  auto history = r.getHistory();
  // The coordinator refuses commands past 1000 transitions; agent updates add at most a few more.
  require(history.size() <= 2048, ErrorCode::INVALID_VALUE, "task.history: too long");
  for (auto h : history) {
    v.history.push_back({checkedEnum(h.getState(), TaskState::CANCELLED, "history.state"),
                         h.getAt(), readText(h.getNote(), kLongText, "history.note")});
  }
  return v;
}

namespace {
template <class B>
void writeTexts(B list, const std::vector<std::string>& items) {
  for (unsigned i = 0; i < items.size(); ++i) list.set(i, items[i]);
}
}  // namespace

void write(wire::Position::Builder b, const Position& v) {
  b.setLat(v.lat);
  b.setLon(v.lon);
}

void write(wire::Capabilities::Builder b, const Capabilities& v) {
  b.setDocumentCheck(v.documentCheck);
  b.setFingerprint(v.fingerprint);
  b.setChildProtectionTrained(v.childProtectionTrained);
  b.setVehicleSearch(v.vehicleSearch);
  writeTexts(b.initInterpreterLanguages(v.interpreterLanguages.size()), v.interpreterLanguages);
}

void write(wire::Hello::Builder b, const Hello& v) {
  b.setCallsign(v.callsign);
  b.setPost(v.post);
  write(b.initPosition(), v.position);
  write(b.initCapabilities(), v.capabilities);
}

void write(wire::Sighting::Builder b, const Sighting& v) {
  b.setSightingId(v.sightingId);
  b.setObservedAt(v.observedAt);
  write(b.initPosition(), v.position);
  b.setPost(v.post);
  b.setCategory(v.category);
  b.setPersonCount(v.personCount);
  b.setMinorCount(v.minorCount);
  auto s = b.initSubject();
  writeTexts(s.initNames(v.subject.names.size()), v.subject.names);
  s.setDateOfBirth(v.subject.dateOfBirth);
  s.setNationality(v.subject.nationality);
  s.setDocumentNumber(v.subject.documentNumber);
  s.setDocumentType(v.subject.documentType);
  s.setDocumentCountry(v.subject.documentCountry);
  s.setVehiclePlate(v.subject.vehiclePlate);
  s.setVehicleCountry(v.subject.vehicleCountry);
  auto ind = b.initIndicators(v.indicators.size());
  for (unsigned i = 0; i < v.indicators.size(); ++i) ind.set(i, v.indicators[i]);
  b.setExploitation(v.exploitation);
  b.setFreeText(v.freeText);
  b.setConfidence(v.confidence);
  b.setRelatedTaskId(v.relatedTaskId);
}

void write(wire::Target::Builder b, const Target& v) {
  if (const auto* post = std::get_if<std::string>(&v)) {
    b.setPost(*post);
  } else {
    write(b.initPosition(), std::get<Position>(v));
  }
}

void write(wire::Task::Builder b, const Task& v) {
  b.setTaskId(v.taskId);
  b.setKind(v.kind);
  b.setPriority(v.priority);
  b.setDueAt(v.dueAt);
  write(b.initTarget(), v.target);
  b.setInstructions(v.instructions);
}

void write(wire::UnitView::Builder b, const UnitView& v) {
  b.setCallsign(v.callsign);
  b.setPost(v.post);
  write(b.initPosition(), v.position);
  write(b.initCapabilities(), v.capabilities);
  b.setStatus(v.status);
  b.setRegisteredAt(v.registeredAt);
  b.setLastHeardAt(v.lastHeardAt);
  b.setStatusSince(v.statusSince);
}

void write(wire::TaskView::Builder b, const TaskView& v) {
  write(b.initTask(), v.task);
  b.setState(v.state);
  b.setUnit(v.unit);
  b.setNeedsReassignment(v.needsReassignment);
  b.setOverdue(v.overdue);
  auto h = b.initHistory(v.history.size());
  for (unsigned i = 0; i < v.history.size(); ++i) {
    h[i].setState(v.history[i].state);
    h[i].setAt(v.history[i].at);
    h[i].setNote(v.history[i].note);
  }
}

}  // namespace fieldops::convert
