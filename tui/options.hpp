// Everything fieldops-dashboard can be told on its command line (see docs/dashboard.md).
#pragma once

#include <optional>
#include <protocol/curve.hpp>
#include <string>

namespace fieldops::dashboard {

// The commander name sent when none was given but a key was: a secure coordinator credits the
// key's principal instead of any name sent.
inline constexpr const char* kKeyPrincipal = "(the principal of my key)";

struct DashboardOptions {
  std::string control = "tcp://127.0.0.1:7401";  // the coordinator's control endpoint
  std::string updates;                           // the update stream; empty: as the snapshot says
  std::string operationId = "exercise";
  bool exercise = true;
  bool observer = false;
  std::string commander;    // default: $USER
  bool monochrome = false;  // ignore colours even when the terminal has them
  // CURVE, for both the control DEALER and the update SUB: this principal's key pair and the
  // coordinator's public key. None only against a coordinator run with --insecure-dev.
  std::optional<curve::ClientKeys> keys{};
};

// The update stream endpoint to connect to: the override, else the snapshot's, with a wildcard
// host ("*", "0.0.0.0", "::") replaced by the control endpoint's host. Empty when none.
std::string updatesEndpoint(const DashboardOptions& o, const std::string& advertised);

// Parses the command line. Returns an exit code when the program should stop (help: 0, a bad
// option: 2), having printed why.
int parseCommandLine(int argc, char** argv, DashboardOptions& o, bool& stop);

}  // namespace fieldops::dashboard
