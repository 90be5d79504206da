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

// The exercise clock of `--clock stepped`: it moves only when set, by the replayer's
// advanceClock (docs/coordinator.md), and never backwards.
class SteppedClock final : public Clock {
 public:
  explicit SteppedClock(Millis start) : now_(start) {}
  Millis now() const override { return now_; }
  void set(Millis at) {
    if (at > now_) now_ = at;
  }

 private:
  Millis now_;
};

}  // namespace fieldops
