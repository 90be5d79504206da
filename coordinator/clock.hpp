// Time is injected: the loop reads only the clock it is given (design.md, "One turn").
#pragma once

#include <protocol/messages.hpp>

#include <chrono>

namespace fieldops {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Millis now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Millis now() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace fieldops
