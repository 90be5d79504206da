// Canonical forms of document numbers, plates, country codes and dates (normalise.hpp).
#include <algorithm>
#include <array>
#include <chrono>
#include <coordinator/screening/normalise.hpp>
#include <protocol/date_of_birth.hpp>
#include <utility>

namespace fieldops::screening {

namespace {

// Cyrillic and Greek letters that look like a Latin capital, with that capital. Smalls are
// listed too: a number typed on a Cyrillic layout may come in either case.
constexpr std::array<std::pair<char32_t, char>, 50> kLookalikes = {{
    // Cyrillic capitals: А В Е К М Н О Р С Т У Х І Ј
    {U'\u0410', 'A'},
    {U'\u0412', 'B'},
    {U'\u0415', 'E'},
    {U'\u041A', 'K'},
    {U'\u041C', 'M'},
    {U'\u041D', 'H'},
    {U'\u041E', 'O'},
    {U'\u0420', 'P'},
    {U'\u0421', 'C'},
    {U'\u0422', 'T'},
    {U'\u0423', 'Y'},
    {U'\u0425', 'X'},
    {U'\u0406', 'I'},
    {U'\u0408', 'J'},
    // Cyrillic smalls: а в е к м н о р с т у х і ј
    {U'\u0430', 'A'},
    {U'\u0432', 'B'},
    {U'\u0435', 'E'},
    {U'\u043A', 'K'},
    {U'\u043C', 'M'},
    {U'\u043D', 'H'},
    {U'\u043E', 'O'},
    {U'\u0440', 'P'},
    {U'\u0441', 'C'},
    {U'\u0442', 'T'},
    {U'\u0443', 'Y'},
    {U'\u0445', 'X'},
    {U'\u0456', 'I'},
    {U'\u0458', 'J'},
    // Greek capitals: Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ (the letters Greek plates use)
    {U'\u0391', 'A'},
    {U'\u0392', 'B'},
    {U'\u0395', 'E'},
    {U'\u0396', 'Z'},
    {U'\u0397', 'H'},
    {U'\u0399', 'I'},
    {U'\u039A', 'K'},
    {U'\u039C', 'M'},
    {U'\u039D', 'N'},
    {U'\u039F', 'O'},
    {U'\u03A1', 'P'},
    {U'\u03A4', 'T'},
    {U'\u03A5', 'Y'},
    {U'\u03A7', 'X'},
    // Greek smalls that are written like the Latin letter: α ι κ ν ο ρ τ υ
    {U'\u03B1', 'A'},
    {U'\u03B9', 'I'},
    {U'\u03BA', 'K'},
    {U'\u03BD', 'V'},
    {U'\u03BF', 'O'},
    {U'\u03C1', 'P'},
    {U'\u03C4', 'T'},
    {U'\u03C5', 'Y'},
}};

// The Latin capital a Cyrillic or Greek letter looks like, or 0.
char latinLookalike(char32_t cp) {
  for (const auto& [from, to] : kLookalikes) {
    if (from == cp) return to;
  }
  return 0;
}

// The key character for one code point, or 0 to drop it. Folds case, look-alikes and O -> 0.
char keyChar(char32_t cp) {
  char c = 0;
  if (cp >= U'0' && cp <= U'9') {
    c = static_cast<char>(cp);
  } else if (cp >= U'a' && cp <= U'z') {
    c = static_cast<char>(cp - U'a' + U'A');
  } else if (cp >= U'A' && cp <= U'Z') {
    c = static_cast<char>(cp);
  } else {
    c = latinLookalike(cp);
  }
  return c == 'O' ? '0' : c;
}

bool isContinuation(unsigned char b) {
  return (b & 0xC0) == 0x80;
}

// Folds ASCII and the two-byte UTF-8 sequences that can hold a look-alike; every other byte
// (separators, longer sequences, invalid UTF-8) is dropped.
std::string foldKey(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto b = static_cast<unsigned char>(in[i]);
    char32_t cp = b;
    if (b >= 0x80) {
      if ((b & 0xE0) != 0xC0 || i + 1 >= in.size()) continue;
      const auto b2 = static_cast<unsigned char>(in[i + 1]);
      if (!isContinuation(b2)) continue;
      cp = (static_cast<char32_t>(b & 0x1F) << 6) | (b2 & 0x3F);
      ++i;
    }
    if (const char c = keyChar(cp)) out.push_back(c);
  }
  return out;
}

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string normaliseDocumentNumber(std::string_view number) {
  return foldKey(number);
}

std::string normalisePlate(std::string_view plate) {
  return foldKey(plate);
}

std::string normaliseCountry(std::string_view country) {
  const std::string_view s = trim(country);
  if (s.size() != 3) return {};
  std::string out;
  for (const char c : s) {
    if (c >= 'a' && c <= 'z') {
      out.push_back(static_cast<char>(c - 'a' + 'A'));
    } else if (c >= 'A' && c <= 'Z') {
      out.push_back(c);
    } else {
      return {};
    }
  }
  return out;
}

std::string normaliseDate(std::string_view date) {
  const auto read = readDateOfBirth(date);
  return read ? dateOfBirthText(*read) : std::string();
}

DateAgreement compareDates(std::string_view a, std::string_view b) {
  return compareDates(readDateOfBirth(a), readDateOfBirth(b));
}

DateAgreement compareDates(const std::optional<DateOfBirth>& a,
                           const std::optional<DateOfBirth>& b) {
  if (!a || !b) return DateAgreement::unknown;
  // Part by part while both know it, as a comparison of the texts' shared beginning would.
  if (a->year != b->year) return DateAgreement::disagree;
  if (a->month == 0 || b->month == 0) return DateAgreement::partial;
  if (a->month != b->month) return DateAgreement::disagree;
  if (a->day == 0 || b->day == 0) return DateAgreement::partial;
  return a->day == b->day ? DateAgreement::agree : DateAgreement::disagree;
}

namespace {

struct Day {
  int year = 0;
  int month = 0;
  int day = 0;
};

// Whole years from `born` to `seen`.
int yearsBetween(Day born, Day seen) {
  const bool birthdayPassed =
      seen.month > born.month || (seen.month == born.month && seen.day >= born.day);
  return seen.year - born.year - (birthdayPassed ? 0 : 1);
}

Day dayOf(std::chrono::sys_days d) {
  const std::chrono::year_month_day ymd{d};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

}  // namespace

std::optional<AgeRange> agesAt(std::string_view dateOfBirth, std::int64_t at) {
  const auto dob = readDateOfBirth(dateOfBirth);
  if (!dob) return std::nullopt;
  // The first and the last day a partial date can stand for (protocol/date_of_birth.hpp).
  const Day earliest = dayOf(earliestDay(*dob));
  const Day latest = dayOf(latestDay(*dob));
  const Day seen = dayOf(utcDay(at));
  return AgeRange{yearsBetween(latest, seen), yearsBetween(earliest, seen)};
}

bool minorAt(std::string_view dateOfBirth, std::int64_t at) {
  const auto ages = agesAt(dateOfBirth, at);
  return ages && ages->youngest < kAdultAge;
}

bool adultAt(std::string_view dateOfBirth, std::int64_t at) {
  const auto ages = agesAt(dateOfBirth, at);
  return ages && ages->youngest >= kAdultAge;
}

}  // namespace fieldops::screening
