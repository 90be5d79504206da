// Exercise time text (see time_text.hpp).
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <scenarios/replay/time_text.hpp>
#include <vector>

namespace fieldops::replay {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// The longest offset or duration read: a year and a day. Far beyond any exercise, and far
// enough from the range of Millis that no sum or product below can overflow (a 20-digit hour
// count did: fuzz_msel).
constexpr long long kMaxHours = 366 * 24;
constexpr double kMaxMillis = kMaxHours * 3600e3;

bool digits(std::string_view s, long long& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && out >= 0;
}

// "hh:mm:ss" or "mm:ss", seconds may carry a fraction ("05.5").
std::optional<Millis> clockText(std::string_view s) {
  std::vector<std::string_view> parts;
  for (std::size_t from = 0;;) {
    const auto colon = s.find(':', from);
    parts.push_back(s.substr(from, colon == std::string_view::npos ? colon : colon - from));
    if (colon == std::string_view::npos) break;
    from = colon + 1;
  }
  if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
  std::string_view secText = parts.back();
  long long ms = 0;
  if (const auto dot = secText.find('.'); dot != std::string_view::npos) {
    std::string frac(secText.substr(dot + 1));
    if (frac.empty() || frac.size() > 3) return std::nullopt;
    frac.resize(3, '0');
    if (!digits(frac, ms)) return std::nullopt;
    secText = secText.substr(0, dot);
  }
  long long sec = 0, min = 0, hour = 0;
  if (!digits(secText, sec) || sec > 59) return std::nullopt;
  if (!digits(parts[parts.size() - 2], min)) return std::nullopt;
  if (parts.size() == 3) {
    if (!digits(parts[0], hour) || min > 59 || hour > kMaxHours) return std::nullopt;
  } else if (min > kMaxHours * 60) {
    return std::nullopt;
  }
  return ((hour * 60 + min) * 60 + sec) * 1000 + ms;
}

// "1h30m", "3 min", "90s", "250ms", "2d": numbers each followed by a unit.
std::optional<Millis> unitText(std::string_view s) {
  Millis total = 0;
  bool any = false;
  while (!s.empty()) {
    s = trim(s);
    std::size_t n = 0;
    while (n < s.size() && (std::isdigit(static_cast<unsigned char>(s[n])) || s[n] == '.')) ++n;
    if (n == 0) return std::nullopt;
    const double value = std::strtod(std::string(s.substr(0, n)).c_str(), nullptr);
    s = trim(s.substr(n));
    std::size_t u = 0;
    while (u < s.size() && std::isalpha(static_cast<unsigned char>(s[u]))) ++u;
    const std::string_view unit = s.substr(0, u);
    s = s.substr(u);
    double scale = 0;
    if (unit == "ms")
      scale = 1;
    else if (unit == "s" || unit == "sec" || unit == "secs" || unit == "second" ||
             unit == "seconds")
      scale = 1e3;
    else if (unit == "m" || unit == "min" || unit == "mins" || unit == "minute" ||
             unit == "minutes")
      scale = 60e3;
    else if (unit == "h" || unit == "hr" || unit == "hour" || unit == "hours")
      scale = 3600e3;
    else if (unit == "d" || unit == "day" || unit == "days")
      scale = 86400e3;
    else
      return std::nullopt;
    const double part = value * scale;
    if (!(part <= kMaxMillis)) return std::nullopt;
    total += static_cast<Millis>(part + 0.5);
    if (total > kMaxMillis) return std::nullopt;
    any = true;
  }
  if (!any) return std::nullopt;
  return total;
}

}  // namespace

Expected<Millis, std::string> parseDuration(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.find(':') != std::string_view::npos) {
    if (auto v = clockText(s)) return *v;
  } else if (auto v = unitText(s)) {
    return *v;
  }
  return "'" + std::string(text) + "' is not a duration (write 00:03:00, 3m, 90s or 1h30m)";
}

Expected<Millis, std::string> parseOffset(std::string_view text) {
  std::string_view s = trim(text);
  if (s.size() >= 2 && (s[0] == 'T' || s[0] == 't') && s[1] == '+') s.remove_prefix(2);
  if (auto v = clockText(trim(s))) return *v;
  if (auto v = unitText(s)) return *v;
  return "'" + std::string(text) + "' is not an exercise time (write T+hh:mm:ss)";
}

Expected<Millis, std::string> parseInstant(std::string_view text) {
  const std::string_view s = trim(text);
  long long ms = 0;
  if (digits(s, ms)) return static_cast<Millis>(ms);
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, frac = 0, consumed = 0;
  const std::string str(s);
  if (std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec,
                  &consumed) != 6) {
    return "'" + str + "' is not an ISO-8601 UTC time (write 2026-05-04T06:00:00Z)";
  }
  std::string_view rest = s.substr(static_cast<std::size_t>(consumed));
  if (!rest.empty() && rest[0] == '.') {
    std::size_t n = 1;
    std::string f;
    while (n < rest.size() && std::isdigit(static_cast<unsigned char>(rest[n]))) f += rest[n++];
    f.resize(3, '0');
    frac = std::stoi(f.substr(0, 3));
    rest.remove_prefix(n);
  }
  if (rest != "Z" && rest != "+00:00" && rest != "z") {
    return "'" + str + "' must be UTC: end it with Z";
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) {
    return "'" + str + "' is not a valid date and time";
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  return static_cast<Millis>(timegm(&tm)) * 1000 + frac;
}

std::string formatOffset(Millis offset) {
  const bool negative = offset < 0;
  Millis s = (negative ? -offset : offset) / 1000;
  char buf[48];
  std::snprintf(buf, sizeof buf, "T%c%02lld:%02lld:%02lld", negative ? '-' : '+',
                static_cast<long long>(s / 3600), static_cast<long long>(s / 60 % 60),
                static_cast<long long>(s % 60));
  return buf;
}

std::string formatDuration(Millis ms) {
  const Millis s = (ms + 500) / 1000;
  if (s < 60) return std::to_string(s) + " s";
  if (s < 3600) {
    return std::to_string(s / 60) + " min" + (s % 60 ? " " + std::to_string(s % 60) + " s" : "");
  }
  return std::to_string(s / 3600) + " h" +
         (s / 60 % 60 ? " " + std::to_string(s / 60 % 60) + " min" : "");
}

std::string formatInstant(Millis at) {
  const std::time_t t = static_cast<std::time_t>(at / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace fieldops::replay
