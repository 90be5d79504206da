// Import of watchlist files (CSV, JSON array, JSON Lines) into plain entries, with a precise
// reason for every row refused. Pure: text in, values out. Layout: scenarios/watchlists/README.md.
#pragma once

#include <coordinator/screening/watchlist.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fieldops::screening {

inline constexpr std::size_t kMaxFieldBytes = 1024;  // one value, or one item of a list
// Shorter caps for the values that key an entry: they are LMDB keys in the watchlist store
// (at most 511 bytes) and travel in every screening match (protocol/convert.hpp).
inline constexpr std::size_t kMaxReferenceBytes = 256;  // a reference (kNameText)
inline constexpr std::size_t kMaxKeyBytes = 64;         // a document number or plate (kShortText)
inline constexpr std::size_t kMaxListItems = 16;     // names, aliases, documents of one notice

// Why one row (or, with ImportResult::fileRejected, the whole file) was refused.
struct Rejection {
  std::size_t line = 0;  // 1-based physical line in the file on which the row starts
  std::string reason;    // without the line, e.g. "colour 'pink' is not one of red, yellow, ..."
};

struct ImportResult {
  ListKind kind = ListKind::notices;
  std::vector<Entry> entries;       // the rows accepted, in file order
  std::size_t rowsRead = 0;         // data rows seen: not the header, not blank lines
  std::vector<Rejection> rejected;  // in file order
  bool fileRejected = false;        // header or JSON syntax refused: one rejection, no entries
};

enum class FileFormat : std::uint8_t { csv, json };

// Parses `text` (the whole file) as the given list. JSON is an array of objects when its first
// non-space character is '[', and JSON Lines (one object a line) otherwise.
ImportResult parseWatchlist(ListKind kind, FileFormat format, std::string_view text);

// The format a file's extension names: .csv, .json or .jsonl (any case); nothing otherwise.
std::optional<FileFormat> formatFromPath(std::string_view path);

// "line 7: colour 'pink' is not one of ...", for people.
std::string describe(const Rejection& rejection);

}  // namespace fieldops::screening
