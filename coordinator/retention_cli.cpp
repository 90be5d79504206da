// fieldops-coordinator close and purge (see retention_cli.hpp).
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <coordinator/core.hpp>
#include <coordinator/host_access.hpp>
#include <coordinator/retention.hpp>
#include <coordinator/retention_cli.hpp>
#include <iostream>
#include <protocol/convert.hpp>
#include <protocol/time_text.hpp>

namespace fieldops {

namespace {

constexpr int kExitRefused = 1;  // the store's state does not allow it (docs/coordinator.md)
constexpr int kExitUsage = 2;

int fail(const std::string& message, int code = kExitUsage) {
  std::cerr << "fieldops-coordinator: " << message << std::endl;
  return code;
}

// Who closed or purged, for the event header: the operating-system user running the command
// (these commands run offline, at the coordinator's console, without a CURVE identity).
std::string operatorPrincipal() {
  return "cli:" + hostAccount();
}

Millis wallClock() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::shared_ptr<spdlog::logger> fileLogger(const std::string& dataDir) {
  auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(dataDir + "/coordinator.log",
                                                                     10 * 1024 * 1024, 5);
  auto log = std::make_shared<spdlog::logger>("retention", file);
  log->flush_on(spdlog::level::info);
  return log;
}

std::string closureText(const Closure& c) {
  return "closed at " + formatUtcTime(c.closedAt) + ", personal data kept " +
         std::to_string(c.retentionDays) + " days, until " + formatUtcTime(retentionEndsAt(c));
}

// Opens the store read-write for an offline command, never creating one. The writer lock
// refuses while a coordinator runs on the data dir.
std::unique_ptr<EventStore> openOffline(const CoordinatorOptions& o, const std::string& verb) {
  StoreOptions options{o.dataDir, o.core.operationId, o.core.exercise, o.mapSizeMb << 20, false};
  options.mustExist = true;
  try {
    return std::make_unique<EventStore>(options);
  } catch (const DirInUse&) {
    throw StoreError("cannot " + verb + " operation '" + o.core.operationId + "': data dir " +
                     o.dataDir + " is in use by a running coordinator; stop it first (" + verb +
                     " works offline)");
  }
}

int closeOperation(const RetentionCommands& c, const CoordinatorOptions& o, Millis now) {
  if (c.reason.empty() || c.reason.size() > convert::kLongText) {
    return fail("--reason must be 1 to " + std::to_string(convert::kLongText) + " bytes");
  }
  auto store = openOffline(o, "close");
  OperationState state = store->load();
  if (state.closure) {
    return fail("operation '" + o.core.operationId + "' is already " + closureText(*state.closure) +
                    "; closing is final",
                kExitRefused);
  }
  // The event log's time never runs backwards (an exercise clock may be ahead of the wall).
  const Event event{std::max(now, store->lastAt()), operatorPrincipal(),
                    OperationClosed{c.retentionDays, c.reason}};
  apply(state, event);
  const std::uint64_t seq = store->append({event}, state);
  fileLogger(o.dataDir)->info("operation '{}' closed by {} at event {}: retention {} days ({})",
                              o.core.operationId, event.principal, seq, c.retentionDays, c.reason);
  std::cout << "operation '" << o.core.operationId << "' " << closureText(*state.closure)
            << " (event " << seq << "); from then on run: fieldops-coordinator purge --data-dir "
            << o.dataDir << " --operation " << o.core.operationId
            << (o.core.exercise ? "" : " --live") << std::endl;
  return 0;
}

int purgeOperation(const CoordinatorOptions& o, Millis now) {
  auto store = openOffline(o, "purge");
  const auto closure = store->closure();
  if (!closure) {
    return fail("operation '" + o.core.operationId +
                    "' is not closed; close it first (fieldops-coordinator close); nothing purged",
                kExitRefused);
  }
  if (!retentionDue(*closure, now)) {
    return fail("the retention period of operation '" + o.core.operationId +
                    "' has not passed: " + closureText(*closure) + "; nothing purged",
                kExitRefused);
  }
  const PurgeOutcome outcome =
      store->purgeRetention(std::max(now, store->lastAt()), operatorPrincipal());
  if (outcome.seq == 0) {
    std::cout << "nothing to purge: operation '" << o.core.operationId
              << "' holds no personal data that is not purged already";
    if (closure->purgedThrough != 0) {
      std::cout << " (purged through event " << closure->purgedThrough << ")";
    }
    std::cout << std::endl;
    return 0;
  }
  const RetentionPurged& p = outcome.purged;
  fileLogger(o.dataDir)->info(
      "retention purge of operation '{}' through event {}: {} sightings, {} alerts, {} tasks "
      "(event {})",
      o.core.operationId, p.throughSeq, p.sightings, p.alerts.size(), p.tasks.size(), outcome.seq);
  std::cout << "purged the personal data of operation '" << o.core.operationId << "' through event "
            << p.throughSeq << ": " << p.sightings << " sightings, " << p.alerts.size()
            << " alerts, " << p.tasks.size() << " tasks (event " << outcome.seq << ")" << std::endl;
  return 0;
}

}  // namespace

void addRetentionCommands(CLI::App& app, RetentionCommands& c) {
  c.app = &app;
  c.close = app.add_subcommand(
      "close",
      "close the operation for good (offline); its personal data is purged after the "
      "retention period");
  c.close
      ->add_option("--retention-days", c.retentionDays,
                   "days to keep the personal data after closing")
      ->required()
      ->check(CLI::Range(std::uint32_t{0}, kMaxRetentionDays));
  c.close->add_option("--reason", c.reason, "why the operation is closed")->required();
  c.purge =
      app.add_subcommand("purge",
                         "purge the personal data of a closed operation whose retention has passed "
                         "(offline)");
  for (auto* sub : {c.close, c.purge}) {
    sub->add_option("--now", c.now, "the time to act as of, e.g. 2026-06-01T06:00:00Z (tests)");
    sub->fallthrough();
  }
}

std::optional<int> runRetentionCommand(const RetentionCommands& c, const CoordinatorOptions& o) {
  if (!*c.close && !*c.purge) return std::nullopt;
  if (c.app->count("--operation") == 0) {
    return fail(std::string(*c.close ? "close" : "purge") +
                " needs --operation (and --live for a live operation)");
  }
  Millis now = wallClock();
  if (!c.now.empty()) {
    auto at = parseUtcTime(c.now);
    if (!at) return fail("--now " + c.now + ": " + at.error());
    now = *at;
  }
  try {
    return *c.close ? closeOperation(c, o, now) : purgeOperation(o, now);
  } catch (const StoreError& e) {
    return fail(e.what());
  } catch (const spdlog::spdlog_ex& e) {
    return fail(std::string("cannot open the log file: ") + e.what());
  }
}

std::optional<std::string> closedOperationRefusal(const EventStore& store,
                                                  const std::string& operationId) {
  const auto closure = store.closure();
  if (!closure) return std::nullopt;
  return "operation '" + operationId + "' is " + closureText(*closure) + " (" + closure->reason +
         "); a closed operation takes no agents and no commands. export, verify and purge "
         "work offline";
}

}  // namespace fieldops
