// libFuzzer target for the MSEL import: a trainer's spreadsheet export (CSV) must become injects
// and expected actions or located issues, never a crash; what is accepted must also write out
// as scenario YAML.
#include <scenarios/replay/msel.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto imported = fieldops::replay::importMsel(text, "fuzz.csv");
  if (imported) (void)fieldops::replay::injectsYaml(*imported);
  return 0;
}
