// The allow-list file (see allow_list.hpp).
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <coordinator/allow_list.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <protocol/curve.hpp>
#include <sstream>

namespace fieldops {

std::string_view roleName(Role role) {
  switch (role) {
    case Role::agent:
      return "agent";
    case Role::commander:
      return "commander";
    case Role::observer:
      return "observer";
    case Role::trainer:
      return "trainer";
  }
  return "?";
}

std::optional<Role> roleFromName(std::string_view name) {
  for (Role r : {Role::agent, Role::commander, Role::observer, Role::trainer}) {
    if (roleName(r) == name) return r;
  }
  return std::nullopt;
}

Principal unauthenticatedAgent() {
  return {"", Role::agent, "", false};
}
Principal unauthenticatedControl() {
  return {"control", Role::commander, "", false};
}

namespace {

constexpr std::size_t kMaxNameLength = 64;

// Principal names and callsigns: letters, digits, '-', '_' and '.'; as in decide_agent.cpp.
bool validName(const std::string& s) {
  return !s.empty() && s.size() <= kMaxNameLength &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) {
           return std::isalnum(c) || c == '-' || c == '_' || c == '.';
         });
}

std::optional<std::string> check(const Enrolment& e) {
  if (!curve::isZ85Key(e.publicKey))
    return "'" + e.publicKey + "' is not a public key (40 Z85 characters)";
  if (!validName(e.principal.name)) {
    return "principal '" + e.principal.name + "' must be 1 to 64 letters, digits, '-', '_' or '.'";
  }
  if (e.principal.name == "control" || e.principal.name == "coordinator") {
    return "principal '" + e.principal.name + "' is reserved";
  }
  if (e.principal.role == Role::agent && !validName(e.principal.unit)) {
    return "an agent is bound to one unit: give its callsign (letters, digits, '-', '_', '.')";
  }
  if (e.principal.role != Role::agent && !e.principal.unit.empty()) {
    return "only an agent is bound to a unit";
  }
  return std::nullopt;
}

}  // namespace

void AllowList::reindex() {
  byKey_.clear();
  byName_.clear();
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    byKey_[entries_[i].publicKey] = i;
    byName_[entries_[i].principal.name] = i;
  }
}

std::optional<std::string> AllowList::enroll(Enrolment e) {
  e.principal.authenticated = true;
  if (auto bad = check(e)) return bad;
  if (byKey_.count(e.publicKey)) {
    return "that key is enrolled already, as '" + entries_[byKey_.at(e.publicKey)].principal.name +
           "'";
  }
  if (byName_.count(e.principal.name)) {
    return "principal '" + e.principal.name + "' is enrolled already (revoke it first)";
  }
  // One key per unit (design.md, "Identity and security"): a unit's reports are credited to
  // its callsign, which must name one principal, so that the log tells who sent them.
  if (e.principal.role == Role::agent) {
    for (const auto& other : entries_) {
      if (other.principal.role == Role::agent && other.principal.unit == e.principal.unit) {
        return "unit " + e.principal.unit + " has a key already, enrolled as '" +
               other.principal.name + "': one key per unit (revoke it first)";
      }
    }
  }
  entries_.push_back(std::move(e));
  reindex();
  return std::nullopt;
}

bool AllowList::revoke(const std::string& principal) {
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const Enrolment& e) { return e.principal.name == principal; });
  if (it == entries_.end()) return false;
  entries_.erase(it);
  reindex();
  return true;
}

const Principal* AllowList::byKey(const std::string& publicKey) const {
  auto it = byKey_.find(publicKey);
  return it == byKey_.end() ? nullptr : &entries_[it->second].principal;
}

const Enrolment* AllowList::byName(const std::string& principal) const {
  auto it = byName_.find(principal);
  return it == byName_.end() ? nullptr : &entries_[it->second];
}

Expected<AllowList, std::string> AllowList::parse(const std::string& text) {
  AllowList list;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::istringstream fields(line);
    std::string key;
    if (!(fields >> key) || key.front() == '#') continue;
    std::string name, role, unit, extra;
    fields >> name >> role >> unit >> extra;
    const std::string where = "allow-list line " + std::to_string(number) + ": ";
    if (!extra.empty()) return where + "too many fields (PUBLIC-KEY PRINCIPAL ROLE [UNIT])";
    const auto r = roleFromName(role);
    if (!r) return where + "role '" + role + "' is not agent, commander, observer or trainer";
    if (auto bad = list.enroll({key, {name, *r, unit, true}})) return where + *bad;
  }
  return list;
}

Expected<AllowList, std::string> AllowList::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return "cannot read allow-list " + path + ": " + std::strerror(errno);
  std::ostringstream text;
  text << in.rdbuf();
  auto list = parse(text.str());
  if (!list) return path + ": " + list.error();
  return list;
}

std::string AllowList::text() const {
  std::string out =
      "# FieldOps allow-list: PUBLIC-KEY PRINCIPAL ROLE [UNIT]. Manage it with\n"
      "# fieldops-coordinator enroll / revoke / list; a running coordinator reloads it.\n";
  for (const auto& e : entries_) {
    out += e.publicKey + " " + e.principal.name + " " + std::string(roleName(e.principal.role));
    if (!e.principal.unit.empty()) out += " " + e.principal.unit;
    out += "\n";
  }
  return out;
}

std::optional<std::string> updateAllowList(
    const std::string& path, const std::function<std::optional<std::string>(AllowList&)>& change) {
  const std::string lockPath = path + ".lock";
  const int lock = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock < 0) return "cannot open " + lockPath + ": " + std::strerror(errno);
  struct Unlock {
    int fd;
    ~Unlock() { ::close(fd); }  // closing releases the flock
  } unlock{lock};
  if (::flock(lock, LOCK_EX) != 0) return "cannot lock " + lockPath + ": " + std::strerror(errno);
  AllowList list;
  if (std::filesystem::exists(path)) {
    auto loaded = AllowList::load(path);
    if (!loaded) return loaded.error();
    list = std::move(*loaded);
  }
  if (auto bad = change(list)) return bad;
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return "cannot write " + tmp + ": " + std::strerror(errno);
  const std::string text = list.text();
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return "cannot write " + path + ": " + std::strerror(errno);
  }
  // The rename itself durable: a revocation must survive a power cut.
  const std::string dir = std::filesystem::path(path).parent_path().string();
  const int dirFd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirFd >= 0) {
    ::fsync(dirFd);
    ::close(dirFd);
  }
  return std::nullopt;
}

std::vector<std::string> withdrawnPrincipals(const AllowList& before, const AllowList& after) {
  std::vector<std::string> gone;
  for (const auto& e : before.entries()) {
    const Enrolment* now = after.byName(e.principal.name);
    if (now == nullptr || now->publicKey != e.publicKey ||
        now->principal.role != e.principal.role || now->principal.unit != e.principal.unit) {
      gone.push_back(e.principal.name);
    }
  }
  return gone;
}

}  // namespace fieldops
