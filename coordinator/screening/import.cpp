// parseWatchlist: the choice of format, and the CSV half (header, '|' lists, document items).
#include <coordinator/screening/csv.hpp>
#include <coordinator/screening/import.hpp>
#include <coordinator/screening/import_row.hpp>

#include <algorithm>
#include <array>
#include <utility>

namespace fieldops::screening {

namespace {

using importing::Field;
using importing::RawDocument;
using importing::RawRow;
using Problem = std::optional<std::string>;

// Maps each header cell to its field; the reason when the header does not fit the list.
Problem readHeader(ListKind kind, const std::vector<std::string>& cells,
                   std::vector<Field>& columns) {
  std::array<bool, importing::kFieldCount> present{};
  const auto expected = [&] {
    return std::string("; the columns of a ") + listName(kind) + " list are " +
           importing::fieldList(kind);
  };
  for (const auto& cell : cells) {
    const auto name = importing::trim(cell);
    const auto field = importing::fieldFromName(name);
    if (!field || !importing::inList(kind, *field)) {
      return "unknown column " + importing::shown(name) + expected();
    }
    auto& seen = present[static_cast<std::size_t>(*field)];
    if (seen) return "column " + importing::shown(name) + " appears twice";
    seen = true;
    columns.push_back(*field);
  }
  for (const auto f : importing::fieldsOf(kind)) {
    if (importing::requiredIn(kind, f) && !present[static_cast<std::size_t>(f)]) {
      return std::string("required column '") + importing::fieldName(f) + "' is missing" +
             expected();
    }
  }
  return std::nullopt;
}

// Calls `item` with each trimmed, non-empty part of `text` between `separator`s.
template <class F>
void forEachPart(std::string_view text, char separator, F&& item) {
  while (true) {
    const auto cut = text.find(separator);
    const auto part = importing::trim(text.substr(0, cut));
    if (!part.empty()) item(part);
    if (cut == std::string_view::npos) return;
    text.remove_prefix(cut + 1);
  }
}

// "passport:SRB:012345678|identityCard:SRB:IK0456123"; the number may itself hold ':'.
Problem readDocumentItems(std::string_view text, std::vector<RawDocument>& out) {
  Problem problem;
  forEachPart(text, '|', [&](std::string_view item) {
    const auto first = item.find(':');
    const auto second = first == std::string_view::npos ? first : item.find(':', first + 1);
    if (second == std::string_view::npos) {
      if (!problem) {
        problem = "documents item " + importing::shown(item) + " is not TYPE:COUNTRY:NUMBER";
      }
      return;
    }
    out.push_back({std::string(importing::trim(item.substr(0, first))),
                   std::string(importing::trim(item.substr(first + 1, second - first - 1))),
                   std::string(importing::trim(item.substr(second + 1)))});
  });
  return problem;
}

Problem fillRow(const std::vector<Field>& columns, const CsvRecord& record, RawRow& row) {
  row.clear();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto value = importing::trim(record.fields[i]);
    const auto appendTo = [](std::vector<std::string>& list) {
      return [&list](std::string_view part) { list.emplace_back(part); };
    };
    switch (columns[i]) {
      case Field::names:
        forEachPart(value, '|', appendTo(row.names));
        break;
      case Field::aliases:
        forEachPart(value, '|', appendTo(row.aliases));
        break;
      case Field::documents:
        if (auto p = readDocumentItems(value, row.documents)) return p;
        break;
      default:
        row[columns[i]] = value;
    }
  }
  return std::nullopt;
}

ImportResult importCsv(ListKind kind, std::string_view text) {
  importing::RowSink sink(kind);
  CsvReader reader(text);
  CsvRecord record;
  std::vector<Field> columns;
  if (!reader.next(record)) {
    sink.rejectFile(1, "the file is empty: a header row naming the columns is required");
    return sink.take();
  }
  auto problem = record.error.empty() ? readHeader(kind, record.fields, columns)
                                      : Problem("header: " + record.error);
  if (problem) {
    sink.rejectFile(record.line, std::move(*problem));
    return sink.take();
  }
  sink.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
  RawRow row;
  while (reader.next(record)) {
    if (!record.error.empty()) {
      sink.reject(record.line, record.error);
    } else if (record.fields.size() != columns.size()) {
      sink.reject(record.line, "has " + std::to_string(record.fields.size()) +
                                   " fields; the header has " + std::to_string(columns.size()));
    } else if (auto p = fillRow(columns, record, row)) {
      sink.reject(record.line, std::move(*p));
    } else {
      sink.accept(record.line, row);
    }
  }
  return sink.take();
}

}  // namespace

ImportResult parseWatchlist(ListKind kind, FileFormat format, std::string_view text) {
  switch (format) {
    case FileFormat::csv:
      return importCsv(kind, text);
    case FileFormat::json:
      return importing::importJson(kind, text);
  }
  return importCsv(kind, text);
}

std::optional<FileFormat> formatFromPath(std::string_view path) {
  const auto slash = path.find_last_of('/');
  const auto name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const auto dot = name.find_last_of('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string extension;
  for (const char c : name.substr(dot + 1)) {
    extension += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  if (extension == "csv") return FileFormat::csv;
  if (extension == "json" || extension == "jsonl") return FileFormat::json;
  return std::nullopt;
}

std::string describe(const Rejection& rejection) {
  return "line " + std::to_string(rejection.line) + ": " + rejection.reason;
}

}  // namespace fieldops::screening
