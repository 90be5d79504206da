// The keys of an exercise (see exercise_keys.hpp).
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <coordinator/allow_list.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <scenarios/replay/exercise_keys.hpp>
#include <set>
#include <tuple>

namespace fieldops::replay {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxPrincipal = 64;  // as coordinator/allow_list.cpp
constexpr const char* kTrainerPrincipal = "exercise.trainer";
constexpr const char* kDashboardCommanderPrincipal = "dashboard.commander";
constexpr const char* kDashboardObserverPrincipal = "dashboard.observer";

bool principalChar(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '_' || c == '.';
}

bool validCallsign(const std::string& s) {
  return !s.empty() && s.size() <= kMaxPrincipal && s != "." && s != ".." &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return principalChar(c); });
}

std::string agentPrincipal(const std::string& callsign) {
  const std::string name = "agent." + callsign;
  return name.size() <= kMaxPrincipal ? name : callsign;
}

// A fresh pair written as dir/file (0600) and dir/file.pub.
Expected<curve::KeyPair, std::string> makeKey(const fs::path& dir, const std::string& file,
                                              const std::string& label) {
  curve::KeyPair keys = curve::generate();
  if (auto bad = curve::writeKeyFiles((dir / file).string(), keys, label)) return *bad;
  return keys;
}

std::string absolutePath(const fs::path& p) {
  std::error_code ec;
  const fs::path a = fs::absolute(p, ec);
  return (ec ? p : a).lexically_normal().string();
}

}  // namespace

std::optional<curve::ClientKeys> ReplayerKeys::unit(const std::string& callsign) const {
  if (!secure) return std::nullopt;
  auto it = units.find(callsign);
  if (it == units.end()) return std::nullopt;
  return it->second;
}

std::optional<curve::ClientKeys> ReplayerKeys::commanderNamed(const std::string& principal) const {
  if (!secure) return std::nullopt;
  auto it = commanders.find(principal);
  return it == commanders.end() ? commander : it->second;
}

std::optional<curve::ClientKeys> ReplayerKeys::trainerKeys() const {
  if (!secure) return std::nullopt;
  return trainer;
}

zmq::socket_t controlDealer(zmq::context_t& context, const std::string& endpoint,
                            const std::optional<curve::ClientKeys>& keys) {
  zmq::socket_t s(context, zmq::socket_type::dealer);
  s.set(zmq::sockopt::linger, 0);
  s.set(zmq::sockopt::maxmsgsize, std::int64_t{1} << 26);  // snapshots of large operations
  if (keys) curve::makeClient(s, *keys);
  s.connect(endpoint);
  return s;
}

std::string principalFrom(const std::string& text, const std::string& fallback) {
  std::string out;
  for (unsigned char c : text) {
    if (principalChar(c)) {
      out.push_back(static_cast<char>(c));
    } else if (std::isspace(c) && !out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.size() > kMaxPrincipal) out.resize(kMaxPrincipal);
  if (out.empty() || out == "control" || out == "coordinator") return fallback;
  return out;
}

Expected<ExerciseKeys, std::string> makeExerciseKeys(const std::string& dataDir,
                                                     const KeyRoster& roster) {
  const fs::path dir = fs::path(dataDir) / "keys";
  if (::mkdir(dir.c_str(), 0700) != 0) {
    if (errno == EEXIST) return dir.string() + " exists already; an exercise needs fresh keys";
    return "cannot create " + dir.string() + ": " + std::strerror(errno);
  }
  ::chmod(dir.c_str(), 0700);  // whatever the umask
  const std::set<std::string> reserved = {kTrainerKeyFile, kCommanderKeyFile, kCoordinatorKeyFile,
                                          kDashboardCommanderKeyFile, kDashboardObserverKeyFile};
  ExerciseKeys out;
  out.dir = absolutePath(dir);
  out.coordinatorKeyFile = absolutePath(dir / kCoordinatorKeyFile);
  out.coordinatorPublicFile = out.coordinatorKeyFile + ".pub";
  out.allowListFile = absolutePath(fs::path(dataDir) / "allow-list");
  out.dashboardCommanderKeyFile = absolutePath(dir / kDashboardCommanderKeyFile);
  out.dashboardObserverKeyFile = absolutePath(dir / kDashboardObserverKeyFile);

  auto coordinator = makeKey(dir, kCoordinatorKeyFile, "the exercise coordinator");
  if (!coordinator) return coordinator.error();
  const std::string server = coordinator->publicKey;
  std::vector<Enrolment> enrol;
  auto client = [&](const std::string& file, const std::string& principal, Role role,
                    const std::string& unit) -> Expected<curve::ClientKeys, std::string> {
    auto keys = makeKey(dir, file, principal);
    if (!keys) return keys.error();
    enrol.push_back({keys->publicKey, Principal{principal, role, unit, true}});
    return curve::ClientKeys{*keys, server};
  };

  ReplayerKeys& c = out.clients;
  c.secure = true;
  auto trainer = client(kTrainerKeyFile, kTrainerPrincipal, Role::trainer, "");
  if (!trainer) return trainer.error();
  c.trainer = *trainer;
  auto commander = client(kCommanderKeyFile, roster.commander, Role::commander, "");
  if (!commander) return commander.error();
  c.commander = *commander;
  for (const auto& name : roster.commanders) {
    if (name == roster.commander || c.commanders.count(name)) continue;
    auto keys = client("commander-" + name + ".key", name, Role::commander, "");
    if (!keys) return keys.error();
    c.commanders.emplace(name, *keys);
  }
  for (const auto& callsign : roster.units) {
    if (!validCallsign(callsign)) return "callsign '" + callsign + "' cannot name a key file";
    const std::string file = callsign + ".key";
    if (reserved.count(file)) {
      return "unit " + callsign + "'s key file would be " + file +
             ", which the replayer keeps for another key: rename the unit";
    }
    if (c.units.count(callsign)) continue;
    auto keys = client(file, agentPrincipal(callsign), Role::agent, callsign);
    if (!keys) return keys.error();
    c.units.emplace(callsign, *keys);
  }
  for (const auto& [file, principal, role] :
       {std::tuple{kDashboardCommanderKeyFile, kDashboardCommanderPrincipal, Role::commander},
        std::tuple{kDashboardObserverKeyFile, kDashboardObserverPrincipal, Role::observer}}) {
    auto keys = client(file, principal, role, "");
    if (!keys) return keys.error();
  }
  auto bad = updateAllowList(out.allowListFile, [&](AllowList& list) -> std::optional<std::string> {
    for (auto& e : enrol) {
      if (auto why = list.enroll(e)) return *why;
    }
    return std::nullopt;
  });
  if (bad) return "cannot write the allow-list " + out.allowListFile + ": " + *bad;
  return out;
}

Expected<ReplayerKeys, std::string> readKeysDir(const std::string& dir,
                                                const std::string& coordinatorKey,
                                                const std::vector<std::string>& units) {
  ReplayerKeys out;
  if (dir.empty() && coordinatorKey.empty()) return out;
  if (dir.empty()) return std::string("--coordinator-key needs --keys-dir");
  if (coordinatorKey.empty()) {
    return std::string(
        "--keys-dir needs --coordinator-key (the coordinator's public key or its "
        ".pub file)");
  }
  auto server = curve::readPublicKey(coordinatorKey);
  if (!server) return server.error().message;
  auto read = [&](const std::string& file) -> Expected<curve::ClientKeys, std::string> {
    auto keys = curve::readKeyFile((fs::path(dir) / file).string());
    if (!keys) return keys.error().message;
    return curve::ClientKeys{*keys, *server};
  };
  out.secure = true;
  auto trainer = read(kTrainerKeyFile);
  if (!trainer) return trainer.error();
  out.trainer = *trainer;
  auto commander = read(kCommanderKeyFile);
  if (!commander) return commander.error();
  out.commander = *commander;
  for (const auto& callsign : units) {
    if (!validCallsign(callsign)) return "callsign '" + callsign + "' cannot name a key file";
    auto keys = read(callsign + ".key");
    if (!keys) return "unit " + callsign + ": " + keys.error();
    out.units.emplace(callsign, *keys);
  }
  return out;
}

std::optional<std::string> writeReplayReady(const std::string& dataDir,
                                            const std::map<std::string, std::string>& endpoints,
                                            const ExerciseKeys* keys) {
  const std::string path = (fs::path(dataDir) / "replay-ready").string();
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::trunc);
    for (const char* name : {"agent", "control", "updates"}) {
      if (auto it = endpoints.find(name); it != endpoints.end())
        f << name << "=" << it->second << "\n";
    }
    if (keys != nullptr) {
      f << "coordinator-key=" << keys->coordinatorPublicFile << "\n"
        << "dashboard-commander-key=" << keys->dashboardCommanderKeyFile << "\n"
        << "dashboard-observer-key=" << keys->dashboardObserverKeyFile << "\n";
    }
    if (!f) return "cannot write " + tmp;
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return "cannot write " + path + ": " + ec.message();
  return std::nullopt;
}

}  // namespace fieldops::replay
