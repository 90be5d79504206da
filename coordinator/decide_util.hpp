// Small helpers shared by the decision functions of the pure core.
#pragma once

#include <coordinator/core.hpp>

namespace fieldops {

Outbound errorTo(Endpoint endpoint, const std::string& peer, ErrorCode code, std::string message,
                 std::uint64_t refMessageId);

// Sends a task to a connected unit and schedules its first resend.
void pushTask(Decision& d, const std::string& peer, const Task& task, const CoreSettings& settings,
              Millis now);

}  // namespace fieldops
