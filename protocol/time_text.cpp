// ISO-8601 UTC times (see time_text.hpp).
#include <charconv>
#include <cstdio>
#include <ctime>
#include <protocol/time_text.hpp>

namespace fieldops {

namespace {

bool number(std::string_view text, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > text.size()) return false;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;  // from_chars would take a sign
  }
  const char* begin = text.data() + pos;
  auto [end, ec] = std::from_chars(begin, begin + len, out);
  return ec == std::errc() && end == begin + len;
}

bool at(std::string_view text, std::size_t pos, char c) {
  return pos < text.size() && text[pos] == c;
}

}  // namespace

Expected<Millis, std::string> parseUtcTime(std::string_view text) {
  const std::string expected =
      "expected a UTC time like 2026-06-01T06:00:00Z or ms since the epoch, not '" +
      std::string(text) + "'";
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos) {
    Millis ms = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
    if (ec != std::errc() || end != text.data() + text.size()) return expected;
    return ms;
  }
  std::tm tm{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
  if (!number(text, 0, 4, year) || !at(text, 4, '-') || !number(text, 5, 2, month) ||
      !at(text, 7, '-') || !number(text, 8, 2, day) || !(at(text, 10, 'T') || at(text, 10, ' ')) ||
      !number(text, 11, 2, hour) || !at(text, 13, ':') || !number(text, 14, 2, minute) ||
      !at(text, 16, ':') || !number(text, 17, 2, second)) {
    return expected;
  }
  std::size_t pos = 19;
  if (at(text, pos, '.')) {
    if (!number(text, pos + 1, 3, millis)) return expected;
    pos += 4;
  }
  if (!at(text, pos, 'Z') || pos + 1 != text.size()) return expected;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59 ||
      year < 1970) {
    return expected;
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  const std::time_t t = timegm(&tm);
  if (tm.tm_mday != day) return expected;  // e.g. 31 April, normalised away by timegm
  return static_cast<Millis>(t) * 1000 + millis;
}

std::string formatUtcTime(Millis at) {
  const std::time_t t = static_cast<std::time_t>(at / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  const int ms = static_cast<int>(at % 1000);
  if (ms == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
  }
  return buf;
}

}  // namespace fieldops
