// fieldops-coordinator's command line: run (default), export, verify and rebuild.
#pragma once

namespace fieldops {

// Parses the command line, builds the parts and runs the chosen command. Returns the exit code:
// 0 success, 1 a check failed (verify), 2 bad usage or an unusable environment.
int coordinatorCommand(int argc, char** argv);

}  // namespace fieldops
