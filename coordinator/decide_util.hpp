// Small helpers shared by the decision functions of the pure core.
#pragma once

#include <coordinator/core.hpp>

#include <string>
#include <string_view>

namespace fieldops {

// Control commands can move a task back and forth without end; beyond this many transitions they
// are refused, so a task's history stays within what every decoder accepts (convert.cpp).
inline constexpr std::size_t kMaxTaskTransitions = 1000;

// Cuts valid UTF-8 text to at most `max` bytes (max >= 8) without splitting a character, and
// says so, so that it stays within what every decoder accepts (protocol/convert.hpp).
inline void clipText(std::string& text, std::size_t max) {
  if (text.size() <= max) return;
  constexpr std::string_view kCut = " [...]";
  std::size_t end = max - kCut.size();
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  text += kCut;
}

Outbound errorTo(Endpoint endpoint, const std::string& peer, ErrorCode code, std::string message,
                 std::uint64_t refMessageId);

// Sends a task to a connected unit and schedules its first resend.
void pushTask(Decision& d, const std::string& peer, const Task& task, const CoreSettings& settings,
              Millis now);

}  // namespace fieldops
