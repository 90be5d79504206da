// The scenario format and the MSEL import, as a trainer meets them: every problem names the
// file, the line and the field; a correct file gives exactly the values written.
#define BOOST_TEST_MODULE scenario_parse
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <scenarios/replay/msel.hpp>
#include <scenarios/replay/scenario_check.hpp>
#include <scenarios/replay/time_text.hpp>
#include <tests/support/replay_printing.hpp>
#include <tests/support/support.hpp>

using namespace fieldops;
using namespace fieldops::replay;

namespace {

const std::string kLibrary = std::string(FIELDOPS_SOURCE_DIR) + "/scenarios/library/";

const char* kMinimal = R"(operation:
  id: EX-1
  start: 2026-05-04T06:00:00Z
  duration: 01:00:00
posts:
  - {name: Airport, lat: 41.96, lon: 21.62, staffed: yes}
units:
  - callsign: ALPHA-1
    post: Airport
    capabilities: [documentCheck]
injects:
  - id: I-1
    at: T+00:05:00
    kind: minorAlone
    unit: ALPHA-1
    expect:
      - {action: alertAcknowledged, within: 3m}
)";

// The scenario text with `from` replaced by `to`, parsed; the error text, or "" when valid.
std::string errorsOf(const std::string& text) {
  auto s = loadScenarioText(text, "drill.yaml", ".");
  return s ? "" : s.error().text();
}

std::string with(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, from);
  return text.replace(at, from.size(), to);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_minimal_scenario_reads_as_written_with_defaults_from_its_unit) {
  auto s = loadScenarioText(kMinimal, "drill.yaml", ".");
  BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? std::string() : s.error().text()));
  BOOST_TEST(s->operation.id == "EX-1");
  BOOST_TEST(s->operation.start == 1'777'874'400'000LL);  // 2026-05-04T06:00:00Z
  BOOST_TEST(s->operation.duration == 3'600'000);
  BOOST_REQUIRE(s->injects.size() == 1u);
  const Inject& in = s->injects.front();
  BOOST_TEST(in.at == 300'000);
  BOOST_TEST(in.sighting.sightingId == "I-1");
  BOOST_TEST(in.sighting.post == "Airport");
  BOOST_TEST(in.sighting.position.lat == 41.96);
  BOOST_TEST(in.sighting.minorCount == 1u);
  BOOST_REQUIRE(in.sighting.indicators.size() == 1u);
  BOOST_TEST(in.sighting.indicators.front() == Indicator::UNACCOMPANIED_MINOR);
  BOOST_REQUIRE(s->expected.size() == 1u);
  BOOST_TEST(s->expected.front().id == "I-1.1");
  BOOST_TEST(s->expected.front().within == 180'000);
  BOOST_TEST(s->expected.front().capability == "alert handling");
}

BOOST_AUTO_TEST_CASE(a_wrong_value_names_the_file_line_column_and_field) {
  const std::string e = errorsOf(with(kMinimal, "at: T+00:05:00", "at: soon"));
  BOOST_TEST(
      e.find("drill.yaml:13:9: injects[0].at: 'soon' is not an exercise time") != std::string::npos,
      e);
}

BOOST_AUTO_TEST_CASE(a_misspelt_field_is_reported_not_ignored) {
  const std::string e = errorsOf(with(kMinimal, "    post: Airport", "    psot: Airport"));
  BOOST_TEST(e.find("drill.yaml:9:5: units[0].psot: unknown field") != std::string::npos, e);
}

BOOST_AUTO_TEST_CASE(a_missing_required_field_names_the_map_that_lacks_it) {
  const std::string e = errorsOf(with(kMinimal, "  duration: 01:00:00\n", ""));
  BOOST_TEST(
      e.find("drill.yaml:2:3: operation.duration: required field is missing") != std::string::npos,
      e);
}

BOOST_AUTO_TEST_CASE(unknown_enum_words_list_the_choices) {
  std::string text = with(kMinimal, "kind: minorAlone", "kind: minorLost");
  std::string e = errorsOf(text);
  BOOST_TEST(e.find("drill.yaml:14:11: injects[0].kind: 'minorLost' is not one of sighting") !=
                 std::string::npos,
             e);
  e = errorsOf(with(kMinimal, "action: alertAcknowledged", "action: alertSeen"));
  BOOST_TEST(e.find("injects[0].expect[0].action: 'alertSeen'") != std::string::npos, e);
}

BOOST_AUTO_TEST_CASE(references_to_units_posts_and_expected_actions_are_checked) {
  std::string e = errorsOf(with(kMinimal, "unit: ALPHA-1", "unit: BRAVO-9"));
  BOOST_TEST(
      e.find("drill.yaml:12:5: unit: no simulated unit named 'BRAVO-9'") != std::string::npos, e);
  e = errorsOf(with(kMinimal, "    post: Airport", "    post: Harbour"));
  BOOST_TEST(e.find("no post named 'Harbour'") != std::string::npos, e);
  e = errorsOf(std::string(kMinimal) +
               "  - {id: C-1, if_missed: I-9.1, kind: note, text: nobody came}\n");
  BOOST_TEST(
      e.find("drill.yaml:18:5: if_missed: no expected action named 'I-9.1'") != std::string::npos,
      e);
}

BOOST_AUTO_TEST_CASE(a_sighting_the_coordinator_would_refuse_is_refused_here) {
  const std::string e = errorsOf(with(kMinimal, "    unit: ALPHA-1\n",
                                      "    unit: ALPHA-1\n    sighting: {confidence: 100, "
                                      "names: ['" +
                                          std::string(300, 'x') + "']}\n"));
  BOOST_TEST(e.find("injects[0]") == std::string::npos);  // located at the inject itself
  BOOST_TEST(
      e.find("drill.yaml:12:5: sighting: the coordinator would refuse it") != std::string::npos, e);
}

BOOST_AUTO_TEST_CASE(a_date_of_birth_the_coordinator_would_refuse_is_refused_here) {
  const auto errorsBorn = [](const std::string& dateOfBirth) {
    return errorsOf(
        with(kMinimal, "    unit: ALPHA-1\n",
             "    unit: ALPHA-1\n    sighting: {date_of_birth: '" + dateOfBirth + "'}\n"));
  };
  // The inject is observed at T+00:05:00 on 4 May 2026.
  std::string e = errorsBorn("2026-05-05");
  BOOST_TEST(e.find("drill.yaml:12:5: sighting: the coordinator would refuse it: "
                    "subject.dateOfBirth: '2026-05-05' is after the time observed "
                    "(2026-05-04T06:05:00Z)") != std::string::npos,
             e);
  e = errorsBorn("2025-02-30");
  BOOST_TEST(e.find("subject.dateOfBirth: '2025-02-30' is not a date") != std::string::npos, e);
  BOOST_TEST(errorsBorn("2026-05-04").empty());
  BOOST_TEST(errorsBorn("2010-00-00").empty());
}

BOOST_AUTO_TEST_CASE(yaml_syntax_errors_carry_their_position) {
  const std::string e = errorsOf("operation:\n  id: [unclosed\n");
  BOOST_TEST(e.find("drill.yaml:") == 0u, e);
  BOOST_TEST(e.find("YAML syntax") != std::string::npos, e);
}

BOOST_AUTO_TEST_CASE(every_problem_is_reported_at_once) {
  std::string text = with(kMinimal, "at: T+00:05:00", "at: later");
  text = with(text, "within: 3m", "within: soon");
  const std::string e = errorsOf(text);
  BOOST_TEST(e.find("injects[0].at") != std::string::npos, e);
  BOOST_TEST(e.find("injects[0].expect[0].within") != std::string::npos, e);
}

BOOST_AUTO_TEST_CASE(the_library_drill_is_valid) {
  auto s = loadScenario(kLibrary + "tabanovce-drill.yaml");
  BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? std::string() : s.error().text()));
  BOOST_TEST(s->units.size() == 4u);
  BOOST_TEST(s->inject("C-1")->ifMissed == "I-4.ack");
  BOOST_TEST(s->inject("I-6")->entries.size() == 1u);
  BOOST_TEST(s->unit("BRAVO-2")->behaviour.acceptDelay == 60'000);  // from unit_defaults
  BOOST_TEST(s->unit("CHARLIE-3")->behaviour.jitter == 0.3);
}

BOOST_AUTO_TEST_CASE(times_read_as_trainers_write_them) {
  BOOST_TEST(*parseOffset("T+01:02:03") == 3'723'000);
  BOOST_TEST(*parseOffset("T+90:00") == 5'400'000);
  BOOST_TEST(*parseDuration("3 min") == 180'000);
  BOOST_TEST(*parseDuration("1h30m") == 5'400'000);
  BOOST_TEST(*parseDuration("00:00:30") == 30'000);
  BOOST_TEST(!parseDuration("3 parsecs").has_value());
  // At most a year and a day: more would overflow (the digits fit, the milliseconds do not).
  BOOST_TEST(*parseDuration("366d") == 31'622'400'000LL);
  BOOST_TEST(!parseDuration("367d").has_value());
  BOOST_TEST(!parseDuration("99999999999999999999 min").has_value());
  BOOST_TEST(!parseDuration("200d 200d").has_value());
  BOOST_TEST(!parseOffset("T+9999999999999999:00:00").has_value());
  BOOST_TEST(!parseOffset("T+999999999999:00").has_value());
  BOOST_TEST(*parseInstant("2026-05-04T06:00:00Z") == 1'777'874'400'000LL);
  BOOST_TEST(!parseInstant("2026-05-04T06:00:00+02:00").has_value());
  BOOST_TEST(formatOffset(3'723'000) == "T+01:02:03");
}

BOOST_AUTO_TEST_CASE(an_msel_becomes_injects_with_expected_actions) {
  auto m = importMselFile(kLibrary + "tabanovce-drill-msel.csv");
  BOOST_REQUIRE_MESSAGE(m.has_value(), (m ? std::string() : m.error().text()));
  BOOST_REQUIRE(m->injects.size() == 4u);
  BOOST_TEST(m->injects[0].id == "MSEL-1");
  BOOST_TEST(m->injects[0].kind == InjectKind::minorAlone);
  BOOST_TEST(m->injects[0].unit == "ALPHA-1");
  BOOST_TEST(m->injects[1].kind == InjectKind::sighting);
  BOOST_TEST(m->injects[1].sighting.freeText == "Passport A9000103 (MKD), listed as stolen.");
  BOOST_TEST(m->injects[2].kind == InjectKind::note);  // a phone call: for the players only
  BOOST_TEST(m->injects[2].text.find("\"Istanbul passenger\"") != std::string::npos,
             m->injects[2].text);
  BOOST_REQUIRE(m->expected.size() == 5u);
  BOOST_TEST(m->expected[1].action == ActionKind::taskCompleted);
  BOOST_TEST(*m->expected[1].taskKind == TaskKind::CHILD_PROTECTION_REFERRAL);
  BOOST_TEST(m->expected[1].within == 1'800'000);
  BOOST_TEST(m->expected[3].post == "Skopje airport");
  BOOST_TEST(m->expected[3].action == ActionKind::taskAssigned);
  // And back out as YAML that a scenario takes.
  const std::string yaml = injectsYaml(*m);
  BOOST_TEST(yaml.find("task_kind: secondLineDocumentCheck") != std::string::npos, yaml);
}

BOOST_AUTO_TEST_CASE(msel_errors_name_the_file_line_and_column) {
  auto bad = importMsel(
      "inject number,time,from,to,method,message,expected action\n"
      "1,T+00:05:00,ALPHA-1,,report,ok,alert acknowledged within 3 min\n"
      "2,tomorrow,ALPHA-1,,report,late,alert seen within 3 min\n",
      "msel.csv");
  BOOST_REQUIRE(!bad.has_value());
  const std::string e = bad.error().text();
  BOOST_TEST(e.find("msel.csv:3:3: time: 'tomorrow' is not an exercise time") != std::string::npos,
             e);
  BOOST_TEST(e.find("msel.csv:3:33: expected action: 'alert seen' is not") != std::string::npos, e);
  auto unclosed = importMsel("inject number,time,message\n1,T+00:01:00,\"no end\n", "m.csv");
  BOOST_REQUIRE(!unclosed.has_value());
  BOOST_TEST(
      unclosed.error().text().find("m.csv:2:14: a quoted field is not closed") != std::string::npos,
      unclosed.error().text());
  // A legacy spreadsheet export (Windows-1252 "é"), and a NUL: refused where they stand.
  auto legacy =
      importMsel("inject number,time,message\n1,T+00:01:00,caf\xe9\n2,T+00:02:00,a", "l.csv");
  BOOST_REQUIRE(!legacy.has_value());
  BOOST_TEST(legacy.error().text().find("l.csv:2:14: not valid UTF-8") != std::string::npos,
             legacy.error().text());
  auto nul =
      importMsel(std::string("inject number,time,message\n1,T+00:01:00,a") + '\0' + "b\n", "n.csv");
  BOOST_REQUIRE(!nul.has_value());
  BOOST_TEST(nul.error().text().find("n.csv:2:14: not valid UTF-8") != std::string::npos,
             nul.error().text());
  auto twice = importMsel(
      "inject number,time,message,expected action\n"
      "1,T+00:01:00,a,alert acknowledged within 3 min\n"
      "1,T+00:02:00,b,alert resolved within 9 min\n",
      "t.csv");
  BOOST_REQUIRE(!twice.has_value());
  BOOST_TEST(twice.error().text().find(
                 "t.csv:3:1: inject number: inject 'MSEL-1' is listed twice (first on line 2)") !=
                 std::string::npos,
             twice.error().text());
  auto header = importMsel("inject number,when,message\n", "h.csv");
  BOOST_REQUIRE(!header.has_value());
  BOOST_TEST(header.error().text().find("h.csv:1:15: when: unknown column") != std::string::npos,
             header.error().text());
}

BOOST_AUTO_TEST_CASE(a_scenario_takes_its_injects_from_an_msel) {
  fieldops::test::TempDir dir;
  std::ofstream(dir / "m.csv")
      << "inject number,time,from,method,message,expected action\n"
         "7,T+00:20:00,ALPHA-1,minorAlone,child alone,alert acknowledged within 2 min\n";
  auto s = loadScenarioText(std::string(kMinimal) + "msel: m.csv\n", "drill.yaml", dir.path());
  BOOST_REQUIRE_MESSAGE(s.has_value(), (s ? std::string() : s.error().text()));
  BOOST_REQUIRE(s->inject("MSEL-7") != nullptr);
  BOOST_TEST(s->inject("MSEL-7")->at == 1'200'000);
  BOOST_TEST(s->expectedAction("MSEL-7.1")->within == 120'000);
}
