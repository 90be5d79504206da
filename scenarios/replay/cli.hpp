// fieldops-replay's command line: run, validate, import-msel (docs/trainer-guide.md).
#pragma once

namespace fieldops::replay {

int replayCommand(int argc, char** argv);

}  // namespace fieldops::replay
