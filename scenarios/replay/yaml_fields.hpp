// Reading YAML maps field by field, recording every problem with its file, line, column and
// field path instead of stopping at the first one. Used by the scenario parser.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <protocol/expected.hpp>
#include <scenarios/replay/scenario.hpp>
#include <set>
#include <string>
#include <vector>

namespace fieldops::replay {

struct ScenarioIssue {
  SourceRef where;
  std::string field;  // "injects[2].at"; empty for the file as a whole
  std::string message;
  std::string text() const;  // "file:line:column: injects[2].at: message"
};

// All the problems of one scenario, in file order.
struct ScenarioErrors {
  std::vector<ScenarioIssue> issues;
  std::string text() const;  // one issue a line
};

class Issues {
 public:
  void add(SourceRef where, std::string field, std::string message);
  bool empty() const { return list_.empty(); }
  ScenarioErrors take();

 private:
  std::vector<ScenarioIssue> list_;
};

SourceRef refOf(const YAML::Node& node, const std::string& file);

class MapReader {
 public:
  MapReader(const YAML::Node& node, std::string path, const std::string& file, Issues& issues);
  bool isMap() const { return isMap_; }
  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }
  Issues& issues() { return issues_; }
  SourceRef where() const { return refOf(node_, file_); }
  SourceRef where(const char* key) const;
  std::string field(const char* key) const { return path_.empty() ? key : path_ + "." + key; }
  bool has(const char* key);

  YAML::Node node(const char* key);
  std::optional<std::string> text(const char* key, bool required = false);
  std::optional<double> number(const char* key, double min, double max, bool required = false);
  std::optional<long long> integer(const char* key, long long min, long long max,
                                   bool required = false);
  std::optional<bool> boolean(const char* key);
  std::optional<Millis> duration(const char* key, bool required = false);
  std::optional<Millis> offset(const char* key, bool required = false);
  std::optional<Millis> instant(const char* key, bool required = false);
  std::vector<std::string> texts(const char* key);  // a list of strings, or one string
  void fail(const char* key, const std::string& message);
  // Keys not read by anyone are reported: a misspelt field must not pass silently.
  void rejectUnknownKeys();

 private:
  std::optional<std::string> scalar(const char* key, bool required);

  YAML::Node node_;
  std::string path_;
  std::string file_;
  Issues& issues_;
  bool isMap_ = false;
  std::set<std::string> read_;
};

}  // namespace fieldops::replay
