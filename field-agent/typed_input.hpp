// What a person types at the console, checked and parsed: trimming, whole numbers, ISO 3166-1
// alpha-3 codes, lists; and the human words shown for schema enumerants. Shared by the console
// and the sighting wizard (dates of birth are read by protocol/date_of_birth.hpp). Pure functions.
#pragma once

#include <protocol/enum_names.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fieldops {

std::string trim(const std::string& text);
std::string lowercase(std::string text);

// Control characters (arrow keys arrive as escape sequences) or invalid UTF-8 make an answer
// unusable; names as written may be in any script, so anything else is accepted.
bool cleanText(const std::string& text);

// A whole number in [0, max] written with digits only; nullopt otherwise.
std::optional<std::uint64_t> wholeNumber(const std::string& text, std::uint64_t max);

// Three letters, returned upper-cased ("syr" is forgiven as "SYR"); nullopt otherwise.
std::optional<std::string> countryCode(const std::string& text);

// The non-empty items between any of `separators`, each trimmed.
std::vector<std::string> splitItems(const std::string& text, std::string_view separators);

// "documentsHeldByOther" -> "documents held by another person", "forcedLabour" -> "forced
// labour": derived from the schema's own name, so no table of words drifts from the schema.
std::string humanWords(const std::string& enumerantName);

template <class E>
std::string enumWords(E value) {
  return humanWords(enumName(value));
}

// Numbered choices, one a line ("\n   1  forced labour"), from the enumerants of E at `first`.
template <class E>
std::string numberedChoices(unsigned first = 0) {
  std::string out;
  const auto names = enumNames<E>();
  for (unsigned i = first; i < names.size(); ++i) {
    const std::string n = std::to_string(i - first + 1);
    out += "\n  " + std::string(n.size() < 2 ? 1 : 0, ' ') + n + "  " + humanWords(names[i]);
  }
  return out;
}

// A choice from numberedChoices<E>(first) by its number, its enumerant name or its human words.
template <class E>
std::optional<E> chooseEnumerant(const std::string& answer, unsigned first = 0) {
  const auto names = enumNames<E>();
  if (auto n = wholeNumber(answer, names.size() - first); n && *n >= 1) {
    return static_cast<E>(*n - 1 + first);
  }
  const std::string a = lowercase(answer);
  for (unsigned i = first; i < names.size(); ++i) {
    if (a == lowercase(names[i]) || a == humanWords(names[i])) return static_cast<E>(i);
  }
  return std::nullopt;
}

}  // namespace fieldops
