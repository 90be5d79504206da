// Watchlist import (coordinator/screening/import.hpp): CSV and JSON files into entries, with a
// precise reason for every row refused; the shipped samples; the synthetic generator.
#define BOOST_TEST_MODULE watchlist_import
#include <boost/test/unit_test.hpp>

#include <coordinator/screening/csv.hpp>
#include <coordinator/screening/generate.hpp>
#include <coordinator/screening/import.hpp>
#include <coordinator/screening/watchlist_store.hpp>
#include <tests/support/printing.hpp>

#include <fstream>
#include <iterator>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>

// Boost.Test prints the operands of a failed check.
namespace fieldops::screening {
std::ostream& operator<<(std::ostream& os, NoticeColour c) {
  return os << colourName(c);
}
std::ostream& operator<<(std::ostream& os, DocumentStatus s) {
  return os << statusName(s);
}
}  // namespace fieldops::screening

namespace {

using namespace fieldops;
using namespace fieldops::screening;

constexpr std::string_view kNoticeHeader =
    "reference,colour,names,aliases,date_of_birth,nationality,documents\n";

std::string sampleFile(const std::string& name) {
  const auto path = std::string(FIELDOPS_SOURCE_DIR) + "/scenarios/watchlists/sample/" + name;
  std::ifstream in(path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "cannot open " << path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every rejection as "line N: reason", one a line, for failure messages.
std::string reasons(const ImportResult& r) {
  std::string out;
  for (const auto& rejection : r.rejected) out += describe(rejection) + "\n";
  return out;
}

ImportResult csv(ListKind kind, std::string_view text) {
  return parseWatchlist(kind, FileFormat::csv, text);
}

ImportResult noticesCsv(std::string_view rows) {
  return csv(ListKind::notices, std::string(kNoticeHeader) + std::string(rows));
}

ImportResult json(ListKind kind, std::string_view text) {
  return parseWatchlist(kind, FileFormat::json, text);
}

template <class T>
std::vector<T> entriesOf(const ImportResult& r) {
  std::vector<T> out;
  for (const auto& e : r.entries) out.push_back(std::get<T>(e));
  return out;
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// The one rejection of a result, checked to be at `line` and to mention `part`.
void expectOneRejection(const ImportResult& r, std::size_t line, std::string_view part) {
  BOOST_REQUIRE_MESSAGE(r.rejected.size() == 1, "rejections:\n" << reasons(r));
  BOOST_TEST(r.rejected[0].line == line);
  BOOST_TEST(contains(r.rejected[0].reason, part), r.rejected[0].reason);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(shipped_samples)

BOOST_AUTO_TEST_CASE(the_sample_notices_import_without_a_rejection) {
  const auto r = csv(ListKind::notices, sampleFile("notices.csv"));
  BOOST_TEST(r.rejected.empty(), reasons(r));
  BOOST_TEST(!r.fileRejected);
  BOOST_TEST(r.rowsRead == 25u);
  BOOST_TEST(r.entries.size() == 25u);
  std::set<NoticeColour> colours;
  bool minor = false;
  for (const auto& n : entriesOf<Notice>(r)) {
    colours.insert(n.colour);
    minor |= n.colour == NoticeColour::yellow && n.dateOfBirth.starts_with("2012");
  }
  BOOST_TEST(colours.size() == 7u);
  BOOST_TEST(minor);
}

BOOST_AUTO_TEST_CASE(a_sample_notice_keeps_its_names_aliases_and_documents) {
  const auto notices = entriesOf<Notice>(csv(ListKind::notices, sampleFile("notices.csv")));
  const auto& n = notices.at(1);
  BOOST_TEST(n.reference == "FICT-R-0002");
  BOOST_TEST(n.colour == NoticeColour::red);
  BOOST_TEST((n.names == std::vector<std::string>{"Dragan Jovanović", "Драган Јовановић"}));
  BOOST_TEST((n.aliases == std::vector<std::string>{"Gagi", "Dragan Jovanovic"}));
  BOOST_TEST(n.dateOfBirth == "1979-11-02");
  BOOST_TEST(n.nationality == "SRB");
  BOOST_REQUIRE(n.documents.size() == 2u);
  BOOST_TEST((n.documents[1] == NoticeDocument{"IK0456123", DocumentType::IDENTITY_CARD, "SRB"}));
}

BOOST_AUTO_TEST_CASE(the_sample_documents_and_vehicles_import_without_a_rejection) {
  const auto documents = csv(ListKind::documents, sampleFile("documents.csv"));
  BOOST_TEST(documents.rejected.empty(), reasons(documents));
  BOOST_TEST(documents.entries.size() == 26u);
  const auto first = entriesOf<TravelDocumentEntry>(documents).at(5);
  BOOST_TEST(first.type == DocumentType::PASSPORT);  // an empty type means passport
  BOOST_TEST(first.status == DocumentStatus::lost);

  const auto vehicles = csv(ListKind::vehicles, sampleFile("vehicles.csv"));
  BOOST_TEST(vehicles.rejected.empty(), reasons(vehicles));
  BOOST_TEST(vehicles.entries.size() == 10u);
  BOOST_TEST(entriesOf<VehicleEntry>(vehicles).at(9).reason ==
             "bus, \"Turismo\" markings, used to move groups north");
}

BOOST_AUTO_TEST_CASE(the_sample_json_notices_import_without_a_rejection) {
  const auto r = json(ListKind::notices, sampleFile("notices.json"));
  BOOST_TEST(r.rejected.empty(), reasons(r));
  BOOST_TEST(r.entries.size() == 5u);
  const auto n = entriesOf<Notice>(r).at(3);
  BOOST_TEST(n.names.size() == 2u);
  BOOST_REQUIRE(n.documents.size() == 2u);
  BOOST_TEST(n.documents[1].type == DocumentType::RESIDENCE_PERMIT);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(csv_rows)

BOOST_AUTO_TEST_CASE(a_colour_outside_the_list_is_refused_naming_field_and_value) {
  const auto r = noticesCsv(
      "FICT-1,red,Marko Petrović,,,,\n"
      "FICT-2,pink,Ana Nikolić,,,,\n"
      "FICT-3,Yellow,Sara Ilić,,,,\n");
  expectOneRejection(r, 3,
                     "colour 'pink' is not one of red, yellow, blue, black, purple, green, orange");
  BOOST_TEST(r.rowsRead == 3u);
  BOOST_TEST(r.entries.size() == 2u);  // colours are case-insensitive
}

BOOST_AUTO_TEST_CASE(a_missing_required_column_refuses_the_whole_file) {
  const auto r = csv(ListKind::notices, "reference,names\nFICT-1,Marko\n");
  BOOST_TEST(r.fileRejected);
  BOOST_TEST(r.entries.empty());
  BOOST_TEST(r.rowsRead == 0u);
  expectOneRejection(r, 1, "required column 'colour' is missing");
}

BOOST_AUTO_TEST_CASE(an_unknown_column_refuses_the_whole_file) {
  const auto r = csv(ListKind::vehicles, "plate,country,colour\nBG 123-AB,SRB,red\n");
  BOOST_TEST(r.fileRejected);
  expectOneRejection(r, 1, "unknown column 'colour'");
  BOOST_TEST(contains(r.rejected[0].reason, "plate, country, reference, reason"));
}

BOOST_AUTO_TEST_CASE(a_column_named_twice_refuses_the_whole_file) {
  const auto r = csv(ListKind::vehicles, "plate,country,Plate\n");
  BOOST_TEST(r.fileRejected);
  expectOneRejection(r, 1, "column 'Plate' appears twice");
}

BOOST_AUTO_TEST_CASE(an_empty_file_is_refused_for_want_of_a_header) {
  const auto r = csv(ListKind::notices, "\n\n");
  BOOST_TEST(r.fileRejected);
  expectOneRejection(r, 1, "header");
}

BOOST_AUTO_TEST_CASE(column_names_are_case_insensitive_and_in_any_order) {
  const auto r = csv(ListKind::documents,
                     "Status, COUNTRY ,Number\n"
                     "stolen,srb,AB123456\n");
  BOOST_TEST(r.rejected.empty(), reasons(r));
  const auto d = entriesOf<TravelDocumentEntry>(r).at(0);
  BOOST_TEST(d.number == "AB123456");
  BOOST_TEST(d.country == "SRB");
  BOOST_TEST(d.type == DocumentType::PASSPORT);
  BOOST_TEST(d.status == DocumentStatus::stolen);
}

BOOST_AUTO_TEST_CASE(an_empty_required_value_is_refused) {
  const auto r = noticesCsv("FICT-1,red, | ,,,,\n");
  expectOneRejection(r, 2, "names is required");
}

BOOST_AUTO_TEST_CASE(impossible_or_malformed_dates_are_refused) {
  const auto r = noticesCsv(
      "FICT-1,red,A,,1985-02-30,,\n"
      "FICT-2,red,B,,85-01-01,,\n"
      "FICT-3,red,C,,1899,,\n"
      "FICT-4,red,D,,2012-02-29,,\n"
      "FICT-5,red,E,,1990-13,,\n"
      "FICT-6,red,F,,1990-1-01,,\n");
  BOOST_REQUIRE_MESSAGE(r.rejected.size() == 5, reasons(r));
  BOOST_TEST(r.rejected[0].line == 2u);
  BOOST_TEST(contains(r.rejected[0].reason, "date_of_birth '1985-02-30' is not a valid date"));
  BOOST_TEST(r.rejected[1].line == 3u);
  BOOST_TEST(r.rejected[2].line == 4u);
  BOOST_TEST(r.rejected[3].line == 6u);
  BOOST_TEST(r.rejected[4].line == 7u);
  BOOST_TEST(entriesOf<Notice>(r).at(0).dateOfBirth == "2012-02-29");  // a leap day
}

BOOST_AUTO_TEST_CASE(an_unknown_month_or_day_written_00_is_kept_as_the_partial_date) {
  const auto r = noticesCsv(
      "FICT-1,red,A,,1980-00-00,,\n"
      "FICT-2,red,B,,1980-05-00,,\n"
      "FICT-3,red,C,,1980-00-05,,\n");
  expectOneRejection(r, 4, "date_of_birth '1980-00-05' is not a valid date");
  const auto n = entriesOf<Notice>(r);
  BOOST_REQUIRE(n.size() == 2u);
  BOOST_TEST(n[0].dateOfBirth == "1980");
  BOOST_TEST(n[1].dateOfBirth == "1980-05");
}

BOOST_AUTO_TEST_CASE(a_country_code_must_be_three_letters_and_is_upper_cased) {
  const auto r = csv(ListKind::vehicles,
                     "plate,country\n"
                     "BG 123-AB,RS\n"
                     "BG 124-AB,srb\n"
                     "BG 125-AB,SR1\n");
  BOOST_REQUIRE_MESSAGE(r.rejected.size() == 2, reasons(r));
  BOOST_TEST(r.rejected[0].line == 2u);
  BOOST_TEST(contains(r.rejected[0].reason, "country 'RS' is not an ISO 3166-1 alpha-3 code"));
  BOOST_TEST(r.rejected[1].line == 4u);
  BOOST_TEST(entriesOf<VehicleEntry>(r).at(0).country == "SRB");
}

BOOST_AUTO_TEST_CASE(a_bad_nationality_or_notice_document_is_refused) {
  const auto r = noticesCsv(
      "FICT-1,red,A,,,Serbia,\n"
      "FICT-2,red,B,,,,passport:SRB\n"
      "FICT-3,red,C,,,,passport:SRB:123|driving:SRB:456\n"
      "FICT-4,red,D,,,,IDENTITY_CARD:srb:1:2|:MKD:789\n");
  BOOST_REQUIRE_MESSAGE(r.rejected.size() == 3, reasons(r));
  BOOST_TEST(contains(r.rejected[0].reason, "nationality 'Serbia'"));
  BOOST_TEST(contains(r.rejected[1].reason, "documents item 'passport:SRB' is not"));
  BOOST_TEST(contains(r.rejected[2].reason, "documents item 2: type 'driving' is not one of"));
  const auto docs = entriesOf<Notice>(r).at(0).documents;
  BOOST_REQUIRE(docs.size() == 2u);
  BOOST_TEST((docs[0] == NoticeDocument{"1:2", DocumentType::IDENTITY_CARD, "SRB"}));
  BOOST_TEST((docs[1] == NoticeDocument{"789", DocumentType::PASSPORT, "MKD"}));
}

BOOST_AUTO_TEST_CASE(a_bad_status_or_document_type_is_refused) {
  const auto r = csv(ListKind::documents,
                     "number,country,type,status\n"
                     "A1,SRB,passport,found\n"
                     "A2,SRB,none,lost\n"
                     "A3,SRB,identity card,LOST\n");
  BOOST_REQUIRE_MESSAGE(r.rejected.size() == 2, reasons(r));
  BOOST_TEST(contains(r.rejected[0].reason,
                      "status 'found' is not one of lost, stolen, revoked, invalidated"));
  BOOST_TEST(contains(r.rejected[1].reason, "type 'none' is not one of passport, identityCard"));
  BOOST_TEST(entriesOf<TravelDocumentEntry>(r).at(0).type == DocumentType::IDENTITY_CARD);
}

BOOST_AUTO_TEST_CASE(a_duplicate_reference_refuses_the_later_row) {
  const auto r = noticesCsv(
      "FICT-1,red,A,,,,\n"
      "FICT-2,blue,B,,,,\n"
      "FICT-1,green,C,,,,\n");
  expectOneRejection(r, 4, "duplicate of line 2");
  BOOST_TEST(r.entries.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_duplicate_is_judged_on_the_normalised_number_and_country) {
  const auto r = csv(ListKind::documents,
                     "number,country,status\n"
                     "AB 123-456,SRB,stolen\n"
                     "ab123456,srb,lost\n"
                     "AB123456,MKD,lost\n");
  expectOneRejection(r, 3, "duplicate of line 2");
  const auto v = csv(ListKind::vehicles, "plate,country\nBG 123-AB,SRB\nbg123ab,SRB\n");
  expectOneRejection(v, 3, "duplicate of line 2");
}

BOOST_AUTO_TEST_CASE(a_row_refused_for_its_content_does_not_make_a_later_one_a_duplicate) {
  const auto r = noticesCsv("FICT-1,pink,A,,,,\nFICT-1,red,A,,,,\n");
  expectOneRejection(r, 2, "colour 'pink'");
  BOOST_TEST(r.entries.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_row_with_the_wrong_number_of_fields_is_refused) {
  const auto r = noticesCsv("FICT-1,red,A\nFICT-2,red,B,,,,\n");
  expectOneRejection(r, 2, "has 3 fields; the header has 7");
}

BOOST_AUTO_TEST_CASE(an_unterminated_quote_costs_one_row_and_reading_resumes) {
  const auto r = noticesCsv(
      "FICT-1,red,A,,,,\n"
      "FICT-2,red,\"B,,,,\n"
      "FICT-3,red,C,,,,\n"
      "FICT-4,red,D,,,,\n");
  expectOneRejection(r, 3, "the quoted field opened on line 3 is never closed");
  BOOST_TEST(r.rowsRead == 4u);
  BOOST_TEST(r.entries.size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_stray_quote_is_refused_at_its_row) {
  const auto r = noticesCsv(
      "FICT-1,red,Ab\"c,,,,\n"
      "FICT-2,red,\"B\"x,,,,\n"
      "FICT-3,red,C,,,,\n");
  BOOST_REQUIRE_MESSAGE(r.rejected.size() == 2, reasons(r));
  BOOST_TEST(r.rejected[0].line == 2u);
  BOOST_TEST(contains(r.rejected[0].reason, "a quote inside an unquoted field"));
  BOOST_TEST(r.rejected[1].line == 3u);
  BOOST_TEST(contains(r.rejected[1].reason, "text after the closing quote of field 3"));
  BOOST_TEST(r.entries.size() == 1u);
}

BOOST_AUTO_TEST_CASE(text_that_is_not_utf8_is_refused) {
  const auto r = noticesCsv(
      "FICT-1,red,Marko \xC3\x28,,,,\n"
      "FICT-2,red,B,,,,\n");
  expectOneRejection(r, 2, "names is not valid UTF-8");
}

BOOST_AUTO_TEST_CASE(values_and_lists_are_capped) {
  std::string names = "N0";
  for (int i = 1; i < 17; ++i) names += "|N" + std::to_string(i);
  const auto r =
      noticesCsv("FICT-1,red," + names + ",,,,\n" + "FICT-2,red," + std::string(1025, 'x') +
                 ",,,,\nFICT-3,red," + std::string(1024, 'x') + ",,,,\n");
  BOOST_REQUIRE_MESSAGE(r.rejected.size() == 2, reasons(r));
  BOOST_TEST(contains(r.rejected[0].reason, "names has 17 items; at most 16"));
  BOOST_TEST(contains(r.rejected[1].reason, "names is longer than 1024 bytes"));
  BOOST_TEST(r.entries.size() == 1u);
}

BOOST_AUTO_TEST_CASE(quoted_fields_hold_commas_quotes_and_line_breaks) {
  const auto r = csv(ListKind::vehicles,
                     "plate,country,reference,reason\n"
                     "BG 1,SRB,R1,\"van, white\"\n"
                     "BG 2,SRB,R2,\"said \"\"urgent\"\"\nthen left\"\n"
                     "BG 3,SRB,R3,pink\n"
                     "BG 3,SRB,R4,again\n");
  expectOneRejection(r, 6, "duplicate of line 5");  // physical lines, past the line break
  const auto v = entriesOf<VehicleEntry>(r);
  BOOST_REQUIRE(v.size() == 3u);
  BOOST_TEST(v[0].reason == "van, white");
  BOOST_TEST(v[1].reason == "said \"urgent\"\nthen left");
}

BOOST_AUTO_TEST_CASE(crlf_line_ends_leave_no_carriage_returns) {
  const auto r = csv(ListKind::vehicles,
                     "plate,country,reference,reason\r\n"
                     "BG 1,SRB,R1,\"two\r\nlines\"\r\n"
                     "BG 2,SRB,R2,\r\n"
                     "BG 2,SRB,R3,last\r\n");
  expectOneRejection(r, 5, "duplicate of line 4");
  const auto v = entriesOf<VehicleEntry>(r);
  BOOST_REQUIRE(v.size() == 2u);
  BOOST_TEST(v[0].reason == "two\nlines");
  BOOST_TEST(v[1].reference == "R2");
  BOOST_TEST(v[1].reason.empty());
}

BOOST_AUTO_TEST_CASE(a_byte_order_mark_and_blank_lines_are_skipped) {
  const auto r = csv(ListKind::vehicles, "\xEF\xBB\xBFplate,country\n\nBG 1,SRB\n  \nBG 2,SRB\n");
  BOOST_TEST(r.rejected.empty(), reasons(r));
  BOOST_TEST(r.rowsRead == 2u);
  BOOST_TEST(r.entries.size() == 2u);
}

BOOST_AUTO_TEST_CASE(the_csv_reader_reports_where_each_record_starts) {
  CsvReader reader("a,\"b\nc\"\n\nd\n\"e\"\"\",f");
  CsvRecord record;
  BOOST_REQUIRE(reader.next(record));
  BOOST_TEST(record.line == 1u);
  BOOST_TEST((record.fields == std::vector<std::string>{"a", "b\nc"}));
  BOOST_REQUIRE(reader.next(record));
  BOOST_TEST(record.line == 4u);
  BOOST_TEST((record.fields == std::vector<std::string>{"d"}));
  BOOST_REQUIRE(reader.next(record));
  BOOST_TEST(record.line == 5u);
  BOOST_TEST((record.fields == std::vector<std::string>{"e\"", "f"}));
  BOOST_TEST(!reader.next(record));
}

BOOST_AUTO_TEST_CASE(csv_fields_are_quoted_only_when_they_need_it) {
  std::string out;
  appendCsvField(out, "plain");
  out += ',';
  appendCsvField(out, "a, \"b\"");
  BOOST_TEST(out == "plain,\"a, \"\"b\"\"\"");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(json_files)

BOOST_AUTO_TEST_CASE(a_json_syntax_error_refuses_the_file_at_its_line) {
  const auto r = json(ListKind::notices,
                      "[\n"
                      "  {\"reference\": \"FICT-1\", \"colour\": \"red\", \"names\": [\"A\"]},\n"
                      "  {\"reference\": \"FICT-2\",\n"
                      "   \"colour\": \"red\" \"names\": [\"B\"]}\n"
                      "]\n");
  BOOST_TEST(r.fileRejected);
  BOOST_TEST(r.entries.empty());
  expectOneRejection(r, 4, "not valid JSON");
}

BOOST_AUTO_TEST_CASE(an_array_element_is_refused_at_the_line_of_its_brace) {
  const auto r =
      json(ListKind::notices,
           "[\n"
           "  {\"reference\": \"FICT-1\", \"colour\": \"red\", \"names\": [\"A, \\\"[{\"]},\n"
           "  {\n"
           "    \"reference\": \"FICT-2\",\n"
           "    \"colour\": \"pink\",\n"
           "    \"names\": [\"B\"]\n"
           "  }, {\"reference\": \"FICT-3\", \"colour\": \"RED\", \"names\": \"C\"},\n"
           "  42\n"
           "]\n");
  BOOST_REQUIRE_MESSAGE(r.rejected.size() == 2, reasons(r));
  BOOST_TEST(r.rejected[0].line == 3u);
  BOOST_TEST(contains(r.rejected[0].reason, "colour 'pink' is not one of"));
  BOOST_TEST(r.rejected[1].line == 8u);
  BOOST_TEST(contains(r.rejected[1].reason, "expected an object"));
  BOOST_TEST(r.rowsRead == 4u);
  const auto n = entriesOf<Notice>(r);
  BOOST_REQUIRE(n.size() == 2u);
  BOOST_TEST(n[0].names.at(0) == "A, \"[{");
  BOOST_TEST(n[1].names.at(0) == "C");  // one string is a one-item list
}

BOOST_AUTO_TEST_CASE(json_fields_have_their_types_and_known_names) {
  const auto r = json(ListKind::notices,
                      "[{\"reference\": \"F1\", \"colour\": \"red\", \"names\": [1]},\n"
                      " {\"reference\": \"F2\", \"colour\": \"red\", \"names\": [\"B\"], "
                      "\"height\": \"2m\"},\n"
                      " {\"reference\": 3, \"colour\": \"red\", \"names\": [\"C\"]},\n"
                      " {\"reference\": \"F4\", \"colour\": \"red\", \"names\": [\"D\"], "
                      "\"documents\": [{\"type\": \"visa\", \"country\": \"ita\", \"number\": "
                      "\"V1\", \"issued\": \"2020\"}]},\n"
                      " {\"reference\": \"F5\", \"colour\": \"red\", \"names\": [\"E\"], "
                      "\"aliases\": null, \"nationality\": null}]\n");
  BOOST_REQUIRE_MESSAGE(r.rejected.size() == 4, reasons(r));
  BOOST_TEST(contains(r.rejected[0].reason, "names must be an array of strings"));
  BOOST_TEST(contains(r.rejected[1].reason, "unknown field 'height'"));
  BOOST_TEST(contains(r.rejected[2].reason, "reference must be a string"));
  BOOST_TEST(contains(r.rejected[3].reason, "documents item 1: unknown field 'issued'"));
  BOOST_TEST(r.entries.size() == 1u);
}

BOOST_AUTO_TEST_CASE(json_lines_are_numbered_physically_and_blank_lines_skipped) {
  const auto r = json(ListKind::vehicles,
                      "{\"plate\": \"BG 1\", \"country\": \"SRB\"}\n"
                      "\n"
                      "{\"plate\": \"BG 2\", \"country\": \"SERBIA\"}\r\n"
                      "{\"plate\": \"BG 3\", \"country\": \n"
                      "   \n"
                      "{\"plate\": \"BG 4\", \"country\": \"SRB\", \"reason\": \"seen twice\"}\n");
  BOOST_REQUIRE_MESSAGE(r.rejected.size() == 2, reasons(r));
  BOOST_TEST(r.rejected[0].line == 3u);
  BOOST_TEST(contains(r.rejected[0].reason, "country 'SERBIA'"));
  BOOST_TEST(r.rejected[1].line == 4u);
  BOOST_TEST(contains(r.rejected[1].reason, "not valid JSON"));
  BOOST_TEST(r.rowsRead == 4u);
  BOOST_TEST(entriesOf<VehicleEntry>(r).at(1).reason == "seen twice");
}

BOOST_AUTO_TEST_CASE(a_json_row_with_a_repeated_key_is_rejected_naming_the_key) {
  // nlohmann would keep the last value: a red notice stored as blue.
  const auto r = json(ListKind::notices,
                      "[\n"
                      "  {\"reference\": \"FICT-1\", \"colour\": \"red\", \"names\": [\"A\"]},\n"
                      "  {\"reference\": \"FICT-2\", \"colour\": \"red\", \"names\": [\"B\"],\n"
                      "   \"colour\": \"blue\"},\n"
                      "  {\"reference\": \"FICT-3\", \"colour\": \"red\", \"names\": [\"C\"],\n"
                      "   \"documents\": [{\"type\": \"passport\", \"country\": \"SRB\",\n"
                      "                  \"number\": \"1\", \"number\": \"2\"}]}\n"
                      "]\n");
  BOOST_REQUIRE_MESSAGE(r.rejected.size() == 2, reasons(r));
  BOOST_TEST(describe(r.rejected[0]) == "line 3: key 'colour' appears twice");
  BOOST_TEST(describe(r.rejected[1]) == "line 5: key 'documents.number' appears twice");
  BOOST_TEST(entriesOf<Notice>(r).size() == 1u);
  BOOST_TEST(r.rowsRead == 3u);
}

BOOST_AUTO_TEST_CASE(a_json_line_with_a_repeated_key_is_rejected_and_the_others_kept) {
  const auto r = json(ListKind::documents,
                      "{\"number\": \"A1\", \"country\": \"SRB\", \"status\": \"lost\"}\n"
                      "{\"number\": \"A2\", \"country\": \"SRB\", \"status\": \"lost\", "
                      "\"status\": \"stolen\"}\n"
                      "{\"number\": \"A3\", \"country\": \"SRB\", \"status\": \"stolen\"}\n");
  expectOneRejection(r, 2, "key 'status' appears twice");
  BOOST_TEST(r.entries.size() == 2u);
}

BOOST_AUTO_TEST_CASE(an_import_may_remove_at_most_the_allowed_share_of_a_list) {
  const RemovalGuard tenPercent;  // the default
  BOOST_TEST(!removalRefusal(ListKind::notices, {1000, 100}, 900, tenPercent).has_value());
  BOOST_TEST(removalRefusal(ListKind::notices, {1000, 101}, 899, tenPercent).value_or("") ==
             "notices: the file would remove 101 of 1,000 entries (10.1%), more than the 10% "
             "allowed; nothing imported: check the file, or pass --allow-removals");
  BOOST_TEST(removalRefusal(ListKind::documents, {5000, 4120}, 880, tenPercent).value_or("") ==
             "documents: the file would remove 4,120 of 5,000 entries (82%), more than the 10% "
             "allowed; nothing imported: check the file, or pass --allow-removals");
  BOOST_TEST(!removalRefusal(ListKind::notices, {1000, 500}, 500, {50, false}).has_value());
  BOOST_TEST(!removalRefusal(ListKind::notices, {1000, 1000}, 0, {10, true}).has_value());
  // A first import, or one that removes nothing, is never refused.
  BOOST_TEST(!removalRefusal(ListKind::notices, {0, 0}, 0, tenPercent).has_value());
  BOOST_TEST(!removalRefusal(ListKind::notices, {10, 0}, 5000, {0, false}).has_value());
}

BOOST_AUTO_TEST_CASE(a_file_that_would_empty_a_list_is_refused_whatever_the_share) {
  BOOST_TEST(removalRefusal(ListKind::vehicles, {1200, 1200}, 0, {100, false}).value_or("") ==
             "vehicles: the file would remove all 1,200 entries and leave the list empty; nothing "
             "imported: check the file, or pass --allow-removals");
  // Replacing every entry with others leaves a list: --max-removals 100 allows it.
  BOOST_TEST(!removalRefusal(ListKind::vehicles, {1200, 1200}, 3, {100, false}).has_value());
}

BOOST_AUTO_TEST_CASE(the_format_follows_the_file_extension) {
  BOOST_TEST((formatFromPath("lists/notices.csv") == FileFormat::csv));
  BOOST_TEST((formatFromPath("NOTICES.CSV") == FileFormat::csv));
  BOOST_TEST((formatFromPath("a.b/notices.json") == FileFormat::json));
  BOOST_TEST((formatFromPath("notices.jsonl") == FileFormat::json));
  BOOST_TEST(!formatFromPath("notices.xlsx").has_value());
  BOOST_TEST(!formatFromPath("a.csv/notices").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(synthetic_lists)

std::string generated(ListKind kind, std::size_t count, std::uint64_t seed) {
  std::ostringstream out;
  generateWatchlist(kind, count, seed, out);
  return out.str();
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_bytes_and_another_seed_others) {
  for (const auto kind : {ListKind::notices, ListKind::documents, ListKind::vehicles}) {
    const auto a = generated(kind, 500, 42);
    BOOST_TEST(a == generated(kind, 500, 42));
    BOOST_TEST(a != generated(kind, 500, 43));
  }
}

BOOST_AUTO_TEST_CASE(generated_lists_import_without_a_rejection) {
  for (const auto kind : {ListKind::notices, ListKind::documents, ListKind::vehicles}) {
    const auto r = csv(kind, generated(kind, 20'000, 7));
    BOOST_TEST(r.rejected.empty(), listName(kind) << ":\n" << reasons(r).substr(0, 2000));
    BOOST_TEST(r.rowsRead == 20'000u);
    BOOST_TEST(r.entries.size() == 20'000u);
  }
}

BOOST_AUTO_TEST_CASE(generated_notices_have_many_distinct_names_in_several_scripts) {
  const auto notices =
      entriesOf<Notice>(csv(ListKind::notices, generated(ListKind::notices, 20'000, 1)));
  std::set<std::string> names;
  bool cyrillic = false;
  bool arabic = false;
  for (const auto& n : notices) {
    names.insert(n.names.at(0));
    cyrillic |= contains(n.names.at(0), "\xD0");  // U+0400..U+043F lead byte
    arabic |= contains(n.names.at(0), "\xD9");    // U+0640..U+067F lead byte
  }
  BOOST_TEST(names.size() > 8'000u);
  BOOST_TEST(cyrillic);
  BOOST_TEST(arabic);
  BOOST_TEST(notices.at(0).reference == "SYN-N-0000001");
}

BOOST_AUTO_TEST_SUITE_END()
