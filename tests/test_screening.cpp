// Screening (coordinator/screening/screener.hpp) through its real parts: watchlist files parsed
// by import.hpp, stored in LMDB (watchlist_store.hpp) in a temporary directory, and sightings
// screened in a transaction as the coordinator does. The levels follow the rules of names.hpp:
//   strong name + date of birth agrees          -> hit
//   strong name, date of birth not agreeing     -> possible hit
//   possible name + date of birth agrees        -> possible hit
//   date of birth disagrees                     -> no hit, unless near-identical (possible hit)
// and documents and plates match exactly after normalisation, with the issuing country.
#define BOOST_TEST_MODULE screening
#include <boost/test/unit_test.hpp>

#include <coordinator/event_codec.hpp>
#include <coordinator/screening/generate.hpp>
#include <coordinator/screening/import.hpp>
#include <coordinator/screening/normalise.hpp>
#include <coordinator/screening/screener.hpp>
#include <coordinator/screening/watchlist_codec.hpp>
#include <coordinator/screening/watchlist_store.hpp>
#include <coordinator/store.hpp>
#include <tests/support/support.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <iterator>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

// Boost.Test prints the operands of a failed check: the schema's enums print as numbers.
namespace fieldops::wire {
template <class E, class = std::enable_if_t<std::is_enum_v<E>>>
std::ostream& operator<<(std::ostream& os, E e) {
  return os << static_cast<int>(e);
}
}  // namespace fieldops::wire

namespace fieldops::screening {
std::ostream& operator<<(std::ostream& os, DocumentStatus s) {
  return os << statusName(s);
}
}  // namespace fieldops::screening

BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::ScreeningMatch)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::ScreeningResult)

namespace {

using namespace fieldops;
using namespace fieldops::screening;
namespace test = fieldops::test;

constexpr Millis kT0 = 1'800'000'000'000;  // 2027-01-15T08:00:00Z

constexpr std::string_view kNoticeHeader =
    "reference,colour,names,aliases,date_of_birth,nationality,documents\n";
constexpr std::string_view kDocumentHeader = "number,country,type,status,reference\n";

std::string sampleFile(const std::string& name) {
  const auto path = std::string(FIELDOPS_SOURCE_DIR) + "/scenarios/watchlists/sample/" + name;
  std::ifstream in(path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "cannot open " << path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Midnight UTC of a calendar day, as a sighting's observedAt.
Millis dayStart(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return duration_cast<milliseconds>(sys_days{year{y} / month{m} / day{d}}.time_since_epoch())
      .count();
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// A report of a person with nothing else to match on: no names, document, plate or indicators.
Sighting bareSighting(const std::string& id, Millis observedAt = kT0) {
  Sighting s;
  s.sightingId = id;
  s.observedAt = observedAt;
  s.position = {42.2106, 21.6993};
  s.post = "Tabanovce border crossing";
  s.category = SightingCategory::PERSON;
  s.personCount = 1;
  s.confidence = 80;
  return s;
}

Sighting document(const std::string& number, const std::string& country,
                  DocumentType type = DocumentType::PASSPORT) {
  Sighting s = bareSighting("doc-" + number);
  s.subject.documentNumber = number;
  s.subject.documentType = type;
  s.subject.documentCountry = country;
  return s;
}

Sighting plate(const std::string& written, const std::string& country) {
  Sighting s = bareSighting("plate-" + written);
  s.category = SightingCategory::VEHICLE;
  s.subject.vehiclePlate = written;
  s.subject.vehicleCountry = country;
  return s;
}

Sighting person(const std::string& name, const std::string& dateOfBirth,
                const std::string& nationality = {}) {
  Sighting s = bareSighting("person-" + name);
  s.subject.names = {name};
  s.subject.dateOfBirth = dateOfBirth;
  s.subject.nationality = nationality;
  return s;
}

// Every match as "list/reference level score: reason", one a line, for failure messages.
std::string describe(const ScreeningResult& r) {
  std::string out = "level " + std::to_string(static_cast<int>(r.level)) + ", " + r.reason + "\n";
  for (const auto& m : r.matches) {
    out += "  " + std::to_string(static_cast<int>(m.list)) + "/" + m.reference + " " +
           std::to_string(static_cast<int>(m.level)) + " " + std::to_string(m.score) + " [" +
           m.category + "]: " + m.reason + "\n";
  }
  return out;
}

// The match for one reference (a copy: results are often temporaries); fails the test if there
// is none.
ScreeningMatch matchFor(const ScreeningResult& r, const std::string& reference) {
  const auto it = std::find_if(r.matches.begin(), r.matches.end(),
                               [&](const ScreeningMatch& m) { return m.reference == reference; });
  BOOST_REQUIRE_MESSAGE(it != r.matches.end(), "no match for " << reference << ":\n"
                                                               << describe(r));
  return *it;
}

bool matches(const ScreeningResult& r, const std::string& reference) {
  return std::any_of(r.matches.begin(), r.matches.end(),
                     [&](const ScreeningMatch& m) { return m.reference == reference; });
}

// A coordinator's LMDB environment in a temporary directory, with the screener the coordinator
// builds over it. Lists are imported from CSV text through parseWatchlist and importList.
struct Watchlists {
  test::TempDir dir;
  lmdb::Env env{dir.path(), std::size_t{64} << 20, kMaxDbs};
  Screener screener{env};

  ImportReport importCsv(ListKind kind, const std::string& text, std::size_t chunk = 20'000) {
    const ImportResult parsed = parseWatchlist(kind, FileFormat::csv, text);
    std::string refused;
    for (const auto& r : parsed.rejected) refused += screening::describe(r) + "\n";
    BOOST_REQUIRE_MESSAGE(parsed.rejected.empty() && !parsed.fileRejected, refused);
    return importList(env, screener.dbs(), kind, parsed.entries, screener.normaliser(), chunk);
  }
  ImportReport importSample(ListKind kind, const std::string& file) {
    return importCsv(kind, sampleFile(file));
  }
  void importSamples() {
    importSample(ListKind::notices, "notices.csv");
    importSample(ListKind::documents, "documents.csv");
    importSample(ListKind::vehicles, "vehicles.csv");
    BOOST_REQUIRE(refresh());
  }
  bool refresh() {
    lmdb::Txn txn(env, true);
    return screener.refresh(txn);
  }
  // Screens in a write transaction, as the coordinator screens in its turn's transaction; the
  // transaction is aborted, so screening must not need to write.
  ScreeningResult screen(const Sighting& s) {
    lmdb::Txn txn(env, false);
    ScreeningResult r = screener.screen(txn, s);
    BOOST_TEST_MESSAGE(s.sightingId << ": " << describe(r));
    return r;
  }
  std::size_t count(ListKind list) {
    lmdb::Txn txn(env, true);
    return watchlistCount(txn, screener.dbs(), list);
  }
  std::uint64_t generation() {
    lmdb::Txn txn(env, true);
    return watchlistGeneration(txn, screener.dbs());
  }
};

// The sample lists, imported once per test.
struct SampleLists : Watchlists {
  SampleLists() { importSamples(); }
};

// The sample documents with one status changed (FICT-D-0001 stolen -> lost), one row dropped
// (FICT-D-0026) and one added (FICT-D-0027).
std::string changedDocuments() {
  std::string text = sampleFile("documents.csv");
  const auto replace = [&](std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    BOOST_REQUIRE_MESSAGE(at != std::string::npos, "sample lacks " << from);
    text.replace(at, from.size(), to);
  };
  replace("FS0000101,SRB,passport,stolen,FICT-D-0001", "FS0000101,SRB,passport,lost,FICT-D-0001");
  replace("TD9000125,DEU,travelDocument,lost,FICT-D-0026\n", "");
  text += "KX9000127,HRV,passport,stolen,FICT-D-0027\n";
  return text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(importing_lists)

BOOST_FIXTURE_TEST_CASE(the_sample_lists_are_stored_counted_and_indexed, Watchlists) {
  const std::uint64_t before = generation();
  BOOST_TEST(!refresh());  // nothing imported yet: the index built at start is current
  const ImportReport notices = importSample(ListKind::notices, "notices.csv");
  const ImportReport documents = importSample(ListKind::documents, "documents.csv");
  const ImportReport vehicles = importSample(ListKind::vehicles, "vehicles.csv");
  BOOST_TEST(notices.added == 25u);
  BOOST_TEST(documents.added == 26u);
  BOOST_TEST(vehicles.added == 10u);
  for (const auto& r : {notices, documents, vehicles}) {
    BOOST_TEST(r.updated + r.unchanged + r.removed == 0u);
  }
  BOOST_TEST(count(ListKind::notices) == 25u);
  BOOST_TEST(count(ListKind::documents) == 26u);
  BOOST_TEST(count(ListKind::vehicles) == 10u);
  BOOST_TEST(generation() > before);

  BOOST_TEST(refresh());
  BOOST_TEST(!refresh());                      // once is enough
  BOOST_TEST(screener.index().names() > 25u);  // names and aliases, in several scripts

  lmdb::Txn txn(env, true);
  std::size_t stored = 0;
  forEachEntry(txn, screener.dbs(), [&](const StoredEntry&) { ++stored; });
  BOOST_TEST(stored == 61u);
  // A stolen passport is indexed under its number with its issuing country...
  std::vector<std::string> countries;
  std::uint64_t id = 0;
  findDocument(txn, screener.dbs(), "N009000120", [&](std::string_view country, std::uint64_t e) {
    countries.emplace_back(country);
    id = e;
  });
  BOOST_TEST(countries == std::vector<std::string>{"SYR"});
  const auto entry = readEntry(txn, screener.dbs(), id);
  BOOST_REQUIRE(entry.has_value());
  const auto* doc = std::get_if<TravelDocumentEntry>(&entry->entry);
  BOOST_REQUIRE(doc != nullptr);
  BOOST_TEST(doc->reference == "FICT-D-0021");
  BOOST_TEST(doc->status == DocumentStatus::stolen);
  // ...and a notice's documents and a vehicle's plate are indexed too.
  std::size_t noticeDocs = 0;
  findDocument(txn, screener.dbs(), "IK0456123",
               [&](std::string_view, std::uint64_t) { ++noticeDocs; });
  BOOST_TEST(noticeDocs == 1u);
  std::size_t plates = 0;
  findPlate(txn, screener.dbs(), "MAB1234", [&](std::string_view country, std::uint64_t) {
    BOOST_TEST(country == "DEU");
    ++plates;
  });
  BOOST_TEST(plates == 1u);
}

BOOST_FIXTURE_TEST_CASE(importing_the_same_file_again_changes_nothing_and_needs_no_refresh,
                        SampleLists) {
  const std::uint64_t before = generation();
  const ImportReport again = importSample(ListKind::documents, "documents.csv");
  BOOST_TEST(again.unchanged == 26u);
  BOOST_TEST(again.added + again.updated + again.removed == 0u);
  BOOST_TEST(generation() == before);
  BOOST_TEST(!refresh());
}

BOOST_FIXTURE_TEST_CASE(a_changed_file_updates_one_entry_removes_a_missing_one_and_adds_a_new_one,
                        SampleLists) {
  // Before: FICT-D-0001 is stolen, FICT-D-0026 listed, FICT-D-0027 unknown.
  BOOST_TEST(matchFor(screen(document("FS0000101", "SRB")), "FICT-D-0001").category ==
             "stolen passport");
  BOOST_TEST(screen(document("TD9000125", "DEU", DocumentType::TRAVEL_DOCUMENT)).level ==
             HitLevel::HIT);
  BOOST_TEST(screen(document("KX9000127", "HRV")).level == HitLevel::NO_HIT);

  const ImportReport r = importCsv(ListKind::documents, changedDocuments());
  BOOST_TEST(r.added == 1u);
  BOOST_TEST(r.updated == 1u);
  BOOST_TEST(r.removed == 1u);
  BOOST_TEST(r.unchanged == 24u);
  BOOST_TEST(count(ListKind::documents) == 26u);
  BOOST_TEST(refresh());
  BOOST_TEST(!refresh());

  const ScreeningResult updated = screen(document("FS0000101", "SRB"));
  BOOST_TEST(updated.matches.size() == 1u);
  BOOST_TEST(matchFor(updated, "FICT-D-0001").category == "lost passport");
  const ScreeningResult removed =
      screen(document("TD9000125", "DEU", DocumentType::TRAVEL_DOCUMENT));
  BOOST_TEST(removed.level == HitLevel::NO_HIT);
  BOOST_TEST(removed.matches.empty());
  const ScreeningResult added = screen(document("KX9000127", "HRV"));
  BOOST_TEST(added.level == HitLevel::HIT);
  BOOST_TEST(matchFor(added, "FICT-D-0027").category == "stolen passport");

  // The other lists are untouched by an import of the documents.
  BOOST_TEST(count(ListKind::notices) == 25u);
  BOOST_TEST(count(ListKind::vehicles) == 10u);
}

BOOST_FIXTURE_TEST_CASE(a_notice_changed_on_import_is_found_by_its_new_name_and_document_only,
                        SampleLists) {
  BOOST_TEST(matchFor(screen(person("Arben Hoxha", "1990-01-25")), "FICT-R-0004").level ==
             HitLevel::HIT);
  BOOST_TEST(screen(document("BA1234567", "ALB")).level == HitLevel::HIT);

  std::string text = sampleFile("notices.csv");
  const std::string_view old =
      "FICT-R-0004,red,Arben Hoxha,Beni|Arben Hoxhaj,1990-01-25,ALB,passport:ALB:BA1234567";
  const auto at = text.find(old);
  BOOST_REQUIRE(at != std::string::npos);
  text.replace(at, old.size(),
               "FICT-R-0004,red,Gentian Berisha,,1990-01-25,ALB,passport:ALB:BC7654321");
  const ImportReport r = importCsv(ListKind::notices, text);
  BOOST_TEST(r.updated == 1u);
  BOOST_TEST(r.unchanged == 24u);
  BOOST_TEST(refresh());

  BOOST_TEST(!matches(screen(person("Arben Hoxha", "1990-01-25")), "FICT-R-0004"));
  BOOST_TEST(matchFor(screen(person("Gentian Berisha", "1990-01-25")), "FICT-R-0004").level ==
             HitLevel::HIT);
  BOOST_TEST(screen(document("BA1234567", "ALB")).matches.empty());
  BOOST_TEST(matchFor(screen(document("BC7654321", "ALB")), "FICT-R-0004").level == HitLevel::HIT);
}

BOOST_FIXTURE_TEST_CASE(an_import_in_small_transactions_stores_the_same_lists, Watchlists) {
  const ImportReport first = importCsv(ListKind::documents, sampleFile("documents.csv"), 4);
  BOOST_TEST(first.added == 26u);
  const ImportReport second = importCsv(ListKind::documents, changedDocuments(), 4);
  BOOST_TEST(second.added == 1u);
  BOOST_TEST(second.updated == 1u);
  BOOST_TEST(second.removed == 1u);
  BOOST_TEST(second.unchanged == 24u);
  BOOST_TEST(count(ListKind::documents) == 26u);
  BOOST_TEST(refresh());
  BOOST_TEST(screen(document("KX9000127", "HRV")).level == HitLevel::HIT);
  BOOST_TEST(screen(document("AZ9000108", "GRC")).level == HitLevel::HIT);  // from the first chunk
}

BOOST_FIXTURE_TEST_CASE(entries_of_another_list_are_refused_and_nothing_is_stored, Watchlists) {
  const ImportResult notices =
      parseWatchlist(ListKind::notices, FileFormat::csv, sampleFile("notices.csv"));
  BOOST_CHECK_THROW(
      importList(env, screener.dbs(), ListKind::documents, notices.entries, screener.normaliser()),
      std::invalid_argument);
  BOOST_TEST(count(ListKind::documents) == 0u);
  BOOST_TEST(count(ListKind::notices) == 0u);
  BOOST_TEST(!refresh());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(documents_and_plates, SampleLists)

BOOST_AUTO_TEST_CASE(
    a_stolen_passport_written_with_spaces_dashes_small_letters_and_a_letter_o_is_a_hit) {
  // Listed as N009000120 (SYR); written with O for 0, in lower case, with a space and a dash.
  const ScreeningResult r = screen(document("n 0O9-0o0 12O", "syr"));
  BOOST_TEST(r.level == HitLevel::HIT);
  BOOST_REQUIRE_EQUAL(r.matches.size(), 1u);
  const ScreeningMatch& m = r.matches[0];
  BOOST_TEST(m.list == WatchlistKind::TRAVEL_DOCUMENT);
  BOOST_TEST(m.reference == "FICT-D-0021");
  BOOST_TEST(m.category == "stolen passport");
  BOOST_TEST(m.level == HitLevel::HIT);
  BOOST_TEST(m.score == 100u);
  BOOST_TEST(contains(m.reason, "N009000120"), m.reason);
  BOOST_TEST(contains(m.reason, "SYR"), m.reason);
  BOOST_TEST(r.reason == "hit: stolen passport FICT-D-0021");
}

BOOST_AUTO_TEST_CASE(the_same_number_issued_by_another_country_is_no_match) {
  const ScreeningResult r = screen(document("N009000120", "TUR"));
  BOOST_TEST(r.level == HitLevel::NO_HIT);
  BOOST_TEST(r.matches.empty());
}

BOOST_AUTO_TEST_CASE(a_listed_number_without_the_issuing_country_is_a_possible_hit_to_confirm) {
  const ScreeningResult r = screen(document("N009000120", ""));
  BOOST_TEST(r.level == HitLevel::POSSIBLE_HIT);
  BOOST_REQUIRE_EQUAL(r.matches.size(), 1u);
  BOOST_TEST(r.matches[0].reference == "FICT-D-0021");
  BOOST_TEST(r.matches[0].level == HitLevel::POSSIBLE_HIT);
  BOOST_TEST(contains(r.matches[0].reason, "confirm"), r.matches[0].reason);
  BOOST_TEST(r.reason == "possible hit: stolen passport FICT-D-0021");
}

BOOST_AUTO_TEST_CASE(a_document_on_a_notice_is_a_hit_on_the_notice) {
  // FICT-R-0002 lists identityCard:SRB:IK0456123; typed with a letter O and a dash.
  const ScreeningResult r = screen(document("ik-O456123", "SRB", DocumentType::IDENTITY_CARD));
  BOOST_TEST(r.level == HitLevel::HIT);
  const ScreeningMatch m = matchFor(r, "FICT-R-0002");
  BOOST_TEST(m.list == WatchlistKind::NOTICE);
  BOOST_TEST(m.category == "red notice");
  BOOST_TEST(m.level == HitLevel::HIT);
  BOOST_TEST(contains(m.reason, "IK0456123"), m.reason);
}

BOOST_AUTO_TEST_CASE(the_status_and_type_of_a_listed_document_name_its_category) {
  BOOST_TEST(
      matchFor(screen(document("FS0000102", "SRB", DocumentType::IDENTITY_CARD)), "FICT-D-0002")
          .category == "lost identity card");
  BOOST_TEST(matchFor(screen(document("NX9000113", "NLD")), "FICT-D-0014").category ==
             "revoked passport");
  BOOST_TEST(
      matchFor(screen(document("RT9000124", "SRB", DocumentType::RESIDENCE_PERMIT)), "FICT-D-0025")
          .category == "stolen residence permit");
  BOOST_TEST(matchFor(screen(document("FT9000122", "UKR")), "FICT-D-0023").category ==
             "invalidated passport");
}

BOOST_AUTO_TEST_CASE(a_plate_written_with_cyrillic_lookalike_letters_is_a_hit) {
  // Listed as "M AB 1234" (DEU); written with Cyrillic М, А and В.
  const ScreeningResult r = screen(plate("\u041c \u0410\u0412-1234", "DEU"));
  BOOST_TEST(r.level == HitLevel::HIT);
  BOOST_REQUIRE_EQUAL(r.matches.size(), 1u);
  const ScreeningMatch& m = r.matches[0];
  BOOST_TEST(m.list == WatchlistKind::VEHICLE);
  BOOST_TEST(m.reference == "FICT-V-0007");
  BOOST_TEST(m.category == "vehicle of interest");
  BOOST_TEST(m.score == 100u);
  BOOST_TEST(contains(m.reason, "refrigerated"), m.reason);  // why it is of interest
}

BOOST_AUTO_TEST_CASE(a_plate_written_with_greek_lookalike_letters_is_a_hit) {
  // Listed as "IKB-1234" (GRC); written with Greek Ι, Κ and Β.
  const ScreeningResult r = screen(plate("\u0399\u039a\u0392 1234", "GRC"));
  BOOST_TEST(r.level == HitLevel::HIT);
  BOOST_TEST(matchFor(r, "FICT-V-0006").level == HitLevel::HIT);
}

BOOST_AUTO_TEST_CASE(a_plate_of_another_country_is_no_match_and_one_without_a_country_is_possible) {
  BOOST_TEST(screen(plate("M AB 1234", "AUT")).matches.empty());
  const ScreeningResult unknown = screen(plate("mab1234", ""));
  BOOST_TEST(unknown.level == HitLevel::POSSIBLE_HIT);
  BOOST_TEST(contains(matchFor(unknown, "FICT-V-0007").reason, "confirm"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(names, SampleLists)

BOOST_AUTO_TEST_CASE(a_latin_only_notice_is_hit_by_the_name_written_in_cyrillic_with_agreeing_dob) {
  // FICT-R-0009 is written only in Latin: "Chukwuemeka Okafor", 1983-04-14.
  const ScreeningResult r = screen(person("Чуквуемека Окафор", "1983-04-14", "NGA"));
  const ScreeningMatch m = matchFor(r, "FICT-R-0009");
  BOOST_TEST(m.level == HitLevel::HIT);
  BOOST_TEST(m.list == WatchlistKind::NOTICE);
  BOOST_TEST(m.category == "red notice");
  BOOST_TEST(m.score >= 92u);
  BOOST_TEST(contains(m.reason, "date of birth agrees"), m.reason);
  BOOST_TEST(contains(m.reason, "nationality agrees"), m.reason);
  BOOST_TEST(r.level == HitLevel::HIT);
}

BOOST_AUTO_TEST_CASE(a_cyrillic_notice_and_its_latin_spelling_agree_in_both_directions) {
  // A notice written only in Cyrillic, and one only in Latin.
  importCsv(ListKind::notices, std::string(kNoticeHeader) +
                                   "T-B-0001,blue,Юрий Жуков,,1970-02-11,RUS,\n"
                                   "T-B-0002,blue,Dragan Jovanovic,,1979-11-02,SRB,\n");
  BOOST_REQUIRE(refresh());
  BOOST_TEST(matchFor(screen(person("IURII ZHUKOV", "1970-02-11")), "T-B-0001").level ==
             HitLevel::HIT);
  BOOST_TEST(matchFor(screen(person("Драган Јовановић", "1979-11-02")), "T-B-0002").level ==
             HitLevel::HIT);
}

BOOST_AUTO_TEST_CASE(an_arabic_name_against_its_latin_spelling_is_a_hit_only_with_agreeing_dob) {
  // Arabic script against Latin matches through the consonant skeleton: strong, but below
  // near-identical (names.hpp). So the date of birth decides.
  importCsv(ListKind::notices, std::string(kNoticeHeader) +
                                   "T-B-0001,blue,Mohammed Al Hassan,,1980-05-01,SYR,\n"
                                   "T-B-0002,blue,عمر خالد,,1985-07-19,IRQ,\n");
  BOOST_REQUIRE(refresh());
  const ScreeningMatch agrees = matchFor(screen(person("محمد الحسن", "1980-05-01")), "T-B-0001");
  BOOST_TEST(agrees.level == HitLevel::HIT);
  BOOST_TEST(agrees.score >= 92u);
  BOOST_TEST(agrees.score < 97u);
  BOOST_TEST(matchFor(screen(person("Omar Khalid", "1985-07-19")), "T-B-0002").level ==
             HitLevel::HIT);

  const ScreeningMatch unknown = matchFor(screen(person("محمد الحسن", "")), "T-B-0001");
  BOOST_TEST(unknown.level == HitLevel::POSSIBLE_HIT);
  BOOST_TEST(contains(unknown.reason, "no date of birth to compare"), unknown.reason);

  const ScreeningResult differs = screen(person("محمد الحسن", "1991-03-02"));
  BOOST_TEST(!matches(differs, "T-B-0001"), describe(differs));
}

BOOST_AUTO_TEST_CASE(a_near_miss_typo_with_agreeing_dob_is_a_hit) {
  // FICT-R-0002 "Dragan Jovanović", 1979-11-02; written with a transposition and -ich.
  const ScreeningMatch m =
      matchFor(screen(person("Dargan Jovanovich", "1979-11-02")), "FICT-R-0002");
  BOOST_TEST(m.level == HitLevel::HIT);
  BOOST_TEST(m.score < 100u);
  BOOST_TEST(contains(m.reason, "date of birth agrees"), m.reason);
}

BOOST_AUTO_TEST_CASE(a_common_name_without_a_dob_is_only_a_possible_hit) {
  // FICT-G-0001 "Ali Hassan": a common name. Without a date of birth, even an exact name must be
  // confirmed by a person.
  const ScreeningResult r = screen(person("Ali Hassan", ""));
  const ScreeningMatch m = matchFor(r, "FICT-G-0001");
  BOOST_TEST(m.level == HitLevel::POSSIBLE_HIT);
  BOOST_TEST(m.score == 100u);
  BOOST_TEST(contains(m.reason, "no date of birth to compare"), m.reason);
  BOOST_TEST(r.level == HitLevel::POSSIBLE_HIT);
  for (const auto& any : r.matches) BOOST_TEST(any.level != HitLevel::HIT, any.reference);
}

BOOST_AUTO_TEST_CASE(a_dob_known_only_in_part_keeps_a_strong_name_a_possible_hit) {
  // FICT-R-0005 "Sergei Ivanov" was born in 1975, day unknown.
  const ScreeningMatch m = matchFor(screen(person("Сергей Иванов", "1975-06-01")), "FICT-R-0005");
  BOOST_TEST(m.level == HitLevel::POSSIBLE_HIT);
  BOOST_TEST(contains(m.reason, "date of birth agrees only in part"), m.reason);
}

BOOST_FIXTURE_TEST_CASE(notices_imported_under_an_older_tokeniser_are_tokenised_again,
                        Watchlists) {
  importCsv(ListKind::notices,
            "reference,colour,names\nFICT-X-0001,red,Mohammed Al Hassan\n");
  {
    // As a store written before this version kept it: the stored tokens are the old ones
    // ("alhassan" joined), and no version is recorded.
    lmdb::Txn txn(env, false);
    const auto& dbs = screener.dbs();
    txn.del(dbs.meta, "tokens.version");
    auto stored = readEntry(txn, dbs, 1);
    BOOST_REQUIRE(stored.has_value());
    txn.put(dbs.entries, lmdb::bigEndian(1),
            encodeEntry(stored->entry, {{"zzzzzz", "yyyyyy"}}));
    txn.put(dbs.meta, "generation", lmdb::bigEndian(99));
    txn.commit();
  }
  BOOST_REQUIRE(refresh());
  BOOST_TEST(matches(screen(person("Mohamed Hassan", "")), "FICT-X-0001"));
}

BOOST_AUTO_TEST_CASE(a_disagreeing_dob_rules_out_a_similar_name_but_not_an_identical_one) {
  // FICT-R-0006 "Oleksandr Kovalenko" (Ukrainian), 1986-05-30. Written the Russian way, the given
  // name is the same name in another national form (given_names.tsv): near-identical.
  const ScreeningMatch variant =
      matchFor(screen(person("Aleksandr Kovalenko", "1986-05-30")), "FICT-R-0006");
  BOOST_TEST(variant.level == HitLevel::HIT);
  BOOST_TEST(variant.score >= 97u);
  BOOST_TEST(matchFor(screen(person("Aleksandr Kovalenko", "1960-01-01")), "FICT-R-0006").level ==
             HitLevel::POSSIBLE_HIT);
  // A strong but not near-identical name (another surname of the same root) with another date
  // of birth is someone else.
  const ScreeningResult other = screen(person("Oleksandr Kovalchuk", "1960-01-01"));
  BOOST_TEST(!matches(other, "FICT-R-0006"), describe(other));
  BOOST_TEST(other.level == HitLevel::NO_HIT);
  // An identical name stays a possible hit: dates of birth are often wrong on one side.
  const ScreeningMatch same =
      matchFor(screen(person("Dragan Jovanović", "1960-01-01")), "FICT-R-0002");
  BOOST_TEST(same.level == HitLevel::POSSIBLE_HIT);
  BOOST_TEST(contains(same.reason, "date of birth differs"), same.reason);
}

BOOST_AUTO_TEST_CASE(a_nationality_that_differs_is_said_in_the_reason) {
  const ScreeningMatch m =
      matchFor(screen(person("Marko Petrović", "1984-03-17", "hrv")), "FICT-R-0001");
  BOOST_TEST(m.level == HitLevel::HIT);
  BOOST_TEST(contains(m.reason, "nationality differs"), m.reason);
}

BOOST_AUTO_TEST_CASE(unrelated_names_give_no_hit) {
  const ScreeningResult r = screen(person("Maria Schmidt", "1984-03-17"));
  BOOST_TEST(r.level == HitLevel::NO_HIT);
  BOOST_TEST(r.matches.empty(), describe(r));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(results, SampleLists)

BOOST_AUTO_TEST_CASE(a_yellow_notice_subject_under_18_when_seen_is_a_minor) {
  // FICT-Y-0001 Ana Nikolić, born 2012-06-03: 14 at T0.
  BOOST_TEST(matchFor(screen(person("Ana Nikolić", "2012-06-03")), "FICT-Y-0001").category ==
             "yellow notice, minor");
  // FICT-Y-0004 Amira Haddad, born in 2013 (year only).
  BOOST_TEST(matchFor(screen(person("Amira Haddad", "2013")), "FICT-Y-0004").category ==
             "yellow notice, minor");
  // A red notice is never "minor", whatever the age.
  BOOST_TEST(matchFor(screen(person("Marko Petrović", "1984-03-17")), "FICT-R-0001").category ==
             "red notice");
}

BOOST_AUTO_TEST_CASE(a_yellow_notice_subject_turns_adult_on_the_18th_birthday) {
  // FICT-Y-0005 Elira Krasniqi, born 2008-10-21, passport ALB BB7654321.
  Sighting s = document("BB7654321", "ALB");
  s.observedAt = dayStart(2026, 10, 20) + 23 * 3'600'000;  // the last hour of being 17
  BOOST_TEST(matchFor(screen(s), "FICT-Y-0005").category == "yellow notice, minor");
  s.observedAt = dayStart(2026, 10, 21);
  BOOST_TEST(matchFor(screen(s), "FICT-Y-0005").category == "yellow notice");
  s.observedAt = kT0;
  BOOST_TEST(matchFor(screen(s), "FICT-Y-0005").category == "yellow notice");
}

BOOST_AUTO_TEST_CASE(an_adult_is_never_a_yellow_notice_minor) {
  // FICT-Y-0001 Ana Nikolić, born 2012-06-03, 14 at T0. An adult of the same name: the dates
  // differ, the name is near-identical, so a possible hit on a plain yellow notice.
  const ScreeningMatch adult = matchFor(screen(person("Ana Nikolić", "1990-01-01")), "FICT-Y-0001");
  BOOST_TEST(adult.level == HitLevel::POSSIBLE_HIT);
  BOOST_TEST(adult.category == "yellow notice");
  BOOST_TEST(adult.dateOfBirth == DateOfBirthAgreement::DIFFERS);
  BOOST_TEST(adult.basis ==
                 "name 100%, date of birth differs; the notice is for a minor, 14 at the "
                 "sighting; the person seen is an adult by date of birth, so not that minor",
             adult.basis);
  // A partial date that is adult whatever day it stands for ("2008": 18 on 2027-01-15).
  BOOST_TEST(matchFor(screen(person("Ana Nikolić", "2008")), "FICT-Y-0001").category ==
             "yellow notice");
  // Another child's full date of birth: a minor, but not that one.
  const ScreeningMatch other = matchFor(screen(person("Ana Nikolić", "2014-06-01")), "FICT-Y-0001");
  BOOST_TEST(other.category == "yellow notice");
  BOOST_TEST(contains(other.basis, "the dates of birth differ"), other.basis);
  // Her own date, none at all, or one that agrees as far as it goes: she can be the minor.
  for (const char* dob : {"2012-06-03", "", "2012", "2012-06"}) {
    BOOST_TEST_CONTEXT("date of birth '" << dob << "'") {
      const ScreeningMatch m = matchFor(screen(person("Ana Nikolić", dob)), "FICT-Y-0001");
      BOOST_TEST(m.category == "yellow notice, minor");
      BOOST_TEST(contains(m.basis, "the notice is for a minor, 14 at the sighting"), m.basis);
      BOOST_TEST(!contains(m.basis, "Ana"), m.basis);
    }
  }
  // A year-only notice gives the ages it allows: FICT-Y-0004, born in 2013.
  BOOST_TEST(contains(matchFor(screen(person("Amira Haddad", "")), "FICT-Y-0004").basis,
                      "13 or 14 at the sighting"));
}

BOOST_AUTO_TEST_CASE(an_adult_showing_a_minors_document_on_a_notice_is_not_taken_for_the_minor) {
  // FICT-Y-0003 María José Hernández López, born 2009-08 (17 at T0), identity card GTM.
  Sighting s = document("2345678901234", "GTM", DocumentType::IDENTITY_CARD);
  BOOST_TEST(matchFor(screen(s), "FICT-Y-0003").category == "yellow notice, minor");
  s.subject.dateOfBirth = "1985-02-02";
  const ScreeningMatch m = matchFor(screen(s), "FICT-Y-0003");
  BOOST_TEST(m.level == HitLevel::HIT);
  BOOST_TEST(m.category == "yellow notice");
  BOOST_TEST(m.basis ==
                 "a document on the notice: number and issuing country agree; the notice is for "
                 "a minor, 17 at the sighting; the person seen is an adult by date of birth, so "
                 "not that minor",
             m.basis);
}

BOOST_AUTO_TEST_CASE(the_basis_of_a_document_match_says_what_agreed_without_the_number) {
  // FICT-D-0003: A9000103 (MKD), stolen.
  const ScreeningMatch sure = matchFor(screen(document("A9000103", "MKD")), "FICT-D-0003");
  BOOST_TEST(sure.basis == "document number and issuing country agree", sure.basis);
  const ScreeningMatch unsure = matchFor(screen(document("A9000103", "")), "FICT-D-0003");
  BOOST_TEST(unsure.level == HitLevel::POSSIBLE_HIT);
  BOOST_TEST(unsure.basis == "document number agrees, issuing country not known on both sides",
             unsure.basis);
  BOOST_TEST(unsure.dateOfBirth == DateOfBirthAgreement::UNKNOWN);
}

BOOST_AUTO_TEST_CASE(ages_at_a_day_read_a_partial_date_from_youngest_to_oldest) {
  const Millis day = dayStart(2027, 1, 15);
  const auto full = agesAt("2012-06-03", day);
  BOOST_REQUIRE(full.has_value());
  BOOST_TEST(full->youngest == 14);
  BOOST_TEST(full->oldest == 14);
  const auto year = agesAt("2009", day);
  BOOST_REQUIRE(year.has_value());
  BOOST_TEST(year->youngest == 17);
  BOOST_TEST(year->oldest == 18);
  BOOST_TEST(!agesAt("", day).has_value());
  BOOST_TEST(minorAt("2009", day));  // may be 17: a minor for child protection
  BOOST_TEST(!adultAt("2009", day));
  BOOST_TEST(adultAt("2008", day));
  BOOST_TEST(adultAt("2009-01-15", day));  // the 18th birthday
  BOOST_TEST(minorAt("2009-01-16", day));
  BOOST_TEST(!minorAt("", day));
  BOOST_TEST(!adultAt("", day));
}

BOOST_AUTO_TEST_CASE(a_sighting_with_nothing_to_match_gives_no_hit_naming_the_list_sizes) {
  const ScreeningResult r = screen(bareSighting("nothing"));
  BOOST_TEST(r.level == HitLevel::NO_HIT);
  BOOST_TEST(r.matches.empty());
  BOOST_TEST(r.reason == "no hit against 25 notices, 26 travel documents and 10 vehicles");
}

BOOST_AUTO_TEST_CASE(one_entry_found_by_name_and_by_document_is_reported_once_at_its_strongest) {
  // FICT-R-0001 by name without a date of birth (possible) and by its passport (hit).
  Sighting s = person("Marko Petrović", "");
  s.subject.documentNumber = "012345678";
  s.subject.documentCountry = "SRB";
  const ScreeningResult r = screen(s);
  const auto n = std::count_if(r.matches.begin(), r.matches.end(), [](const ScreeningMatch& m) {
    return m.reference == "FICT-R-0001";
  });
  BOOST_TEST(n == 1);
  BOOST_TEST(matchFor(r, "FICT-R-0001").level == HitLevel::HIT);
}

BOOST_AUTO_TEST_CASE(every_match_has_a_reason_and_the_strongest_comes_first) {
  // A name without date of birth (possible), a stolen passport (hit) and a plate (hit).
  Sighting s = person("Ali Hassan", "");
  s.subject.documentNumber = "AX9000114";
  s.subject.documentCountry = "COL";
  s.subject.vehiclePlate = "BG 1234-FK";
  s.subject.vehicleCountry = "SRB";
  const ScreeningResult r = screen(s);
  BOOST_TEST(r.matches.size() >= 3u, describe(r));
  BOOST_TEST(r.level == HitLevel::HIT);
  for (std::size_t i = 0; i < r.matches.size(); ++i) {
    BOOST_TEST_CONTEXT(r.matches[i].reference) {
      BOOST_TEST(!r.matches[i].reason.empty());
      BOOST_TEST(!r.matches[i].category.empty());
      BOOST_TEST(r.matches[i].level != HitLevel::NO_HIT);
      BOOST_TEST(contains(r.reason, r.matches[i].reference), r.reason);
      if (i > 0) BOOST_TEST(r.matches[i - 1].level >= r.matches[i].level);
    }
  }
  BOOST_TEST(matchFor(r, "FICT-D-0015").level == HitLevel::HIT);
  BOOST_TEST(matchFor(r, "FICT-V-0001").level == HitLevel::HIT);
  BOOST_TEST(matchFor(r, "FICT-G-0001").level == HitLevel::POSSIBLE_HIT);
}

BOOST_AUTO_TEST_CASE(a_screening_result_survives_being_stored_with_its_sighting) {
  Sighting s = person("Ana Nikolić", "2012-06-03", "SRB");
  s.subject.documentNumber = "FS0000101";
  s.subject.documentCountry = "SRB";
  SightingRecorded recorded{"ALPHA-1", s, screen(s)};
  BOOST_REQUIRE(!recorded.screening.matches.empty());
  const auto body = decodePayload(encodePayload(recorded));
  BOOST_REQUIRE(body.has_value());
  const auto* back = std::get_if<SightingRecorded>(&*body);
  BOOST_REQUIRE(back != nullptr);
  BOOST_TEST(back->screening == recorded.screening);
}

BOOST_FIXTURE_TEST_CASE(a_match_on_entries_with_the_longest_values_import_accepts_can_be_stored,
                        Watchlists) {
  // References, numbers and plates as long as import accepts, on more notices than one sighting
  // keeps matches for: the screening result must still be what the store can read back.
  std::string text(kNoticeHeader);
  const std::string name = "Ivan Petrov";
  for (int i = 0; i < 20; ++i) {
    std::string reference = "LONG-" + std::to_string(i) + "-";
    reference += std::string(kMaxReferenceBytes - reference.size(), 'R');
    text += reference + ",blue," + name +
            ",,1970-01-01,RUS,passport:RUS:" + std::string(kMaxKeyBytes, '7') + "\n";
  }
  importCsv(ListKind::notices, text);
  importCsv(ListKind::documents, std::string(kDocumentHeader) + std::string(kMaxKeyBytes, '8') +
                                     ",RUS,passport,stolen,\n");
  importCsv(ListKind::vehicles, "plate,country,reference,reason\n" +
                                    std::string(kMaxKeyBytes, 'P') + ",RUS,," +
                                    std::string(kMaxFieldBytes, 'w') + "\n");
  BOOST_REQUIRE(refresh());
  Sighting s = person(name, "1970-01-01", "RUS");
  s.subject.documentNumber = std::string(kMaxKeyBytes, '8');
  s.subject.documentCountry = "RUS";
  s.subject.vehiclePlate = std::string(kMaxKeyBytes, 'P');
  s.subject.vehicleCountry = "RUS";
  const SightingRecorded recorded{"ALPHA-1", s, screen(s)};
  BOOST_TEST(recorded.screening.matches.size() == kMaxMatches);
  BOOST_TEST(recorded.screening.level == HitLevel::HIT);
  BOOST_TEST(recorded.screening.reason.size() <= 4096u);
  BOOST_TEST(contains(recorded.screening.reason, "more"), recorded.screening.reason);
  std::optional<EventBody> body;
  BOOST_REQUIRE_NO_THROW(body = decodePayload(encodePayload(recorded)));
  BOOST_REQUIRE(body.has_value());
  BOOST_TEST(std::get<SightingRecorded>(*body).screening == recorded.screening);
}

BOOST_FIXTURE_TEST_CASE(a_key_too_long_for_the_store_is_refused_at_import_with_its_reason,
                        Watchlists) {
  const auto refused = [](ListKind kind, const std::string& text) {
    const ImportResult r = parseWatchlist(kind, FileFormat::csv, text);
    BOOST_TEST(r.entries.empty());
    BOOST_REQUIRE_EQUAL(r.rejected.size(), 1u);
    return r.rejected[0].reason;
  };
  BOOST_TEST(contains(refused(ListKind::notices, std::string(kNoticeHeader) +
                                                     std::string(kMaxReferenceBytes + 1, 'R') +
                                                     ",red,Ivan Petrov,,,,\n"),
                      "reference is longer than 256 bytes"));
  BOOST_TEST(contains(refused(ListKind::notices, std::string(kNoticeHeader) +
                                                     "R-1,red,Ivan Petrov,,,,passport:RUS:" +
                                                     std::string(kMaxKeyBytes + 1, '7') + "\n"),
                      "number is longer than 64 bytes"));
  BOOST_TEST(contains(refused(ListKind::documents, std::string(kDocumentHeader) +
                                                       std::string(kMaxKeyBytes + 1, '8') +
                                                       ",RUS,passport,stolen,\n"),
                      "number is longer than 64 bytes"));
  BOOST_TEST(contains(
      refused(ListKind::vehicles,
              "plate,country,reference,reason\n" + std::string(kMaxKeyBytes + 1, 'P') + ",RUS,,\n"),
      "plate is longer than 64 bytes"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_CASE(empty_lists_give_no_hit_naming_zero_entries, Watchlists) {
  const ScreeningResult r = screen(test::sampleSighting("s-1"));
  BOOST_TEST(r.level == HitLevel::NO_HIT);
  BOOST_TEST(r.reason == "no hit against 0 notices, 0 travel documents and 0 vehicles");
}

namespace {

// The level of a name match by the rules of docs/screening.md, stated here apart from the
// screener's own code: the oracle of the test below.
HitLevel ruleLevel(double score, DateAgreement dob) {
  if (dob == DateAgreement::disagree) {
    return score >= kNearIdenticalNameSimilarity ? HitLevel::POSSIBLE_HIT : HitLevel::NO_HIT;
  }
  if (score >= kStrongNameSimilarity) {
    return dob == DateAgreement::agree ? HitLevel::HIT : HitLevel::POSSIBLE_HIT;
  }
  return dob == DateAgreement::agree || dob == DateAgreement::partial ? HitLevel::POSSIBLE_HIT
                                                                      : HitLevel::NO_HIT;
}

// reference -> level of every match on a name, as screen() gives them.
std::map<std::string, HitLevel> nameLevels(const ScreeningResult& r) {
  std::map<std::string, HitLevel> out;
  for (const auto& m : r.matches) out[m.reference] = m.level;
  return out;
}

// The same, worked out the long way: every candidate of the name index read from the store and
// its level decided from the stored notice's date of birth.
std::map<std::string, HitLevel> expectedLevels(Watchlists& w, const Sighting& s) {
  std::map<std::string, std::pair<HitLevel, double>> best;
  lmdb::Txn txn(w.env, true);
  const auto tokens = w.screener.normaliser().tokens(s.subject.names.front());
  for (const auto& c : w.screener.index().search(tokens, kPossibleNameSimilarity, kMaxMatches)) {
    const auto e = readEntry(txn, w.screener.dbs(), c.entryId);
    BOOST_REQUIRE(e.has_value());
    const auto& notice = std::get<Notice>(e->entry);
    const HitLevel level = ruleLevel(c.score, compareDates(s.subject.dateOfBirth, notice.dateOfBirth));
    if (level == HitLevel::NO_HIT) continue;
    auto& [kept, score] = best[notice.reference];
    if (std::tie(level, c.score) > std::tie(kept, score)) kept = level, score = c.score;
  }
  std::map<std::string, HitLevel> out;
  for (const auto& [reference, found] : best) out[reference] = found.first;
  return out;
}

}  // namespace

// The screener decides from its own copy of the notices' dates of birth which candidates can
// reach a possible hit, and reads only those from the store. That must never change a result:
// against a generated list, names as listed and with a letter changed, with the notice's date,
// a year only, another date and none, screen() gives exactly the matches of reading every
// candidate; with the notices' ids dense (one import) and sparse (most removed by a second).
BOOST_FIXTURE_TEST_CASE(the_date_check_before_reading_a_notice_never_changes_a_result, Watchlists) {
  std::ostringstream csv;
  generateWatchlist(ListKind::notices, 10'000, 20261207, csv);
  const ImportResult all = parseWatchlist(ListKind::notices, FileFormat::csv, csv.str());
  BOOST_REQUIRE(all.rejected.empty());
  BOOST_REQUIRE(importList(env, screener.dbs(), ListKind::notices, all.entries,
                           screener.normaliser()).added == 10'000u);
  BOOST_REQUIRE(refresh());

  std::vector<Sighting> sightings;
  for (std::size_t i = 0; i < all.entries.size(); i += 97) {
    const auto& n = std::get<Notice>(all.entries[i]);
    std::string typo = n.names.front();
    if (typo.size() > 4) typo[typo.size() / 2] = typo[typo.size() / 2] == 'e' ? 'a' : 'e';
    const std::string year = n.dateOfBirth.substr(0, 4);
    for (const auto& name : {n.names.front(), typo}) {
      for (const auto& dob : {n.dateOfBirth, year, std::string("1931-02-03"), std::string()}) {
        sightings.push_back(person(name, dob));
      }
    }
  }
  const auto check = [&](const char* layout) {
    std::size_t found = 0;
    for (const auto& s : sightings) {
      const auto expected = expectedLevels(*this, s);
      const auto got = nameLevels(screen(s));
      BOOST_TEST((got == expected), layout << ": " << s.subject.names.front() << ", "
                                           << s.subject.dateOfBirth);
      found += got.size();
    }
    BOOST_TEST_MESSAGE(layout << ": " << sightings.size() << " sightings, " << found << " matches");
    BOOST_TEST(found > sightings.size() / 2);  // the comparison is not of empty results
  };
  check("dense ids");

  // Every tenth notice kept: their ids stay, so they are spread ten apart, too far apart for a
  // table by id (Screener::packNoticeDates): the dates are looked up by binary search.
  std::vector<Entry> kept;
  for (std::size_t i = 0; i < all.entries.size(); i += 10) kept.push_back(all.entries[i]);
  for (std::size_t i = 0; i < all.entries.size(); i += 97) {
    if (i % 10 != 0) kept.push_back(all.entries[i]);  // and the quoted ones
  }
  importList(env, screener.dbs(), ListKind::notices, kept, screener.normaliser());
  BOOST_REQUIRE(refresh());
  check("sparse ids");
}
