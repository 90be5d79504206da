// fieldops-dashboard's command line (see options.hpp and docs/dashboard.md).
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <tui/options.hpp>

namespace fieldops::dashboard {

std::string updatesEndpoint(const DashboardOptions& o, const std::string& advertised) {
  if (!o.updates.empty()) return o.updates;
  if (advertised.empty()) return {};
  const auto scheme = advertised.find("://");
  const auto colon = advertised.rfind(':');
  if (scheme == std::string::npos || colon == std::string::npos || colon < scheme + 3) {
    return advertised;
  }
  const std::string host = advertised.substr(scheme + 3, colon - scheme - 3);
  if (host != "*" && host != "0.0.0.0" && host != "[::]" && host != "::") return advertised;
  const auto cScheme = o.control.find("://");
  const auto cColon = o.control.rfind(':');
  if (cScheme == std::string::npos || cColon == std::string::npos || cColon < cScheme + 3) {
    return advertised;
  }
  return advertised.substr(0, scheme + 3) + o.control.substr(cScheme + 3, cColon - cScheme - 3) +
         advertised.substr(colon);
}

int parseCommandLine(int argc, char** argv, DashboardOptions& o, bool& stop) {
  stop = true;
  if (const char* user = std::getenv("USER")) o.commander = user;
  bool live = false;
  std::string keyFile, coordinatorKey;
  CLI::App app{
      "fieldops-dashboard: the commanders' screen of a FieldOps operation.\n"
      "Units, tasks, sightings, alerts and a map, live from the coordinator.\n"
      "Press ? in the dashboard for the keys. See docs/dashboard.md."};
  app.add_option("--coordinator", o.control, "the coordinator's control endpoint")
      ->capture_default_str();
  app.add_option("--updates", o.updates,
                 "the update stream endpoint (default: the one the coordinator names)");
  app.add_option("--key", keyFile,
                 "your key file (from fieldops-coordinator keygen; mode 0600)");
  app.add_option("--coordinator-key", coordinatorKey,
                 "the coordinator's public key: Z85 text or its .pub file");
  app.add_option("--operation", o.operationId, "operation id")->capture_default_str();
  app.add_flag("--live", live, "a live operation (default: an exercise)");
  app.add_flag("--observer", o.observer,
               "read-only: for liaison officers; command keys are refused");
  app.add_option(
      "--commander", o.commander,
      "your name, sent with alert acknowledgements and resolutions (default: $USER); with "
      "--key the coordinator records your key's principal instead, and no name is needed");
  app.add_flag("--monochrome", o.monochrome, "no colours, even if the terminal has them");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  o.exercise = !live;
  auto keys = curve::clientKeysFrom(keyFile, coordinatorKey);
  if (!keys) {
    std::cerr << "fieldops-dashboard: " << keys.error().message << std::endl;
    return 2;
  }
  o.keys = *keys;
  if (o.control.rfind("tcp://", 0) != 0 && o.control.rfind("ipc://", 0) != 0) {
    std::cerr << "fieldops-dashboard: --coordinator must be a tcp:// or ipc:// endpoint, not '"
              << o.control << "'" << std::endl;
    return 2;
  }
  // With a key the coordinator records the key's principal, whatever name is sent: no name
  // is needed (docs/dashboard.md, "Who you are").
  if (!o.observer && o.commander.empty() && o.keys) o.commander = kKeyPrincipal;
  if (!o.observer && o.commander.empty()) {
    std::cerr << "fieldops-dashboard: give --commander NAME (no $USER to default to, and no "
                 "--key whose principal the coordinator would record), or --observer"
              << std::endl;
    return 2;
  }
  stop = false;
  return 0;
}

}  // namespace fieldops::dashboard
