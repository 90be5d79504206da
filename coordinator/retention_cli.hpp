// The retention subcommands of fieldops-coordinator: close an operation, and purge its personal
// data once the retention period has passed (docs/coordinator.md, docs/store.md "Retention").
#pragma once

#include <CLI/CLI.hpp>
#include <coordinator/options.hpp>
#include <coordinator/store.hpp>
#include <optional>
#include <string>

namespace fieldops {

struct RetentionCommands {
  CLI::App* app = nullptr;
  CLI::App* close = nullptr;
  CLI::App* purge = nullptr;
  std::uint32_t retentionDays = 0;
  std::string reason;
  std::string now;  // --now, for tests and for a purge run as of a given time
};

// Adds `close` and `purge` to the command line; `commands` must outlive the parse.
void addRetentionCommands(CLI::App& app, RetentionCommands& commands);

// Runs the chosen retention subcommand and returns its exit code; empty when none was chosen.
std::optional<int> runRetentionCommand(const RetentionCommands& commands,
                                       const CoordinatorOptions& options);

// Why a coordinator must not run on this store: its operation is closed (closure is final).
std::optional<std::string> closedOperationRefusal(const EventStore& store,
                                                  const std::string& operationId);

}  // namespace fieldops
