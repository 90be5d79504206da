// The after-action report as Markdown, and the headless summary (see report.hpp).
#include <cstdio>
#include <scenarios/replay/report.hpp>
#include <scenarios/replay/time_text.hpp>
#include <sstream>

namespace fieldops::replay {

namespace {

// Markdown table cells: no line breaks, pipes escaped.
std::string cell(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '|')
      out += "\\|";
    else if (ch == '\n' || ch == '\r')
      out += ' ';
    else
      out += ch;
  }
  return out;
}

std::string percent(double p) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", p);
  return buf;
}

void scoresTable(std::ostringstream& md, const Evaluation& e) {
  md << "## Scores by capability\n\n| capability | met | late | missed | score "
        "|\n|---|---|---|---|---|\n";
  for (const auto& c : e.capabilities) {
    md << "| " << cell(c.capability) << " | " << c.met << " | " << c.late << " | " << c.missed
       << " | " << percent(c.percent()) << " |\n";
  }
  md << "| **overall** | " << e.overall.met << " | " << e.overall.late << " | " << e.overall.missed
     << " | **" << percent(e.overall.percent()) << "** |\n\n"
     << "Met counts 1, late ½, missed 0.\n\n";
}

}  // namespace

std::string timeOrDash(const std::optional<Millis>& ms) {
  return ms ? formatDuration(*ms) : "–";
}

std::string markdownReport(const Evaluation& e, const RunFacts& f) {
  std::ostringstream md;
  md << "# After-action report: " << cell(f.operationName) << " (" << e.operation << ")\n\n"
     << "EXERCISE. Scenario `" << f.scenarioFile << "`, from " << formatInstant(e.start) << " to "
     << formatInstant(e.end) << " (" << formatDuration(e.end - e.start) << "); speed " << f.speed
     << ", seed " << f.seed << ".\n\n"
     << "Event-log hash: `" << f.chainHead << "` (" << f.events << " events).\n\n";
  scoresTable(md, e);
  md << "## Injects\n\n| inject | time | kind | expected | actual | to acknowledge | to act | "
        "result |\n"
        "|---|---|---|---|---|---|---|---|\n";
  for (const auto& r : e.injects) {
    if (!r.fired) continue;
    std::string expected, results;
    for (const auto& a : r.actions) {
      expected += (expected.empty() ? "" : "<br>") + a.expected;
      results += (results.empty() ? "" : "<br>") + std::string(outcomeName(a.outcome)) +
                 (a.doneAt ? " (" + formatOffset(*a.doneAt - e.start) + ")" : "");
    }
    std::string label = r.id + (r.ifMissed.empty() ? "" : " (contingency for " + r.ifMissed + ")");
    md << "| " << cell(label) << " | " << formatOffset(r.at - e.start) << " | " << r.kind
       << (r.unit.empty() ? "" : " " + r.unit) << " | " << cell(expected.empty() ? "–" : expected)
       << " | " << cell(r.actual) << " | " << timeOrDash(r.timeToAcknowledge) << " | "
       << timeOrDash(r.timeToAct) << " | " << (results.empty() ? "–" : results) << " |\n";
  }
  md << "\n";
  bool header = false;
  for (const auto& r : e.injects) {
    if (r.fired) continue;
    if (!header) md << "## Contingency injects that did not fire\n\n";
    header = true;
    md << "- " << cell(r.id) << ": its expected action " << r.ifMissed << " was met in time.\n";
  }
  if (header) md << "\n";
  md << "## Notes per inject\n\n";
  for (const auto& r : e.injects) {
    if (r.fired && !r.description.empty())
      md << "- **" << cell(r.id) << "**: " << cell(r.description) << "\n";
  }
  return md.str();
}

std::string summaryText(const Evaluation& e, const RunFacts& f) {
  std::ostringstream out;
  out << "exercise " << e.operation << " ended at " << formatOffset(e.end - e.start) << "\n";
  for (const auto& c : e.capabilities) {
    out << "  " << c.capability << ": " << c.met << " met, " << c.late << " late, " << c.missed
        << " missed (" << percent(c.percent()) << ")\n";
  }
  out << "  overall: " << e.overall.met << " met, " << e.overall.late << " late, "
      << e.overall.missed << " missed (" << percent(e.overall.percent()) << ")\n";
  int contingencies = 0;
  for (const auto& r : e.injects) contingencies += (r.fired && !r.ifMissed.empty()) ? 1 : 0;
  out << "  contingency injects fired: " << contingencies << "\n";
  out << "event-log hash: " << f.chainHead << " (" << f.events << " events)\n";
  return out.str();
}

}  // namespace fieldops::replay
