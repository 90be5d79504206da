// The justification rule (see justification.hpp).
#include <protocol/justification.hpp>

namespace fieldops {

std::optional<std::string> justificationProblem(const std::string& justification) {
  std::size_t letters = 0;
  for (unsigned char c : justification) letters += c > ' ' ? 1 : 0;
  if (letters < kMinJustification) {
    return "personal data needs a justification: say why, in a few words (at least " +
           std::to_string(kMinJustification) + " characters), e.g. the case or the task";
  }
  if (justification.size() > kMaxJustification) {
    return "a justification is at most " + std::to_string(kMaxJustification) + " bytes";
  }
  return std::nullopt;
}

}  // namespace fieldops
