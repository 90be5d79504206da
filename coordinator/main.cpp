// fieldops-coordinator: the single source of truth of an operation. See docs/coordinator.md.
#include <coordinator/cli.hpp>

int main(int argc, char** argv) { return fieldops::coordinatorCommand(argc, argv); }
