// One watchlist row as read from CSV or JSON, before any check, and the sink that checks rows
// into entries or rejections. Internal to import: shared by import.cpp (CSV) and import_json.cpp.
#pragma once

#include <coordinator/screening/import.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace fieldops::screening::importing {

// Every column of every list, by its name in files ("date_of_birth").
enum class Field : std::uint8_t {
  reference,
  colour,
  names,
  aliases,
  dateOfBirth,
  nationality,
  documents,
  number,
  country,
  type,
  status,
  plate,
  reason,
};
inline constexpr std::size_t kFieldCount = 13;

const char* fieldName(Field f);
std::optional<Field> fieldFromName(std::string_view name);  // ASCII case-insensitive
std::span<const Field> fieldsOf(ListKind kind);             // in the documented order
bool inList(ListKind kind, Field f);
bool requiredIn(ListKind kind, Field f);
std::string fieldList(ListKind kind);  // "reference, colour, names, ..."

// A document of a notice as read: "passport:SRB:012345678" in CSV, an object in JSON.
struct RawDocument {
  std::string type;
  std::string country;
  std::string number;
};

// A row as read, values trimmed; an empty value is an absent one.
struct RawRow {
  std::array<std::string, kFieldCount> text;  // the single-valued fields
  std::vector<std::string> names;
  std::vector<std::string> aliases;
  std::vector<RawDocument> documents;

  std::string& operator[](Field f) { return text[static_cast<std::size_t>(f)]; }
  const std::string& operator[](Field f) const { return text[static_cast<std::size_t>(f)]; }
  void clear();
};

// Without leading and trailing spaces, tabs and carriage returns.
std::string_view trim(std::string_view s);

// A value as shown inside a reason: quoted, cut if long, and never invalid UTF-8.
std::string shown(std::string_view value);

// Collects the outcome of one import: checks each row, refuses later duplicates of a key, and
// counts the rows read.
class RowSink {
 public:
  explicit RowSink(ListKind kind);

  // Checks a row read whole; its values are moved into the entry.
  void accept(std::size_t line, RawRow& row);
  // A row refused before its checks (bad quoting, wrong field count, not an object).
  void reject(std::size_t line, std::string reason);
  // The whole file is refused (header, JSON syntax): no entries, one rejection.
  void rejectFile(std::size_t line, std::string reason);

  // Room for about this many entries, so that a large list does not move them as it grows.
  void reserve(std::size_t rows) { result_.entries.reserve(rows); }

  ImportResult take() { return std::move(result_); }

 private:
  ImportResult result_;
  std::unordered_map<std::string, std::size_t> seen_;  // key of an accepted row -> its line
};

// The JSON half of parseWatchlist (import_json.cpp).
ImportResult importJson(ListKind kind, std::string_view text);

}  // namespace fieldops::screening::importing
