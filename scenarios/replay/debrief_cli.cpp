// `fieldops-replay debrief` (see debrief_cli.hpp).
#include <iostream>
#include <scenarios/replay/debrief_cli.hpp>

namespace fieldops::replay {

namespace {
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
}  // namespace

DebriefCommand::DebriefCommand(CLI::App& app)
    : command_(
          app.add_subcommand("debrief",
                             "replay a recorded operation from a coordinator's store into a fresh "
                             "exercise coordinator")) {
  auto& o = options_;
  command_->add_option("--from", o.fromDir, "the recorded coordinator's data directory (read only)")
      ->required()
      ->check(CLI::ExistingDirectory);
  command_->add_option("--speed", speed_, "max (as fast as possible), realtime, or xN (e.g. x10)")
      ->capture_default_str();
  command_
      ->add_option("--heartbeat-ms", o.link.heartbeat,
                   "the recorded coordinator's heartbeat interval (its --heartbeat-ms; an "
                   "exercise's operation.heartbeat)")
      ->capture_default_str()
      ->check(CLI::Range(50, 600'000));
  command_
      ->add_option("--heartbeat-liveness", o.link.liveness,
                   "the recorded coordinator's --heartbeat-liveness")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  command_->add_option("--control", o.controlEndpoint,
                       "control endpoint of a fresh coordinator (run with --clock stepped)");
  command_->add_option("--agent", o.agentEndpoint, "agent endpoint of that coordinator");
  command_->add_option("--keys-dir", o.keysDir,
                       "with --control: the client keys for that coordinator (trainer.key, "
                       "commander.key, CALLSIGN.key per unit); without it the link is plain");
  command_->add_option("--coordinator-key", o.coordinatorKey,
                       "with --keys-dir: that coordinator's public key (Z85 or its .pub file)");
  command_->add_option("--coordinator-bin", o.coordinatorBin,
                       "start this fieldops-coordinator (default: the one next to "
                       "fieldops-replay)");
  command_->add_option("--data-dir", o.dataDir, "a new data directory for that coordinator");
  command_->add_option("--justification", o.justification,
                       "why a live operation is debriefed (required for a live recording: its "
                       "personal data is replayed; recorded in the recorded store's access log)");
  command_->add_flag("--quiet", o.quiet, "no line per re-issued command");
}

int DebriefCommand::run(const std::string& defaultCoordinatorBin) {
  auto speed = parseSpeed(speed_);
  if (!speed) {
    std::cerr << "fieldops-replay: " << speed.error() << std::endl;
    return kExitUsage;
  }
  options_.speed = *speed;
  if (options_.controlEndpoint.empty() && options_.coordinatorBin.empty()) {
    options_.coordinatorBin = defaultCoordinatorBin;
  }
  auto outcome = runDebrief(options_, std::cout);
  if (!outcome) {
    std::cerr << "fieldops-replay: " << outcome.error() << std::endl;
    return kExitFailed;
  }
  for (const auto& w : outcome->warnings) std::cerr << "warning: " << w << std::endl;
  std::cout << "debrief of " << outcome->operationId << ": " << outcome->recordedEvents
            << " recorded events, " << outcome->actions << " messages and commands ("
            << outcome->commands << " commands) in " << outcome->steps << " clock steps, "
            << outcome->wallSeconds << " s" << std::endl;
  if (!options_.dataDir.empty() && options_.controlEndpoint.empty()) {
    if (outcome->difference.empty()) {
      std::cout << "the replayed story matches the recorded one (" << outcome->storyEvents
                << " unit, sighting and task events)" << std::endl;
    } else {
      std::cout << "the replayed story differs: " << outcome->difference << std::endl;
    }
    std::cout << "store: " << options_.dataDir << std::endl;
  }
  return 0;
}

}  // namespace fieldops::replay
