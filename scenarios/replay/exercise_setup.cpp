// Setting up an exercise run: the coordinator (a child of ours, or one already running), the
// watchlists, the simulated units and commander, and the timeline (see exercise.hpp).
#include <filesystem>
#include <fstream>
#include <scenarios/replay/exercise.hpp>
#include <scenarios/replay/time_text.hpp>

namespace fieldops::replay {

namespace {

using namespace std::chrono_literals;
constexpr std::size_t kMapSizeMb = 1024;

std::string writePosts(const Scenario& s, const std::string& dir) {
  if (s.posts.empty()) return "";
  const std::string path = dir + "/replay-posts.csv";
  std::ofstream out(path, std::ios::trunc);
  out.precision(10);
  out << "name,lat,lon,staffed\n";
  for (const auto& p : s.posts) {
    out << p.name << "," << p.position.lat << "," << p.position.lon << ","
        << (p.staffed ? "yes" : "no") << "\n";
  }
  return path;
}

std::vector<std::string> callsigns(const Scenario& s) {
  std::vector<std::string> out;
  for (const auto& u : s.units) out.push_back(u.callsign);
  return out;
}

}  // namespace

Exercise::Exercise(const Scenario& scenario, const RunOptions& options, std::ostream& console)
    : scenario_(scenario), options_(options), console_(console), controls_(options.keys) {}

Exercise::~Exercise() {
  if (child_.running()) child_.stop(10s);
}

Expected<bool, std::string> Exercise::setUp() {
  start_ = scenario_.operation.start;
  end_ = start_ + scenario_.operation.duration;
  clock_ = start_;
  dataDir_ = options_.dataDir;
  if (options_.controlEndpoint.empty()) {
    if (options_.coordinatorBin.empty() || dataDir_.empty()) {
      return std::string(
          "give --coordinator-bin and --data-dir (a coordinator of our own), or "
          "--control and --agent (one already running with --clock stepped)");
    }
    if (auto started = startChild(); !started) return started.error();
  } else {
    if (options_.agentEndpoint.empty()) return std::string("--control needs --agent as well");
    controlEndpoint_ = options_.controlEndpoint;
    agentEndpoint_ = options_.agentEndpoint;
    auto keys = readKeysDir(options_.keysDir, options_.coordinatorKey, callsigns(scenario_));
    if (!keys) return keys.error();
    keys_ = std::move(*keys);
    if (!keys_.secure) {
      console_ << kPlainLinkNotice << std::endl;
    }
  }
  control_ = std::make_unique<zmq::socket_t>(
      controlDealer(context_, controlEndpoint_, keys_.trainerKeys()));
  commanding_ = std::make_unique<zmq::socket_t>(
      controlDealer(context_, controlEndpoint_, keys_.commanderNamed("")));
  if (auto ok = checkCoordinator(); !ok) return ok.error();
  const std::string work =
      dataDir_.empty() ? std::filesystem::temp_directory_path().string() : dataDir_;
  feed_ = std::make_unique<WatchlistFeed>(scenario_, work);
  if (!options_.controlEndpoint.empty()) {  // an external coordinator: its lists, now
    for (const auto& w : scenario_.watchlists) {
      if (auto ok = importList(w.list, w.path); !ok) return ok.error();
    }
  }
  fleet_ = std::make_unique<SimFleet>(context_, scenario_, agentEndpoint_, options_.seed, keys_);
  if (scenario_.commander) commander_.emplace(*scenario_.commander);
  planTimeline();
  return true;
}

Expected<bool, std::string> Exercise::startChild() {
  namespace fs = std::filesystem;
  if (fs::exists(fs::path(dataDir_) / "data.mdb")) {
    return "--data-dir " + dataDir_ + " already holds a store; an exercise run needs a fresh one";
  }
  std::error_code ec;
  fs::create_directories(dataDir_, ec);
  if (ec) return "cannot create --data-dir " + dataDir_ + ": " + ec.message();
  for (const auto& w : scenario_.watchlists) {  // before the coordinator opens the store
    if (auto ok = importList(w.list, w.path); !ok) return ok.error();
  }
  // The simulated commander's principal is its scenario name, as far as a principal can say it.
  const std::string commander = scenario_.commander
                                    ? principalFrom(scenario_.commander->name, "exercise.commander")
                                    : "exercise.commander";
  auto keys = makeExerciseKeys(dataDir_, KeyRoster{commander, {}, callsigns(scenario_)});
  if (!keys) return keys.error();
  exerciseKeys_ = std::move(*keys);
  keys_ = exerciseKeys_->clients;
  ChildSettings s{options_.coordinatorBin,
                  dataDir_,
                  scenario_.operation.id,
                  start_,
                  scenario_.operation.heartbeat,
                  writePosts(scenario_, dataDir_),
                  kMapSizeMb,
                  exerciseKeys_->coordinatorKeyFile,
                  exerciseKeys_->allowListFile};
  auto endpoints = child_.start(s, 60s);
  if (!endpoints) return endpoints.error();
  agentEndpoint_ = endpoints->at("agent");
  controlEndpoint_ = endpoints->at("control");
  if (auto bad = writeReplayReady(dataDir_, *endpoints, &*exerciseKeys_)) return *bad;
  return true;
}

Expected<bool, std::string> Exercise::importList(WatchlistList list, const std::string& file) {
  if (options_.coordinatorBin.empty() || dataDir_.empty()) {
    return std::string(
        "loading watchlists needs --coordinator-bin and the coordinator's --data-dir");
  }
  const std::string log = dataDir_ + "/replay-imports.log";
  auto status =
      runToCompletion(options_.coordinatorBin,
                      {"--data-dir", dataDir_, "--map-size-mb", std::to_string(kMapSizeMb),
                       "import", "--list", listName(list), file},
                      log, 300s);
  if (!status) return status.error();
  if (*status != 0) {
    return "importing " + file + " as " + listName(list) + " failed (status " +
           std::to_string(*status) + "); see " + log;
  }
  return true;
}

Expected<bool, std::string> Exercise::checkCoordinator() {
  auto reply = request(SnapshotQuery{});
  if (!reply) {
    return "the coordinator at " + controlEndpoint_ + " refused the exercise: " + reply.error() +
           " (fieldops-replay drives exercises only: is it a live operation, or another "
           "operation than " +
           scenario_.operation.id + "?)";
  }
  const auto* snap = std::get_if<Snapshot>(&*reply);
  if (snap == nullptr)
    return std::string("the coordinator answered a snapshot with something else");
  if (snap->clock > start_) {
    return "the coordinator's clock (" + formatInstant(snap->clock) +
           ") is past the exercise's "
           "start (" +
           formatInstant(start_) + "): start it with --clock-start " + formatInstant(start_);
  }
  lastSeq_ = snap->seq;
  return true;
}

void Exercise::planTimeline() {
  for (std::size_t i = 0; i < fleet_->size(); ++i) fleet_->unit(i).start(start_);
  for (std::size_t i = 0; i < scenario_.injects.size(); ++i) {
    const Inject& in = scenario_.injects[i];
    if (!in.ifMissed.empty()) continue;  // contingency injects wait for a missed deadline
    const Millis at = start_ + in.at;
    if (sendsSighting(in.kind)) {
      Sighting s = in.sighting;
      s.observedAt = 0;  // stamped when sent
      fleet_->unit(*fleet_->indexOf(in.unit)).plan(at, s, in.id);
    } else {
      pending_.emplace(std::make_pair(at, pendingOrder_++), i);
    }
  }
}

}  // namespace fieldops::replay
