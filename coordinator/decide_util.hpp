// Small helpers shared by the decision functions of the pure core.
#pragma once

#include <coordinator/core.hpp>

namespace fieldops {

// Control commands can move a task back and forth without end; beyond this many transitions they
// are refused, so a task's history stays within what every decoder accepts (convert.cpp).
inline constexpr std::size_t kMaxTaskTransitions = 1000;

Outbound errorTo(Endpoint endpoint, const std::string& peer, ErrorCode code, std::string message,
                 std::uint64_t refMessageId);

// Sends a task to a connected unit and schedules its first resend.
void pushTask(Decision& d, const std::string& peer, const Task& task, const CoreSettings& settings,
              Millis now);

}  // namespace fieldops
