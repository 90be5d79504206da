// The checks that need the whole scenario: references between units, posts, injects and
// expected actions; times within the exercise; sightings as the coordinator's decoder would
// judge them. Also fills the defaults that depend on other parts (a sighting's post, position
// and id from its unit and inject).
#pragma once

#include <scenarios/replay/scenario.hpp>
#include <scenarios/replay/yaml_fields.hpp>

namespace fieldops::replay {

void completeAndCheck(Scenario& scenario, Issues& issues);

// Reads, parses (with its msel: files) and checks a scenario file.
Expected<Scenario, ScenarioErrors> loadScenario(const std::string& path);
// The same from text; `file` names it in messages, `baseDir` resolves relative paths.
Expected<Scenario, ScenarioErrors> loadScenarioText(const std::string& text,
                                                    const std::string& file,
                                                    const std::string& baseDir);

}  // namespace fieldops::replay
