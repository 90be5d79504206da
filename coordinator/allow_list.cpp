// The allow-list file (see allow_list.hpp).
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <coordinator/allow_list.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <protocol/curve.hpp>
#include <sstream>
#include <string_view>

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

// White space between fields, as `>>` on a stream saw it.
bool blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

// A line's fields, split at white space: PUBLIC-KEY PRINCIPAL ROLE [UNIT]. Five or more are
// one too many; the count says how many were found, up to five.
struct Fields {
  std::array<std::string_view, 5> field{};
  std::size_t count = 0;
};

Fields splitFields(std::string_view line) {
  Fields f;
  std::size_t i = 0;
  while (f.count < f.field.size()) {
    while (i < line.size() && blank(line[i])) ++i;
    if (i == line.size()) break;
    const std::size_t from = i;
    while (i < line.size() && !blank(line[i])) ++i;
    f.field[f.count++] = line.substr(from, i - from);
  }
  return f;
}

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

std::optional<std::string> AllowList::enroll(Enrolment e) {
  e.principal.authenticated = true;
  if (auto bad = check(e)) return bad;
  if (auto it = byKey_.find(e.publicKey); it != byKey_.end()) {
    return "that key is enrolled already, as '" + entries_[it->second].principal.name + "'";
  }
  if (byName_.count(e.principal.name)) {
    return "principal '" + e.principal.name + "' is enrolled already (revoke it first)";
  }
  // One key per unit (design.md, "Identity and security"): a unit's reports are credited to
  // its callsign, which must name one principal, so that the log tells who sent them.
  const bool agent = e.principal.role == Role::agent;
  if (agent) {
    if (auto it = byUnit_.find(e.principal.unit); it != byUnit_.end()) {
      return "unit " + e.principal.unit + " has a key already, enrolled as '" +
             entries_[it->second].principal.name + "': one key per unit (revoke it first)";
    }
  }
  const std::size_t at = entries_.size();
  byKey_.emplace(e.publicKey, at);
  byName_.emplace(e.principal.name, at);
  if (agent) byUnit_.emplace(e.principal.unit, at);
  entries_.push_back(std::move(e));
  return std::nullopt;
}

void AllowList::reserve(std::size_t enrolments) {
  entries_.reserve(enrolments);
  byKey_.reserve(enrolments);
  byName_.reserve(enrolments);
  byUnit_.reserve(enrolments);
}

bool AllowList::revoke(const std::string& principal) {
  const auto found = byName_.find(principal);
  if (found == byName_.end()) return false;
  const std::size_t at = found->second;
  const Enrolment& gone = entries_[at];
  byKey_.erase(gone.publicKey);
  if (gone.principal.role == Role::agent) byUnit_.erase(gone.principal.unit);
  byName_.erase(found);
  entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(at));
  // The entries after it moved up one.
  for (Index* index : {&byKey_, &byName_, &byUnit_}) {
    for (auto& entry : *index) entry.second -= entry.second > at ? 1 : 0;
  }
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
  list.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  std::string_view rest = text;
  for (int number = 1; !rest.empty(); ++number) {
    const std::size_t end = rest.find('\n');
    const Fields f = splitFields(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (f.count == 0 || f.field[0].front() == '#') continue;
    const auto where = [number] { return "allow-list line " + std::to_string(number) + ": "; };
    if (f.count == f.field.size()) {
      return where() + "too many fields (PUBLIC-KEY PRINCIPAL ROLE [UNIT])";
    }
    const auto r = roleFromName(f.field[2]);
    if (!r) {
      return where() + "role '" + std::string(f.field[2]) +
             "' is not agent, commander, observer or trainer";
    }
    Enrolment e{std::string(f.field[0]),
                {std::string(f.field[1]), *r, std::string(f.field[3]), true}};
    if (auto bad = list.enroll(std::move(e))) return where() + *bad;
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
  out.reserve(out.size() + entries_.size() * 96);  // a key, a name, a role and a unit a line
  for (const auto& e : entries_) {
    out.append(e.publicKey).append(" ").append(e.principal.name).append(" ");
    out.append(roleName(e.principal.role));
    if (!e.principal.unit.empty()) out.append(" ").append(e.principal.unit);
    out += '\n';
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

AllowListChange compareAllowLists(const AllowList& before, const AllowList& after) {
  AllowListChange change;
  for (const auto& e : before.entries()) {
    const Enrolment* now = after.byName(e.principal.name);
    if (now == nullptr || now->publicKey != e.publicKey ||
        now->principal.role != e.principal.role || now->principal.unit != e.principal.unit) {
      change.withdrawn.push_back(e.principal.name);
    }
  }
  for (const auto& e : after.entries()) {
    if (before.byName(e.principal.name) == nullptr) change.enrolled.push_back(e.principal);
  }
  return change;
}

}  // namespace fieldops
