// The header line (see header.hpp).
#include <tui/header.hpp>
#include <tui/layout.hpp>
#include <tui/text.hpp>

#include <vector>

namespace fieldops::dashboard {

namespace {

struct Part {
  std::string full, brief;  // brief: the short form at narrow widths; empty: no short form
  int keep;                 // the lower, the later it is dropped
};

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::vector<Part> partsOf(const Picture& p, const std::string& operationId) {
  const Counts c = countsOf(p);
  std::vector<Part> parts;
  parts.push_back({"FieldOps " + printable(operationId), clipToWidth(printable(operationId), 14), 9});
  parts.push_back({p.clock > 0 ? clockTime(p.clock) + " UTC" : "--:--:--",
                   p.clock > 0 ? clockTime(p.clock) : "--:--:--", 8});
  if (c.newAlerts > 0) {
    std::string full = plural(c.newAlerts, "NEW ALERT", "NEW ALERTS");
    std::string brief = std::to_string(c.newAlerts) + " NEW";
    if (c.newCritical > 0) {
      full += " (" + std::to_string(c.newCritical) + " critical)";
      brief += "(" + std::to_string(c.newCritical) + "!)";
    }
    parts.push_back({full, brief, 10});
  }
  std::string units = "units " + std::to_string(c.available) + " avail " +
                      std::to_string(c.busy) + " busy";
  std::string unitsBrief = "u " + std::to_string(c.available) + "/" + std::to_string(c.busy);
  if (c.lost > 0) {
    units += " " + std::to_string(c.lost) + " LOST";
    unitsBrief += "/" + std::to_string(c.lost) + "L";
  }
  parts.push_back({units, unitsBrief, c.lost > 0 ? 7 : 4});
  if (c.overdue > 0) {
    parts.push_back({plural(c.overdue, "task OVERDUE", "tasks OVERDUE"),
                     std::to_string(c.overdue) + " late", 6});
  }
  if (c.uncoveredPosts > 0) {
    parts.push_back({plural(c.uncoveredPosts, "post uncovered", "posts uncovered"),
                     std::to_string(c.uncoveredPosts) + " uncov", 5});
  }
  parts.push_back({"event " + std::to_string(p.seq), "#" + std::to_string(p.seq), 3});
  parts.push_back({"phase " + spoken(p.phase), "", 1});
  return parts;
}

std::string joined(const std::vector<Part>& parts, const std::vector<int>& form) {
  std::string out = " ";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (form[i] < 0) continue;
    if (out.size() > 1) out += "  ";
    out += form[i] == 0 ? parts[i].full : parts[i].brief;
  }
  return out;
}

}  // namespace

std::vector<std::string> tabTexts(std::size_t newAlerts, int width) {
  static constexpr const char* kShort[] = {"Alrt", "Unit", "Task", "Sight", "Map", "Post"};
  std::vector<std::string> tabs;
  for (int level = 0; level < 4; ++level) {
    tabs.clear();
    int total = -1;
    for (std::size_t i = 0; i < kPaneCount; ++i) {
      const PaneId pane = kPaneOrder[i];
      const std::string number = std::to_string(i + 1);
      std::string name = level < 2 ? paneTitle(pane) : level == 2 ? kShort[i] : "";
      std::string tab = " " + number + (name.empty() ? "" : " " + name);
      if (pane == PaneId::alerts && newAlerts > 0) {
        tab += level == 0 ? " (" + std::to_string(newAlerts) + " new)"
                          : " " + std::to_string(newAlerts) + "!";
      }
      tab += " ";
      total += displayWidth(tab) + 1;
      tabs.push_back(tab);
    }
    if (total <= width) break;
  }
  return tabs;
}

std::string headerText(const Picture& p, const std::string& operationId, int width) {
  const std::vector<Part> parts = partsOf(p, operationId);
  std::vector<int> form(parts.size(), 0);  // 0 full, 1 brief, -1 dropped
  // First the short forms, least needed first; then drop parts, least needed first.
  for (int pass = 0; pass < 2; ++pass) {
    for (int keep = 0; keep <= 10 && displayWidth(joined(parts, form)) > width; ++keep) {
      for (std::size_t i = 0; i < parts.size(); ++i) {
        if (parts[i].keep != keep || form[i] < 0) continue;
        if (pass == 0 && !parts[i].brief.empty()) form[i] = 1;
        if (pass == 1 && keep < 8) form[i] = -1;
      }
    }
  }
  return clipToWidth(joined(parts, form), width);
}

}  // namespace fieldops::dashboard
