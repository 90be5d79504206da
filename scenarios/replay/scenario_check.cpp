// Whole-scenario checks and defaults (see scenario_check.hpp).
#include <filesystem>
#include <fstream>
#include <protocol/codec.hpp>
#include <scenarios/replay/msel.hpp>
#include <scenarios/replay/scenario_check.hpp>
#include <scenarios/replay/scenario_yaml.hpp>
#include <set>
#include <sstream>

namespace fieldops::replay {

namespace {

bool validCallsign(const std::string& c) {
  if (c.empty() || c.size() > 32 || c == "control" || c == "coordinator") return false;
  for (char ch : c) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_' && ch != '.') {
      return false;
    }
  }
  return true;
}

void checkOperation(const Scenario& s, Issues& issues) {
  const auto& op = s.operation;
  const SourceRef top{s.file, 1, 1};
  if (op.id.size() > 64) issues.add(top, "operation.id", "at most 64 bytes");
  if (op.duration <= 0) issues.add(top, "operation.duration", "must be longer than zero");
  if (op.heartbeat < 50 || op.heartbeat > 600'000) {
    issues.add(top, "operation.heartbeat",
               "must be from 50 ms to 10 min (the coordinator's range)");
  }
}

void checkPostsAndUnits(Scenario& s, Issues& issues) {
  std::set<std::string> names;
  for (const auto& p : s.posts) {
    if (!names.insert(p.name).second)
      issues.add(p.where, "posts.name", "post '" + p.name + "' is listed twice");
    if (!s.operation.area.contains(p.position)) {
      issues.add(p.where, "posts.lat", "post '" + p.name + "' lies outside the operation's area");
    }
  }
  std::set<std::string> callsigns;
  for (auto& u : s.units) {
    if (!validCallsign(u.callsign)) {
      issues.add(u.where, "units.callsign",
                 "'" + u.callsign +
                     "' is not a callsign (1 to 32 ASCII "
                     "letters, digits, '-', '_' or '.'; not 'control' or 'coordinator')");
    }
    if (!callsigns.insert(u.callsign).second) {
      issues.add(u.where, "units.callsign", "unit '" + u.callsign + "' is listed twice");
    }
    if (!u.post.empty() && !s.post(u.post)) {
      issues.add(u.where, "units.post",
                 "unit '" + u.callsign + "': no post named '" + u.post + "'");
    }
  }
}

// Fills the sighting's defaults from its unit and checks it with the protocol's own decoder.
void completeSighting(Scenario& s, Inject& in, Issues& issues) {
  Sighting& sg = in.sighting;
  const UnitSpec* unit = s.unit(in.unit);
  if (sg.sightingId.empty()) sg.sightingId = in.id;
  if (unit != nullptr) {
    if (sg.post.empty()) sg.post = unit->post;
    if (sg.position == Position{}) sg.position = unit->position;
  }
  if (in.kind == InjectKind::documentHit && sg.subject.documentNumber.empty()) {
    issues.add(in.where, "sighting.document.number", "a documentHit needs the document's number");
  }
  if (sg.minorCount > sg.personCount) {
    issues.add(in.where, "sighting.minors", "more minors than persons");
  }
  Sighting probe = sg;
  probe.observedAt = s.operation.start + in.at;
  if (probe.observedAt <= 0) probe.observedAt = 1;
  auto decoded = decode(encode(Envelope{kProtocolVersion, "check", true, 1, 1, probe}));
  if (!decoded)
    issues.add(in.where, "sighting", "the coordinator would refuse it: " + decoded.error().detail);
}

void checkInjects(Scenario& s, Issues& issues) {
  std::set<std::string> ids;
  for (auto& in : s.injects) {
    if (!ids.insert(in.id).second)
      issues.add(in.where, "id", "inject '" + in.id + "' is listed twice");
    const bool needsUnit = sendsSighting(in.kind) || in.kind == InjectKind::unitSilent ||
                           in.kind == InjectKind::unitBack;
    if (needsUnit && in.unit.empty()) {
      issues.add(in.where, "unit",
                 "inject '" + in.id + "' (" + injectKindName(in.kind) + ") needs a unit");
    } else if (needsUnit && !s.unit(in.unit)) {
      issues.add(in.where, "unit", "no simulated unit named '" + in.unit + "'");
    }
    if (in.ifMissed.empty() && in.at > s.operation.duration) {
      issues.add(in.where, "at", "inject '" + in.id + "' lies after the end of the exercise");
    }
    if (sendsSighting(in.kind)) completeSighting(s, in, issues);
    if (in.kind == InjectKind::loadWatchlist) {
      for (const auto& w : s.watchlists) {
        if (w.list == in.list && std::filesystem::path(w.path).extension() != ".csv") {
          issues.add(in.where, "list",
                     "entries can be added to the " + std::string(listName(in.list)) +
                         " list only when its start file is CSV (" + w.path + ")");
        }
      }
    }
  }
}

void checkExpected(Scenario& s, Issues& issues) {
  std::set<std::string> ids;
  for (const auto& a : s.expected) {
    if (!ids.insert(a.id).second)
      issues.add(a.where, "id", "expected action '" + a.id + "' is listed twice");
    if (!s.inject(a.inject)) issues.add(a.where, "inject", "no inject named '" + a.inject + "'");
    if (a.within <= 0) issues.add(a.where, "within", "the deadline must be after the inject");
    if (!a.post.empty() && !s.post(a.post))
      issues.add(a.where, "post", "no post named '" + a.post + "'");
  }
  for (const auto& in : s.injects) {
    if (in.ifMissed.empty()) continue;
    // Walk the chain of contingencies: it must end at a timed inject, never at this one.
    std::string at = in.ifMissed;
    for (int depth = 0; depth < 64; ++depth) {
      const ExpectedAction* a = s.expectedAction(at);
      if (!a) {
        issues.add(in.where, "if_missed", "no expected action named '" + at + "'");
        break;
      }
      const Inject* parent = s.inject(a->inject);
      if (!parent) break;
      if (parent->id == in.id) {
        issues.add(in.where, "if_missed", "contingency inject '" + in.id + "' depends on itself");
        break;
      }
      if (parent->ifMissed.empty()) break;
      at = parent->ifMissed;
    }
  }
}

void checkWatchlists(const Scenario& s, Issues& issues) {
  for (const auto& w : s.watchlists) {
    if (!std::filesystem::is_regular_file(w.path)) {
      issues.add(w.where, "watchlists.file", "cannot read '" + w.path + "'");
    }
  }
}

}  // namespace

void completeAndCheck(Scenario& scenario, Issues& issues) {
  checkOperation(scenario, issues);
  checkPostsAndUnits(scenario, issues);
  checkInjects(scenario, issues);
  checkExpected(scenario, issues);
  checkWatchlists(scenario, issues);
}

Expected<Scenario, ScenarioErrors> loadScenarioText(const std::string& text,
                                                    const std::string& file,
                                                    const std::string& baseDir) {
  auto parsed = parseScenarioYaml(text, file, baseDir);
  if (!parsed) return parsed.error();
  Scenario scenario = std::move(parsed->scenario);
  Issues issues;
  for (const auto& [path, where] : parsed->mselFiles) {
    auto imported = importMselFile(path);
    if (!imported) {
      for (const auto& issue : imported.error().issues)
        issues.add(issue.where, issue.field, issue.message);
      continue;
    }
    for (auto& in : imported->injects) scenario.injects.push_back(std::move(in));
    for (auto& a : imported->expected) scenario.expected.push_back(std::move(a));
  }
  completeAndCheck(scenario, issues);
  if (!issues.empty()) return issues.take();
  return scenario;
}

Expected<Scenario, ScenarioErrors> loadScenario(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    Issues issues;
    issues.add({path, 0, 0}, "", "cannot read the scenario file");
    return issues.take();
  }
  std::ostringstream text;
  text << in.rdbuf();
  const auto base = std::filesystem::path(path).parent_path().string();
  return loadScenarioText(text.str(), path, base.empty() ? "." : base);
}

}  // namespace fieldops::replay
