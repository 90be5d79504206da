// RFC 4180 CSV reading with positions (see csv.hpp).
#include <scenarios/replay/csv.hpp>

namespace fieldops::replay {

namespace {

// The reader's position and the row being built.
struct CsvCursor {
  const std::string& text;
  std::size_t i = 0;
  int line = 1;
  int column = 1;
  char peek(std::size_t ahead = 0) const {
    return i + ahead < text.size() ? text[i + ahead] : '\0';
  }
  bool done() const { return i >= text.size(); }
  void advance() {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    ++i;
  }
  bool atLineEnd() const { return peek() == '\n' || (peek() == '\r' && peek(1) == '\n'); }
  void skipLineEnd() {
    if (peek() == '\r') advance();
    if (peek() == '\n') advance();
  }
};

Expected<CsvField, CsvError> quotedField(CsvCursor& c) {
  CsvField f{"", c.line, c.column};
  c.advance();  // the opening quote
  while (true) {
    if (c.done()) return CsvError{f.line, f.column, "a quoted field is not closed"};
    const char ch = c.peek();
    if (ch == '"') {
      if (c.peek(1) == '"') {
        f.value += '"';
        c.advance();
        c.advance();
        continue;
      }
      c.advance();
      if (!c.done() && c.peek() != ',' && !c.atLineEnd()) {
        return CsvError{c.line, c.column, "text after the closing quote of a field"};
      }
      return f;
    }
    f.value += ch;
    c.advance();
  }
}

CsvField plainField(CsvCursor& c) {
  CsvField f{"", c.line, c.column};
  while (!c.done() && c.peek() != ',' && !c.atLineEnd()) {
    f.value += c.peek();
    c.advance();
  }
  return f;
}

}  // namespace

Expected<std::vector<CsvRow>, CsvError> readCsv(const std::string& text) {
  CsvCursor c{text};
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) c.i = 3;
  std::vector<CsvRow> rows;
  while (!c.done()) {
    if (c.atLineEnd()) {  // a blank line
      c.skipLineEnd();
      continue;
    }
    CsvRow row;
    while (true) {
      if (c.peek() == '"') {
        auto f = quotedField(c);
        if (!f) return f.error();
        row.push_back(std::move(*f));
      } else {
        row.push_back(plainField(c));
      }
      if (c.peek() == ',') {
        c.advance();
        continue;
      }
      break;
    }
    c.skipLineEnd();
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string csvQuote(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char ch : value) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

}  // namespace fieldops::replay
