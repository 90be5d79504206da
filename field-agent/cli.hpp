// fieldops-agent's command line: flags and an optional config file, then the chosen mode.
#pragma once

namespace fieldops {

// Returns the exit code: 0 done, 2 bad usage or unusable outbox dir, 3 registration refused or
// wrong operation, 4 (scripted) reports still undelivered when input ended and the wait ran out,
// 5 (scripted) input lines refused.
int agentCommand(int argc, char** argv);

}  // namespace fieldops
