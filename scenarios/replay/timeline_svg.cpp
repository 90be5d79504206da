// Inline SVG timeline (see timeline_svg.hpp). Well-formed XML: every element closed, every
// text escaped.
#include <algorithm>
#include <cstdio>
#include <scenarios/replay/time_text.hpp>
#include <scenarios/replay/timeline_svg.hpp>
#include <sstream>

namespace fieldops::replay {

namespace {

constexpr int kWidth = 960;
constexpr int kLabel = 170;  // left column for inject ids
constexpr int kRow = 24;
constexpr int kTop = 34;  // room for the axis

const char* colourOf(Outcome o) {
  switch (o) {
    case Outcome::met:
      return "#2e7d32";
    case Outcome::late:
      return "#ef8f00";
    default:
      return "#c62828";
  }
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Maps exercise time to x, clamped to the chart.
struct Scale {
  Millis start, end;
  double x(Millis t) const {
    const double span = static_cast<double>(std::max<Millis>(end - start, 1));
    const double f = std::clamp(static_cast<double>(t - start) / span, 0.0, 1.0);
    return kLabel + f * (kWidth - kLabel - 20);
  }
};

Millis tickStep(Millis span) {
  for (Millis step :
       {60'000LL, 300'000LL, 600'000LL, 1'800'000LL, 3'600'000LL, 7'200'000LL, 21'600'000LL}) {
    if (span / step <= 12) return step;
  }
  return 43'200'000;
}

void axis(std::ostringstream& svg, const Scale& s, int height) {
  const Millis step = tickStep(s.end - s.start);
  for (Millis t = 0; t <= s.end - s.start; t += step) {
    const std::string x = num(s.x(s.start + t));
    svg << "<line x1=\"" << x << "\" y1=\"" << kTop - 6 << "\" x2=\"" << x << "\" y2=\""
        << height - 4 << "\" class=\"grid\"/>"
        << "<text x=\"" << x << "\" y=\"" << kTop - 12 << "\" class=\"tick\">"
        << formatOffset(t).substr(2, 5) << "</text>";
  }
}

void row(std::ostringstream& svg, const Scale& s, const InjectResult& r, int y) {
  const double mid = y + kRow / 2.0;
  svg << "<text x=\"4\" y=\"" << num(mid + 4) << "\" class=\"label\">" << xmlEscape(r.id)
      << "</text>";
  const double x0 = s.x(r.at);
  svg << "<path d=\"M" << num(x0) << " " << num(mid - 6)
      << " l6 6 l-6 6 l-6 -6 z\" class=\"inject\">"
      << "<title>" << xmlEscape(r.id + " " + r.kind + " at " + formatOffset(r.at - s.start))
      << "</title></path>";
  for (const auto& a : r.actions) {
    const double xd = s.x(a.due);
    svg << "<line x1=\"" << num(x0) << "\" y1=\"" << num(mid) << "\" x2=\"" << num(xd) << "\" y2=\""
        << num(mid) << "\" class=\"window\"/>"
        << "<line x1=\"" << num(xd) << "\" y1=\"" << num(mid - 7) << "\" x2=\"" << num(xd)
        << "\" y2=\"" << num(mid + 7) << "\" class=\"deadline\"/>";
    const double xa = a.doneAt ? s.x(*a.doneAt) : xd;
    svg << "<circle cx=\"" << num(xa) << "\" cy=\"" << num(mid) << "\" r=\"5\" fill=\""
        << colourOf(a.outcome) << "\"><title>"
        << xmlEscape(a.expected + ": " + outcomeName(a.outcome) +
                     (a.doneAt ? " at " + formatOffset(*a.doneAt - s.start) : ""))
        << "</title></circle>";
  }
}

}  // namespace

std::string timelineSvg(const Evaluation& e) {
  int rows = 0;
  for (const auto& r : e.injects) rows += r.fired ? 1 : 0;
  const int height = kTop + rows * kRow + 30;
  const Scale s{e.start, std::max(e.end, e.start + 60'000)};
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << kWidth << " " << height
      << "\" width=\"100%\" role=\"img\" aria-label=\"Timeline of injects and responses\">"
      << "<title>Timeline of injects and responses</title>";
  axis(svg, s, height - 26);
  int y = kTop;
  for (const auto& r : e.injects) {
    if (!r.fired) continue;
    row(svg, s, r, y);
    y += kRow;
  }
  const int ly = height - 10;
  svg << "<path d=\"M" << kLabel << " " << ly - 6 << " l6 6 l-6 6 l-6 -6 z\" class=\"inject\"/>"
      << "<text x=\"" << kLabel + 10 << "\" y=\"" << ly + 4 << "\" class=\"tick\">inject</text>";
  int lx = kLabel + 70;
  for (Outcome o : {Outcome::met, Outcome::late, Outcome::missed}) {
    svg << "<circle cx=\"" << lx << "\" cy=\"" << ly << "\" r=\"5\" fill=\"" << colourOf(o)
        << "\"/><text x=\"" << lx + 9 << "\" y=\"" << ly + 4 << "\" class=\"tick\">"
        << outcomeName(o) << "</text>";
    lx += 70;
  }
  svg << "<line x1=\"" << lx << "\" y1=\"" << ly - 7 << "\" x2=\"" << lx << "\" y2=\"" << ly + 7
      << "\" class=\"deadline\"/><text x=\"" << lx + 6 << "\" y=\"" << ly + 4
      << "\" class=\"tick\">deadline</text></svg>";
  return svg.str();
}

}  // namespace fieldops::replay
