// The rule for a justification of access to personal data (docs/security.md): the coordinator
// enforces it; clients check it first only to save a round trip.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace fieldops {

// At least this many characters other than spaces: a few words, not a character.
inline constexpr std::size_t kMinJustification = 8;
inline constexpr std::size_t kMaxJustification = 1000;  // bytes

// Why a justification is not acceptable, in words for the user; nothing when it is.
std::optional<std::string> justificationProblem(const std::string& justification);

}  // namespace fieldops
