// libFuzzer target for the one door for untrusted bytes: decode() must never crash, throw or
// leak on any input, and whatever it accepts must survive encode() and decode() again.
#include <protocol/codec.hpp>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view frame(reinterpret_cast<const char*>(data), size);
  auto decoded = fieldops::decode(frame);
  if (decoded) {
    auto again = fieldops::decode(fieldops::encode(*decoded));
    if (!again) std::abort();  // we produced something our own decoder rejects
  }
  return 0;
}
