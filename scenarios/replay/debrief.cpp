// Debrief replay (see debrief.hpp): setting up the fresh coordinator and re-enacting the timeline.
#include <algorithm>
#include <coordinator/host_access.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <protocol/codec.hpp>
#include <protocol/enum_names.hpp>
#include <scenarios/replay/coordinator_process.hpp>
#include <scenarios/replay/debrief.hpp>
#include <scenarios/replay/debrief_source.hpp>
#include <scenarios/replay/exercise_keys.hpp>
#include <scenarios/replay/time_text.hpp>
#include <zmq.hpp>

namespace fieldops::replay {

namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;
constexpr std::size_t kMapSizeMb = 1024;
constexpr auto kTick = 100ms;              // a clock step this often below full speed
constexpr std::uint64_t kMaxHeld = 2'000;  // agent messages sent before the clock must move
constexpr std::size_t kMaxWarnings = 50;

std::string writePosts(const std::vector<PostView>& posts, const std::string& dir) {
  if (posts.empty()) return "";
  const std::string path = dir + "/debrief-posts.csv";
  std::ofstream out(path, std::ios::trunc);
  out.precision(10);
  out << "name,lat,lon,staffed\n";
  for (const auto& p : posts) {
    out << p.name << "," << p.position.lat << "," << p.position.lon << ","
        << (p.staffed ? "yes" : "no") << "\n";
  }
  return path;
}

// The fresh ids of recorded ones, by order of creation.
void mapByOrder(const std::vector<std::uint64_t>& recorded, std::vector<std::uint64_t> fresh,
                std::map<std::uint64_t, std::uint64_t>& map) {
  std::sort(fresh.begin(), fresh.end());
  for (std::size_t i = 0; i < std::min(recorded.size(), fresh.size()); ++i) {
    map[recorded[i]] = fresh[i];
  }
}

// The fresh principal that re-issues a recorded commander's commands: the same name, unless the
// recording has one no key can be enrolled as ("control", recorded in insecure development mode).
constexpr const char* kDebriefCommander = "debrief.commander";
std::string freshCommander(const std::string& recorded) {
  return principalFrom(recorded, kDebriefCommander);
}

class Debrief {
 public:
  Debrief(const DebriefOptions& o, std::ostream& console) : options_(o), console_(console) {}
  ~Debrief() {
    if (child_.running()) child_.stop(10s);
  }
  Expected<DebriefOutcome, std::string> run();

 private:
  // A live recording's debrief discloses personal data: refused without a justification,
  // recorded in the recorded store's access log otherwise. The refusal, when refused.
  std::optional<std::string> recordLiveDisclosure(const Recording& recording);
  Expected<bool, std::string> setUp(const Recording& recording);
  Expected<bool, std::string> startChild();
  Expected<bool, std::string> checkCoordinator();
  Expected<bool, std::string> reenact();
  Expected<bool, std::string> act(const DebriefAction& a);
  Expected<bool, std::string> send(Millis at, UnitMessage m);
  Expected<bool, std::string> issue(Millis at, ControlCommand c);
  Expected<bool, std::string> advance(Millis to);
  Expected<bool, std::string> paceTo(Millis at);
  Expected<bool, std::string> refreshIds(Millis at);
  std::optional<std::uint64_t> freshId(const std::map<std::uint64_t, std::uint64_t>& map,
                                       std::uint64_t recorded);
  Expected<ControlReply, std::string> request(const ControlRequest& r);
  Expected<ControlReply, std::string> request(const ControlRequest& r, zmq::socket_t& via);
  zmq::socket_t& unitSocket(const std::string& callsign);
  zmq::socket_t& commanderSocket(const std::string& recordedPrincipal);
  // One poll over the trainer's socket, the units' and `waiting` (when given).
  void drain(std::chrono::milliseconds timeout, zmq::socket_t* waiting = nullptr);
  void warn(const std::string& text);
  void compareStories(const Recording& recorded);

  const DebriefOptions& options_;
  std::ostream& console_;
  zmq::context_t context_{1};
  CoordinatorProcess child_;
  std::string operationId_, agentEndpoint_, controlEndpoint_;
  ReplayerKeys keys_;                                // plain unless the coordinator has keys
  std::unique_ptr<zmq::socket_t> control_;           // the trainer's: clock and queries
  std::map<std::string, zmq::socket_t> commanders_;  // by fresh principal
  std::map<std::string, zmq::socket_t> units_;
  DebriefTimeline timeline_;
  std::map<std::uint64_t, std::uint64_t> tasks_, alerts_;  // recorded id -> fresh id
  std::uint64_t nextMessageId_ = 1, controlIds_ = 1, sent_ = 0, held_ = 0;
  Millis clock_ = 0;
  Steady::time_point wallStart_{};
  DebriefOutcome outcome_;
};

Expected<DebriefOutcome, std::string> Debrief::run() {
  auto recording = readRecording(options_.fromDir);
  if (!recording) return recording.error();
  if (recording->events.empty()) return "the store in " + options_.fromDir + " holds no events";
  timeline_ = debriefTimeline(recording->events, options_.link);
  outcome_.operationId = operationId_ = recording->operationId;
  outcome_.recordedEvents = recording->events.size();
  if (recording->purged > 0) {
    warn(std::to_string(recording->purged) + " purged events cannot be re-enacted");
  }
  if (!recording->exercise) {
    if (auto refused = recordLiveDisclosure(*recording)) return *refused;
  }
  if (auto ok = setUp(*recording); !ok) return ok.error();
  wallStart_ = Steady::now();
  if (auto ok = reenact(); !ok) return ok.error();
  outcome_.wallSeconds = std::chrono::duration<double>(Steady::now() - wallStart_).count();
  if (child_.running()) {
    child_.stop(30s);
    compareStories(*recording);
  }
  return std::move(outcome_);
}

std::optional<std::string> Debrief::recordLiveDisclosure(const Recording& recording) {
  if (auto problem = justificationProblem(options_.justification)) {
    return "the recorded operation " + recording.operationId +
           " is live: its debrief discloses the personal data it holds, so give "
           "--justification (why, in a few words; recorded in its access log): " +
           *problem;
  }
  const std::string into = options_.controlEndpoint.empty()
                               ? "a fresh exercise coordinator in " + options_.dataDir
                               : "the exercise coordinator at " + options_.controlEndpoint;
  try {
    // Durable before anything is replayed.
    recordAccess(options_.fromDir, kMapSizeMb << 20,
                 hostAccessRecord("debrief",
                                  "operation " + recording.operationId + ": " +
                                      std::to_string(recording.events.size()) + " events",
                                  options_.justification, "by fieldops-replay debrief into " + into));
  } catch (const std::exception& e) {
    return "cannot write the recorded store's access log, nothing replayed: " +
           std::string(e.what());
  }
  return std::nullopt;
}

Expected<bool, std::string> Debrief::setUp(const Recording& recording) {
  clock_ = timeline_.start;
  if (options_.controlEndpoint.empty()) {
    if (options_.coordinatorBin.empty() || options_.dataDir.empty()) {
      return std::string(
          "give --coordinator-bin and --data-dir (a fresh coordinator of our own), or "
          "--control and --agent (a fresh one already running with --clock stepped)");
    }
    if (auto ok = startChild(); !ok) return ok;
  } else {
    if (options_.agentEndpoint.empty()) return std::string("--control needs --agent as well");
    controlEndpoint_ = options_.controlEndpoint;
    agentEndpoint_ = options_.agentEndpoint;
    auto keys = readKeysDir(options_.keysDir, options_.coordinatorKey, timeline_.units);
    if (!keys) return keys.error();
    keys_ = std::move(*keys);
    if (!keys_.secure) {
      console_ << kPlainLinkNotice << std::endl;
    }
  }
  control_ = std::make_unique<zmq::socket_t>(
      controlDealer(context_, controlEndpoint_, keys_.trainerKeys()));
  if (!options_.quiet) {
    console_ << "debrief of " << recording.operationId << " ("
             << (recording.exercise ? "exercise" : "live") << "), " << recording.events.size()
             << " events from " << formatInstant(timeline_.start) << " to "
             << formatInstant(timeline_.end) << ", " << timeline_.units.size() << " units, speed "
             << options_.speed.text() << std::endl;
  }
  return checkCoordinator();
}

Expected<bool, std::string> Debrief::startChild() {
  namespace fs = std::filesystem;
  const std::string& dir = options_.dataDir;
  if (fs::exists(fs::path(dir) / "data.mdb")) {
    return "--data-dir " + dir + " already holds a store; a debrief needs a fresh one";
  }
  auto copied = copyWatchlists(options_.fromDir, dir, kMapSizeMb);
  if (!copied) return copied.error();
  // Each recorded commander is enrolled under its own name, so that the replayed story credits
  // the same principals as the recorded one.
  KeyRoster roster{kDebriefCommander, {}, timeline_.units};
  for (const auto& recorded : timeline_.commanders)
    roster.commanders.push_back(freshCommander(recorded));
  auto keys = makeExerciseKeys(dir, roster);
  if (!keys) return keys.error();
  keys_ = keys->clients;
  ChildSettings s{options_.coordinatorBin,
                  dir,
                  operationId_,
                  timeline_.start,
                  options_.link.heartbeat,
                  writePosts(timeline_.posts, dir),
                  kMapSizeMb,
                  keys->coordinatorKeyFile,
                  keys->allowListFile};
  auto endpoints = child_.start(s, 60s);
  if (!endpoints) return endpoints.error();
  agentEndpoint_ = endpoints->at("agent");
  controlEndpoint_ = endpoints->at("control");
  if (auto bad = writeReplayReady(dir, *endpoints, &*keys)) return *bad;
  return true;
}

Expected<bool, std::string> Debrief::checkCoordinator() {
  auto reply = request(SnapshotQuery{});
  if (!reply) {
    return "the coordinator at " + controlEndpoint_ + " refused the debrief: " + reply.error() +
           " (a debrief replays into a fresh exercise coordinator of operation " + operationId_ +
           " only, never into a live one)";
  }
  const auto* snap = std::get_if<Snapshot>(&*reply);
  if (snap == nullptr)
    return std::string("the coordinator answered a snapshot with something else");
  if (snap->clock > timeline_.start || !snap->tasks.empty() || !snap->units.empty()) {
    return "the coordinator at " + controlEndpoint_ +
           " is not fresh (units, tasks, or a clock past " + formatInstant(timeline_.start) +
           "): start a new one with --clock stepped --clock-start " +
           formatInstant(timeline_.start);
  }
  return true;
}

Expected<bool, std::string> Debrief::reenact() {
  for (const auto& a : timeline_.actions) {
    if (auto ok = act(a); !ok) return ok;
  }
  return advance(timeline_.end);
}

Expected<bool, std::string> Debrief::act(const DebriefAction& a) {
  if (auto ok = paceTo(a.at); !ok) return ok;
  ++outcome_.actions;
  if (const auto* m = std::get_if<UnitMessage>(&a.what)) return send(a.at, *m);
  ++outcome_.commands;
  return issue(a.at, std::get<ControlCommand>(a.what));
}

// Below full speed the clock follows the wall clock (x factor) up to the next action.
Expected<bool, std::string> Debrief::paceTo(Millis at) {
  if (options_.speed.max) {
    if (held_ >= kMaxHeld && at > clock_) return advance(at);
    return true;
  }
  for (;;) {
    const double ms = std::chrono::duration<double, std::milli>(Steady::now() - wallStart_).count();
    const Millis now = timeline_.start + static_cast<Millis>(ms * options_.speed.factor);
    if (now >= at) return true;
    if (now > clock_) {
      if (auto ok = advance(now); !ok) return ok;
    }
    drain(kTick);
  }
}

Expected<bool, std::string> Debrief::send(Millis at, UnitMessage m) {
  if (m.recordedTask != 0) {
    auto id = freshId(tasks_, m.recordedTask);
    if (!id) {
      if (auto ok = refreshIds(at); !ok) return ok;
      id = freshId(tasks_, m.recordedTask);
    }
    if (!id) {
      warn(m.unit + ": no fresh task for recorded task " + std::to_string(m.recordedTask));
      return true;
    }
    if (auto* ack = std::get_if<TaskAck>(&m.body)) ack->taskId = *id;
    if (auto* up = std::get_if<TaskUpdate>(&m.body)) up->taskId = *id;
    if (auto* s = std::get_if<Sighting>(&m.body)) s->relatedTaskId = *id;
  }
  const std::string frame =
      encode(Envelope{kProtocolVersion, operationId_, true, nextMessageId_++, at, m.body});
  unitSocket(m.unit).send(zmq::buffer(frame), zmq::send_flags::none);
  ++sent_;
  ++held_;
  return true;
}

Expected<bool, std::string> Debrief::issue(Millis at, ControlCommand c) {
  if (auto ok = advance(at); !ok) return ok;
  const bool needsTask = c.recordedTask != 0, needsAlert = c.recordedAlert != 0;
  auto task = needsTask ? freshId(tasks_, c.recordedTask) : std::optional<std::uint64_t>(0);
  auto alert = needsAlert ? freshId(alerts_, c.recordedAlert) : std::optional<std::uint64_t>(0);
  if (!task || !alert) {
    if (auto ok = refreshIds(at); !ok) return ok;
    if (needsTask) task = freshId(tasks_, c.recordedTask);
    if (needsAlert) alert = freshId(alerts_, c.recordedAlert);
  }
  if (!task || !alert) {
    warn("at " + formatOffset(at - timeline_.start) + ": no fresh " +
         (task ? "alert for recorded alert " + std::to_string(c.recordedAlert)
               : "task for recorded task " + std::to_string(c.recordedTask)));
    return true;
  }
  std::visit(
      [&](auto& r) {
        using R = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<R, AssignTask> || std::is_same_v<R, CancelTask>) {
          r.taskId = *task;
        } else if constexpr (std::is_same_v<R, AcknowledgeAlert> ||
                             std::is_same_v<R, ResolveAlert>) {
          r.alertId = *alert;
        }
      },
      c.request);
  auto reply = request(c.request, commanderSocket(c.principal));
  if (!reply)
    warn("at " + formatOffset(at - timeline_.start) + ": command refused: " + reply.error());
  if (!options_.quiet) {
    console_ << formatOffset(at - timeline_.start) << "  command re-issued"
             << (reply ? "" : " (refused)") << std::endl;
  }
  return true;
}

Expected<bool, std::string> Debrief::advance(Millis to) {
  to = std::max(to, clock_);
  auto reply = request(AdvanceClock{to, sent_});
  if (!reply)
    return "advancing the clock to " + formatOffset(to - timeline_.start) + ": " + reply.error();
  if (!std::holds_alternative<ControlOk>(*reply))
    return std::string("advanceClock: unexpected reply");
  clock_ = to;
  held_ = 0;
  ++outcome_.steps;
  drain(0ms);
  return true;
}

// The clock is moved to `at` first, so that what the recorded log created by then exists.
Expected<bool, std::string> Debrief::refreshIds(Millis at) {
  if (auto ok = advance(at); !ok) return ok;
  auto reply = request(SnapshotQuery{});
  if (!reply) return "snapshot: " + reply.error();
  const auto* snap = std::get_if<Snapshot>(&*reply);
  if (snap == nullptr) return std::string("snapshot: unexpected reply");
  std::vector<std::uint64_t> tasks, alerts;
  for (const auto& t : snap->tasks) tasks.push_back(t.task.taskId);
  for (const auto& a : snap->alerts) alerts.push_back(a.alertId);
  mapByOrder(timeline_.recordedTaskOrder, std::move(tasks), tasks_);
  mapByOrder(timeline_.recordedAlertOrder, std::move(alerts), alerts_);
  return true;
}

std::optional<std::uint64_t> Debrief::freshId(const std::map<std::uint64_t, std::uint64_t>& map,
                                              std::uint64_t recorded) {
  auto it = map.find(recorded);
  if (it == map.end()) return std::nullopt;
  return it->second;
}

Expected<ControlReply, std::string> Debrief::request(const ControlRequest& r) {
  return request(r, *control_);
}

Expected<ControlReply, std::string> Debrief::request(const ControlRequest& r, zmq::socket_t& via) {
  const std::uint64_t id = controlIds_++;
  via.send(zmq::buffer(encode(Envelope{kProtocolVersion, operationId_, true, id, clock_, r})),
           zmq::send_flags::none);
  const auto deadline = Steady::now() + options_.replyTimeout;
  while (Steady::now() < deadline) {
    zmq::message_t m;
    while (via.recv(m, zmq::recv_flags::dontwait)) {
      auto env = decode(m.to_string_view(), DecodeLimits::forReplies());
      if (!env) return "undecodable reply: " + env.error().detail;
      if (auto* reply = std::get_if<ControlReply>(&env->body)) return std::move(*reply);
      if (auto* e = std::get_if<Error>(&env->body);
          e && (e->refMessageId == id || e->refMessageId == 0)) {
        return enumName(e->code) + ": " + e->message;
      }
    }
    drain(20ms, &via);
  }
  return "no reply from the coordinator within " + std::to_string(options_.replyTimeout.count()) +
         " ms";
}

zmq::socket_t& Debrief::unitSocket(const std::string& callsign) {
  auto it = units_.find(callsign);
  if (it != units_.end()) return it->second;
  zmq::socket_t s(context_, zmq::socket_type::dealer);
  s.set(zmq::sockopt::linger, 0);
  s.set(zmq::sockopt::sndhwm, 0);  // the coordinator holds what a step carries
  s.set(zmq::sockopt::rcvhwm, 0);
  if (auto own = keys_.unit(callsign)) curve::makeClient(s, *own);
  s.connect(agentEndpoint_);
  return units_.emplace(callsign, std::move(s)).first->second;
}

zmq::socket_t& Debrief::commanderSocket(const std::string& recordedPrincipal) {
  const std::string fresh = freshCommander(recordedPrincipal);
  auto it = commanders_.find(fresh);
  if (it != commanders_.end()) return it->second;
  return commanders_
      .emplace(fresh, controlDealer(context_, controlEndpoint_, keys_.commanderNamed(fresh)))
      .first->second;
}

// One poll over the control socket and every unit's link. What the units hear (welcomes, tasks,
// acknowledgements) is read and dropped: what they answered is in the recorded log already.
void Debrief::drain(std::chrono::milliseconds timeout, zmq::socket_t* waiting) {
  std::vector<zmq::pollitem_t> items;
  if (control_) items.push_back({control_->handle(), 0, ZMQ_POLLIN, 0});
  if (waiting != nullptr && waiting != control_.get())
    items.push_back({waiting->handle(), 0, ZMQ_POLLIN, 0});
  for (auto& [callsign, s] : units_) items.push_back({s.handle(), 0, ZMQ_POLLIN, 0});
  if (timeout > 0ms) zmq::poll(items.data(), items.size(), timeout);
  for (auto& [callsign, s] : units_) {
    zmq::message_t m;
    while (s.recv(m, zmq::recv_flags::dontwait)) {
      auto env = decode(m.to_string_view());
      const auto* e = env ? std::get_if<Error>(&env->body) : nullptr;
      if (e != nullptr) warn(callsign + ": " + enumName(e->code) + ": " + e->message);
    }
  }
}

void Debrief::warn(const std::string& text) {
  if (outcome_.warnings.size() < kMaxWarnings) outcome_.warnings.push_back(text);
}

void Debrief::compareStories(const Recording& recorded) {
  auto fresh = readRecording(options_.dataDir);
  if (!fresh) {
    outcome_.difference = fresh.error();
    return;
  }
  const auto before = storyLines(recorded.events);
  outcome_.storyEvents = before.size();
  // Commands of a principal that had to be renamed (freshCommander) count as the recorded one's.
  std::map<std::string, std::string> renamed;
  for (const auto& r : timeline_.commanders) {
    if (freshCommander(r) != r) renamed.emplace(freshCommander(r), r);
  }
  auto after = storyLines(fresh->events);
  for (auto& l : after) {
    if (auto it = renamed.find(l.principal); it != renamed.end()) l.principal = it->second;
  }
  outcome_.difference = firstDifference(before, after);
}

}  // namespace

Expected<DebriefOutcome, std::string> runDebrief(const DebriefOptions& options,
                                                 std::ostream& console) {
  Debrief d(options, console);
  return d.run();
}

}  // namespace fieldops::replay
