// The after-action report: Markdown, and a self-contained HTML page (inline CSS and an inline
// SVG timeline chart, no scripts, no network resources) that a trainer can open and print.
// Both are pure functions of the evaluation and the facts of the run.
#pragma once

#include <scenarios/replay/evaluation.hpp>
#include <string>

namespace fieldops::replay {

// Facts about the run printed in the report's header.
struct RunFacts {
  std::string scenarioFile;
  std::string operationName;
  std::string speed;  // "max", "realtime", "x10"
  std::uint64_t seed = 0;
  std::string chainHead;     // the event-log hash
  std::uint64_t events = 0;  // the coordinator's last sequence number
};

std::string markdownReport(const Evaluation& e, const RunFacts& facts);
std::string htmlReport(const Evaluation& e, const RunFacts& facts);
// The few lines printed at the end of a headless run.
std::string summaryText(const Evaluation& e, const RunFacts& facts);

// Shared by both formats.
std::string timeOrDash(const std::optional<Millis>& ms);

}  // namespace fieldops::replay
