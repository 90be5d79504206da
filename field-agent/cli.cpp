// fieldops-agent's command line (see cli.hpp and docs/field-agent.md).
#include <field-agent/cli.hpp>
#include <field-agent/console_frontend.hpp>
#include <field-agent/script_frontend.hpp>

#include <protocol/shutdown_signal.hpp>

#include <CLI/CLI.hpp>

#include <csignal>
#include <iostream>
#include <random>
#include <unistd.h>

namespace fieldops {

namespace {

constexpr int kExitUsage = 2;

int fail(const std::string& message) {
  std::cerr << "fieldops-agent: " << message << std::endl;
  return kExitUsage;
}

// The key files named on the command line.
struct KeyFlags {
  std::string keyFile;
  std::string coordinatorKey;
};

void addOptions(CLI::App& app, AgentOptions& o, std::string& languages, KeyFlags& keys) {
  app.set_config("--config", "", "read options from this file (TOML or INI: key = value)");
  app.add_option("--coordinator", o.endpoint, "the coordinator's agent link")->capture_default_str();
  app.add_option("--key", keys.keyFile,
                 "this unit's key file (from fieldops-coordinator keygen; mode 0600)");
  app.add_option("--coordinator-key", keys.coordinatorKey,
                 "the coordinator's public key: Z85 text or its .pub file");
  app.add_option("--operation", o.operationId, "operation id")->capture_default_str();
  app.add_option("--callsign", o.unit.callsign, "this unit's callsign, e.g. ALPHA-1")->required();
  app.add_option("--post", o.unit.post, "the post this unit works at; empty when mobile");
  app.add_option("--lat", o.unit.position.lat, "position, WGS84 degrees")->check(CLI::Range(-90.0, 90.0));
  app.add_option("--lon", o.unit.position.lon, "position, WGS84 degrees")->check(CLI::Range(-180.0, 180.0));
  app.add_flag("--document-check", o.unit.capabilities.documentCheck,
               "has access to travel-document and notice lists");
  app.add_flag("--fingerprint", o.unit.capabilities.fingerprint, "carries a fingerprint scanner");
  app.add_flag("--child-protection", o.unit.capabilities.childProtectionTrained,
               "child-protection trained");
  app.add_flag("--vehicle-search", o.unit.capabilities.vehicleSearch, "can search vehicles");
  app.add_option("--languages", languages, "interpreter languages, ISO 639-1, comma separated");
  app.add_option("--outbox-dir", o.outboxDir, "where the outbox and received tasks are kept")
      ->capture_default_str();
  app.add_flag("--script", o.scripted, "scripted mode: JSON lines on stdin and stdout");
  app.add_option("--drain-ms", o.drainOnEof,
                 "scripted mode: after input ends, wait this long for acknowledgements")
      ->capture_default_str()
      ->check(CLI::Range(0, 86400000));
  app.add_option("--window", o.window, "outbox messages in flight at once")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  app.add_option("--hello-timeout-ms", o.helloTimeout, "wait this long for the coordinator's welcome")
      ->capture_default_str()
      ->check(CLI::Range(50, 600000));
  app.add_option("--backoff-max-ms", o.backoffMax, "reconnect backoff ceiling")
      ->capture_default_str()
      ->check(CLI::Range(100, 3600000));
  app.add_option("--reconnect-max-ms", o.reconnectMax,
                 "while the link is down, retry the connection at an interval drawn per agent "
                 "between 100 ms and this")
      ->capture_default_str()
      ->check(CLI::Range(101, 60000));
}

}  // namespace

int agentCommand(int argc, char** argv) {
  AgentOptions o;
  std::string languages;
  KeyFlags keyFlags;
  bool live = false;
  CLI::App app{"fieldops-agent: report sightings and work tasks from the field.\n"
               "Reports are kept in a local outbox until the coordinator acknowledges them.\n"
               "See docs/field-agent.md."};
  addOptions(app, o, languages, keyFlags);
  app.add_flag("--live", live, "a live operation (default: an exercise)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  o.exercise = !live;
  auto keys = curve::clientKeysFrom(keyFlags.keyFile, keyFlags.coordinatorKey);
  if (!keys) return fail(keys.error().message);
  o.keys = *keys;
  if (!o.keys) {
    // Said once, on stderr, so the scripted mode's stdout stays JSON lines.
    std::cerr << "fieldops-agent: no keys: only a coordinator run with --insecure-dev will "
                 "accept this agent"
              << std::endl;
  }
  for (std::size_t start = 0; start < languages.size();) {
    const auto comma = languages.find(',', start);
    const std::string lang = languages.substr(start, comma - start);
    if (!lang.empty()) o.unit.capabilities.interpreterLanguages.push_back(lang);
    start = comma == std::string::npos ? languages.size() : comma + 1;
  }
  const int sigfd = shutdownSignalFd();
  if (sigfd < 0) return fail("cannot set up signal handling");
  try {
    AgentStore store(o.outboxDir);
    zmq::context_t context(1);
    std::unique_ptr<Frontend> frontend;
    if (o.scripted) {
      frontend = std::make_unique<ScriptFrontend>(std::cout);
    } else {
      frontend = std::make_unique<ConsoleFrontend>(std::cout);
    }
    Agent agent(context, store, o, *frontend, std::random_device{}());
    frontend->attach(agent);
    const int code = runAgentLoop(agent, *frontend, STDIN_FILENO, sigfd);
    close(sigfd);
    return code;
  } catch (const AgentStoreError& e) {
    return fail(e.what());
  }
}

}  // namespace fieldops
