// RFC 4180 CSV: reading records with their line numbers, and writing fields.
#include <coordinator/screening/csv.hpp>

namespace fieldops::screening {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

}  // namespace

CsvReader::CsvReader(std::string_view text) : text_(text) {
  if (text_.starts_with(kByteOrderMark)) pos_ = kByteOrderMark.size();
}

bool CsvReader::next(CsvRecord& record) {
  record.fields.clear();
  record.error.clear();
  if (!skipBlankLines()) return false;
  record.line = line_;
  for (;;) {
    record.fields.emplace_back();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      readQuoted(record);
    } else {
      readPlain(record);
    }
    if (!record.error.empty()) return true;
    if (pos_ < text_.size() && text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    endOfRecord();
    return true;
  }
}

// Moves past empty and whitespace-only lines; false when nothing but them is left.
bool CsvReader::skipBlankLines() {
  while (pos_ < text_.size()) {
    const auto eol = text_.find('\n', pos_);
    const auto end = eol == std::string_view::npos ? text_.size() : eol;
    if (text_.substr(pos_, end - pos_).find_first_not_of(" \t\r") != std::string_view::npos) {
      return true;
    }
    if (eol == std::string_view::npos) break;
    pos_ = eol + 1;
    ++line_;
  }
  pos_ = text_.size();
  return false;
}

void CsvReader::readPlain(CsvRecord& record) {
  auto stop = text_.find_first_of(",\n\"", pos_);
  if (stop == std::string_view::npos) stop = text_.size();
  if (stop < text_.size() && text_[stop] == '"') {
    record.error = "a quote inside an unquoted field (quote the field and double the quote)";
    skipRestOfLine();
    return;
  }
  auto value = text_.substr(pos_, stop - pos_);
  if (value.ends_with('\r') && (stop == text_.size() || text_[stop] == '\n')) {
    value.remove_suffix(1);  // the CR of a CRLF line end
  }
  record.fields.back().assign(value);
  pos_ = stop;
}

void CsvReader::readQuoted(CsvRecord& record) {
  const auto openPos = pos_;
  const auto openLine = line_;
  auto& field = record.fields.back();
  ++pos_;
  for (;;) {
    const auto quote = text_.find('"', pos_);
    if (quote == std::string_view::npos) {
      record.error =
          "the quoted field opened on line " + std::to_string(openLine) + " is never closed";
      pos_ = openPos;  // resume after the line the quote opened on
      line_ = openLine;
      skipRestOfLine();
      return;
    }
    for (auto i = pos_; i < quote; ++i) {
      const char c = text_[i];
      if (c == '\n') ++line_;
      if (c == '\r' && i + 1 < quote && text_[i + 1] == '\n') continue;  // CRLF inside: LF
      field += c;
    }
    pos_ = quote + 1;
    if (pos_ < text_.size() && text_[pos_] == '"') {
      field += '"';
      ++pos_;
      continue;
    }
    break;
  }
  if (pos_ < text_.size() && text_[pos_] == '\r' &&
      (pos_ + 1 == text_.size() || text_[pos_ + 1] == '\n')) {
    ++pos_;
  }
  if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n') {
    record.error = "text after the closing quote of field " + std::to_string(record.fields.size());
    skipRestOfLine();
  }
}

// Called at a record's line end (or the end of the text): moves past it.
void CsvReader::endOfRecord() {
  if (pos_ >= text_.size()) return;
  ++pos_;  // the '\n'
  ++line_;
}

void CsvReader::skipRestOfLine() {
  const auto eol = text_.find('\n', pos_);
  if (eol == std::string_view::npos) {
    pos_ = text_.size();
    return;
  }
  pos_ = eol + 1;
  ++line_;
}

void appendCsvField(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (const char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace fieldops::screening
