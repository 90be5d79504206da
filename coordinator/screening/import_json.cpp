// The JSON half of watchlist import: a JSON array of objects, or JSON Lines.
#include <coordinator/screening/import_row.hpp>
#include <protocol/json_keys.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <utility>

namespace fieldops::screening::importing {

namespace {

using Json = nlohmann::json;
using Problem = std::optional<std::string>;

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// A SAX handler that builds nothing and keeps the first syntax error: where and why.
struct SyntaxCheck {
  std::size_t position = 0;  // nlohmann: characters read, the offending one included
  std::string message;

  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(Json::number_integer_t) { return true; }
  bool number_unsigned(Json::number_unsigned_t) { return true; }
  bool number_float(Json::number_float_t, const std::string&) { return true; }
  bool string(std::string&) { return true; }
  bool binary(Json::binary_t&) { return true; }
  bool start_object(std::size_t) { return true; }
  bool key(std::string&) { return true; }
  bool end_object() { return true; }
  bool start_array(std::size_t) { return true; }
  bool end_array() { return true; }
  bool parse_error(std::size_t at, const std::string&, const Json::exception& e) {
    position = at;
    message = e.what();
    return false;
  }
};

struct SyntaxError {
  std::size_t line = 1;  // 1-based, within the text checked
  std::string reason;
};

// nlohmann's message without its prefix, its own position and the bytes it last read (which may
// hold anything): "syntax error while parsing object - unexpected '}'; expected string literal".
std::string cleanMessage(const std::string& what) {
  auto text = std::string_view(what);
  if (const auto column = text.find("column "); column != std::string_view::npos) {
    if (const auto colon = text.find(": ", column); colon != std::string_view::npos) {
      text.remove_prefix(colon + 2);
    }
  }
  const auto lastRead = text.find("; last read: '");
  if (lastRead == std::string_view::npos) return std::string(text);
  std::string out(text.substr(0, lastRead));
  const auto expected = text.find("'; expected ", lastRead);
  if (expected != std::string_view::npos) out += text.substr(expected + 1);
  return out;
}

// Where and why `text` is not JSON; called only once a parse has failed.
SyntaxError syntaxError(std::string_view text) {
  SyntaxCheck check;
  Json::sax_parse(text.begin(), text.end(), &check);
  const auto offset = std::min(check.position == 0 ? 0 : check.position - 1, text.size());
  const auto line =
      1 + static_cast<std::size_t>(
              std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
  return {line, "not valid JSON: " + cleanMessage(check.message)};
}

// The 1-based line on which each element of a top-level JSON array starts. The text is known to
// be a valid array, so only strings need care.
std::vector<std::size_t> elementLines(std::string_view text) {
  std::vector<std::size_t> lines;
  std::size_t line = 1;
  int depth = 0;
  bool expectElement = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') ++line;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (depth == 1 && expectElement && c != ']') lines.push_back(line);
    expectElement = depth == 0 && c == '[';
    if (c == '[' || c == '{') ++depth;
    if (c == ']' || c == '}') --depth;
    if (c == ',' && depth == 1) expectElement = true;
    if (c != '"') continue;
    for (++i; i < text.size() && text[i] != '"'; ++i) {
      if (text[i] == '\\') ++i;  // an escape; JSON strings hold no raw line breaks
    }
  }
  return lines;
}

// A string, or null (absent), into `out`, trimmed.
Problem readText(const std::string& field, const Json& value, std::string& out) {
  if (value.is_null()) return std::nullopt;
  if (!value.is_string()) return field + " must be a string";
  out = trim(value.get_ref<const std::string&>());
  return std::nullopt;
}

// An array of strings (or one string) into `out`, trimmed, empty items dropped.
Problem readStrings(const std::string& field, const Json& value, std::vector<std::string>& out) {
  out.clear();
  if (value.is_null()) return std::nullopt;
  const auto add = [&out](const Json& item) {
    const auto text = trim(item.get_ref<const std::string&>());
    if (!text.empty()) out.emplace_back(text);
  };
  if (value.is_string()) {
    add(value);
    return std::nullopt;
  }
  if (!value.is_array()) return field + " must be an array of strings";
  for (const auto& item : value) {
    if (!item.is_string()) return field + " must be an array of strings";
    add(item);
  }
  return std::nullopt;
}

Problem readDocument(std::size_t index, const Json& value, RawDocument& out) {
  const std::string where = "documents item " + std::to_string(index) + ": ";
  if (!value.is_object()) return where + "must be an object with type, country and number";
  for (const auto& [key, part] : value.items()) {
    const auto field = fieldFromName(key);
    std::string* target = field == Field::type      ? &out.type
                          : field == Field::country ? &out.country
                          : field == Field::number  ? &out.number
                                                    : nullptr;
    if (!target) {
      return where + "unknown field " + shown(key) + "; the fields are type, country, number";
    }
    if (auto p = readText(where + std::string(fieldName(*field)), part, *target)) return p;
  }
  return std::nullopt;
}

Problem readDocuments(const Json& value, std::vector<RawDocument>& out) {
  out.clear();
  if (value.is_null()) return std::nullopt;
  if (!value.is_array()) return "documents must be an array of objects";
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (auto p = readDocument(i + 1, value[i], out.emplace_back())) return p;
  }
  return std::nullopt;
}

Problem fillRow(ListKind kind, const Json& value, RawRow& row) {
  if (!value.is_object()) return std::string("expected an object, found ") + value.type_name();
  row.clear();
  for (const auto& [key, field] : value.items()) {
    const auto f = fieldFromName(key);
    if (!f || !inList(kind, *f)) {
      return "unknown field " + shown(key) + "; the fields of a " + listName(kind) + " list are " +
             fieldList(kind);
    }
    const std::string name = fieldName(*f);
    Problem p;
    switch (*f) {
      case Field::names:
        p = readStrings(name, field, row.names);
        break;
      case Field::aliases:
        p = readStrings(name, field, row.aliases);
        break;
      case Field::documents:
        p = readDocuments(field, row.documents);
        break;
      default:
        p = readText(name, field, row[*f]);
    }
    if (p) return p;
  }
  return std::nullopt;
}

// A key given twice in one object: nlohmann keeps the last value, which may not be the one meant
// (a red notice read as blue), so the row is refused.
std::string repeatedKeyReason(const RepeatedKey& repeated) {
  return "key " + shown(repeated.path) + " appears twice";
}

ImportResult importArray(ListKind kind, std::string_view text) {
  RowSink sink(kind);
  const auto parsed = parseJsonNotingRepeatedKeys(text);
  const Json& document = parsed.value;
  if (document.is_discarded() || !document.is_array()) {
    auto error = document.is_discarded() ? syntaxError(text)
                                         : SyntaxError{1, "expected a JSON array of objects"};
    sink.rejectFile(error.line, std::move(error.reason));
    return sink.take();
  }
  const auto lines = elementLines(text);
  sink.reserve(document.size());
  RawRow row;
  auto repeated = parsed.repeated.begin();  // in element order
  for (std::size_t i = 0; i < document.size(); ++i) {
    const auto line = i < lines.size() ? lines[i] : 1;
    if (repeated != parsed.repeated.end() && repeated->element == i) {
      sink.reject(line, repeatedKeyReason(*repeated++));
    } else if (auto p = fillRow(kind, document[i], row)) {
      sink.reject(line, std::move(*p));
    } else {
      sink.accept(line, row);
    }
  }
  return sink.take();
}

ImportResult importLines(ListKind kind, std::string_view text) {
  RowSink sink(kind);
  sink.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  RawRow row;
  std::size_t line = 1;
  for (std::size_t start = 0; start <= text.size(); ++line) {
    const auto eol = std::min(text.find('\n', start), text.size());
    const auto content = trim(text.substr(start, eol - start));
    start = eol + 1;
    if (content.empty()) continue;
    const auto parsed = parseJsonNotingRepeatedKeys(content);
    if (parsed.value.is_discarded()) {
      sink.reject(line, syntaxError(content).reason);
    } else if (!parsed.repeated.empty()) {
      sink.reject(line, repeatedKeyReason(parsed.repeated.front()));
    } else if (auto p = fillRow(kind, parsed.value, row)) {
      sink.reject(line, std::move(*p));
    } else {
      sink.accept(line, row);
    }
  }
  return sink.take();
}

}  // namespace

ImportResult importJson(ListKind kind, std::string_view text) {
  if (text.starts_with(kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '[') return importArray(kind, text);
  return importLines(kind, text);
}

}  // namespace fieldops::screening::importing
