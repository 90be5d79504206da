// Shared test fixtures (see support.hpp).
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <tests/support/support.hpp>
#include <thread>

namespace fieldops::test {

namespace {

std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

int decodeStatus(int raw) {
  if (WIFEXITED(raw)) return WEXITSTATUS(raw);
  if (WIFSIGNALED(raw)) return 128 + WTERMSIG(raw);
  return -1;
}

}  // namespace

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base != nullptr ? base : "/tmp") + "/fieldops-test-XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

Child::Child(const std::string& program, const std::vector<std::string>& args,
             const std::string& outputDir, bool pipeStdin) {
  static int counter = 0;  // distinct output files per child within one test process
  const std::string tag = std::to_string(getpid()) + "-" + std::to_string(counter++);
  out_ = outputDir + "/child-" + tag + ".out";
  err_ = outputDir + "/child-" + tag + ".err";
  int in[2] = {-1, -1};
  if (pipeStdin) {
    ::signal(SIGPIPE, SIG_IGN);  // a child that died must fail the write, not kill the test
    if (pipe2(in, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  }
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int out = open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(out, 1);
    dup2(err, 2);
    dup2(pipeStdin ? in[0] : open("/dev/null", O_RDONLY), 0);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  if (pipeStdin) {
    close(in[0]);
    stdin_ = in[1];
  }
}

void Child::writeStdin(const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(stdin_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("cannot write to the child's stdin");
    done += static_cast<std::size_t>(n);
  }
}

void Child::closeStdin() {
  if (stdin_ >= 0) close(stdin_);
  stdin_ = -1;
}

bool Child::waitForOutput(const std::string& needle, std::chrono::milliseconds timeout,
                          std::size_t times) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const std::string out = stdoutText();
    std::size_t count = 0;
    for (auto at = out.find(needle); at != std::string::npos; at = out.find(needle, at + 1))
      ++count;
    if (count >= times) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

Child::~Child() {
  closeStdin();
  if (running()) {
    ::kill(pid_, SIGKILL);
    wait(std::chrono::seconds(10));
  }
}

void Child::signal(int sig) {
  if (!status_) ::kill(pid_, sig);
}

bool Child::running() {
  if (status_) return false;
  int raw = 0;
  const pid_t r = waitpid(pid_, &raw, WNOHANG);
  if (r == pid_) status_ = decodeStatus(raw);
  return !status_;
}

std::optional<int> Child::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return status_;
}

std::string Child::stderrText() const {
  return slurp(err_);
}
std::string Child::stdoutText() const {
  return slurp(out_);
}

RunResult runProgram(const std::string& program, const std::vector<std::string>& args,
                     std::chrono::milliseconds timeout) {
  TempDir dir;
  Child child(program, args, dir.path());
  RunResult r;
  auto status = child.wait(timeout);
  if (!status) {
    child.signal(SIGKILL);
    status = child.wait(std::chrono::seconds(5));
  }
  r.status = status.value_or(-1);
  r.out = child.stdoutText();
  r.err = child.stderrText();
  return r;
}

std::string lineWith(const std::string& text, const std::vector<std::string>& parts) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (std::all_of(parts.begin(), parts.end(),
                    [&](const std::string& p) { return line.find(p) != std::string::npos; })) {
      return line;
    }
  }
  return {};
}

std::map<std::string, std::string> waitReadyFile(const std::string& path,
                                                 std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!std::filesystem::exists(path)) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("coordinator did not become ready: " + path);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::map<std::string, std::string> out;
  std::ifstream f(path);
  std::string line;
  while (std::getline(f, line)) {
    if (auto eq = line.find('='); eq != std::string::npos) {
      out[line.substr(0, eq)] = line.substr(eq + 1);
    }
  }
  return out;
}

Hello sampleHello(const std::string& callsign) {
  Hello h;
  h.callsign = callsign;
  h.post = "Tabanovce border crossing";
  h.position = {42.2106, 21.6993};
  h.capabilities.documentCheck = true;
  h.capabilities.childProtectionTrained = true;
  h.capabilities.interpreterLanguages = {"sq", "ar"};
  return h;
}

Sighting sampleSighting(const std::string& id, Millis observedAt) {
  Sighting s;
  s.sightingId = id;
  s.observedAt = observedAt;
  s.position = {42.2106, 21.6993};
  s.post = "Tabanovce border crossing";
  s.category = SightingCategory::GROUP;
  s.personCount = 5;
  s.minorCount = 2;
  s.subject.names = {"Ахмед Салех", "أحمد صالح"};
  s.subject.nationality = "SYR";
  s.subject.documentType = DocumentType::PASSPORT;
  s.subject.documentNumber = "N1234567";
  s.subject.documentCountry = "SYR";
  // One indicator and no suspected exploitation: no alert rule fires (alert_rules.cpp), so
  // tests that are not about alerts see no follow-up tasks.
  s.indicators = {Indicator::DOCUMENTS_HELD_BY_OTHER};
  s.exploitation = Exploitation::UNKNOWN;
  s.freeText = "group in rear of van, driver holds passports";
  s.confidence = 70;
  return s;
}

CreateTask sampleCreateTask(const std::string& assignTo, Millis dueAt) {
  CreateTask c;
  c.kind = TaskKind::INSPECT_VEHICLE;
  c.priority = Priority::P1;
  c.dueAt = dueAt;
  c.target = std::string("Tabanovce border crossing");
  c.instructions = "White van, plate SK-1234-AB, lane 3";
  c.assignTo = assignTo;
  return c;
}

}  // namespace fieldops::test
