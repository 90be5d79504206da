// MSEL CSV import and YAML output (see msel.hpp).
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <map>
#include <protocol/convert.hpp>
#include <protocol/enum_names.hpp>
#include <scenarios/replay/csv.hpp>
#include <scenarios/replay/msel.hpp>
#include <scenarios/replay/scenario_yaml.hpp>
#include <scenarios/replay/time_text.hpp>
#include <sstream>

namespace fieldops::replay {

namespace {

// Lower case, with spaces, dashes and underscores dropped: "Child-protection referral" and
// "childProtectionReferral" read the same.
std::string squash(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == ' ' || ch == '-' || ch == '_' || ch == '\t') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return out;
}

std::string lower(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

enum class Column { number, time, from, to, method, message, expected };
constexpr std::array<std::pair<Column, const char*>, 7> kColumns{{
    {Column::number, "injectnumber"},
    {Column::time, "time"},
    {Column::from, "from"},
    {Column::to, "to"},
    {Column::method, "method"},
    {Column::message, "message"},
    {Column::expected, "expectedaction"},
}};

std::optional<Column> columnOf(const std::string& header) {
  const std::string h = squash(header);
  if (h == "inject" || h == "injectno" || h == "no" || h == "#" || h == "number")
    return Column::number;
  for (const auto& [c, name] : kColumns) {
    if (h == name) return c;
  }
  return std::nullopt;
}

std::optional<InjectKind> kindOfMethod(const std::string& method) {
  const std::string m = squash(method);
  if (m == "sighting" || m == "report" || m == "agent" || m == "fieldreport")
    return InjectKind::sighting;
  for (InjectKind k : {InjectKind::documentHit, InjectKind::groupCrossing, InjectKind::minorAlone,
                       InjectKind::unitSilent, InjectKind::unitBack}) {
    if (m == lower(injectKindName(k))) return k;
  }
  return std::nullopt;  // radio, phone, e-mail, ...: a note for the players
}

std::optional<TaskKind> taskKindOfPhrase(const std::string& phrase) {
  const std::string p = squash(phrase);
  for (const auto& name : enumNames<TaskKind>()) {
    const std::string n = lower(name);
    for (const char* prefix : {"", "a", "an", "the", "ataskofkind", "taskofkind"}) {
      if (p == prefix + n || p == prefix + n + "task") return enumFromName<TaskKind>(name);
    }
  }
  return std::nullopt;
}

}  // namespace

Expected<ExpectedAction, std::string> parseExpectedPhrase(const std::string& phrase) {
  const std::string text = trim(phrase);
  const std::string low = lower(text);
  const auto within = low.rfind(" within ");
  if (within == std::string::npos) return std::string("say by when: '... within 10 min'");
  ExpectedAction a;
  auto d = parseDuration(text.substr(within + 8));
  if (!d) return d.error();
  a.within = *d;
  const std::string what = low.substr(0, within);
  const std::string whatOriginal = text.substr(0, within);
  if (what == "alert acknowledged") {
    a.action = ActionKind::alertAcknowledged;
  } else if (what == "alert resolved") {
    a.action = ActionKind::alertResolved;
  } else {
    constexpr std::array<std::pair<const char*, ActionKind>, 4> verbs{{
        {" created", ActionKind::taskCreated},
        {" assigned", ActionKind::taskAssigned},
        {" accepted", ActionKind::taskAccepted},
        {" completed", ActionKind::taskCompleted},
    }};
    std::size_t at = std::string::npos;
    for (const auto& [verb, action] : verbs) {
      const auto p = what.find(verb);
      if (p != std::string::npos && p < at) {
        at = p;
        a.action = action;
      }
    }
    if (at == std::string::npos) {
      return "'" + whatOriginal +
             "' is not 'alert acknowledged', 'alert resolved' or '<task kind> "
             "created|assigned|accepted|completed [to a unit at post <post>]'";
    }
    const std::string task = what.substr(0, at);
    if (squash(task) != "atask" && squash(task) != "task" && !task.empty()) {
      a.taskKind = taskKindOfPhrase(task);
      if (!a.taskKind) return "'" + trim(whatOriginal.substr(0, at)) + "' is not a task kind";
    }
    if (const auto post = what.find(" at post ", at); post != std::string::npos) {
      a.post = trim(whatOriginal.substr(post + 9));
    }
  }
  a.capability = defaultCapability(a);
  return a;
}

namespace {

using ColumnIndex = std::map<Column, std::size_t>;

ColumnIndex readHeader(const CsvRow& header, const std::string& file, Issues& issues) {
  ColumnIndex index;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const CsvField& h = header[i];
    auto c = columnOf(h.value);
    if (!c) {
      issues.add({file, h.line, h.column}, h.value,
                 "unknown column (expected inject number, time, from, to, method, message, "
                 "expected action)");
    } else if (!index.emplace(*c, i).second) {
      issues.add({file, h.line, h.column}, h.value, "column named twice");
    }
  }
  for (Column required : {Column::number, Column::time, Column::message}) {
    if (!index.count(required)) {
      issues.add({file, 1, 1}, kColumns[static_cast<std::size_t>(required)].second,
                 "required column is missing");
    }
  }
  return index;
}

// One MSEL row: its cells by column, with their positions.
struct MselRow {
  const CsvRow& row;
  const ColumnIndex& index;
  const std::string& file;
  const CsvField* cell(Column c) const {
    auto it = index.find(c);
    return it == index.end() ? nullptr : &row[it->second];
  }
  std::string value(Column c) const { return cell(c) ? trim(cell(c)->value) : std::string(); }
  SourceRef where(Column c) const { return {file, cell(c)->line, cell(c)->column}; }
};

Inject injectOf(const MselRow& r, Issues& issues) {
  Inject in;
  in.where = r.where(Column::number);
  const std::string number = r.value(Column::number);
  if (number.empty()) issues.add(r.where(Column::number), "inject number", "must not be empty");
  in.id = std::all_of(number.begin(), number.end(), ::isdigit) ? "MSEL-" + number : number;
  if (auto at = parseOffset(r.value(Column::time))) {
    in.at = *at;
  } else {
    issues.add(r.where(Column::time), "time", at.error());
  }
  in.unit = r.value(Column::from);
  const std::string to = r.value(Column::to), method = r.value(Column::method);
  in.kind = kindOfMethod(method).value_or(InjectKind::note);
  const std::string message = r.value(Column::message);
  in.text = message;
  if (sendsSighting(in.kind)) {
    in.sighting = presetSighting(in.kind);
    in.sighting.freeText = message;
  } else if (in.kind == InjectKind::note) {  // who, to whom, how: kept in the note's text
    const std::string header =
        in.unit + (to.empty() ? "" : " to " + to) + (method.empty() ? "" : " by " + method);
    in.text = trim(header).empty() ? message : trim(header) + ": " + message;
    in.unit.clear();
  }
  return in;
}

void expectedOf(const MselRow& r, const Inject& in, MselImport& out, Issues& issues) {
  std::istringstream phrases(r.value(Column::expected));
  std::string phrase;
  int n = 0;
  while (std::getline(phrases, phrase, ';')) {
    if (trim(phrase).empty()) continue;
    auto a = parseExpectedPhrase(phrase);
    if (!a) {
      issues.add(r.where(Column::expected), "expected action", a.error());
      continue;
    }
    a->id = in.id + "." + std::to_string(++n);
    a->inject = in.id;
    a->where = r.where(Column::expected);
    out.expected.push_back(std::move(*a));
  }
}

}  // namespace

Expected<MselImport, ScenarioErrors> importMsel(const std::string& csvText,
                                                const std::string& file) {
  Issues issues;
  auto rows = readCsv(csvText);
  if (!rows) {
    issues.add({file, rows.error().line, rows.error().column}, "", rows.error().message);
    return issues.take();
  }
  if (rows->empty()) {
    issues.add({file, 1, 1}, "", "the MSEL is empty: expected a header row");
    return issues.take();
  }
  // Cells go on into scenario YAML, notes, sightings and the after-action report (XHTML), all
  // UTF-8; a spreadsheet's legacy "CSV" export (Windows-1252) is not. Found by fuzz_msel.
  for (const CsvRow& row : *rows) {
    for (const CsvField& cell : row) {
      if (!convert::validUtf8(cell.value)) {
        issues.add({file, cell.line, cell.column}, "",
                   "not valid UTF-8, or holds a NUL: save the MSEL as \"CSV UTF-8\"");
      }
    }
  }
  if (!issues.empty()) return issues.take();
  const ColumnIndex index = readHeader(rows->front(), file, issues);
  if (!issues.empty()) return issues.take();
  MselImport out;
  // Inject id -> the line of its row. Expected actions belong to their inject by id, so a
  // number used twice would merge two injects' actions (found by fuzz_msel).
  std::map<std::string, int> lineOf;
  for (std::size_t r = 1; r < rows->size(); ++r) {
    const CsvRow& row = (*rows)[r];
    if (row.size() != rows->front().size()) {
      issues.add({file, row.front().line, 1}, "",
                 "this row has " + std::to_string(row.size()) + " fields; the header has " +
                     std::to_string(rows->front().size()));
      continue;
    }
    const MselRow cells{row, index, file};
    Inject in = injectOf(cells, issues);
    if (const auto [first, fresh] = lineOf.emplace(in.id, in.where.line);
        !fresh && !in.id.empty()) {
      issues.add(in.where, "inject number",
                 "inject '" + in.id + "' is listed twice (first on line " +
                     std::to_string(first->second) + ")");
    }
    expectedOf(cells, in, out, issues);
    out.injects.push_back(std::move(in));
  }
  if (!issues.empty()) return issues.take();
  return out;
}

Expected<MselImport, ScenarioErrors> importMselFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    Issues issues;
    issues.add({path, 0, 0}, "", "cannot read the MSEL file");
    return issues.take();
  }
  std::ostringstream text;
  text << in.rdbuf();
  return importMsel(text.str(), path);
}

std::string injectsYaml(const MselImport& msel) {
  YAML::Emitter y;
  y << YAML::BeginMap << YAML::Key << "injects" << YAML::Value << YAML::BeginSeq;
  for (const auto& in : msel.injects) {
    y << YAML::BeginMap;
    y << YAML::Key << "id" << YAML::Value << in.id;
    y << YAML::Key << "at" << YAML::Value << formatOffset(in.at);
    y << YAML::Key << "kind" << YAML::Value << injectKindName(in.kind);
    if (!in.unit.empty()) y << YAML::Key << "unit" << YAML::Value << in.unit;
    if (!in.text.empty()) y << YAML::Key << "text" << YAML::Value << in.text;
    if (sendsSighting(in.kind) && !in.sighting.freeText.empty()) {
      y << YAML::Key << "sighting" << YAML::Value << YAML::BeginMap << YAML::Key << "text"
        << YAML::Value << in.sighting.freeText << YAML::EndMap;
    }
    bool any = false;
    for (const auto& a : msel.expected) {
      if (a.inject != in.id) continue;
      if (!any) y << YAML::Key << "expect" << YAML::Value << YAML::BeginSeq;
      any = true;
      y << YAML::BeginMap << YAML::Key << "action" << YAML::Value << actionKindName(a.action);
      if (a.taskKind) y << YAML::Key << "task_kind" << YAML::Value << enumName(*a.taskKind);
      if (!a.post.empty()) y << YAML::Key << "post" << YAML::Value << a.post;
      y << YAML::Key << "within" << YAML::Value << formatOffset(a.within).substr(2);
      y << YAML::EndMap;
    }
    if (any) y << YAML::EndSeq;
    y << YAML::EndMap;
  }
  y << YAML::EndSeq << YAML::EndMap;
  return std::string(y.c_str()) + "\n";
}

}  // namespace fieldops::replay
