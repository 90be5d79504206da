// fieldops-agent: the field team's client, with an outbox that never loses a report.
// See docs/field-agent.md.
#include <field-agent/cli.hpp>

int main(int argc, char** argv) { return fieldops::agentCommand(argc, argv); }
