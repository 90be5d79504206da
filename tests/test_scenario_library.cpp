// The scenario library (scenarios/library/): each large exercise loads and passes the
// replayer's own parser and checks, and is big enough to exercise a command centre: at least 20
// units and 50 injects, a minor, and a contingency inject; each is marked FICTIONAL.
#define BOOST_TEST_MODULE scenario_library
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <scenarios/replay/scenario_check.hpp>
#include <sstream>
#include <string>

using namespace fieldops;
using namespace fieldops::replay;

namespace {

const char* const kLibrary[] = {"western-balkans-land-border.yaml", "eu-airport-hub.yaml",
                                "americas-air-sea.yaml"};

std::string pathOf(const std::string& name) {
  return std::string(FIELDOPS_SOURCE_DIR) + "/scenarios/library/" + name;
}

bool involvesMinor(const Inject& in) {
  return in.kind == InjectKind::minorAlone || in.kind == InjectKind::groupCrossing ||
         (sendsSighting(in.kind) && in.sighting.minorCount > 0);
}

}  // namespace

BOOST_DATA_TEST_CASE(a_library_scenario_is_valid_and_large, boost::unit_test::data::make(kLibrary),
                     name) {
  auto loaded = loadScenario(pathOf(name));
  BOOST_REQUIRE_MESSAGE(loaded.has_value(), (loaded ? std::string() : loaded.error().text()));
  const Scenario& s = *loaded;
  BOOST_TEST(s.units.size() >= 20u);
  BOOST_TEST(s.injects.size() >= 50u);
  BOOST_TEST(s.commander.has_value());
  BOOST_TEST(s.operation.name.find("FICTIONAL") != std::string::npos);
  std::size_t minors = 0, alone = 0, contingencies = 0;
  for (const auto& in : s.injects) {
    if (involvesMinor(in)) ++minors;
    if (in.kind == InjectKind::minorAlone) ++alone;
    if (!in.ifMissed.empty()) {
      ++contingencies;
      BOOST_TEST(s.expectedAction(in.ifMissed) != nullptr, in.id << " waits for " << in.ifMissed);
    }
  }
  BOOST_TEST(minors >= 1u);
  BOOST_TEST(alone >= 1u);
  BOOST_TEST(contingencies >= 1u);
}

BOOST_DATA_TEST_CASE(a_library_scenario_uses_every_kind_of_expected_action,
                     boost::unit_test::data::make(kLibrary), name) {
  auto loaded = loadScenario(pathOf(name));
  BOOST_REQUIRE(loaded.has_value());
  for (auto kind :
       {ActionKind::alertAcknowledged, ActionKind::alertResolved, ActionKind::taskCreated,
        ActionKind::taskAssigned, ActionKind::taskAccepted, ActionKind::taskCompleted}) {
    bool used = false;
    for (const auto& a : loaded->expected) used = used || a.action == kind;
    BOOST_TEST(used, name << " expects no " << actionKindName(kind));
  }
}

BOOST_DATA_TEST_CASE(a_library_scenario_says_it_is_fictional_at_the_top,
                     boost::unit_test::data::make(kLibrary), name) {
  std::ifstream in(pathOf(name));
  std::string first;
  std::getline(in, first);
  BOOST_TEST(first.find("FICTIONAL") != std::string::npos, first);
}
