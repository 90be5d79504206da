// Scripted mode (see script_frontend.hpp).
#include <field-agent/json_codec.hpp>
#include <field-agent/script_frontend.hpp>
#include <protocol/enum_names.hpp>
#include <protocol/json_keys.hpp>

namespace fieldops {

namespace {
constexpr int kExitFatal = 3;
constexpr int kExitUndelivered = 4;
constexpr int kExitLinesRefused = 5;  // input lines refused: their reports were never queued
}  // namespace

void ScriptFrontend::emit(const nlohmann::json& event) { out_ << event.dump() << '\n' << std::flush; }

void ScriptFrontend::begin(Millis) {
  const auto s = agent().status();
  emit({{"event", "started"},
        {"callsign", agent().options().unit.callsign},
        {"outbox", s.outboxDepth}});
  for (const auto& t : agent().tasks()) {
    if (!isTerminal(t.state)) emit({{"event", "task"}, {"task", toJson(t)}, {"stored", true}});
  }
}

void ScriptFrontend::line(const std::string& text, Millis now) {
  ++lineNumber_;
  if (text.find_first_not_of(" \t\r") == std::string::npos) return;  // blank lines are fine
  auto fail = [&](const std::string& field, const std::string& message) {
    ++refusedLines_;
    emit({{"event", "error"}, {"line", lineNumber_}, {"field", field}, {"message", message}});
  };
  const auto parsed = parseJsonNotingRepeatedKeys(text);
  if (parsed.value.is_discarded()) return fail("", "not valid JSON");
  // nlohmann would keep the last of two values without a word: which one was meant is unknown.
  if (!parsed.repeated.empty()) return fail(parsed.repeated.front().path, "appears twice");
  auto command = commandFromJson(parsed.value);
  if (!command) return fail(command.error().field, command.error().message);
  Expected<OutboxEntry, std::string> queued = std::string();
  if (auto* s = std::get_if<Sighting>(&*command)) {
    queued = agent().report(*s, now);
  } else if (auto* a = std::get_if<TaskAck>(&*command)) {
    queued = agent().answerTask(a->taskId, a->decision, a->reason, now);
  } else {
    auto& u = std::get<TaskUpdate>(*command);
    queued = agent().updateTask(u.taskId, u.status, u.note, now);
  }
  if (!queued) {
    // The decoder names the field first ("sighting.minorCount: exceeds personCount").
    const std::string& m = queued.error();
    const auto colon = m.find(": ");
    return colon == std::string::npos || m.find(' ') < colon ? fail("", m)
                                                              : fail(m.substr(0, colon), m.substr(colon + 2));
  }
  nlohmann::json ev = {{"event", "queued"},     {"line", lineNumber_},
                       {"kind", queued->kind},  {"messageId", queued->messageId},
                       {"outbox", agent().status().outboxDepth}};
  if (!queued->sightingId.empty()) ev["sightingId"] = queued->sightingId;
  if (queued->taskId != 0) ev["taskId"] = queued->taskId;
  emit(ev);
}

void ScriptFrontend::endOfInput(Millis now) { eofAt_ = now; }

bool ScriptFrontend::finished(Millis now) const {
  if (fatal_) return true;
  if (eofAt_ == 0) return false;
  return agent().status().outboxDepth == 0 || now - eofAt_ >= agent().options().drainOnEof;
}

int ScriptFrontend::exitCode() const {
  if (fatal_) return kExitFatal;
  // A refused line was never queued: whoever fed the agent must know, before anything else.
  if (refusedLines_ > 0) return kExitLinesRefused;
  return agent().status().outboxDepth == 0 ? 0 : kExitUndelivered;
}

void ScriptFrontend::registered(const Welcome& w) {
  emit({{"event", "registered"}, {"callsign", w.callsign}, {"outbox", agent().status().outboxDepth}});
}

void ScriptFrontend::offline(const std::string& reason, Millis retryAt) {
  emit({{"event", "offline"}, {"reason", reason}, {"retryAt", retryAt},
        {"outbox", agent().status().outboxDepth}});
}

void ScriptFrontend::taskReceived(const TaskView& task) {
  emit({{"event", "task"}, {"task", toJson(task)}});
}

void ScriptFrontend::taskCancelled(const TaskView& task, const std::string& reason) {
  emit({{"event", "taskCancelled"}, {"taskId", task.task.taskId}, {"reason", reason}});
}

void ScriptFrontend::acknowledged(const OutboxEntry& entry, bool duplicate) {
  nlohmann::json ev = {{"event", "ack"}, {"kind", entry.kind}, {"messageId", entry.messageId}};
  if (!entry.sightingId.empty()) {
    ev["sightingId"] = entry.sightingId;
    ev["duplicate"] = duplicate;
  }
  if (entry.taskId != 0) ev["taskId"] = entry.taskId;
  emit(ev);
}

void ScriptFrontend::refused(const OutboxEntry& entry, const Error& error) {
  nlohmann::json ev = {{"event", "refused"}, {"code", enumName(error.code)}, {"message", error.message}};
  if (!entry.kind.empty()) {
    ev["kind"] = entry.kind;
    ev["messageId"] = entry.messageId;
    if (!entry.sightingId.empty()) ev["sightingId"] = entry.sightingId;
  }
  emit(ev);
}

void ScriptFrontend::fatal(const std::string& message) {
  emit({{"event", "fatal"}, {"message", message}});
  fatal_ = true;
}

}  // namespace fieldops
