// Scenario YAML parsing (see scenario_yaml.hpp and docs/trainer-guide.md).
#include <filesystem>
#include <protocol/enum_names.hpp>
#include <scenarios/replay/scenario_yaml.hpp>

namespace fieldops::replay {

namespace {

template <class E>
std::optional<E> enumField(MapReader& r, const char* key, bool required);
void readDocument(MapReader& r, Subject& subject);
void readVehicle(MapReader& r, Subject& subject);

}  // namespace

Sighting presetSighting(InjectKind kind);

namespace {

template <class E>
std::optional<E> enumField(MapReader& r, const char* key, bool required) {
  auto v = r.text(key, required);
  if (!v) return std::nullopt;
  if (auto e = enumFromName<E>(*v)) return e;
  std::string choices;
  for (const auto& n : enumNames<E>()) choices += (choices.empty() ? "" : ", ") + n;
  r.fail(key, "'" + *v + "' is not one of " + choices);
  return std::nullopt;
}

template <class E>
std::vector<E> enumList(MapReader& r, const char* key) {
  std::vector<E> out;
  for (const auto& name : r.texts(key)) {
    if (auto e = enumFromName<E>(name)) {
      out.push_back(*e);
    } else {
      std::string choices;
      for (const auto& n : enumNames<E>()) choices += (choices.empty() ? "" : ", ") + n;
      r.fail(key, "'" + name + "' is not one of " + choices);
    }
  }
  return out;
}

// Each element of a YAML list, with its path "name[i]".
template <class F>
void forEachItem(const YAML::Node& list, const std::string& name, const std::string& file,
                 Issues& issues, F f) {
  if (!list.IsDefined() || list.IsNull()) return;
  if (!list.IsSequence()) {
    issues.add(refOf(list, file), name, "expected a list (items starting with '- ')");
    return;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    MapReader item(list[i], name + "[" + std::to_string(i) + "]", file, issues);
    if (item.isMap()) f(item);
  }
}

std::optional<Position> readPosition(MapReader& r, const char* key) {
  if (!r.has(key)) return std::nullopt;
  MapReader p(r.node(key), r.field(key), r.file(), r.issues());
  auto lat = p.number("lat", -90, 90, true);
  auto lon = p.number("lon", -180, 180, true);
  p.rejectUnknownKeys();
  if (!lat || !lon) return std::nullopt;
  return Position{*lat, *lon};
}

void readOperation(MapReader& r, OperationSpec& op) {
  op.id = r.text("id", true).value_or("");
  op.name = r.text("name").value_or(op.id);
  op.start = r.instant("start", true).value_or(0);
  op.duration = r.duration("duration", true).value_or(0);
  op.heartbeat = r.duration("heartbeat").value_or(op.heartbeat);
  if (r.has("area")) {
    MapReader a(r.node("area"), r.field("area"), r.file(), r.issues());
    op.area.south = a.number("south", -90, 90, true).value_or(-90);
    op.area.west = a.number("west", -180, 180, true).value_or(-180);
    op.area.north = a.number("north", -90, 90, true).value_or(90);
    op.area.east = a.number("east", -180, 180, true).value_or(180);
    if (op.area.south > op.area.north || op.area.west > op.area.east) {
      r.fail("area", "south must not exceed north, nor west east");
    }
    a.rejectUnknownKeys();
  }
  r.rejectUnknownKeys();
}

void readBehaviour(MapReader& r, Behaviour& b) {
  b.acceptDelay = r.duration("accept_delay").value_or(b.acceptDelay);
  b.declineProbability = r.number("decline_probability", 0, 1).value_or(b.declineProbability);
  b.declineReason = r.text("decline_reason").value_or(b.declineReason);
  b.enRouteAfter = r.duration("en_route_after").value_or(b.enRouteAfter);
  b.onSceneAfter = r.duration("on_scene_after").value_or(b.onSceneAfter);
  b.completeAfter = r.duration("complete_after").value_or(b.completeAfter);
  b.failProbability = r.number("fail_probability", 0, 1).value_or(b.failProbability);
  b.reportInterval = r.duration("report_interval").value_or(b.reportInterval);
  b.jitter = r.number("jitter", 0, 1).value_or(b.jitter);
  r.rejectUnknownKeys();
}

void readCapabilities(MapReader& r, Capabilities& c) {
  for (const auto& name : r.texts("capabilities")) {
    if (name == "documentCheck")
      c.documentCheck = true;
    else if (name == "fingerprint")
      c.fingerprint = true;
    else if (name == "childProtectionTrained" || name == "childProtection")
      c.childProtectionTrained = true;
    else if (name == "vehicleSearch")
      c.vehicleSearch = true;
    else {
      r.fail("capabilities",
             "'" + name +
                 "' is not one of documentCheck, fingerprint, "
                 "childProtectionTrained, vehicleSearch (languages go in 'languages')");
    }
  }
  c.interpreterLanguages = r.texts("languages");
}

void readUnit(MapReader& r, Scenario& s, const Behaviour& defaults) {
  UnitSpec u;
  u.where = r.where();
  u.callsign = r.text("callsign", true).value_or("");
  u.post = r.text("post").value_or("");
  if (const PostSpec* p = s.post(u.post)) u.position = p->position;
  if (auto pos = readPosition(r, "position")) u.position = *pos;
  readCapabilities(r, u.capabilities);
  u.behaviour = defaults;
  if (r.has("behaviour")) {
    MapReader b(r.node("behaviour"), r.field("behaviour"), r.file(), r.issues());
    readBehaviour(b, u.behaviour);
  }
  u.startsSilent = r.boolean("silent_at_start").value_or(false);
  r.rejectUnknownKeys();
  s.units.push_back(std::move(u));
}

void readCommander(MapReader& r, CommanderSpec& c) {
  c.name = r.text("name").value_or(c.name);
  c.acknowledgeAfter = r.duration("acknowledge_after").value_or(c.acknowledgeAfter);
  c.createProposedTaskAfter =
      r.duration("create_proposed_task_after").value_or(c.createProposedTaskAfter);
  c.resolveAfter = r.duration("resolve_after").value_or(c.resolveAfter);
  c.ignoreRules = r.texts("ignore_rules");
  r.rejectUnknownKeys();
}

void readDocument(MapReader& r, Subject& subject) {
  MapReader d(r.node("document"), r.field("document"), r.file(), r.issues());
  subject.documentNumber = d.text("number", true).value_or("");
  subject.documentType = enumField<DocumentType>(d, "type", false).value_or(DocumentType::PASSPORT);
  subject.documentCountry = d.text("country").value_or("");
  d.rejectUnknownKeys();
}

void readVehicle(MapReader& r, Subject& subject) {
  MapReader v(r.node("vehicle"), r.field("vehicle"), r.file(), r.issues());
  subject.vehiclePlate = v.text("plate", true).value_or("");
  subject.vehicleCountry = v.text("country").value_or("");
  v.rejectUnknownKeys();
}

std::vector<WatchlistEntry> readEntries(MapReader& r) {
  std::vector<WatchlistEntry> out;
  const YAML::Node list = r.node("entries");
  if (!list.IsSequence() || list.size() == 0) {
    r.fail("entries", "expected a non-empty list of watchlist rows (column: value)");
    return out;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node row = list[i];
    const std::string path = r.field("entries") + "[" + std::to_string(i) + "]";
    if (!row.IsMap()) {
      r.issues().add(refOf(row, r.file()), path, "expected a map of columns");
      continue;
    }
    WatchlistEntry e;
    for (const auto& kv : row) {
      std::string value;
      if (kv.second.IsSequence()) {  // names: [a, b] -> "a|b", as in the CSV format
        for (const auto& item : kv.second) value += (value.empty() ? "" : "|") + item.Scalar();
      } else if (kv.second.IsScalar()) {
        value = kv.second.Scalar();
      }
      e.columns.emplace_back(kv.first.Scalar(), value);
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::optional<InjectKind> readInjectKind(MapReader& r) {
  auto name = r.text("kind", true);
  if (!name) return std::nullopt;
  if (auto k = injectKindFromName(*name)) return k;
  r.fail("kind", "'" + *name +
                     "' is not one of sighting, unitSilent, unitBack, documentHit, "
                     "groupCrossing, minorAlone, loadWatchlist, note");
  return std::nullopt;
}

void readInject(MapReader& r, Scenario& s) {
  Inject in;
  in.where = r.where();
  in.id = r.text("id", true).value_or("");
  in.ifMissed = r.text("if_missed").value_or("");
  if (in.ifMissed.empty()) {
    in.at = r.offset("at", true).value_or(0);
  } else {
    in.at = r.duration("after").value_or(0);
    if (r.has("at")) r.fail("at", "a contingency inject (if_missed) takes 'after', not 'at'");
  }
  const auto kind = readInjectKind(r);
  in.kind = kind.value_or(InjectKind::note);
  in.unit = r.text("unit").value_or("");
  in.text = r.text("text").value_or("");
  if (kind && sendsSighting(*kind)) {
    in.sighting = presetSighting(*kind);
    if (r.has("sighting")) {
      MapReader sr(r.node("sighting"), r.field("sighting"), r.file(), r.issues());
      if (sr.isMap()) readSighting(sr, in.sighting);
    }
  } else if (r.has("sighting")) {
    r.fail("sighting", "only sighting, documentHit, groupCrossing and minorAlone send a sighting");
  }
  if (kind == InjectKind::loadWatchlist) {
    auto list = r.text("list", true);
    if (list && !listFromName(*list))
      r.fail("list", "'" + *list + "' is not notices, documents or vehicles");
    in.list = listFromName(list.value_or("")).value_or(WatchlistList::notices);
    in.entries = readEntries(r);
  }
  readExpectList(r.node("expect"), r.field("expect"), in, s, r.issues());
  r.rejectUnknownKeys();
  s.injects.push_back(std::move(in));
}

void readExpected(MapReader& r, Scenario& s, const std::string& inject) {
  ExpectedAction a;
  a.where = r.where();
  a.id = r.text("id").value_or("");
  a.inject = inject.empty() ? r.text("inject", true).value_or("") : inject;
  if (!inject.empty() && r.has("inject"))
    r.fail("inject", "not needed inside an inject's 'expect'");
  if (auto name = r.text("action", true)) {
    if (auto k = actionKindFromName(*name)) {
      a.action = *k;
    } else {
      r.fail("action", "'" + *name +
                           "' is not one of alertAcknowledged, alertResolved, "
                           "taskCreated, taskAssigned, taskAccepted, taskCompleted");
    }
  }
  a.within = r.duration("within", true).value_or(0);
  a.taskKind = enumField<TaskKind>(r, "task_kind", false);
  a.post = r.text("post").value_or("");
  a.alertRule = r.text("alert_rule").value_or("");
  a.capability = r.text("capability").value_or("");
  a.description = r.text("description").value_or("");
  r.rejectUnknownKeys();
  if (a.capability.empty()) a.capability = defaultCapability(a);
  s.expected.push_back(std::move(a));
}

void readWatchlistFile(MapReader& r, Scenario& s, const std::string& baseDir) {
  WatchlistFile w;
  w.where = r.where();
  auto list = r.text("list", true);
  if (list && !listFromName(*list))
    r.fail("list", "'" + *list + "' is not notices, documents or vehicles");
  w.list = listFromName(list.value_or("")).value_or(WatchlistList::notices);
  const auto file = r.text("file", true).value_or("");
  w.path = file.empty() || file[0] == '/' ? file : (std::filesystem::path(baseDir) / file).string();
  r.rejectUnknownKeys();
  s.watchlists.push_back(std::move(w));
}

void readPost(MapReader& r, Scenario& s) {
  PostSpec p;
  p.where = r.where();
  p.name = r.text("name", true).value_or("");
  p.kind = r.text("kind").value_or("");
  p.position.lat = r.number("lat", -90, 90, true).value_or(0);
  p.position.lon = r.number("lon", -180, 180, true).value_or(0);
  p.staffed = r.boolean("staffed").value_or(false);
  r.rejectUnknownKeys();
  s.posts.push_back(std::move(p));
}

void readBody(MapReader& top, ParsedScenario& out, const std::string& baseDir) {
  Scenario& s = out.scenario;
  Issues& issues = top.issues();
  const std::string& file = top.file();
  MapReader op(top.node("operation"), "operation", file, issues);
  if (op.isMap()) readOperation(op, s.operation);
  forEachItem(top.node("posts"), "posts", file, issues, [&](MapReader& r) { readPost(r, s); });
  Behaviour defaults;
  if (top.has("unit_defaults")) {
    MapReader d(top.node("unit_defaults"), "unit_defaults", file, issues);
    readBehaviour(d, defaults);
  }
  forEachItem(top.node("units"), "units", file, issues,
              [&](MapReader& r) { readUnit(r, s, defaults); });
  if (top.has("commander")) {
    MapReader c(top.node("commander"), "commander", file, issues);
    s.commander.emplace();
    readCommander(c, *s.commander);
  }
  forEachItem(top.node("watchlists"), "watchlists", file, issues,
              [&](MapReader& r) { readWatchlistFile(r, s, baseDir); });
  forEachItem(top.node("injects"), "injects", file, issues,
              [&](MapReader& r) { readInject(r, s); });
  forEachItem(top.node("expected"), "expected", file, issues,
              [&](MapReader& r) { readExpected(r, s, ""); });
  for (const auto& m : top.texts("msel")) {
    const std::string path =
        m.empty() || m[0] == '/' ? m : (std::filesystem::path(baseDir) / m).string();
    out.mselFiles.emplace_back(path, top.where("msel"));
  }
  top.rejectUnknownKeys();
}

}  // namespace

void readSighting(MapReader& r, Sighting& s) {
  s.sightingId = r.text("id").value_or(s.sightingId);
  s.category = enumField<SightingCategory>(r, "category", false).value_or(s.category);
  s.personCount =
      static_cast<std::uint32_t>(r.integer("persons", 0, 10000).value_or(s.personCount));
  s.minorCount = static_cast<std::uint32_t>(r.integer("minors", 0, 10000).value_or(s.minorCount));
  if (r.has("names")) s.subject.names = r.texts("names");
  s.subject.dateOfBirth = r.text("date_of_birth").value_or(s.subject.dateOfBirth);
  s.subject.nationality = r.text("nationality").value_or(s.subject.nationality);
  if (r.has("document")) readDocument(r, s.subject);
  if (r.has("vehicle")) readVehicle(r, s.subject);
  if (r.has("indicators")) s.indicators = enumList<Indicator>(r, "indicators");
  s.exploitation = enumField<Exploitation>(r, "exploitation", false).value_or(s.exploitation);
  s.freeText = r.text("text").value_or(s.freeText);
  s.confidence = static_cast<std::uint8_t>(r.integer("confidence", 0, 100).value_or(s.confidence));
  s.post = r.text("post").value_or(s.post);
  if (auto p = readPosition(r, "position")) s.position = *p;
  r.rejectUnknownKeys();
}

Sighting presetSighting(InjectKind kind) {
  Sighting s;
  s.personCount = 1;
  s.confidence = 70;
  switch (kind) {
    case InjectKind::documentHit:
      s.category = SightingCategory::DOCUMENT;
      s.confidence = 80;
      break;
    case InjectKind::groupCrossing:
      s.category = SightingCategory::GROUP;
      s.personCount = 12;
      s.minorCount = 3;
      s.indicators = {Indicator::ACCOMPANIED_BY_CONTROLLING_PERSON};
      s.exploitation = Exploitation::SMUGGLING_ONLY;
      s.freeText = "Group crossing the green border on foot.";
      break;
    case InjectKind::minorAlone:
      s.personCount = 1;
      s.minorCount = 1;
      s.indicators = {Indicator::UNACCOMPANIED_MINOR};
      s.freeText = "Child found alone, no accompanying adult.";
      s.confidence = 90;
      break;
    default:
      break;
  }
  return s;
}

void readExpectList(const YAML::Node& list, const std::string& path, Inject& inject,
                    Scenario& scenario, Issues& issues) {
  const std::size_t before = scenario.expected.size();
  forEachItem(list, path, inject.where.file, issues,
              [&](MapReader& r) { readExpected(r, scenario, inject.id); });
  for (std::size_t i = before; i < scenario.expected.size(); ++i) {
    auto& a = scenario.expected[i];
    if (a.id.empty()) a.id = inject.id + "." + std::to_string(i - before + 1);
  }
}

Expected<ParsedScenario, ScenarioErrors> parseScenarioYaml(const std::string& text,
                                                           const std::string& file,
                                                           const std::string& baseDir) {
  Issues issues;
  YAML::Node root;
  // yaml-cpp reports syntax errors by exception; this is the one place they are turned into
  // a located issue.
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    issues.add({file, e.mark.line + 1, e.mark.column + 1}, "", "YAML syntax: " + e.msg);
    return issues.take();
  }
  ParsedScenario out;
  out.scenario.file = file;
  MapReader top(root, "", file, issues);
  if (top.isMap()) readBody(top, out, baseDir);
  if (!issues.empty()) return issues.take();
  return out;
}

}  // namespace fieldops::replay
