// Alert timers: an unacknowledged alert is notified again and then escalated; a lost unit and
// a staffed post without an available unit raise alerts of their own.
#include <coordinator/alerts.hpp>

#include <algorithm>

namespace fieldops {

namespace {

Severity oneLevelUp(Severity s) {
  return s == Severity::CRITICAL ? s : static_cast<Severity>(static_cast<int>(s) - 1);
}

bool covered(const OperationState& state, const std::string& post) {
  return std::any_of(state.units.begin(), state.units.end(), [&](const auto& u) {
    return u.second.post == post && u.second.status == UnitStatus::AVAILABLE;
  });
}

bool openAlertFor(const OperationState& state, AlertCause cause, const std::string& post) {
  return std::any_of(state.alerts.begin(), state.alerts.end(), [&](const auto& a) {
    return a.second.cause == cause && a.second.post == post &&
           a.second.state != AlertState::RESOLVED;
  });
}

void renotifyAndEscalate(const OperationState& state, const CoreSettings& settings, Millis now,
                         Decision& d) {
  for (const auto& [id, a] : state.alerts) {
    if (a.state != AlertState::RAISED) continue;
    if (!a.escalated && now - a.raisedAt >= settings.alertEscalateAfter) {
      d.events.push_back({now, kCoordinatorPrincipal, AlertEscalated{id, oneLevelUp(a.severity)}});
    } else if (now - a.lastNotifiedAt >= settings.alertRenotify) {
      d.events.push_back({now, kCoordinatorPrincipal, AlertRenotified{id}});
    }
  }
}

void coverage(const OperationState& state, const CoreSettings& settings, Millis now,
              AlertDraft& draft, Decision& d) {
  for (const auto& [name, post] : state.posts) {
    if (!post.staffed) continue;
    auto since = state.uncoveredSince.find(name);
    if (covered(state, name)) {
      if (since != state.uncoveredSince.end()) d.links.push_back(PostCoverage{name, 0});
      continue;
    }
    if (since == state.uncoveredSince.end()) {
      d.links.push_back(PostCoverage{name, now});
      continue;
    }
    if (now - since->second < settings.coverageAfter ||
        openAlertFor(state, AlertCause::POST_UNSTAFFED, name)) {
      continue;
    }
    AlertView alert;
    alert.post = name;
    alert.summary = "post " + name + " has had no available unit for " +
                    std::to_string((now - since->second) / 60'000) + " min";
    alert.why = "a staffed post with no available unit registered at it for " +
                std::to_string(settings.coverageAfter / 60'000) + " min or more";
    draft.raise(d, settings, std::move(alert), postUnstaffedRule(), now);
  }
}

}  // namespace

void alertTimers(const OperationState& state, const CoreSettings& settings, Millis now,
                 Decision& d, std::size_t firstEvent) {
  AlertDraft draft{state, state.nextAlertId, state.nextTaskId};
  renotifyAndEscalate(state, settings, now, d);
  const std::size_t before = d.events.size();
  for (std::size_t i = firstEvent; i < before; ++i) {
    const auto* lost = std::get_if<UnitLost>(&d.events[i].body);
    if (lost == nullptr) continue;
    const UnitView& u = state.units.at(lost->callsign);
    AlertView alert;
    alert.unit = u.callsign;
    alert.post = u.post;
    alert.summary = "unit " + u.callsign + (u.post.empty() ? "" : " at " + u.post) +
                    " missed " + std::to_string(settings.heartbeatLiveness) +
                    " heartbeats and is lost; its open tasks are flagged for reassignment";
    const Millis silent = settings.heartbeatInterval * settings.heartbeatLiveness;
    alert.why = "no message from the unit for " + std::to_string(settings.heartbeatLiveness) +
                " heartbeat intervals (" +
                (silent % 1000 == 0 ? std::to_string(silent / 1000) + " s)"
                                    : std::to_string(silent) + " ms)");
    draft.raise(d, settings, std::move(alert), unitLostRule(), now);
  }
  coverage(state, settings, now, draft, d);
}

Millis nextAlertTimer(const OperationState& state, const CoreSettings& settings, Millis now) {
  Millis next = now + settings.alertRenotify;
  for (const auto& [id, a] : state.alerts) {
    if (a.state != AlertState::RAISED) continue;
    next = std::min(next, a.lastNotifiedAt + settings.alertRenotify);
    if (!a.escalated) next = std::min(next, a.raisedAt + settings.alertEscalateAfter);
  }
  // Coverage changes with every unit's status, so staffed posts are looked at every second.
  if (std::any_of(state.posts.begin(), state.posts.end(),
                  [](const auto& p) { return p.second.staffed; })) {
    next = std::min(next, now + 1000);
  }
  return next;
}

}  // namespace fieldops
