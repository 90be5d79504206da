// The debrief timeline (see debrief_timeline.hpp).
#include <algorithm>
#include <map>
#include <scenarios/replay/debrief_timeline.hpp>

namespace fieldops::replay {

namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

// A unit's stretch of life on the link: from a registration until it went silent (or the end).
struct AliveSpan {
  Millis from = 0;
  std::optional<Millis> silentFrom;  // the last sign of life before it was lost
};

class Builder {
 public:
  Builder(const std::vector<RecordedEvent>& events, const LinkSettings& link)
      : events_(events), link_(link) {}

  DebriefTimeline build() {
    if (events_.empty()) return out_;
    out_.start = events_.front().at;
    out_.end = events_.back().at;
    for (i_ = 0; i_ < events_.size(); ++i_) visit(events_[i_]);
    for (auto& [unit, spans] : alive_) {
      for (const auto& span : spans) addHeartbeats(unit, span);
    }
    std::stable_sort(out_.actions.begin(), out_.actions.end(),
                     [](const DebriefAction& a, const DebriefAction& b) {
                       return a.at != b.at ? a.at < b.at : a.seq < b.seq;  // heartbeats first
                     });
    return std::move(out_);
  }

 private:
  void unitSends(const RecordedEvent& e, Body body, std::uint64_t task = 0) {
    out_.actions.push_back({e.at, e.seq, UnitMessage{e.principal, std::move(body), task}});
  }
  void command(const RecordedEvent& e, ControlRequest r, std::uint64_t task = 0,
               std::uint64_t alert = 0) {
    if (std::find(out_.commanders.begin(), out_.commanders.end(), e.principal) ==
        out_.commanders.end()) {
      out_.commanders.push_back(e.principal);
    }
    out_.actions.push_back({e.at, e.seq, ControlCommand{std::move(r), task, alert, e.principal}});
  }
  // A unit's events carry its callsign (it registered before it could do anything); a command
  // carries its commander's principal ("control" when recorded in insecure development mode).
  bool byUnit(const RecordedEvent& e) const { return alive_.count(e.principal) > 0; }
  bool byControl(const RecordedEvent& e) const {
    return e.principal != kCoordinatorPrincipal && !byUnit(e);
  }

  void registered(const RecordedEvent& e, const Hello& hello) {
    auto& spans = alive_[hello.callsign];
    if (spans.empty()) out_.units.push_back(hello.callsign);
    if (!spans.empty() && !spans.back().silentFrom) spans.back().silentFrom = e.at;  // no gap
    spans.push_back({e.at, std::nullopt});
    unitSends(e, hello);
  }
  void lost(const RecordedEvent& e, const std::string& callsign) {
    auto& spans = alive_[callsign];
    if (spans.empty() || spans.back().silentFrom) return;
    const Millis silent = e.at - link_.heartbeat * static_cast<Millis>(link_.liveness);
    spans.back().silentFrom = std::max(silent, spans.back().from);
  }
  void created(const RecordedEvent& e, const Task& task) {
    out_.recordedTaskOrder.push_back(task.taskId);
    free_[task.taskId] = true;
    if (!byControl(e)) return;
    CreateTask cmd{task.kind, task.priority, task.dueAt, task.target, task.instructions, ""};
    // createTask with assignTo records TaskCreated and TaskAssigned in one decision
    if (i_ + 1 < events_.size()) {
      const RecordedEvent& next = events_[i_ + 1];
      const auto* assigned = std::get_if<TaskAssigned>(&next.body);
      if (assigned && assigned->taskId == task.taskId && byControl(next) && next.at == e.at) {
        cmd.assignTo = assigned->callsign;
        free_[task.taskId] = false;
        ++i_;
      }
    }
    command(e, cmd, 0);
  }
  void assigned(const RecordedEvent& e, const TaskAssigned& a) {
    const bool wasFree = free_[a.taskId];
    free_[a.taskId] = false;
    if (byControl(e)) command(e, AssignTask{0, a.callsign, !wasFree}, a.taskId);
  }

  void visit(const RecordedEvent& e) {
    std::visit(
        Overloaded{
            [&](const UnitRegistered& b) { registered(e, b.hello); },
            [&](const UnitLost& b) { lost(e, b.callsign); },
            [&](const SightingRecorded& b) {
              Sighting s = b.sighting;
              const std::uint64_t related = s.relatedTaskId;
              s.relatedTaskId = 0;
              out_.actions.push_back({e.at, e.seq, UnitMessage{b.unit, s, related}});
            },
            [&](const TaskCreated& b) { created(e, b.task); },
            [&](const TaskAssigned& b) { assigned(e, b); },
            [&](const TaskDelivered& b) {
              if (byUnit(e)) unitSends(e, TaskAck{0, TaskAckDecision::RECEIVED, ""}, b.taskId);
            },
            [&](const TaskAccepted& b) {
              if (byUnit(e)) unitSends(e, TaskAck{0, TaskAckDecision::ACCEPTED, ""}, b.taskId);
            },
            [&](const TaskDeclined& b) {
              free_[b.taskId] = true;
              if (byUnit(e))
                unitSends(e, TaskAck{0, TaskAckDecision::DECLINED, b.reason}, b.taskId);
            },
            [&](const TaskProgressed& b) {
              if (byUnit(e)) unitSends(e, TaskUpdate{0, b.status, b.note}, b.taskId);
            },
            [&](const TaskCancelled& b) {
              if (byControl(e)) command(e, CancelTask{0, b.reason}, b.taskId);
            },
            [&](const AlertRaised& b) { out_.recordedAlertOrder.push_back(b.alert.alertId); },
            [&](const AlertAcknowledged& b) {
              if (byControl(e)) command(e, AcknowledgeAlert{0, b.commander, b.note}, 0, b.alertId);
            },
            [&](const AlertResolved& b) {
              if (byControl(e))
                command(e, ResolveAlert{0, b.commander, b.outcome, b.note}, 0, b.alertId);
            },
            [&](const PostDefined& b) { out_.posts.push_back(b.post); },
            [&](const auto&) {},  // flagged, overdue, renotified, escalated: the timers' own
        },
        e.body);
  }

  // Heartbeats every interval while alive, and one at the last sign of life before a loss, so
  // the fresh coordinator declares the unit lost at the recorded time.
  void addHeartbeats(const std::string& unit, const AliveSpan& span) {
    const Millis until = span.silentFrom.value_or(out_.end + 1);
    for (Millis t = span.from + link_.heartbeat; t < until; t += link_.heartbeat) {
      out_.actions.push_back({t, 0, UnitMessage{unit, Heartbeat{}, 0}});
    }
    if (span.silentFrom && *span.silentFrom > span.from) {
      out_.actions.push_back({*span.silentFrom, 0, UnitMessage{unit, Heartbeat{}, 0}});
    }
  }

  const std::vector<RecordedEvent>& events_;
  const LinkSettings link_;
  std::size_t i_ = 0;
  DebriefTimeline out_;
  std::map<std::string, std::vector<AliveSpan>> alive_;
  std::map<std::uint64_t, bool> free_;  // task -> created or declined (no unit holds it)
};

bool tellsTheStory(const EventBody& body) {
  return std::holds_alternative<UnitRegistered>(body) || std::holds_alternative<UnitLost>(body) ||
         std::holds_alternative<SightingRecorded>(body) ||
         std::holds_alternative<TaskCreated>(body) || std::holds_alternative<TaskAssigned>(body) ||
         std::holds_alternative<TaskDelivered>(body) ||
         std::holds_alternative<TaskAccepted>(body) || std::holds_alternative<TaskDeclined>(body) ||
         std::holds_alternative<TaskProgressed>(body) ||
         std::holds_alternative<TaskCancelled>(body) || std::holds_alternative<TaskFlagged>(body) ||
         std::holds_alternative<TaskOverdue>(body);
}

std::string line(const StoryLine& l) {
  return l.kind + " by " + l.principal + " at " + std::to_string(l.at);
}

}  // namespace

DebriefTimeline debriefTimeline(const std::vector<RecordedEvent>& events,
                                const LinkSettings& link) {
  return Builder(events, link).build();
}

std::vector<StoryLine> storyLines(const std::vector<RecordedEvent>& events) {
  std::vector<StoryLine> out;
  for (const auto& e : events) {
    if (tellsTheStory(e.body)) out.push_back({eventName(e.body), e.principal, e.at});
  }
  return out;
}

std::string firstDifference(const std::vector<StoryLine>& recorded,
                            const std::vector<StoryLine>& replayed) {
  const std::size_t n = std::min(recorded.size(), replayed.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (!(recorded[i] == replayed[i])) {
      return "event " + std::to_string(i + 1) + " of the story: recorded " + line(recorded[i]) +
             ", replayed " + line(replayed[i]);
    }
  }
  if (recorded.size() != replayed.size()) {
    return "the recorded story has " + std::to_string(recorded.size()) +
           " events, the replayed one " + std::to_string(replayed.size());
  }
  return "";
}

}  // namespace fieldops::replay
