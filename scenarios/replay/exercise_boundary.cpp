// What happens between two clock steps, at an exact exercise time: injects other than
// sightings, deadline checks that fire contingency injects, and the simulated commander's
// actions; and the run as a whole (see exercise.hpp).
#include <algorithm>
#include <scenarios/replay/exercise.hpp>
#include <scenarios/replay/time_text.hpp>

namespace fieldops::replay {

namespace {

using namespace std::chrono_literals;

bool hasContingency(const Scenario& s, const std::string& actionId) {
  return std::any_of(s.injects.begin(), s.injects.end(),
                     [&](const Inject& in) { return in.ifMissed == actionId; });
}

}  // namespace

Expected<bool, std::string> Exercise::fireInject(const Inject& in, Millis now) {
  outcome_.fired.push_back({in.id, now});
  sayFired(outcome_.fired.back());
  switch (in.kind) {
    case InjectKind::unitSilent:
      fleet_->unit(*fleet_->indexOf(in.unit)).goSilent();
      break;
    case InjectKind::unitBack:
      fleet_->unit(*fleet_->indexOf(in.unit)).comeBack(now);
      break;
    case InjectKind::loadWatchlist: {
      auto file = feed_->add(in.list, in.entries);
      if (!file) return "inject " + in.id + ": " + file.error();
      if (auto ok = importList(in.list, file->string()); !ok)
        return "inject " + in.id + ": " + ok.error();
      break;
    }
    default:
      break;
  }
  return true;
}

void Exercise::fireContingencies(const std::string& missedAction, Millis now) {
  for (std::size_t i = 0; i < scenario_.injects.size(); ++i) {
    const Inject& in = scenario_.injects[i];
    if (in.ifMissed != missedAction) continue;
    say("expected action " + missedAction + " missed: contingency inject " + in.id + " fires");
    const Millis at = now + in.at;  // a contingency's `at` is its delay after the deadline
    if (sendsSighting(in.kind)) {
      Sighting s = in.sighting;
      s.observedAt = 0;
      fleet_->unit(*fleet_->indexOf(in.unit)).plan(at, s, in.id);
    } else {
      pending_.emplace(std::make_pair(at, pendingOrder_++), i);
    }
  }
}

void Exercise::scheduleChecks() {
  for (; firedScanned_ < outcome_.fired.size(); ++firedScanned_) {
    const FiredInject& f = outcome_.fired[firedScanned_];
    for (const auto& a : scenario_.expected) {
      if (a.inject == f.id && hasContingency(scenario_, a.id)) {
        checks_.emplace(f.at + a.within, std::make_pair(a.id, f.at));
      }
    }
  }
}

Expected<bool, std::string> Exercise::runChecks(Millis now) {
  auto snap = snapshot();
  if (!snap) return snap.error();
  while (!checks_.empty() && checks_.begin()->first <= now) {
    const auto [actionId, injectAt] = checks_.begin()->second;
    checks_.erase(checks_.begin());
    const ExpectedAction* a = scenario_.expectedAction(actionId);
    if (a && judge(scenario_, *a, injectAt, **snap, now).outcome != Outcome::met) {
      fireContingencies(actionId, now);
    }
  }
  return true;
}

Expected<bool, std::string> Exercise::runCommander(Millis now) {
  auto snap = snapshot();
  if (!snap) return snap.error();
  commander_->observe(**snap, now);
  for (const auto& action : commander_->due(now)) {
    auto reply = request(action.request, *commanding_);
    if (!reply) {
      outcome_.warnings.push_back("commander at " + formatOffset(now - start_) + ": " +
                                  action.what + ": " + reply.error());
      continue;
    }
    if (const auto* ok = std::get_if<ControlOk>(&*reply)) lastSeq_ = std::max(lastSeq_, ok->seq);
    say("commander: " + action.what);
  }
  return true;
}

Expected<bool, std::string> Exercise::atBoundary(Millis now) {
  while (true) {
    bool acted = false;
    while (!pending_.empty() && pending_.begin()->first.first <= now) {
      const std::size_t index = pending_.begin()->second;
      pending_.erase(pending_.begin());
      if (auto ok = fireInject(scenario_.injects[index], now); !ok) return ok;
      acted = true;
    }
    scheduleChecks();
    if (!checks_.empty() && checks_.begin()->first <= now) {
      if (auto ok = runChecks(now); !ok) return ok;
      acted = true;
    }
    if (commander_) {
      const std::uint64_t before = lastSeq_;
      if (auto ok = runCommander(now); !ok) return ok;
      acted = acted || lastSeq_ != before;
    }
    if (!acted) return true;
  }
}

Expected<RunOutcome, std::string> Exercise::run() {
  const auto began = std::chrono::steady_clock::now();
  if (auto ok = setUp(); !ok) return ok.error();
  wallStart_ = std::chrono::steady_clock::now();  // the exercise clock runs from here
  if (!options_.quiet) {
    console_ << "EXERCISE " << scenario_.operation.id << ": " << scenario_.units.size()
             << " simulated units, " << scenario_.injects.size() << " injects, speed "
             << options_.speed.text() << ", seed " << options_.seed << "; coordinator "
             << controlEndpoint_ << std::endl;
  }
  if (auto ok = loop(); !ok) return ok.error();
  snapshotSeq_ = UINT64_MAX;  // the final state, fresh
  auto snap = snapshot();
  if (!snap) return snap.error();
  std::stable_sort(outcome_.fired.begin(), outcome_.fired.end(),
                   [](const FiredInject& a, const FiredInject& b) { return a.at < b.at; });
  outcome_.stoppedEarly = clock_ < end_;
  outcome_.evaluation = evaluate(scenario_, outcome_.fired, **snap, clock_);
  outcome_.facts = RunFacts{scenario_.file, scenario_.operation.name, options_.speed.text(),
                            options_.seed,  (*snap)->chainHead,       (*snap)->seq};
  outcome_.agentMessages = fleet_->sent();
  outcome_.sightings = fleet_->sightingsSent();
  for (const auto& w : fleet_->warnings()) outcome_.warnings.push_back(w);
  if (child_.running()) {
    const int status = child_.stop(30s);
    if (status != 0)
      outcome_.warnings.push_back("the coordinator exited with status " + std::to_string(status));
  }
  outcome_.wallSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  return outcome_;
}

}  // namespace fieldops::replay
