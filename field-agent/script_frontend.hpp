// Scripted mode: JSON lines in (sightings, task acks, task updates), JSON lines out (events).
// A document scanner or another tool drives the agent this way. See docs/field-agent.md.
#pragma once

#include <field-agent/frontend.hpp>

#include <nlohmann/json.hpp>

#include <ostream>

namespace fieldops {

class ScriptFrontend final : public Frontend {
 public:
  explicit ScriptFrontend(std::ostream& out) : out_(out) {}

  void begin(Millis now) override;
  void line(const std::string& text, Millis now) override;
  void endOfInput(Millis now) override;
  bool finished(Millis now) const override;
  int exitCode() const override;

  void registered(const Welcome& welcome) override;
  void offline(const std::string& reason, Millis retryAt) override;
  void taskReceived(const TaskView& task) override;
  void taskCancelled(const TaskView& task, const std::string& reason) override;
  void acknowledged(const OutboxEntry& entry, bool duplicate) override;
  void refused(const OutboxEntry& entry, const Error& error) override;
  void fatal(const std::string& message) override;

 private:
  void emit(const nlohmann::json& event);

  std::ostream& out_;
  std::uint64_t lineNumber_ = 0;
  std::uint64_t refusedLines_ = 0;  // lines answered with an error event: nothing was queued
  Millis eofAt_ = 0;           // 0 while input is open
  bool fatal_ = false;
};

}  // namespace fieldops
