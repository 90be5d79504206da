// Dates of birth (see date_of_birth.hpp).
#include <protocol/date_of_birth.hpp>
#include <protocol/time_text.hpp>

namespace fieldops {

using namespace std::chrono;

namespace {

std::string_view trimmed(std::string_view s) {
  const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
  return s;
}

// The number the digits of s write, or -1 unless s is all digits.
int digitsValue(std::string_view s) {
  int v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string twoDigits(unsigned n) {
  return std::string(n < 10 ? "0" : "") + std::to_string(n);
}

}  // namespace

sys_days utcDay(Millis at) {
  return floor<days>(sys_time<milliseconds>(milliseconds(at)));
}

std::optional<DateOfBirth> readDateOfBirth(std::string_view text) {
  const std::string_view s = trimmed(text);
  if (s.size() != 4 && s.size() != 7 && s.size() != 10) return std::nullopt;
  DateOfBirth date;
  date.year = digitsValue(s.substr(0, 4));
  if (date.year <= 0) return std::nullopt;
  if (s.size() == 4) return date;
  const int month = s[4] == '-' ? digitsValue(s.substr(5, 2)) : -1;
  if (month < 0 || month > 12) return std::nullopt;
  date.month = static_cast<unsigned>(month);
  if (s.size() == 7) return date;
  const int day = s[7] == '-' ? digitsValue(s.substr(8, 2)) : -1;
  if (day < 0 || (month == 0 && day != 0)) return std::nullopt;
  date.day = static_cast<unsigned>(day);
  if (day > 0 &&
      !year_month_day{year{date.year}, std::chrono::month{date.month}, std::chrono::day{date.day}}
           .ok()) {
    return std::nullopt;
  }
  return date;
}

std::string dateOfBirthText(DateOfBirth date) {
  std::string year = std::to_string(date.year);
  year.insert(0, year.size() < 4 ? 4 - year.size() : 0, '0');
  if (date.month == 0) return year;
  if (date.day == 0) return year + "-" + twoDigits(date.month);
  return year + "-" + twoDigits(date.month) + "-" + twoDigits(date.day);
}

sys_days earliestDay(DateOfBirth date) {
  return year_month_day{year{date.year}, month{date.month == 0 ? 1 : date.month},
                        day{date.day == 0 ? 1 : date.day}};
}

sys_days latestDay(DateOfBirth date) {
  if (date.month == 0) return year{date.year} / December / 31;
  if (date.day == 0) return year{date.year} / month{date.month} / last;
  return year_month_day{year{date.year}, month{date.month}, day{date.day}};
}

std::optional<std::string> dateOfBirthProblem(std::string_view text, Millis observedAt) {
  if (text.empty()) return std::nullopt;  // unknown
  const std::string shown = "'" + std::string(text) + "'";
  const auto date = readDateOfBirth(text);
  if (!date) return shown + " is not a date (YYYY-MM-DD, YYYY-MM or YYYY)";
  // Days are UTC days, as observedAt is UTC: the day a sighting was observed is its UTC date.
  const sys_days observed = utcDay(observedAt);
  if (earliestDay(*date) > observed) {
    return shown + " is after the time observed (" + formatUtcTime(observedAt) + ")";
  }
  // Day 29 of February less whole years may be no day: sys_days then reads it as 1 March.
  const sys_days oldest = sys_days(year_month_day(observed) - years(kMaxAgeYears));
  if (latestDay(*date) < oldest) {
    return shown + " is more than " + std::to_string(kMaxAgeYears) +
           " years before the time observed (" + formatUtcTime(observedAt) + ")";
  }
  return std::nullopt;
}

}  // namespace fieldops
