// fieldops-coordinator's command line (see cli.hpp and docs/coordinator.md).
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <coordinator/host_limits.hpp>
#include <coordinator/audit_log.hpp>
#include <coordinator/cli.hpp>
#include <coordinator/coordinator.hpp>
#include <coordinator/export.hpp>
#include <coordinator/export_gis.hpp>
#include <coordinator/host_access.hpp>
#include <coordinator/posts_file.hpp>
#include <coordinator/retention_cli.hpp>
#include <coordinator/security_cli.hpp>
#include <coordinator/watchlist_cli.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <protocol/enum_names.hpp>
#include <protocol/shutdown_signal.hpp>
#include <protocol/time_text.hpp>
#include <sstream>

namespace fieldops {

namespace {

constexpr int kExitCheckFailed = 1;
constexpr int kExitUsage = 2;

int fail(const std::string& message) {
  std::cerr << "fieldops-coordinator: " << message << std::endl;
  return kExitUsage;
}

std::shared_ptr<spdlog::logger> makeLogger(const CoordinatorOptions& o) {
  auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(o.dataDir + "/coordinator.log",
                                                                     10 * 1024 * 1024, 5);
  auto log =
      std::make_shared<spdlog::logger>("coordinator", spdlog::sinks_init_list{console, file});
  log->set_level(spdlog::level::from_str(o.logLevel));
  log->flush_on(spdlog::level::warn);
  return log;
}

StoreOptions storeOptions(const CoordinatorOptions& o, bool readOnly) {
  return {o.dataDir, o.core.operationId, o.core.exercise, o.mapSizeMb << 20, readOnly};
}

int run(const CoordinatorOptions& o) {
  const int sigfd = shutdownSignalFd();
  if (sigfd < 0) return fail("cannot set up signal handling");
  try {
    EventStore store(storeOptions(o, false));
    if (auto closed = closedOperationRefusal(store, o.core.operationId)) return fail(*closed);
    auto log = makeLogger(o);
    // Every connected unit is an open file: 10,000 units need more than the usual soft 1,024.
    const long files = raiseOpenFileLimit();
    log->info("open files allowed: {}; listen backlog: {}", files, listenBacklog());
    zmq::context_t context(1);
    SystemClock clock;
    std::unique_ptr<Coordinator> coordinator;
    try {
      coordinator = std::make_unique<Coordinator>(context, store, o, clock, *log);
    } catch (const BindError& e) {
      return fail(e.what());  // names the endpoint, its port and its flag
    } catch (const zmq::error_t& e) {
      return fail(std::string("cannot set up the coordinator's sockets: ") + e.what());
    } catch (const StoreError&) {
      throw;
    } catch (const std::runtime_error& e) {
      return fail(e.what());  // the key pair or the allow-list (docs/security.md)
    }
    if (!o.readyFile.empty()) writeReadyFile(o.readyFile, *coordinator);
    const std::atomic<bool> never{false};
    coordinator->run(never, sigfd);
    log->info("stopped cleanly at event {}", store.lastSeq());
  } catch (const StoreError& e) {
    return fail(e.what());
  } catch (const spdlog::spdlog_ex& e) {
    return fail(std::string("cannot open the log file: ") + e.what());
  }
  close(sigfd);
  return 0;
}

struct ExportChoice {
  std::string format = "jsonl";
  std::string what = "events";
  std::string out = "-";
  std::string justification;  // required when the export holds personal data
  std::string by;             // who exports, for the access log (default: the login name)
};

// Records the export in the access log before anything is written (durable, then disclosed).
std::optional<std::string> recordExport(const CoordinatorOptions& o, const ExportChoice& c) {
  if (auto problem = justificationProblem(c.justification)) return "--justification: " + *problem;
  AccessRecord record =
      hostAccessRecord("export", c.what + " as " + c.format + " to " + c.out, c.justification,
                       "by fieldops-coordinator export on the host");
  // Who runs it, as the system knows them; a --by name is recorded beside it, not instead.
  if (!c.by.empty() && c.by != record.principal) record.principal += " (as " + c.by + ")";
  try {
    recordAccess(o.dataDir, o.mapSizeMb << 20, std::move(record));
  } catch (const std::exception& e) {
    return std::string("cannot write the access log, nothing exported: ") + e.what();
  }
  return std::nullopt;
}

void writeExport(const EventStore& store, const ExportChoice& c, std::ostream& out) {
  if (c.format == "jsonl") {
    exportJsonLines(store, out);
    return;
  }
  const auto records = c.what == "sightings" ? sightingRecords(store)
                       : c.what == "tasks"   ? taskRecords(store)
                                             : eventRecords(store);
  if (c.format == "csv") writeCsv(records, out);
  if (c.format == "geojson") writeGeoJson(records, out);
  if (c.format == "kml") writeKml(records, "FieldOps " + c.what, out);
}

int exportStore(const CoordinatorOptions& o, const ExportChoice& choice) {
  if (choice.format == "jsonl" && choice.what != "events") {
    return fail("--format jsonl exports the events; use csv, geojson or kml for " + choice.what);
  }
  if (!std::filesystem::exists(o.dataDir + "/data.mdb")) {
    return fail("no store in " + o.dataDir);
  }
  // Every export may hold personal data: sightings and their payloads, and also task
  // instructions and agents' notes in the others. All are recorded first.
  if (auto bad = recordExport(o, choice)) return fail(*bad);
  try {
    EventStore store(storeOptions(o, true));
    if (choice.out == "-") {
      writeExport(store, choice, std::cout);
      std::cout.flush();
      return 0;
    }
    const std::string tmp = choice.out + ".tmp";
    {
      std::ofstream file(tmp, std::ios::trunc | std::ios::binary);
      if (!file) return fail("cannot write " + tmp);
      writeExport(store, choice, file);
      if (!file.flush()) return fail("cannot write " + tmp);
    }
    std::filesystem::rename(tmp, choice.out);
  } catch (const StoreError& e) {
    return fail(e.what());
  } catch (const std::filesystem::filesystem_error& e) {
    return fail(e.what());
  }
  return 0;
}

int verifyStore(const CoordinatorOptions& o) {
  try {
    EventStore store(storeOptions(o, true));
    const ChainReport r = store.verifyChain();
    if (!r.ok) {
      std::cout << "event log " << chainBreakName(r.kind);
      if (r.firstBadSeq != 0) std::cout << " at seq " << r.firstBadSeq;
      std::cout << ": " << r.problem << " (" << r.events << " events before it verify)"
                << std::endl;
      return kExitCheckFailed;
    }
    std::cout << "chain verified: " << r.events << " events";
    if (r.tombstones > 0) std::cout << ", " << r.tombstones << " purged under retention";
    std::cout << (r.anchored ? ", head matches its anchor"
                             : "; no head anchor (a store written before schema 3): deleting the "
                               "newest events would not be detected")
              << "\nhead: seq " << store.lastSeq() << " hash " << store.chainHead()
              << "  (note it off this machine; security.md, operator checklist)" << std::endl;
  } catch (const StoreError& e) {
    return fail(e.what());
  }
  return 0;
}

int rebuildStore(const CoordinatorOptions& o) {
  try {
    StoreOptions options = storeOptions(o, false);
    options.operationId.clear();  // rebuild whatever operation the store holds
    EventStore store(options);
    store.rebuildProjections();
    std::cout << "projections rebuilt from " << store.lastSeq() << " events" << std::endl;
  } catch (const StoreError& e) {
    return fail(e.what());
  }
  return 0;
}

void addRunOptions(CLI::App& app, CoordinatorOptions& o) {
  auto& c = o.core;
  app.add_option("--agent-endpoint", o.agentEndpoint, "ZeroMQ endpoint for field agents")
      ->capture_default_str();
  app.add_option("--control-endpoint", o.controlEndpoint,
                 "ZeroMQ endpoint for dashboards, the replayer and admin tools")
      ->capture_default_str();
  app.add_option("--updates-endpoint", o.updatesEndpoint,
                 "ZeroMQ endpoint of the update stream (PUB) that dashboards follow")
      ->capture_default_str();
  app.add_option_function<std::string>(
         "--clock", [&o](const std::string& mode) { o.steppedClock = mode == "stepped"; },
         "system (default), or stepped: an exercise clock moved only by the replayer")
      ->check(CLI::IsMember({"system", "stepped"}));
  app.add_option_function<std::string>(
      "--clock-start",
      [&o](const std::string& text) {
        auto at = parseUtcTime(text);
        if (!at) throw CLI::ValidationError("--clock-start", at.error());
        o.clockStart = *at;
      },
      "with --clock stepped: where the clock starts, e.g. 2026-06-01T06:00:00Z (default: now)");
  app.add_option_function<std::string>(
      "--phase",
      [&o](const std::string& name) {
        auto phase = enumFromName<OperationPhase>(name);
        if (!phase) throw CLI::ValidationError("--phase", "unknown phase '" + name + "'");
        o.phase = *phase;
      },
      "planning, briefing, execution (default), debrief or closed");
  app.add_option("--heartbeat-ms", c.heartbeatInterval, "heartbeat interval, both directions")
      ->capture_default_str()
      ->check(CLI::Range(50, 600000));
  app.add_option("--heartbeat-liveness", c.heartbeatLiveness,
                 "missed heartbeats before a unit is lost")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  app.add_option("--resend-ms", c.resendInitial, "first task resend delay (doubles each time)")
      ->capture_default_str()
      ->check(CLI::Range(10, 600000));
  app.add_option("--resend-max-ms", c.resendMax, "task resend backoff ceiling")
      ->capture_default_str()
      ->check(CLI::Range(10, 3600000));
  app.add_option("--log-level", o.logLevel, "trace, debug, info, warn, error or critical")
      ->capture_default_str()
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical"}));
  app.add_option("--ready-file", o.readyFile,
                 "write the bound endpoints here once listening (for scripts and tests)");
  app.add_option("--map-size-mb", o.mapSizeMb, "LMDB map size (address space, not disk)")
      ->capture_default_str()
      ->check(CLI::Range(16, 1 << 20));
}

// Alert timing and the posts of the plan (docs/screening.md).
void addAlertOptions(CLI::App& app, CoordinatorOptions& o, std::string& postsFile) {
  auto& c = o.core;
  app.add_option("--posts", postsFile,
                 "CSV of the operation's posts: name,lat,lon,staffed (yes/no); staffed posts "
                 "raise an alert when no unit there is available")
      ->check(CLI::ExistingFile);
  app.add_option_function<Millis>(
         "--alert-renotify-s", [&c](Millis s) { c.alertRenotify = s * 1000; },
         "show an unacknowledged alert again this often (default 60)")
      ->check(CLI::Range(1, 86400));
  app.add_option_function<Millis>(
         "--alert-escalate-s", [&c](Millis s) { c.alertEscalateAfter = s * 1000; },
         "an unacknowledged high alert becomes critical after this long, a medium one becomes "
         "high after three times this long; critical and low alerts never escalate "
         "(default 300)")
      ->check(CLI::Range(1, 86400));
  app.add_option_function<Millis>(
         "--alert-group-min", [&c](Millis m) { c.alertGroupWindow = m * 60'000; },
         "another sighting of an open alert's subject (or a unit lost again) within this long "
         "of the last counts on that alert instead of raising a new one; 0 never groups "
         "(default 30)")
      ->check(CLI::Range(0, 1440));
  app.add_option_function<Millis>(
         "--coverage-min", [&c](Millis m) { c.coverageAfter = m * 60'000; },
         "alert when a staffed post has had no available unit this long (default 10)")
      ->check(CLI::Range(1, 1440));
}

std::optional<std::string> loadPosts(const std::string& path, CoordinatorOptions& o) {
  if (path.empty()) return std::nullopt;
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  auto posts = parsePosts(text.str());
  if (!posts) return path + ": " + posts.error();
  o.posts = std::move(*posts);
  return std::nullopt;
}

}  // namespace

int coordinatorCommand(int argc, char** argv) {
  CoordinatorOptions o;
  CLI::App app{
      "fieldops-coordinator: the single source of truth of a FieldOps operation.\n"
      "Without a subcommand it runs the coordinator; see docs/coordinator.md."};
  app.add_option("--data-dir", o.dataDir, "directory of the LMDB store and the log file")
      ->capture_default_str();
  app.add_option("--operation", o.core.operationId, "operation id, e.g. LANTERN-2026")
      ->capture_default_str();
  bool live = false;
  app.add_flag("--live", live, "a live operation (default: an exercise); the two never mix");
  addRunOptions(app, o);
  std::string postsFile;
  addAlertOptions(app, o, postsFile);
  SecurityCommands security;
  addSecurityOptions(app, o, security);
  auto* importCmd = app.add_subcommand(
      "import", "import a watchlist file (CSV, JSON, JSON Lines), replacing that list");
  std::string list;
  std::string file;
  ImportChoices importChoices;
  importCmd->add_option("--list", list, "notices, documents or vehicles")->required();
  importCmd->add_option("file", file, "the file: .csv, .json or .jsonl")->required();
  importCmd->add_flag("--allow-rejections", importChoices.allowRejections,
                      "import the accepted rows even when some are rejected");
  importCmd
      ->add_option("--max-removals", importChoices.maxRemovalPercent,
                   "refuse an import that would remove more than PERCENT of the list")
      ->type_name("PERCENT")
      ->capture_default_str()
      ->check(CLI::Range(0u, 100u));
  importCmd->add_flag("--allow-removals", importChoices.allowRemovals,
                      "import however many entries of the list it removes, even all");
  auto* generateCmd = app.add_subcommand(
      "generate-watchlist", "write a synthetic watchlist (CSV) for tests and load trials");
  std::size_t count = 1000;
  std::uint64_t seed = 1;
  std::string out = "-";
  generateCmd->add_option("--list", list, "notices, documents or vehicles")->required();
  generateCmd->add_option("--count", count, "rows")->capture_default_str();
  generateCmd->add_option("--seed", seed, "the same seed gives the same file")
      ->capture_default_str();
  generateCmd->add_option("--out", out, "file, or - for standard output")->capture_default_str();
  auto* exportCmd = app.add_subcommand(
      "export", "export the events, sightings or tasks (JSON lines, CSV, GeoJSON or KML)");
  ExportChoice exportChoice;
  exportCmd->add_option("--format", exportChoice.format, "jsonl, csv, geojson or kml")
      ->capture_default_str()
      ->check(CLI::IsMember({"jsonl", "csv", "geojson", "kml"}));
  exportCmd->add_option("--what", exportChoice.what, "events, sightings or tasks")
      ->capture_default_str()
      ->check(CLI::IsMember({"events", "sightings", "tasks"}));
  exportCmd->add_option("--out", exportChoice.out, "file, or - for standard output")
      ->capture_default_str();
  exportCmd->add_option("--justification", exportChoice.justification,
                        "why, for the access log: required (exports hold personal data)");
  exportCmd->add_option("--by", exportChoice.by,
                        "who exports, for the access log (default: your login name)");
  auto* verifyCmd = app.add_subcommand("verify", "verify the hash chain of the event log");
  auto* rebuildCmd =
      app.add_subcommand("rebuild", "rebuild the projections from the event log (offline)");
  for (auto* sub : {exportCmd, verifyCmd, rebuildCmd, importCmd, generateCmd}) sub->fallthrough();
  RetentionCommands retention;
  addRetentionCommands(app, retention);
  app.require_subcommand(0, 1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  o.core.exercise = !live;
  if (o.core.resendMax < o.core.resendInitial) return fail("--resend-max-ms is below --resend-ms");
  if (o.steppedClock && live) return fail("--clock stepped is for exercises only, not with --live");
  if (o.security.insecureDev && live) {
    return fail("--insecure-dev is for local development, never with --live");
  }
  if (const int code = runSecurityCommand(o, security); code >= 0) return code;
  if (*exportCmd) return exportStore(o, exportChoice);
  if (*verifyCmd) return verifyStore(o);
  if (*rebuildCmd) return rebuildStore(o);
  if (auto code = runRetentionCommand(retention, o)) return *code;
  if (*importCmd) return importWatchlistFile(o.dataDir, o.mapSizeMb, list, file, importChoices);
  if (*generateCmd) return generateWatchlistFile(list, count, seed, out);
  if (auto bad = loadPosts(postsFile, o)) return fail(*bad);
  return run(o);
}

}  // namespace fieldops
