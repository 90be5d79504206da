// The security subcommands of fieldops-coordinator: keygen, enroll, revoke, list and audit
// (docs/security.md), and the run options --key, --allow-list and --insecure-dev.
#pragma once

#include <CLI/CLI.hpp>
#include <coordinator/options.hpp>
#include <string>

namespace fieldops {

struct SecurityCommands {
  CLI::App* keygen = nullptr;
  CLI::App* enroll = nullptr;
  CLI::App* revoke = nullptr;
  CLI::App* list = nullptr;
  CLI::App* audit = nullptr;
  // What they were given.
  std::string out;             // keygen
  std::string label;           // keygen
  std::string principal;       // enroll, revoke; audit filter
  std::string role;            // enroll
  std::string unit;            // enroll
  std::string publicKey;       // enroll: Z85 text or a .pub file
  std::string reason;          // revoke
  std::uint64_t afterSeq = 0;  // audit
  bool changes = false;        // audit: the event log's changes too
};

// Adds --key, --allow-list and --insecure-dev to `app`, and the subcommands.
void addSecurityOptions(CLI::App& app, CoordinatorOptions& o, SecurityCommands& c);

// Runs the chosen security subcommand; -1 when none was chosen. Otherwise the exit code.
int runSecurityCommand(const CoordinatorOptions& o, const SecurityCommands& c);

}  // namespace fieldops
