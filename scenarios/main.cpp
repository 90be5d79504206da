// fieldops-replay: runs exercises, evaluates them and writes the after-action report.
#include <scenarios/replay/cli.hpp>

int main(int argc, char** argv) {
  return fieldops::replay::replayCommand(argc, argv);
}
