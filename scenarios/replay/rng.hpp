// A small deterministic random generator (SplitMix64): the same seed gives the same draws on
// every platform and standard library, which std::uniform_*_distribution does not promise.
#pragma once

#include <cstdint>
#include <protocol/messages.hpp>
#include <string_view>

namespace fieldops::replay {

// FNV-1a: a stable hash for deriving one generator per unit from the run's seed.
inline std::uint64_t stableHash(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  bool chance(double p) { return uniform() < p; }
  // `base` varied uniformly by ±jitter (a fraction); never below 1 ms.
  Millis jittered(Millis base, double jitter) {
    const double f = 1.0 + jitter * (2.0 * uniform() - 1.0);
    const auto v = static_cast<Millis>(static_cast<double>(base) * f);
    return v < 1 ? 1 : v;
  }

 private:
  std::uint64_t state_;
};

}  // namespace fieldops::replay
