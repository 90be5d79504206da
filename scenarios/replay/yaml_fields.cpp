// Field-by-field YAML reading with located issues (see yaml_fields.hpp).
#include <algorithm>
#include <scenarios/replay/time_text.hpp>
#include <scenarios/replay/yaml_fields.hpp>
#include <sstream>
#include <tuple>

namespace fieldops::replay {

std::string ScenarioIssue::text() const {
  return where.text() + ": " + (field.empty() ? "" : field + ": ") + message;
}

std::string ScenarioErrors::text() const {
  std::ostringstream out;
  for (const auto& issue : issues) out << issue.text() << "\n";
  return out.str();
}

void Issues::add(SourceRef where, std::string field, std::string message) {
  list_.push_back({std::move(where), std::move(field), std::move(message)});
}

ScenarioErrors Issues::take() {
  std::stable_sort(list_.begin(), list_.end(), [](const auto& a, const auto& b) {
    return std::tie(a.where.file, a.where.line, a.where.column) <
           std::tie(b.where.file, b.where.line, b.where.column);
  });
  return ScenarioErrors{std::move(list_)};
}

SourceRef refOf(const YAML::Node& node, const std::string& file) {
  if (!node.IsDefined()) return {file, 0, 0};
  const YAML::Mark m = node.Mark();
  if (m.line < 0) return {file, 0, 0};
  return {file, m.line + 1, m.column + 1};
}

MapReader::MapReader(const YAML::Node& node, std::string path, const std::string& file,
                     Issues& issues)
    : node_(node), path_(std::move(path)), file_(file), issues_(issues) {
  isMap_ = node_.IsMap();
  if (!isMap_) issues_.add(where(), path_, "expected a map of fields (key: value)");
}

SourceRef MapReader::where(const char* key) const {
  if (!isMap_) return where();
  const YAML::Node value = node_[key];
  return value.IsDefined() ? refOf(value, file_) : where();
}

bool MapReader::has(const char* key) {
  read_.insert(key);
  return isMap_ && node_[key].IsDefined() && !node_[key].IsNull();
}

YAML::Node MapReader::node(const char* key) {
  read_.insert(key);
  if (!isMap_) return YAML::Node(YAML::NodeType::Undefined);
  return node_[key];
}

void MapReader::fail(const char* key, const std::string& message) {
  issues_.add(where(key), field(key), message);
}

std::optional<std::string> MapReader::scalar(const char* key, bool required) {
  const YAML::Node value = node(key);
  if (!value.IsDefined() || value.IsNull()) {
    if (required && isMap_) issues_.add(where(), field(key), "required field is missing");
    return std::nullopt;
  }
  if (!value.IsScalar()) {
    fail(key, "expected a single value");
    return std::nullopt;
  }
  return value.Scalar();
}

std::optional<std::string> MapReader::text(const char* key, bool required) {
  auto v = scalar(key, required);
  if (v && required && v->empty()) {
    fail(key, "must not be empty");
    return std::nullopt;
  }
  return v;
}

std::optional<double> MapReader::number(const char* key, double min, double max, bool required) {
  auto v = scalar(key, required);
  if (!v) return std::nullopt;
  double out = 0;
  if (!YAML::convert<double>::decode(node_[key], out) || !(out >= min && out <= max)) {
    std::ostringstream m;
    m << "'" << *v << "' is not a number from " << min << " to " << max;
    fail(key, m.str());
    return std::nullopt;
  }
  return out;
}

std::optional<long long> MapReader::integer(const char* key, long long min, long long max,
                                            bool required) {
  auto v = scalar(key, required);
  if (!v) return std::nullopt;
  long long out = 0;
  if (!YAML::convert<long long>::decode(node_[key], out) || out < min || out > max) {
    fail(key, "'" + *v + "' is not a whole number from " + std::to_string(min) + " to " +
                  std::to_string(max));
    return std::nullopt;
  }
  return out;
}

std::optional<bool> MapReader::boolean(const char* key) {
  auto v = scalar(key, false);
  if (!v) return std::nullopt;
  bool out = false;
  if (!YAML::convert<bool>::decode(node_[key], out)) {
    fail(key, "'" + *v + "' is not yes/no (true/false)");
    return std::nullopt;
  }
  return out;
}

std::optional<Millis> MapReader::duration(const char* key, bool required) {
  auto v = scalar(key, required);
  if (!v) return std::nullopt;
  auto parsed = parseDuration(*v);
  if (!parsed) {
    fail(key, parsed.error());
    return std::nullopt;
  }
  return *parsed;
}

std::optional<Millis> MapReader::offset(const char* key, bool required) {
  auto v = scalar(key, required);
  if (!v) return std::nullopt;
  auto parsed = parseOffset(*v);
  if (!parsed) {
    fail(key, parsed.error());
    return std::nullopt;
  }
  return *parsed;
}

std::optional<Millis> MapReader::instant(const char* key, bool required) {
  auto v = scalar(key, required);
  if (!v) return std::nullopt;
  auto parsed = parseInstant(*v);
  if (!parsed) {
    fail(key, parsed.error());
    return std::nullopt;
  }
  return *parsed;
}

std::vector<std::string> MapReader::texts(const char* key) {
  const YAML::Node value = node(key);
  std::vector<std::string> out;
  if (!value.IsDefined() || value.IsNull()) return out;
  if (value.IsScalar()) return {value.Scalar()};
  if (!value.IsSequence()) {
    fail(key, "expected a list of values");
    return out;
  }
  for (const auto& item : value) {
    if (!item.IsScalar()) {
      issues_.add(refOf(item, file_), field(key), "expected a plain value in the list");
      continue;
    }
    out.push_back(item.Scalar());
  }
  return out;
}

void MapReader::rejectUnknownKeys() {
  if (!isMap_) return;
  for (const auto& kv : node_) {
    const std::string key = kv.first.Scalar();
    if (read_.count(key) == 0) {
      issues_.add(refOf(kv.first, file_), field(key.c_str()), "unknown field");
    }
  }
}

}  // namespace fieldops::replay
