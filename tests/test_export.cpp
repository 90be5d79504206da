// fieldops-coordinator export: events, sightings and tasks as CSV, GeoJSON and KML for GIS
// tools, read from a real store by the real program. KML is checked with xmllint.
#define BOOST_TEST_MODULE export
#include <boost/test/unit_test.hpp>
#include <coordinator/core.hpp>
#include <coordinator/store.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tests/support/support.hpp>

using namespace fieldops;
using namespace fieldops::test;
using namespace std::chrono_literals;

namespace {

constexpr Millis kAt = 1'780'293'600'000;  // 2026-06-01T06:00:00Z

// A store with a post, a unit, a sighting whose texts need quoting and escaping, and a task.
void fillStore(const std::string& dir) {
  EventStore store(StoreOptions{dir, kOperation, true, 64 << 20, false});
  OperationState state = store.load();
  Sighting s = sampleSighting("s-1", kAt);
  s.subject.names = {"Петров, Иван \"Ваня\"", "<&> O'Brien"};
  s.freeText = "line one\nline two";
  s.subject.vehiclePlate = "=HYPERLINK(1)";
  Task task;
  task.taskId = 1;
  task.kind = TaskKind::INSPECT_VEHICLE;
  task.priority = Priority::P1;
  task.dueAt = kAt + 600'000;
  task.target = std::string("Batrovci");
  std::vector<Event> events = {
      {kAt, kCoordinatorPrincipal, PostDefined{PostView{"Batrovci", {45.05, 19.1}, true}}},
      {kAt + 1, "ALPHA-1", UnitRegistered{sampleHello("ALPHA-1")}},
      {kAt + 2, "ALPHA-1", SightingRecorded{"ALPHA-1", s, {}}},
      {kAt + 3, kControlPrincipal, TaskCreated{task}},
      {kAt + 4, kControlPrincipal, TaskAssigned{1, "ALPHA-1"}},
      {kAt + 5, "ALPHA-1", TaskDelivered{1}},
  };
  for (const auto& e : events) apply(state, e);
  store.append(events, state);
}

std::string exported(const TempDir& dir, const std::string& format, const std::string& what) {
  auto r = runProgram(FIELDOPS_COORDINATOR_BIN,
                      {"export", "--data-dir", dir / "data", "--format", format, "--what", what,
                       "--justification", "GIS layer for the debrief"});
  BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
  return r.out;
}

// RFC 4180 rows (quoted fields may hold commas, quotes and line breaks).
std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
        rows.back().back() += '"', ++i;
      else if (c == '"')
        quoted = false;
      else
        rows.back().back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      if (i + 1 < text.size()) rows.emplace_back(1);
    } else {
      rows.back().back() += c;
    }
  }
  return rows;
}

std::string column(const std::vector<std::vector<std::string>>& rows, std::size_t row,
                   const std::string& name) {
  for (std::size_t i = 0; i < rows[0].size(); ++i) {
    if (rows[0][i] == name) return rows[row].at(i);
  }
  BOOST_FAIL("no column " << name);
  return {};
}

}  // namespace

BOOST_AUTO_TEST_CASE(sightings_as_csv_keep_every_character) {
  TempDir dir;
  fillStore(dir / "data");
  const auto rows = parseCsv(exported(dir, "csv", "sightings"));
  BOOST_REQUIRE(rows.size() == 2u);
  BOOST_TEST(rows[0][0] == "lat");
  BOOST_TEST(column(rows, 1, "names") == "Петров, Иван \"Ваня\"; <&> O'Brien");
  BOOST_TEST(column(rows, 1, "freeText") == "line one\nline two");
  BOOST_TEST(column(rows, 1, "observedAt") == "2026-06-01T06:00:00Z");
  BOOST_TEST(column(rows, 1, "unit") == "ALPHA-1");
  BOOST_TEST(column(rows, 1, "vehiclePlate") == "'=HYPERLINK(1)");  // not a formula
}

BOOST_AUTO_TEST_CASE(tasks_and_events_as_geojson_are_placed_where_they_happen) {
  TempDir dir;
  fillStore(dir / "data");
  const auto tasks = nlohmann::json::parse(exported(dir, "geojson", "tasks"));
  BOOST_TEST(tasks["type"] == "FeatureCollection");
  BOOST_REQUIRE(tasks["features"].size() == 1u);
  const auto& task = tasks["features"][0];
  BOOST_TEST(task["geometry"]["type"] == "Point");
  BOOST_TEST(task["geometry"]["coordinates"][0].get<double>() == 19.1);  // lon first
  BOOST_TEST(task["geometry"]["coordinates"][1].get<double>() == 45.05);
  BOOST_TEST(task["properties"]["state"] == "delivered");
  BOOST_TEST(task["properties"]["unit"] == "ALPHA-1");
  BOOST_TEST(task["properties"]["kind"] == "inspectVehicle");

  const auto events = nlohmann::json::parse(exported(dir, "geojson", "events"));
  BOOST_REQUIRE(events["features"].size() == 6u);
  BOOST_TEST(events["features"][2]["properties"]["kind"] == "sightingRecorded");
  BOOST_TEST(events["features"][2]["geometry"]["type"] == "Point");
  BOOST_TEST(events["features"][5]["geometry"].is_null());  // a delivery has no place of its own
}

BOOST_AUTO_TEST_CASE(kml_is_well_formed_and_escapes_what_it_must) {
  TempDir dir;
  fillStore(dir / "data");
  const std::string kml = exported(dir, "kml", "sightings");
  std::ofstream(dir / "out.kml") << kml;
  auto lint = runProgram(FIELDOPS_XMLLINT_BIN, {"--noout", dir / "out.kml"});
  BOOST_TEST(lint.status == 0, lint.err);
  BOOST_TEST(kml.find("&lt;&amp;&gt; O&#39;Brien") != std::string::npos);
  BOOST_TEST(kml.find("<when>2026-06-01T06:00:00Z</when>") != std::string::npos);
  const std::string events = exported(dir, "kml", "events");
  std::size_t placemarks = 0;
  for (auto p = events.find("<Placemark>"); p != std::string::npos;
       p = events.find("<Placemark>", p + 1)) {
    ++placemarks;
  }
  BOOST_TEST(placemarks ==
             4u);  // post, registration, sighting, task created: the rest have no place
}

BOOST_AUTO_TEST_CASE(an_export_to_a_file_and_a_bad_choice) {
  TempDir dir;
  fillStore(dir / "data");
  auto r = runProgram(FIELDOPS_COORDINATOR_BIN, {"export", "--data-dir", dir / "data", "--format",
                                                 "csv", "--what", "tasks", "--out", dir / "t.csv",
                                                 "--justification", "tasks for the GIS layer"});
  BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
  std::ifstream in(dir / "t.csv");
  std::stringstream text;
  text << in.rdbuf();
  BOOST_TEST(parseCsv(text.str()).size() == 2u);
  auto unjustified = runProgram(FIELDOPS_COORDINATOR_BIN, {"export", "--data-dir", dir / "data",
                                                          "--format", "csv", "--what", "tasks"});
  BOOST_TEST(unjustified.status == 2);
  BOOST_TEST(unjustified.err.find("justification") != std::string::npos, unjustified.err);
  BOOST_TEST(unjustified.out.empty());
  auto bad = runProgram(FIELDOPS_COORDINATOR_BIN,
                        {"export", "--data-dir", dir / "data", "--what", "tasks"});
  BOOST_TEST(bad.status == 2);
  BOOST_TEST(bad.err.find("jsonl exports the events") != std::string::npos, bad.err);
}
