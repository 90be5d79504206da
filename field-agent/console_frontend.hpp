// Interactive mode: a line-oriented console for a field team under pressure. Tasks appear as
// they arrive (highest priority first); short commands answer them; a guided prompt reports a
// sighting. Nothing half-filled is ever sent. See docs/field-agent.md.
#pragma once

#include <field-agent/frontend.hpp>
#include <field-agent/sighting_wizard.hpp>

#include <memory>
#include <ostream>
#include <string>

namespace fieldops {

class ConsoleFrontend final : public Frontend {
 public:
  explicit ConsoleFrontend(std::ostream& out) : out_(out) {}

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
  void command(const std::string& text, Millis now);
  void taskCommand(const std::string& verb, const std::string& args, Millis now);
  void startReport(const std::string& args, Millis now);
  void wizardLine(const std::string& text, Millis now);
  void listTasks(Millis now);
  void printStatus(Millis now);
  void printTask(const TaskView& task, Millis now, const char* heading);
  // Prints something that arrived on its own (an event), on a fresh line, then the prompt again.
  void notice(const std::string& text);
  void prompt();

  std::ostream& out_;
  std::unique_ptr<SightingWizard> wizard_;  // set while a guided report is in progress
  bool quit_ = false;
  bool fatal_ = false;
  bool inputClosed_ = false;
  bool promptShown_ = false;  // a prompt waits on the current line, without a newline
};

}  // namespace fieldops
