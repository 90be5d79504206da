// A small RFC 4180 CSV reader that remembers where each field starts, so that errors can name
// the file, line and column (MSEL import, watchlist merging).
#pragma once

#include <protocol/expected.hpp>
#include <string>
#include <vector>

namespace fieldops::replay {

struct CsvField {
  std::string value;
  int line = 0;    // 1-based, where the field starts
  int column = 0;  // 1-based
};
using CsvRow = std::vector<CsvField>;

struct CsvError {
  int line = 0;
  int column = 0;
  std::string message;
};

// Quoted fields may hold commas, doubled quotes and line breaks; LF or CRLF; a UTF-8 BOM is
// skipped; blank lines are skipped; spaces around unquoted values are kept as they are.
Expected<std::vector<CsvRow>, CsvError> readCsv(const std::string& text);

// One field for a CSV line: quoted when it holds a comma, a quote or a line break.
std::string csvQuote(const std::string& value);

}  // namespace fieldops::replay
