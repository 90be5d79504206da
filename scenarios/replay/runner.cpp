// The runner's entry points (see runner.hpp); the work is in exercise_*.cpp.
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <scenarios/replay/exercise.hpp>
#include <scenarios/replay/runner.hpp>

namespace fieldops::replay {

std::string Speed::text() const {
  if (max) return "max";
  if (factor == 1) return "realtime";
  char buf[32];
  std::snprintf(buf, sizeof buf, "x%g", factor);
  return buf;
}

Expected<Speed, std::string> parseSpeed(const std::string& text) {
  if (text == "max") return Speed{true, 1};
  if (text == "realtime") return Speed{false, 1};
  std::string n = text;
  if (!n.empty() && (n.front() == 'x' || n.front() == 'X'))
    n.erase(0, 1);
  else if (!n.empty() && (n.back() == 'x' || n.back() == 'X'))
    n.pop_back();
  double factor = 0;
  auto [p, ec] = std::from_chars(n.data(), n.data() + n.size(), factor);
  if (ec != std::errc() || p != n.data() + n.size() || !(factor >= 0.01) || factor > 1e6) {
    return "--speed must be max, realtime or xN (N from 0.01 to 1000000), not '" + text + "'";
  }
  return Speed{false, factor};
}

Expected<RunOutcome, std::string> runExercise(const Scenario& scenario, const RunOptions& options,
                                              std::ostream& console) {
  Exercise exercise(scenario, options, console);
  return exercise.run();
}

Expected<std::vector<std::string>, std::string> writeReports(const RunOutcome& outcome,
                                                             const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return "cannot create " + dir + ": " + ec.message();
  const std::string md = dir + "/after-action-report.md";
  const std::string html = dir + "/after-action-report.html";
  std::ofstream(md, std::ios::trunc) << markdownReport(outcome.evaluation, outcome.facts);
  std::ofstream(html, std::ios::trunc) << htmlReport(outcome.evaluation, outcome.facts);
  if (!std::filesystem::exists(md) || !std::filesystem::exists(html))
    return "cannot write the reports in " + dir;
  return std::vector<std::string>{md, html};
}

}  // namespace fieldops::replay
