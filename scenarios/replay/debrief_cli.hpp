// `fieldops-replay debrief`: its flags and its run (see debrief.hpp, docs/trainer-guide.md).
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <scenarios/replay/debrief.hpp>
#include <string>

namespace fieldops::replay {

class DebriefCommand {
 public:
  explicit DebriefCommand(CLI::App& app);
  bool chosen() const { return command_->parsed(); }
  // defaultCoordinatorBin: used when neither --control nor --coordinator-bin is given.
  int run(const std::string& defaultCoordinatorBin);

 private:
  CLI::App* command_;
  DebriefOptions options_;
  std::string speed_ = "max";
};

}  // namespace fieldops::replay
