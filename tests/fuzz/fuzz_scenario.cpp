// libFuzzer target for the scenario file a trainer hands the replayer: parseScenarioYaml() and
// then the whole-scenario checks must turn any text into a scenario or located issues, never a
// crash, a hang or an uncaught exception. The msel: files a scenario names are not read (they
// are fuzz_msel's input), and relative paths resolve under a directory that does not exist.
#include <scenarios/replay/scenario_check.hpp>
#include <scenarios/replay/scenario_yaml.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = fieldops::replay::parseScenarioYaml(text, "fuzz.yaml", "/nonexistent-fuzz-dir");
  if (!parsed) return 0;
  fieldops::replay::Issues issues;
  fieldops::replay::completeAndCheck(parsed->scenario, issues);
  return 0;
}
