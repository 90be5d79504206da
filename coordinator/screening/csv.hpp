// A small RFC 4180 CSV reader and field writer, for watchlist files.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fieldops::screening {

// One record of a CSV file. When its quoting is malformed, `error` says how and `fields` holds
// what was read before the fault; the caller rejects the record.
struct CsvRecord {
  std::size_t line = 0;  // 1-based physical line on which the record starts
  std::vector<std::string> fields;
  std::string error;  // empty for a well-formed record
};

// Reads the records of a whole file held in memory, one at a time. It accepts quoted fields with
// doubled quotes, commas and line breaks inside (a CRLF inside quotes becomes LF), LF or CRLF line
// ends, and a UTF-8 byte order mark at the start. Lines holding only spaces and tabs are skipped.
// After a malformed record, reading resumes on the next physical line, so one stray quote costs
// one record, not the rest of the file.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text);

  // Fills `record` with the next record; false at the end of the text.
  bool next(CsvRecord& record);

 private:
  bool skipBlankLines();
  void readPlain(CsvRecord& record);
  void readQuoted(CsvRecord& record);
  void endOfRecord();
  void skipRestOfLine();

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

// Appends `field` to `out`, quoted (with quotes doubled) if it holds a comma, a quote or a line
// break.
void appendCsvField(std::string& out, std::string_view field);

}  // namespace fieldops::screening
