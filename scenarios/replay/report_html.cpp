// The after-action report as one self-contained, printable HTML page (see report.hpp).
// Written as well-formed XHTML so that any XML parser can check it.
#include <cstdio>
#include <scenarios/replay/report.hpp>
#include <scenarios/replay/time_text.hpp>
#include <scenarios/replay/timeline_svg.hpp>
#include <sstream>

namespace fieldops::replay {

namespace {

constexpr const char* kStyle = R"(
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em; color: #1a1a1a; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
.banner { display: inline-block; background: #ffe082; border: 1px solid #c79a00; padding: 0.1em 0.6em; font-weight: bold; letter-spacing: 0.1em; }
table { border-collapse: collapse; width: 100%; margin: 0.8em 0 1.5em; font-size: 0.9em; }
th, td { border: 1px solid #b0b0b0; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #eceff1; }
.met { color: #2e7d32; font-weight: bold; }
.late { color: #b26a00; font-weight: bold; }
.missed { color: #c62828; font-weight: bold; }
.hash { font-family: monospace; word-break: break-all; }
svg { border: 1px solid #d0d0d0; background: #fff; }
svg .label { font-size: 11px; font-family: monospace; }
svg .tick { font-size: 10px; fill: #555; }
svg .grid { stroke: #e3e3e3; stroke-width: 1; }
svg .window { stroke: #9e9e9e; stroke-width: 2; }
svg .deadline { stroke: #424242; stroke-width: 2; }
svg .inject { fill: #1565c0; }
@media print { body { margin: 0.5cm; } .noprint { display: none; } tr { page-break-inside: avoid; } }
)";

std::string pct(double p) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", p);
  return buf;
}

void scores(std::ostringstream& h, const Evaluation& e) {
  h << "<h2>Scores by capability</h2><table><thead><tr><th>capability</th><th>met</th>"
       "<th>late</th><th>missed</th><th>score</th></tr></thead><tbody>";
  auto line = [&](const CapabilityScore& c, bool bold) {
    h << "<tr><td>" << (bold ? "<strong>" : "") << xmlEscape(c.capability)
      << (bold ? "</strong>" : "") << "</td><td>" << c.met << "</td><td>" << c.late << "</td><td>"
      << c.missed << "</td><td>" << pct(c.percent()) << "</td></tr>";
  };
  for (const auto& c : e.capabilities) line(c, false);
  line(e.overall, true);
  h << "</tbody></table><p>Met counts 1, late ½, missed 0.</p>";
}

void injects(std::ostringstream& h, const Evaluation& e) {
  h << "<h2>Injects</h2><table><thead><tr><th>inject</th><th>time</th><th>kind</th>"
       "<th>expected</th><th>actual</th><th>to acknowledge</th><th>to act</th><th>result</th>"
       "</tr></thead><tbody>";
  for (const auto& r : e.injects) {
    if (!r.fired) continue;
    h << "<tr><td>" << xmlEscape(r.id);
    if (!r.ifMissed.empty()) h << "<br/><em>contingency for " << xmlEscape(r.ifMissed) << "</em>";
    h << "</td><td>" << formatOffset(r.at - e.start) << "</td><td>" << xmlEscape(r.kind)
      << (r.unit.empty() ? "" : " " + xmlEscape(r.unit));
    if (!r.description.empty()) h << "<br/><small>" << xmlEscape(r.description) << "</small>";
    h << "</td><td>";
    for (const auto& a : r.actions) h << xmlEscape(a.expected) << "<br/>";
    if (r.actions.empty()) h << "–";
    h << "</td><td>" << xmlEscape(r.actual) << "</td><td>" << timeOrDash(r.timeToAcknowledge)
      << "</td><td>" << timeOrDash(r.timeToAct) << "</td><td>";
    for (const auto& a : r.actions) {
      h << "<span class=\"" << outcomeName(a.outcome) << "\">" << outcomeName(a.outcome)
        << "</span>";
      if (a.doneAt) h << " " << formatOffset(*a.doneAt - e.start);
      h << "<br/>";
    }
    if (r.actions.empty()) h << "–";
    h << "</td></tr>";
  }
  h << "</tbody></table>";
}

}  // namespace

std::string htmlReport(const Evaluation& e, const RunFacts& f) {
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head>"
       "<meta charset=\"utf-8\"/><title>After-action report: "
    << xmlEscape(f.operationName) << "</title><style>" << kStyle << "</style></head><body>";
  h << "<p><span class=\"banner\">EXERCISE</span></p><h1>After-action report: "
    << xmlEscape(f.operationName) << " (" << xmlEscape(e.operation) << ")</h1>";
  h << "<p>Scenario <code>" << xmlEscape(f.scenarioFile) << "</code>, from "
    << formatInstant(e.start) << " to " << formatInstant(e.end) << " ("
    << formatDuration(e.end - e.start) << "); speed " << xmlEscape(f.speed) << ", seed " << f.seed
    << ".</p><p>Event-log hash: <span class=\"hash\">" << xmlEscape(f.chainHead) << "</span> ("
    << f.events << " events)</p>";
  scores(h, e);
  h << "<h2>Timeline</h2>" << timelineSvg(e);
  injects(h, e);
  bool any = false;
  for (const auto& r : e.injects) {
    if (r.fired) continue;
    if (!any) h << "<h2>Contingency injects that did not fire</h2><ul>";
    any = true;
    h << "<li>" << xmlEscape(r.id) << ": its expected action " << xmlEscape(r.ifMissed)
      << " was met in time.</li>";
  }
  if (any) h << "</ul>";
  h << "</body></html>\n";
  return h.str();
}

}  // namespace fieldops::replay
