// Interactive mode (see console_frontend.hpp): one line in, a few plain lines out.
#include <field-agent/console_frontend.hpp>
#include <field-agent/typed_input.hpp>
#include <protocol/enum_names.hpp>
#include <protocol/session.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <iomanip>

namespace fieldops {

namespace {

constexpr int kExitFatal = 3;
constexpr Millis kMinute = 60'000;

struct CommandHelp {
  const char* usage;
  const char* purpose;
};

// Every command, as `help` lists it.
constexpr CommandHelp kCommands[] = {
    {"help", "list these commands"},
    {"tasks", "list your active tasks, highest priority first"},
    {"status", "link, outbox depth, last acknowledgement, next retry"},
    {"accept N", "accept task N"},
    {"decline N <reason>", "decline task N; a reason is required"},
    {"enroute N", "you are on the way to task N"},
    {"onscene N", "you are at the scene of task N"},
    {"complete N [note]", "task N is done, with an optional outcome note"},
    {"fail N <note>", "task N could not be done; a note is required"},
    {"report [kind]",
     "report a sighting step by step; kind: person, group, vehicle, document or site"},
    {"quit", "leave; what is not yet acknowledged stays in the outbox"},
};

// Local wall-clock time, "HH:MM" or "HH:MM:SS"; the date too when it is not today.
std::string localTime(Millis at, Millis now, bool seconds) {
  auto tm = [](Millis ms) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm out{};
    localtime_r(&t, &out);
    return out;
  };
  const std::tm when = tm(at);
  const std::tm today = tm(now);
  const bool sameDay = when.tm_year == today.tm_year && when.tm_yday == today.tm_yday;
  char buf[32];
  std::strftime(buf, sizeof buf,
                sameDay ? (seconds ? "%H:%M:%S" : "%H:%M")
                        : (seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M"),
                &when);
  return buf;
}

// "in 25 min", "in 3 h", "overdue by 4 min".
std::string timeLeft(Millis due, Millis now) {
  const Millis left = due - now;
  const Millis minutes = (left >= 0 ? left + kMinute - 1 : -left) / kMinute;
  constexpr Millis kHour = 60;  // in minutes
  std::string amount = minutes < 2 * kHour    ? std::to_string(minutes) + " min"
                       : minutes < 48 * kHour ? std::to_string(minutes / kHour) + " h"
                                              : std::to_string(minutes / (24 * kHour)) + " days";
  return left >= 0 ? "in " + amount : "overdue by " + amount;
}

std::string priorityText(Priority p) {
  std::string name = enumName(p);  // "p1"
  for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

std::string targetText(const Target& target) {
  if (const auto* post = std::get_if<std::string>(&target)) return *post;
  const auto& pos = std::get<Position>(target);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.5f, %.5f", pos.lat, pos.lon);  // about 1 m
  return buf;
}

bool active(const TaskView& t) {
  return !isTerminal(t.state) && t.state != TaskState::DECLINED;
}

std::pair<std::string, std::string> firstWord(const std::string& text) {
  const std::string t = trim(text);
  const auto space = t.find_first_of(" \t");
  if (space == std::string::npos) return {t, {}};
  return {t.substr(0, space), trim(t.substr(space))};
}

// "Accept", "EN-ROUTE", "on_scene", "on scene" all name the same command.
std::pair<std::string, std::string> verbAndArgs(const std::string& line) {
  auto [verb, args] = firstWord(line);
  verb = lowercase(verb);
  std::erase_if(verb, [](char c) { return c == '-' || c == '_'; });
  auto [next, after] = firstWord(args);
  if ((verb == "en" && lowercase(next) == "route") ||
      (verb == "on" && lowercase(next) == "scene")) {
    return {verb + lowercase(next), after};
  }
  if (verb == "?" || verb == "h") return {"help", args};
  if (verb == "exit" || verb == "q") return {"quit", args};
  return {verb, args};
}

}  // namespace

void ConsoleFrontend::prompt() {
  if (quit_ || fatal_ || inputClosed_) return;
  out_ << (wizard_ ? "report> " : "> ") << std::flush;
  promptShown_ = true;
}

void ConsoleFrontend::notice(const std::string& text) {
  if (promptShown_) out_ << '\n';
  promptShown_ = false;
  out_ << text << '\n';
  prompt();
}

void ConsoleFrontend::begin(Millis now) {
  const auto& o = agent().options();
  out_ << "fieldops-agent: " << o.unit.callsign << " at "
       << (o.unit.post.empty() ? "no post (mobile)" : o.unit.post) << ", operation "
       << o.operationId << (o.exercise ? " (exercise)" : " (LIVE)") << '\n';
  const auto s = agent().status();
  out_ << "link: " << linkStateName(s.link) << " to " << o.endpoint << "; outbox: " << s.outboxDepth
       << " waiting\n";
  listTasks(now);
  out_ << "type help for the commands\n";
  prompt();
}

void ConsoleFrontend::line(const std::string& text, Millis now) {
  if (finished(now)) return;  // lines pasted after quit are not commands
  promptShown_ = false;       // the terminal echoed the newline
  if (wizard_) {
    wizardLine(text, now);
  } else {
    command(text, now);
  }
  prompt();
}

void ConsoleFrontend::endOfInput(Millis) {
  if (promptShown_) out_ << '\n';
  if (wizard_) out_ << "report discarded; nothing was sent\n";
  const auto depth = agent().status().outboxDepth;
  if (depth > 0) out_ << depth << " message(s) stay in the outbox and go out on the next start\n";
  out_ << std::flush;
  inputClosed_ = true;
}

bool ConsoleFrontend::finished(Millis) const {
  return quit_ || fatal_ || inputClosed_;
}

int ConsoleFrontend::exitCode() const {
  return fatal_ ? kExitFatal : 0;
}

void ConsoleFrontend::command(const std::string& text, Millis now) {
  if (trim(text).empty()) return;
  if (!cleanText(trim(text))) {
    out_ << "the line has control characters (arrow keys?); type the command again\n";
    return;
  }
  const auto [verb, args] = verbAndArgs(text);
  if (verb == "help") {
    out_ << "commands (N is the task number shown by tasks):\n";
    for (const auto& c : kCommands) {
      out_ << "  " << std::left << std::setw(20) << c.usage << c.purpose << '\n';
    }
    out_ << "while reporting: back goes to the previous question, cancel discards the report\n";
  } else if (verb == "tasks") {
    listTasks(now);
  } else if (verb == "status") {
    printStatus(now);
  } else if (verb == "accept" || verb == "decline" || verb == "enroute" || verb == "onscene" ||
             verb == "complete" || verb == "fail") {
    taskCommand(verb, args, now);
  } else if (verb == "report") {
    startReport(args, now);
  } else if (verb == "quit") {
    const auto depth = agent().status().outboxDepth;
    if (depth > 0) out_ << depth << " message(s) stay in the outbox and go out on the next start\n";
    out_ << "bye\n" << std::flush;
    quit_ = true;
  } else {
    out_ << "unknown command '" << verb << "'; type help for the list\n";
  }
}

void ConsoleFrontend::taskCommand(const std::string& verb, const std::string& args, Millis now) {
  const bool needsText = verb == "decline" || verb == "fail";
  const char* textWord = verb == "decline" ? "reason" : "note";
  std::uint64_t example = 3;
  for (const auto& t : agent().tasks()) {
    if (active(t)) {
      example = t.task.taskId;
      break;
    }
  }
  const std::string usage =
      verb + " " + std::to_string(example) + (needsText ? std::string(" <") + textWord + ">" : "");
  const auto [number, text] = firstWord(args);
  if (number.empty()) {
    out_ << verb << " needs a task number" << (needsText ? std::string(" and a ") + textWord : "")
         << ": " << usage << '\n';
    return;
  }
  const std::string digits = number[0] == '#' ? number.substr(1) : number;
  const auto id = wholeNumber(digits, UINT64_MAX / 10);
  if (!id || *id == 0) {
    out_ << "'" << number << "' is not a task number; type tasks to see them, then e.g. " << usage
         << '\n';
    return;
  }
  const auto tasks = agent().tasks();
  if (std::none_of(tasks.begin(), tasks.end(),
                   [&](const TaskView& t) { return t.task.taskId == *id; })) {
    out_ << "no task " << *id << "; type tasks to see yours\n";
    return;
  }
  if (needsText && text.empty()) {
    out_ << verb << " needs a " << textWord << ": " << verb << ' ' << *id << " <" << textWord
         << ">\n";
    return;
  }
  Expected<OutboxEntry, std::string> queued = std::string();
  std::string done;
  if (verb == "accept" || verb == "decline") {
    const bool accept = verb == "accept";
    queued = agent().answerTask(*id, accept ? TaskAckDecision::ACCEPTED : TaskAckDecision::DECLINED,
                                text, now);
    done = accept ? "accepted" : "declined";
  } else {
    const TaskProgress progress = verb == "enroute"    ? TaskProgress::EN_ROUTE
                                  : verb == "onscene"  ? TaskProgress::ON_SCENE
                                  : verb == "complete" ? TaskProgress::COMPLETED
                                                       : TaskProgress::FAILED;
    queued = agent().updateTask(*id, progress, text, now);
    done = enumWords(progress);
  }
  if (!queued) {
    out_ << queued.error() << '\n';
    return;
  }
  out_ << "task " << *id << ' ' << done << ": queued (outbox " << agent().status().outboxDepth
       << ")\n";
}

void ConsoleFrontend::startReport(const std::string& args, Millis now) {
  std::optional<SightingCategory> category;
  if (!args.empty()) {
    category = enumFromName<SightingCategory>(lowercase(args));
    if (!category) {
      out_ << "'" << args << "' is not a kind of sighting; use report person, group, vehicle, "
           << "document or site (or just report)\n";
      return;
    }
  }
  std::vector<TaskView> activeTasks;
  for (const auto& t : agent().tasks()) {
    if (active(t)) activeTasks.push_back(t);
  }
  wizard_ = std::make_unique<SightingWizard>(agent().options().unit, category, activeTasks, now);
  out_ << "new sighting report: back goes to the previous question, cancel discards it, "
       << "? repeats the question\n"
       << wizard_->question() << '\n';
}

void ConsoleFrontend::wizardLine(const std::string& text, Millis now) {
  if (trim(text) == "?") {
    out_ << wizard_->question() << '\n';
    return;
  }
  const auto step = wizard_->answer(text);
  if (step.cancelled) {
    wizard_.reset();
    out_ << "report discarded; nothing was sent\n";
    return;
  }
  if (!step.problem.empty()) {
    out_ << "! " << step.problem << '\n' << wizard_->question() << '\n';
    return;
  }
  if (!step.done) {
    out_ << wizard_->question() << '\n';
    return;
  }
  auto queued = agent().report(wizard_->sighting(), now);
  wizard_.reset();
  if (!queued) {
    out_ << "the report could not be queued: " << queued.error() << '\n';
    return;
  }
  out_ << "queued sighting " << queued->sightingId << " (outbox " << agent().status().outboxDepth
       << ")\n";
}

void ConsoleFrontend::listTasks(Millis now) {
  std::size_t shown = 0;
  std::size_t finished = 0;
  for (const auto& t : agent().tasks()) {  // highest priority first, then earliest due
    if (!active(t)) {
      ++finished;
      continue;
    }
    if (shown++ == 0) out_ << "your tasks, highest priority first:\n";
    printTask(t, now, "");
  }
  if (shown == 0) out_ << "no active tasks";
  if (finished > 0)
    out_ << (shown == 0 ? " (" : "(") << finished << " finished or declined not shown)";
  if (shown == 0 || finished > 0) out_ << '\n';
}

void ConsoleFrontend::printTask(const TaskView& t, Millis now, const char* heading) {
  out_ << heading << "task " << t.task.taskId << "  " << priorityText(t.task.priority) << "  "
       << enumWords(t.task.kind) << "  ";
  if (t.task.dueAt > 0) {
    out_ << "due " << localTime(t.task.dueAt, now, false) << " (" << timeLeft(t.task.dueAt, now)
         << ")";
  } else {
    out_ << "no due time";
  }
  out_ << "  [" << enumWords(t.state) << "]\n"
       << "    target: " << targetText(t.task.target) << '\n';
  if (!t.task.instructions.empty()) out_ << "    instructions: " << t.task.instructions << '\n';
}

void ConsoleFrontend::printStatus(Millis now) {
  const auto s = agent().status();
  out_ << "link: " << linkStateName(s.link) << "; outbox: " << s.outboxDepth
       << " waiting; last acknowledgement: "
       << (s.lastAckAt == 0 ? std::string("never") : localTime(s.lastAckAt, now, true));
  if (s.link == LinkState::offline && s.nextRetryAt > 0) {
    out_ << "; next retry: " << localTime(s.nextRetryAt, now, true) << " (in "
         << std::max<Millis>(0, (s.nextRetryAt - now + 999) / 1000) << " s)";
  }
  out_ << '\n';
}

void ConsoleFrontend::registered(const Welcome& welcome) {
  const auto depth = agent().status().outboxDepth;
  notice("online: registered as " + welcome.callsign +
         (depth > 0 ? "; sending " + std::to_string(depth) + " from the outbox" : ""));
}

void ConsoleFrontend::offline(const std::string& reason, Millis retryAt) {
  notice("offline: " + reason + "; retrying at " + localTime(retryAt, wallClockNow(), true) + "; " +
         std::to_string(agent().status().outboxDepth) + " reports kept in outbox");
}

void ConsoleFrontend::taskReceived(const TaskView& task) {
  if (promptShown_) out_ << '\n';
  promptShown_ = false;
  printTask(task, wallClockNow(), "NEW ");
  notice("    answer with: accept " + std::to_string(task.task.taskId) + "  or  decline " +
         std::to_string(task.task.taskId) + " <reason>");
}

void ConsoleFrontend::taskCancelled(const TaskView& task, const std::string& reason) {
  notice("task " + std::to_string(task.task.taskId) + " cancelled by the coordinator" +
         (reason.empty() ? "" : ": " + reason));
}

void ConsoleFrontend::acknowledged(const OutboxEntry& entry, bool duplicate) {
  if (entry.kind == "sighting") {
    notice("✓ sighting " + entry.sightingId + " acknowledged" +
           (duplicate ? " (it was already stored)" : ""));
  } else {
    notice("✓ task " + std::to_string(entry.taskId) +
           (entry.kind == "taskAck" ? " answer" : " update") + " acknowledged");
  }
}

void ConsoleFrontend::refused(const OutboxEntry& entry, const Error& error) {
  std::string what = "a message";
  if (entry.kind == "sighting") {
    what = "sighting " + entry.sightingId;
  } else if (!entry.kind.empty()) {
    what = "the " + std::string(entry.kind == "taskAck" ? "answer" : "update") + " for task " +
           std::to_string(entry.taskId);
  }
  notice("✗ coordinator refused " + what + ": " + error.message + " (" + enumWords(error.code) +
         ")");
}

void ConsoleFrontend::fatal(const std::string& message) {
  fatal_ = true;  // no prompt after this
  notice("fatal: " + message);
  out_ << std::flush;
}

}  // namespace fieldops
