// Alert timers: an unacknowledged alert is escalated by its severity's rule (renotification is
// derived from the clock, not stored); a lost unit and a staffed post without an available unit
// raise alerts of their own, a unit lost again within the grouping window counts on its alert.
#include <coordinator/alerts.hpp>

#include <algorithm>

namespace fieldops {

namespace {

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

// When an unacknowledged alert escalates; 0 for never.
Millis escalatesAt(const AlertView& a, const CoreSettings& settings) {
  if (a.state != AlertState::RAISED || a.escalated) return 0;
  const EscalationRule* rule = escalationFor(a.severity);
  return rule == nullptr ? 0 : a.raisedAt + rule->factor * settings.alertEscalateAfter;
}

void escalate(const OperationState& state, const CoreSettings& settings, Millis now,
              Decision& d) {
  for (const auto& [id, a] : state.alerts) {
    const Millis at = escalatesAt(a, settings);
    if (at == 0 || now < at) continue;
    d.events.push_back({now, kCoordinatorPrincipal, AlertEscalated{id, escalationFor(a.severity)->to}});
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
  escalate(state, settings, now, d);
  const std::size_t before = d.events.size();
  for (std::size_t i = firstEvent; i < before; ++i) {
    const auto* lost = std::get_if<UnitLost>(&d.events[i].body);
    if (lost == nullptr) continue;
    const UnitView& u = state.units.at(lost->callsign);
    const std::string key = "unit:" + u.callsign;
    if (const AlertView* open = groupedInto(state, settings, unitLostRule().name, key, now)) {
      d.events.push_back({now, kCoordinatorPrincipal, AlertRepeated{open->alertId, {}, u.callsign}});
      continue;
    }
    AlertView alert;
    alert.groupKey = key;
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

const AlertView* groupedInto(const OperationState& state, const CoreSettings& settings,
                             std::string_view rule, const std::string& groupKey, Millis now) {
  if (groupKey.empty() || settings.alertGroupWindow <= 0) return nullptr;
  for (auto it = state.alerts.rbegin(); it != state.alerts.rend(); ++it) {
    const AlertView& a = it->second;
    if (a.state == AlertState::RESOLVED || a.rule != rule || a.groupKey != groupKey) continue;
    if (now - a.lastOccurredAt > settings.alertGroupWindow) continue;
    return &a;
  }
  return nullptr;
}

std::uint32_t renotifications(const AlertView& a, const CoreSettings& settings, Millis clock) {
  if (settings.alertRenotify <= 0) return 0;
  const Millis until = a.state == AlertState::RAISED ? clock : a.acknowledgedAt;
  if (until <= a.raisedAt) return 0;
  return static_cast<std::uint32_t>((until - a.raisedAt) / settings.alertRenotify);
}

AlertView notifiedView(const AlertView& alert, const CoreSettings& settings, Millis clock) {
  AlertView a = alert;
  a.notifications = renotifications(alert, settings, clock);
  a.lastNotifiedAt = a.raisedAt + static_cast<Millis>(a.notifications) * settings.alertRenotify;
  return a;
}

Millis nextAlertTimer(const OperationState& state, const CoreSettings& settings, Millis now) {
  Millis next = now + settings.alertRenotify;
  for (const auto& [id, a] : state.alerts) {
    if (const Millis at = escalatesAt(a, settings); at != 0) next = std::min(next, at);
  }
  // Coverage changes with every unit's status, so staffed posts are looked at every second.
  if (std::any_of(state.posts.begin(), state.posts.end(),
                  [](const auto& p) { return p.second.staffed; })) {
    next = std::min(next, now + 1000);
  }
  return next;
}

}  // namespace fieldops
