// libFuzzer target for watchlist CSV files (notices, documents, vehicles): see fuzz_watchlist.hpp.
#include <tests/fuzz/fuzz_watchlist.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fieldops::screening::fuzz::importAsEveryList(
      fieldops::screening::FileFormat::csv,
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
