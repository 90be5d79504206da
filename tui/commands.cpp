// Command forms, the unit suggestion and validation (see commands.hpp).
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <protocol/convert.hpp>
#include <tui/commands.hpp>
#include <tui/projection.hpp>
#include <tui/text.hpp>

namespace fieldops::dashboard {

namespace {

constexpr Millis kMinute = 60'000;
constexpr Millis kDay = 86'400'000;
constexpr long kMaxDueMinutes = 7 * 24 * 60;

bool parseNumber(const std::string& text, double& out) {
  const char* end = text.data() + text.size();
  const char* begin = text.data();
  while (begin < end && *begin == ' ') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, out);
  return ec == std::errc() && ptr == end;
}

}  // namespace

Capability capabilityFor(TaskKind kind) {
  switch (kind) {
    case TaskKind::SCREEN_ARRIVALS:
    case TaskKind::SECOND_LINE_DOCUMENT_CHECK:
    case TaskKind::HOLD_FOR_VERIFICATION:
      return Capability::documentCheck;
    case TaskKind::INSPECT_VEHICLE:
      return Capability::vehicleSearch;
    case TaskKind::INTERVIEW_POSSIBLE_VICTIM:
      return Capability::interpreter;
    case TaskKind::CHILD_PROTECTION_REFERRAL:
      return Capability::childProtection;
    case TaskKind::INSPECT_SITE:
    case TaskKind::SURVEIL:
    case TaskKind::ESCORT_TO_SHELTER:
      return Capability::any;
  }
  return Capability::any;
}

const char* capabilityName(Capability c) {
  switch (c) {
    case Capability::any:
      return "any unit";
    case Capability::documentCheck:
      return "document check";
    case Capability::childProtection:
      return "child-protection trained";
    case Capability::vehicleSearch:
      return "vehicle search";
    case Capability::interpreter:
      return "interpreter";
  }
  return "?";
}

Expected<Target, std::string> parseTarget(const std::string& text, const Picture& p) {
  if (text.empty()) return std::string("a target is required: a post or lat,lon");
  if (const auto comma = text.find(','); comma != std::string::npos) {
    double lat = 0, lon = 0;
    if (parseNumber(text.substr(0, comma), lat) && parseNumber(text.substr(comma + 1), lon)) {
      if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
        return std::string("lat must be within -90..90 and lon within -180..180");
      }
      return Target{Position{lat, lon}};
    }
  }
  // Posts of the plan, and posts units work at.
  std::vector<std::string> posts;
  for (const auto& [name, post] : p.posts) posts.push_back(name);
  for (const auto& [callsign, u] : p.units) {
    if (!u.post.empty()) posts.push_back(u.post);
  }
  std::sort(posts.begin(), posts.end());
  posts.erase(std::unique(posts.begin(), posts.end()), posts.end());
  if (std::find(posts.begin(), posts.end(), text) != posts.end()) return Target{text};
  std::vector<std::string> matches;
  for (const auto& name : posts) {
    if (lowered(name).rfind(lowered(text), 0) == 0) matches.push_back(name);
  }
  if (matches.size() == 1) return Target{matches.front()};
  if (matches.empty()) return "no post named '" + text + "'; give a known post or lat,lon";
  return "'" + text + "' could be " + matches[0] + " or " + matches[1] + "; type more";
}

Expected<Millis, std::string> parseDue(const std::string& text, Millis now) {
  if (const auto colon = text.find(':'); colon != std::string::npos) {
    double h = -1, m = -1;
    if (!parseNumber(text.substr(0, colon), h) || !parseNumber(text.substr(colon + 1), m) ||
        h < 0 || h > 23 || m < 0 || m > 59 || h != static_cast<int>(h) ||
        m != static_cast<int>(m)) {
      return std::string("a time of day is HH:MM (UTC), e.g. 14:30");
    }
    Millis due =
        now - now % kDay + static_cast<Millis>(h) * 60 * kMinute + static_cast<Millis>(m) * kMinute;
    if (due <= now) due += kDay;
    return due;
  }
  double minutes = -1;
  if (!parseNumber(text, minutes) || minutes < 1 || minutes > kMaxDueMinutes ||
      minutes != static_cast<long>(minutes)) {
    return std::string("due in whole minutes (1..10080), or a time HH:MM (UTC)");
  }
  return now + static_cast<Millis>(minutes) * kMinute;
}

std::optional<Position> targetPosition(const Picture& p, const Target& target) {
  if (const auto* pos = std::get_if<Position>(&target)) return *pos;
  const auto& name = std::get<std::string>(target);
  if (const auto post = p.posts.find(name); post != p.posts.end()) return post->second.position;
  for (const auto& [callsign, u] : p.units) {
    if (u.post == name && known(u.position)) return u.position;
  }
  return std::nullopt;
}

std::string suggestUnit(const Picture& p, TaskKind kind, const Target& target) {
  const auto* post = std::get_if<std::string>(&target);
  const Position from = targetPosition(p, target).value_or(Position{});
  return nearestAvailableUnit(p.units, capabilityFor(kind), from, post ? *post : std::string());
}

std::vector<std::string> rankedUnits(const Picture& p, TaskKind kind, const Target& target) {
  const std::string best = suggestUnit(p, kind, target);
  const auto from = targetPosition(p, target);
  std::vector<std::pair<double, std::string>> others;
  for (const auto& [callsign, u] : p.units) {
    if (u.status == UnitStatus::LOST || callsign == best) continue;
    others.emplace_back(from ? distanceKm(*from, u.position) : 0.0, callsign);
  }
  std::sort(others.begin(), others.end());
  std::vector<std::string> out;
  if (!best.empty()) out.push_back(best);
  for (auto& [km, callsign] : others) out.push_back(std::move(callsign));
  return out;
}

}  // namespace fieldops::dashboard
