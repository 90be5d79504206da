// The fields of the three lists, and the checks that turn a row as read into an entry or a reason.
#include <coordinator/screening/import_row.hpp>

#include <protocol/convert.hpp>
#include <protocol/date_of_birth.hpp>
#include <protocol/enum_names.hpp>

#include <utility>
#include <variant>

namespace fieldops::screening::importing {

namespace {

using Problem = std::optional<std::string>;  // the reason a row is refused, if it is

constexpr std::array<const char*, kFieldCount> kFieldNames = {
    "reference", "colour",  "names", "aliases", "date_of_birth", "nationality", "documents",
    "number",    "country", "type",  "status",  "plate",         "reason"};

constexpr std::array kNoticeFields = {Field::reference, Field::colour,      Field::names,
                                      Field::aliases,   Field::dateOfBirth, Field::nationality,
                                      Field::documents};
constexpr std::array kDocumentFields = {Field::number, Field::country, Field::type, Field::status,
                                        Field::reference};
constexpr std::array kVehicleFields = {Field::plate, Field::country, Field::reference,
                                       Field::reason};

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
char upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}
bool isLetter(char c) {
  return lower(c) >= 'a' && lower(c) <= 'z';
}

std::string lowered(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = lower(c);
  return out;
}

// Lower case without '_', '-' and spaces, so "IDENTITY_CARD" reads as "identityCard".
std::string squashed(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c != '_' && c != '-' && c != ' ') out += lower(c);
  }
  return out;
}

std::string named(Field f) {
  return kFieldNames[static_cast<std::size_t>(f)];
}

// "red, yellow, ..." from a name function that answers "unknown" past the last value.
template <class E>
std::string allNames(const char* (*nameOf)(E)) {
  std::string out;
  for (unsigned i = 0; i < 256; ++i) {
    const std::string_view name = nameOf(static_cast<E>(i));
    if (name == "unknown") break;
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

Problem checkText(const std::string& field, std::string_view value) {
  if (value.size() > kMaxFieldBytes) {
    return field + " is longer than " + std::to_string(kMaxFieldBytes) + " bytes";
  }
  if (!convert::validUtf8(value)) return field + " is not valid UTF-8 text";
  return std::nullopt;
}

Problem checkCount(const std::string& field, std::size_t count) {
  if (count <= kMaxListItems) return std::nullopt;
  return field + " has " + std::to_string(count) + " items; at most " +
         std::to_string(kMaxListItems) + " are allowed";
}

static_assert(kMaxReferenceBytes <= convert::kNameText && kMaxKeyBytes <= convert::kShortText);

Problem checkKey(const std::string& field, std::string_view value, std::size_t cap) {
  if (value.size() <= cap) return std::nullopt;
  return field + " is longer than " + std::to_string(cap) + " bytes";
}

// Size and encoding of every value, before what the values mean.
Problem checkAllText(const RawRow& row) {
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    if (auto p = checkText(kFieldNames[i], row.text[i])) return p;
  }
  if (auto p = checkKey("reference", row[Field::reference], kMaxReferenceBytes)) return p;
  for (const auto f : {Field::number, Field::plate}) {
    if (auto p = checkKey(named(f), row[f], kMaxKeyBytes)) return p;
  }
  for (const auto* list : {&row.names, &row.aliases}) {
    const std::string field = list == &row.names ? "names" : "aliases";
    if (auto p = checkCount(field, list->size())) return p;
    for (const auto& item : *list) {
      if (auto p = checkText(field, item)) return p;
    }
  }
  if (auto p = checkCount("documents", row.documents.size())) return p;
  for (const auto& d : row.documents) {
    for (const auto* part : {&d.type, &d.country, &d.number}) {
      if (auto p = checkText("documents", *part)) return p;
    }
    if (auto p = checkKey("documents item number", d.number, kMaxKeyBytes)) return p;
  }
  return std::nullopt;
}

Problem requireAll(ListKind kind, const RawRow& row) {
  for (const auto f : fieldsOf(kind)) {
    if (!requiredIn(kind, f)) continue;
    if (f == Field::names && row.names.empty()) return "names is required (one or more names)";
    if (f != Field::names && row[f].empty()) return named(f) + " is required";
  }
  return std::nullopt;
}

Problem readColour(std::string_view text, NoticeColour& out) {
  if (auto c = colourFromName(lowered(text))) {
    out = *c;
    return std::nullopt;
  }
  return "colour " + shown(text) + " is not one of " + allNames(&colourName);
}

Problem readStatus(std::string_view text, DocumentStatus& out) {
  if (auto s = statusFromName(lowered(text))) {
    out = *s;
    return std::nullopt;
  }
  return "status " + shown(text) + " is not one of " + allNames(&statusName);
}

// Schema names ("identityCard"), in any case, with '_', '-' or spaces; empty means passport.
Problem readDocumentType(const std::string& field, std::string_view text, DocumentType& out) {
  if (text.empty()) {
    out = DocumentType::PASSPORT;
    return std::nullopt;
  }
  const auto names = enumNames<DocumentType>();
  const auto wanted = squashed(text);
  std::string list;
  for (std::size_t i = 1; i < names.size(); ++i) {  // 0 is "none": a listed document has a type
    if (squashed(names[i]) == wanted) {
      out = static_cast<DocumentType>(i);
      return std::nullopt;
    }
    list += (list.empty() ? "" : ", ") + names[i];
  }
  return field + " " + shown(text) + " is not one of " + list;
}

// ISO 3166-1 alpha-3 in shape only (three letters), stored in upper case.
Problem readCountry(const std::string& field, std::string_view text, std::string& out) {
  if (text.size() == 3 && isLetter(text[0]) && isLetter(text[1]) && isLetter(text[2])) {
    out.clear();
    for (const char c : text) out += upper(c);
    return std::nullopt;
  }
  return field + " " + shown(text) + " is not an ISO 3166-1 alpha-3 code (three letters)";
}

// A date of birth as protocol/date_of_birth.hpp reads it ("00" for an unknown month or day), with
// the year in 1900..2100; `text` becomes its canonical form ("1980-00-00" is kept as "1980").
Problem readDate(std::string& text) {
  if (text.empty()) return std::nullopt;
  const auto date = readDateOfBirth(text);
  if (!date || date->year < 1900 || date->year > 2100) {
    return "date_of_birth " + shown(text) +
           " is not a valid date (YYYY-MM-DD, YYYY-MM or YYYY, year 1900 to 2100)";
  }
  text = dateOfBirthText(*date);
  return std::nullopt;
}

Problem readNoticeDocument(std::size_t index, const RawDocument& raw, NoticeDocument& out) {
  const std::string where = "documents item " + std::to_string(index) + ": ";
  if (raw.number.empty()) return where + "number is required";
  if (raw.country.empty()) return where + "country is required";
  if (auto p = readDocumentType(where + "type", raw.type, out.type)) return p;
  if (auto p = readCountry(where + "country", raw.country, out.country)) return p;
  out.number = raw.number;
  return std::nullopt;
}

Problem checkNotice(RawRow& row, Notice& n) {
  if (auto p = readColour(row[Field::colour], n.colour)) return p;
  if (auto p = readDate(row[Field::dateOfBirth])) return p;
  if (!row[Field::nationality].empty()) {
    if (auto p = readCountry("nationality", row[Field::nationality], n.nationality)) return p;
  }
  for (std::size_t i = 0; i < row.documents.size(); ++i) {
    if (auto p = readNoticeDocument(i + 1, row.documents[i], n.documents.emplace_back())) return p;
  }
  n.reference = std::move(row[Field::reference]);
  n.names = std::move(row.names);
  n.aliases = std::move(row.aliases);
  n.dateOfBirth = std::move(row[Field::dateOfBirth]);
  return std::nullopt;
}

Problem checkDocument(RawRow& row, TravelDocumentEntry& d) {
  if (auto p = readCountry("country", row[Field::country], d.country)) return p;
  if (auto p = readDocumentType("type", row[Field::type], d.type)) return p;
  if (auto p = readStatus(row[Field::status], d.status)) return p;
  d.number = std::move(row[Field::number]);
  d.reference = std::move(row[Field::reference]);
  return std::nullopt;
}

Problem checkVehicle(RawRow& row, VehicleEntry& v) {
  if (auto p = readCountry("country", row[Field::country], v.country)) return p;
  v.plate = std::move(row[Field::plate]);
  v.reference = std::move(row[Field::reference]);
  v.reason = std::move(row[Field::reason]);
  return std::nullopt;
}

// Checks a row and builds its entry, of the list's own type.
template <class T>
Problem checkInto(Problem (*check)(RawRow&, T&), RawRow& row, Entry& entry) {
  T value;
  if (auto p = check(row, value)) return p;
  entry = std::move(value);
  return std::nullopt;
}

Problem checkRow(ListKind kind, RawRow& row, Entry& entry) {
  if (auto p = checkAllText(row)) return p;
  if (auto p = requireAll(kind, row)) return p;
  switch (kind) {
    case ListKind::notices:
      return checkInto(&checkNotice, row, entry);
    case ListKind::documents:
      return checkInto(&checkDocument, row, entry);
    case ListKind::vehicles:
      return checkInto(&checkVehicle, row, entry);
  }
  return "unknown list";
}

// Upper case without spaces and dashes: "bg 123-ab" and "BG123AB" are the same plate.
std::string normalisedKey(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c != ' ' && c != '-') out += upper(c);
  }
  return out;
}

// What makes two rows of one list the same entry.
std::string keyOf(const Entry& entry) {
  if (const auto* n = std::get_if<Notice>(&entry)) return n->reference;
  if (const auto* d = std::get_if<TravelDocumentEntry>(&entry)) {
    return normalisedKey(d->number) + '/' + d->country;
  }
  const auto& v = std::get<VehicleEntry>(entry);
  return normalisedKey(v.plate) + '/' + v.country;
}

}  // namespace

const char* fieldName(Field f) {
  return kFieldNames[static_cast<std::size_t>(f)];
}

std::optional<Field> fieldFromName(std::string_view name) {
  const auto wanted = lowered(name);
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    if (wanted == kFieldNames[i]) return static_cast<Field>(i);
  }
  return std::nullopt;
}

std::span<const Field> fieldsOf(ListKind kind) {
  switch (kind) {
    case ListKind::notices:
      return kNoticeFields;
    case ListKind::documents:
      return kDocumentFields;
    case ListKind::vehicles:
      return kVehicleFields;
  }
  return {};
}

bool inList(ListKind kind, Field f) {
  for (const auto g : fieldsOf(kind)) {
    if (g == f) return true;
  }
  return false;
}

bool requiredIn(ListKind kind, Field f) {
  switch (kind) {
    case ListKind::notices:
      return f == Field::reference || f == Field::colour || f == Field::names;
    case ListKind::documents:
      return f == Field::number || f == Field::country || f == Field::status;
    case ListKind::vehicles:
      return f == Field::plate || f == Field::country;
  }
  return false;
}

std::string fieldList(ListKind kind) {
  std::string out;
  for (const auto f : fieldsOf(kind)) out += (out.empty() ? "" : ", ") + named(f);
  return out;
}

void RawRow::clear() {
  for (auto& t : text) t.clear();
  names.clear();
  aliases.clear();
  documents.clear();
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

std::string shown(std::string_view value) {
  constexpr std::size_t kShown = 60;
  if (!convert::validUtf8(value)) return "(text that is not valid UTF-8)";
  if (value.size() <= kShown) return "'" + std::string(value) + "'";
  auto cut = kShown;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return "'" + std::string(value.substr(0, cut)) + "...'";
}

RowSink::RowSink(ListKind kind) {
  result_.kind = kind;
}

void RowSink::accept(std::size_t line, RawRow& row) {
  ++result_.rowsRead;
  Entry entry;
  if (auto p = checkRow(result_.kind, row, entry)) {
    result_.rejected.push_back({line, std::move(*p)});
    return;
  }
  const auto [it, fresh] = seen_.try_emplace(keyOf(entry), line);
  if (!fresh) {
    result_.rejected.push_back({line, "duplicate of line " + std::to_string(it->second)});
    return;
  }
  result_.entries.push_back(std::move(entry));
}

void RowSink::reject(std::size_t line, std::string reason) {
  ++result_.rowsRead;
  result_.rejected.push_back({line, std::move(reason)});
}

void RowSink::rejectFile(std::size_t line, std::string reason) {
  result_.entries.clear();
  result_.rowsRead = 0;
  result_.rejected = {{line, std::move(reason)}};
  result_.fileRejected = true;
}

}  // namespace fieldops::screening::importing
