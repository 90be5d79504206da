// fieldops-replay's command line (see cli.hpp).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <scenarios/replay/cli.hpp>
#include <scenarios/replay/debrief_cli.hpp>
#include <scenarios/replay/msel.hpp>
#include <scenarios/replay/runner.hpp>
#include <scenarios/replay/scenario_check.hpp>

namespace fieldops::replay {

namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

// The coordinator next to this program in a build tree or an install, if there is one.
std::string defaultCoordinatorBin() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  for (const auto& candidate :
       {self.parent_path() / "fieldops-coordinator",
        self.parent_path().parent_path() / "coordinator" / "fieldops-coordinator"}) {
    if (std::filesystem::exists(candidate)) return candidate.string();
  }
  return "";
}

int validate(const std::string& path) {
  auto scenario = loadScenario(path);
  if (!scenario) {
    std::cerr << scenario.error().text();
    return kExitFailed;
  }
  std::cout << path << ": valid: " << scenario->units.size() << " units, " << scenario->posts.size()
            << " posts, " << scenario->injects.size() << " injects, " << scenario->expected.size()
            << " expected actions" << std::endl;
  return 0;
}

int importMselCommand(const std::string& path, const std::string& out) {
  auto msel = importMselFile(path);
  if (!msel) {
    std::cerr << msel.error().text();
    return kExitFailed;
  }
  const std::string yaml = injectsYaml(*msel);
  if (out.empty() || out == "-") {
    std::cout << yaml;
  } else {
    std::ofstream(out, std::ios::trunc) << yaml;
    std::cout << out << ": " << msel->injects.size() << " injects, " << msel->expected.size()
              << " expected actions" << std::endl;
  }
  return 0;
}

int run(const std::string& path, RunOptions options, const std::string& speed) {
  auto parsedSpeed = parseSpeed(speed);
  if (!parsedSpeed) {
    std::cerr << "fieldops-replay: " << parsedSpeed.error() << std::endl;
    return kExitUsage;
  }
  options.speed = *parsedSpeed;
  auto scenario = loadScenario(path);
  if (!scenario) {
    std::cerr << scenario.error().text();
    return kExitFailed;
  }
  if (options.controlEndpoint.empty() && options.coordinatorBin.empty()) {
    options.coordinatorBin = defaultCoordinatorBin();
  }
  auto outcome = runExercise(*scenario, options, std::cout);
  if (!outcome) {
    std::cerr << "fieldops-replay: " << outcome.error() << std::endl;
    return kExitFailed;
  }
  for (const auto& w : outcome->warnings) std::cerr << "warning: " << w << std::endl;
  std::cout << summaryText(outcome->evaluation, outcome->facts);
  std::cout << outcome->agentMessages << " agent messages (" << outcome->sightings
            << " sightings) in " << outcome->steps << " clock steps, " << outcome->wallSeconds
            << " s" << std::endl;
  if (!options.reportDir.empty()) {
    auto written = writeReports(*outcome, options.reportDir);
    if (!written) {
      std::cerr << "fieldops-replay: " << written.error() << std::endl;
      return kExitFailed;
    }
    for (const auto& f : *written) std::cout << "report: " << f << std::endl;
  }
  return outcome->stoppedEarly ? kExitFailed : 0;
}

}  // namespace

int replayCommand(int argc, char** argv) {
  CLI::App app{
      "fieldops-replay: runs exercises against a real coordinator and writes the "
      "after-action report. See docs/trainer-guide.md."};
  app.require_subcommand(1);
  std::string scenario, speed = "max", out;
  RunOptions o;
  auto* runCmd = app.add_subcommand("run", "run an exercise (EXERCISE traffic only)");
  runCmd->add_option("scenario", scenario, "the scenario file (YAML)")
      ->required()
      ->check(CLI::ExistingFile);
  runCmd->add_option("--speed", speed, "max (as fast as possible), realtime, or xN (e.g. x10)")
      ->capture_default_str();
  runCmd->add_option("--seed", o.seed, "seed of the simulated units' randomness")
      ->capture_default_str();
  runCmd->add_option("--control", o.controlEndpoint,
                     "control endpoint of a running coordinator "
                     "(started with --clock stepped)");
  runCmd->add_option("--agent", o.agentEndpoint, "agent endpoint of that coordinator");
  runCmd->add_option("--keys-dir", o.keysDir,
                     "with --control: the client keys for that coordinator (trainer.key, "
                     "commander.key, CALLSIGN.key per unit); without it the link is plain");
  runCmd->add_option("--coordinator-key", o.coordinatorKey,
                     "with --keys-dir: that coordinator's public key (Z85 or its .pub file)");
  runCmd->add_option("--coordinator-bin", o.coordinatorBin,
                     "start this fieldops-coordinator "
                     "(default: the one next to fieldops-replay)");
  runCmd->add_option("--data-dir", o.dataDir,
                     "a fresh data directory for that coordinator; "
                     "with --control, its data directory (for watchlist imports)");
  runCmd->add_option("--report-dir", o.reportDir, "write after-action-report.md and .html here");
  runCmd
      ->add_option_function<Millis>(
          "--step-s", [&o](Millis s) { o.step = s * 1000; },
          "exercise seconds per clock step at full speed (default 5)")
      ->check(CLI::Range(1, 3600));
  runCmd->add_flag("--quiet", o.quiet, "no line per inject and commander action");
  auto* validateCmd =
      app.add_subcommand("validate", "check a scenario file and report every problem");
  validateCmd->add_option("scenario", scenario, "the scenario file (YAML)")->required();
  auto* mselCmd =
      app.add_subcommand("import-msel", "turn an MSEL (CSV) into scenario injects (YAML)");
  mselCmd->add_option("msel", scenario, "the MSEL file (CSV)")->required();
  mselCmd->add_option("--out", out, "write the YAML here (default: standard output)");
  DebriefCommand debrief(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  if (*validateCmd) return validate(scenario);
  if (*mselCmd) return importMselCommand(scenario, out);
  if (debrief.chosen()) return debrief.run(defaultCoordinatorBin());
  o.keys = isatty(STDIN_FILENO) != 0;
  return run(scenario, o, speed);
}

}  // namespace fieldops::replay
