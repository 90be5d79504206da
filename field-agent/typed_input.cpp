// Checks and parsing for typed input (see typed_input.hpp).
#include <field-agent/typed_input.hpp>

#include <algorithm>
#include <cctype>

namespace fieldops {

namespace {

bool digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

bool validUtf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80           ? 1
                          : (c >> 5) == 0x6  ? 2
                          : (c >> 4) == 0xE  ? 3
                          : (c >> 3) == 0x1E ? 4
                                             : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    }
    i += n;
  }
  return true;
}

}  // namespace

std::string trim(const std::string& text) {
  const auto b = text.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return text.substr(b, text.find_last_not_of(" \t\r\n") - b + 1);
}

std::string lowercase(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool cleanText(const std::string& text) {
  const bool control = std::any_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  return !control && validUtf8(text);
}

std::optional<std::uint64_t> wholeNumber(const std::string& text, std::uint64_t max) {
  if (text.empty() || text.size() > 18 || !std::all_of(text.begin(), text.end(), digit)) {
    return std::nullopt;
  }
  const std::uint64_t v = std::stoull(text);
  if (v > max) return std::nullopt;
  return v;
}

std::optional<std::string> countryCode(const std::string& text) {
  if (text.size() != 3) return std::nullopt;
  std::string out;
  for (char c : text) {
    if (!std::isalpha(static_cast<unsigned char>(c))) return std::nullopt;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

std::vector<std::string> splitItems(const std::string& text, std::string_view separators) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find_first_of(separators, start), text.size());
    if (auto item = trim(text.substr(start, end - start)); !item.empty()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

std::string humanWords(const std::string& enumerantName) {
  std::string out;
  for (char c : enumerantName) {
    if (std::isupper(static_cast<unsigned char>(c))) out += ' ';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  // "documentsHeldByOther", "ticketBoughtByOther": the other is a person.
  const std::string_view other = " by other";
  if (out.size() >= other.size() &&
      out.compare(out.size() - other.size(), other.size(), other) == 0) {
    out.replace(out.size() - other.size(), other.size(), " by another person");
  }
  return out;
}

}  // namespace fieldops
