// The scenario file (YAML) -> Scenario, with every problem located by file, line and field.
// The format is documented in docs/trainer-guide.md. Structure only: cross-references and
// values that need the whole scenario are checked by validateScenario (scenario_check.hpp).
#pragma once

#include <protocol/expected.hpp>
#include <scenarios/replay/scenario.hpp>
#include <scenarios/replay/yaml_fields.hpp>
#include <string>

namespace fieldops::replay {

// `file` names the source in messages; `baseDir` resolves relative paths (watchlists, msel).
// The `msel:` files the scenario names are returned in `mselFiles` for the loader to read.
struct ParsedScenario {
  Scenario scenario;
  std::vector<std::pair<std::string, SourceRef>> mselFiles;
};
Expected<ParsedScenario, ScenarioErrors> parseScenarioYaml(const std::string& text,
                                                           const std::string& file,
                                                           const std::string& baseDir);

// Parsing pieces the MSEL import shares.
// Reads the fields given into `s`, keeping its values for the others.
void readSighting(MapReader& r, Sighting& s);
// What an inject of this kind reports unless the scenario says otherwise.
Sighting presetSighting(InjectKind kind);
void readExpectList(const YAML::Node& list, const std::string& path, Inject& inject,
                    Scenario& scenario, Issues& issues);

}  // namespace fieldops::replay
