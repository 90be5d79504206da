// The master scenario events list (MSEL) as trainers keep it in a spreadsheet, from CSV with
// the conventional columns (inject number, time, from, to, method, message, expected action),
// turned into scenario injects and expected actions; and back out as scenario YAML.
// Column meanings and the expected-action phrases are in docs/trainer-guide.md.
#pragma once

#include <scenarios/replay/scenario.hpp>
#include <scenarios/replay/yaml_fields.hpp>
#include <string>
#include <vector>

namespace fieldops::replay {

struct MselImport {
  std::vector<Inject> injects;
  std::vector<ExpectedAction> expected;
};

// `file` names the source in messages.
Expected<MselImport, ScenarioErrors> importMsel(const std::string& csvText,
                                                const std::string& file);
Expected<MselImport, ScenarioErrors> importMselFile(const std::string& path);

// "alert acknowledged within 3 min", "child-protection referral completed within 30 min",
// "second-line document check assigned to a unit at post Skopje airport within 10 min".
Expected<ExpectedAction, std::string> parseExpectedPhrase(const std::string& phrase);

// The injects as an `injects:` YAML document for a scenario file.
std::string injectsYaml(const MselImport& msel);

}  // namespace fieldops::replay
