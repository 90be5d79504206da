// libFuzzer target for the MSEL import: a trainer's spreadsheet export (CSV) must become injects
// and expected actions or located issues, never a crash. What it accepts, written out as
// scenario YAML (injectsYaml, `fieldops-replay msel`), must read back as the same injects.
#include <scenarios/replay/msel.hpp>
#include <scenarios/replay/scenario_yaml.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

// An operation for the injects to belong to; parseScenarioYaml checks structure only.
constexpr const char* kOperation = R"(operation:
  id: EX-1
  start: 2026-05-04T06:00:00Z
  duration: 01:00:00
)";

// Says which value did not survive, for whoever reads the crash report.
[[noreturn]] void lost(const char* what, std::size_t inject) {
  std::fprintf(stderr, "injects[%zu].%s differs after injectsYaml and parseScenarioYaml\n", inject,
               what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fieldops::replay;
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto imported = importMsel(text, "fuzz.csv");
  if (!imported) return 0;
  auto reread = parseScenarioYaml(kOperation + injectsYaml(*imported), "msel.yaml", ".");
  if (!reread) {
    std::fprintf(stderr, "%s\n", reread.error().text().c_str());
    std::abort();
  }
  const auto& injects = reread->scenario.injects;
  if (injects.size() != imported->injects.size()) lost("size()", 0);
  for (std::size_t i = 0; i < injects.size(); ++i) {
    const auto& a = imported->injects[i];
    const auto& b = injects[i];
    if (a.id != b.id) lost("id", i);
    if (a.at != b.at) lost("at", i);
    if (a.kind != b.kind) lost("kind", i);
    if (a.unit != b.unit) lost("unit", i);
    if (a.text != b.text) lost("text", i);
    if (a.sighting.freeText != b.sighting.freeText) lost("sighting.text", i);
  }
  if (reread->scenario.expected.size() != imported->expected.size()) lost("expect.size()", 0);
  return 0;
}
