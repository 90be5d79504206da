// Canonical forms of the exact-match screening keys: document numbers, vehicle plates, country
// codes and dates of birth. Pure functions; names are in names.hpp.
#pragma once

#include <protocol/date_of_birth.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fieldops::screening {

// A travel-document number as a comparable key: ASCII letters upper-cased, every separator and
// any other character dropped, so that only [A-Z0-9] remains.
// Confusions folded, on purpose few so that distinct documents keep distinct keys:
//   - letter O -> digit 0: the confusion reported most in field checks and MRZ reading.
//   - Cyrillic and Greek capitals and smalls that look like Latin ones (see normalisePlate) ->
//     the Latin letter, for numbers typed on a Cyrillic or Greek keyboard layout.
// Not folded: I/1, Z/2, S/5, B/8. They are rarer and would merge more real numbers.
// Full-width digits and any other non-ASCII character are dropped.
std::string normaliseDocumentNumber(std::string_view number);

// A vehicle plate as a comparable key: the same folding as normaliseDocumentNumber. Plates in
// Cyrillic (Russia, Ukraine, Belarus, ...) and Greece use only letters that look Latin:
// Cyrillic А В Е К М Н О Р С Т У Х (and І Ј) and Greek Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ are folded
// to the Latin letter they look like, so "А123ВС" and "A 123 BC" give the same key.
std::string normalisePlate(std::string_view plate);

// An ISO 3166-1 alpha-3 code, trimmed and upper-cased; empty unless it is exactly three ASCII
// letters. Whether the code is assigned is not checked.
std::string normaliseCountry(std::string_view country);

// A date of birth as "YYYY-MM-DD", "YYYY-MM" or "YYYY" (trimmed), checked against the calendar;
// empty if invalid. Lists often write an unknown month or day as "00": "1980-00-00" gives "1980"
// and "1980-05-00" gives "1980-05". Year 0000 is invalid. The reading is the decoder's own
// (protocol/date_of_birth.hpp), so screening and the door agree on what a date is.
std::string normaliseDate(std::string_view date);

// How two dates of birth, each possibly partial, agree.
enum class DateAgreement {
  unknown,   // either date is missing or invalid
  agree,     // both are full dates and equal
  partial,   // equal to the precision both share, but at least one is not a full date
  disagree,  // different at the precision both share
};

// Compares two dates of birth; each is normalised first (normaliseDate).
DateAgreement compareDates(std::string_view a, std::string_view b);
// The same for dates already read (readDateOfBirth); nothing is a missing or invalid date.
DateAgreement compareDates(const std::optional<DateOfBirth>& a, const std::optional<DateOfBirth>& b);

// The age of majority: under it, a person is a minor.
inline constexpr int kAdultAge = 18;

// The ages in whole years that a date of birth allows on the day of `at` (milliseconds since the
// Unix epoch, UTC). A partial date allows a range: the youngest age is read from the latest day
// it allows, the oldest from the earliest. Empty when the date is missing or invalid.
struct AgeRange {
  int youngest = 0;
  int oldest = 0;
};
std::optional<AgeRange> agesAt(std::string_view dateOfBirth, std::int64_t at);

// Whether the date of birth makes its holder a minor at `at`, at the youngest age it allows:
// for child protection, that is the safe reading. False when the date is missing or invalid.
bool minorAt(std::string_view dateOfBirth, std::int64_t at);

// Whether the date of birth makes its holder 18 or older at `at` whatever day a partial date
// stands for (the youngest age it allows is 18 or more). False when missing or invalid.
bool adultAt(std::string_view dateOfBirth, std::int64_t at);

}  // namespace fieldops::screening
