// Converters for screening results, alerts and posts (see convert.hpp).
#include <protocol/convert.hpp>

#include <algorithm>

namespace fieldops::convert {

namespace {
constexpr std::size_t kMaxMatches = 64;  // the coordinator keeps the strongest few

}  // namespace

ScreeningResult readScreening(wire::ScreeningResult::Reader r) {
  ScreeningResult s;
  s.level = checkedEnum(r.getLevel(), HitLevel::HIT, "screening.level");
  s.reason = readText(r.getReason(), kLongText, "screening.reason");
  auto matches = r.getMatches();
  require(matches.size() <= kMaxMatches, ErrorCode::INVALID_VALUE, "screening.matches: too many");
  for (auto m : matches) {
    ScreeningMatch v;
    v.list = checkedEnum(m.getList(), WatchlistKind::VEHICLE, "match.list");
    v.reference = readText(m.getReference(), kNameText, "match.reference");
    v.category = readText(m.getCategory(), kNameText, "match.category");
    v.level = checkedEnum(m.getLevel(), HitLevel::HIT, "match.level");
    v.score = m.getScore();
    v.reason = readText(m.getReason(), kLongText, "match.reason");
    v.basis = readText(m.getBasis(), kLongText, "match.basis");
    v.dateOfBirth =
        checkedEnum(m.getDateOfBirth(), DateOfBirthAgreement::DIFFERS, "match.dateOfBirth");
    s.matches.push_back(std::move(v));
  }
  return s;
}

ProposedTask readProposedTask(wire::ProposedTask::Reader r) {
  ProposedTask p;
  p.kind = checkedEnum(r.getKind(), TaskKind::ESCORT_TO_SHELTER, "proposal.kind");
  p.priority = checkedEnum(r.getPriority(), Priority::P4, "proposal.priority");
  p.target = readTarget(r.getTarget(), "proposal.target");
  p.unit = readText(r.getUnit(), kShortText, "proposal.unit");
  p.instructions = readText(r.getInstructions(), kLongText, "proposal.instructions");
  p.taskId = r.getTaskId();
  return p;
}

AlertView readAlertView(wire::AlertView::Reader r) {
  AlertView a;
  a.alertId = r.getAlertId();
  a.cause = checkedEnum(r.getCause(), AlertCause::POST_UNSTAFFED, "alert.cause");
  a.severity = checkedEnum(r.getSeverity(), Severity::LOW, "alert.severity");
  a.state = checkedEnum(r.getState(), AlertState::RESOLVED, "alert.state");
  a.raisedAt = r.getRaisedAt();
  a.rule = readText(r.getRule(), kNameText, "alert.rule");
  a.summary = readText(r.getSummary(), kLongText, "alert.summary");
  a.unit = readText(r.getUnit(), kShortText, "alert.unit");
  a.sightingId = readText(r.getSightingId(), kShortText, "alert.sightingId");
  a.post = readText(r.getPost(), kNameText, "alert.post");
  if (r.getHasProposal()) a.proposal = readProposedTask(r.getProposal());
  a.acknowledgedBy = readText(r.getAcknowledgedBy(), kNameText, "alert.acknowledgedBy");
  a.acknowledgedAt = r.getAcknowledgedAt();
  a.resolvedBy = readText(r.getResolvedBy(), kNameText, "alert.resolvedBy");
  a.resolvedAt = r.getResolvedAt();
  a.outcome = checkedEnum(r.getOutcome(), AlertOutcome::HANDLED, "alert.outcome");
  a.note = readText(r.getNote(), kLongText * 2, "alert.note");
  a.notifications = r.getNotifications();
  a.escalated = r.getEscalated();
  a.lastNotifiedAt = r.getLastNotifiedAt();
  a.why = readText(r.getWhy(), kLongText, "alert.why");
  // Not escalated, it is as raised (and a coordinator from before raisedSeverity sent none).
  a.raisedSeverity = a.escalated ? checkedEnum(r.getRaisedSeverity(), Severity::LOW,
                                               "alert.raisedSeverity")
                                 : a.severity;
  a.occurrences = std::max<std::uint32_t>(1, r.getOccurrences());
  a.lastOccurredAt = r.getLastOccurredAt() != 0 ? r.getLastOccurredAt() : a.raisedAt;
  a.lastSightingId = readText(r.getLastSightingId(), kShortText, "alert.lastSightingId");
  a.lastUnit = readText(r.getLastUnit(), kShortText, "alert.lastUnit");
  a.groupKey = readText(r.getGroupKey(), kNameText, "alert.groupKey");
  return a;
}

PostView readPostView(wire::PostView::Reader r) {
  return {requiredText(r.getName(), kNameText, "post.name"), readPosition(r.getPosition()),
          r.getStaffed()};
}

void write(wire::ScreeningResult::Builder b, const ScreeningResult& v) {
  b.setLevel(v.level);
  b.setReason(v.reason);
  auto list = b.initMatches(static_cast<unsigned>(v.matches.size()));
  for (unsigned i = 0; i < v.matches.size(); ++i) {
    const auto& m = v.matches[i];
    list[i].setList(m.list);
    list[i].setReference(m.reference);
    list[i].setCategory(m.category);
    list[i].setLevel(m.level);
    list[i].setScore(m.score);
    list[i].setReason(m.reason);
    list[i].setBasis(m.basis);
    list[i].setDateOfBirth(m.dateOfBirth);
  }
}

void write(wire::ProposedTask::Builder b, const ProposedTask& v) {
  b.setKind(v.kind);
  b.setPriority(v.priority);
  write(b.initTarget(), v.target);
  b.setUnit(v.unit);
  b.setInstructions(v.instructions);
  b.setTaskId(v.taskId);
}

void write(wire::AlertView::Builder b, const AlertView& v) {
  b.setAlertId(v.alertId);
  b.setCause(v.cause);
  b.setSeverity(v.severity);
  b.setState(v.state);
  b.setRaisedAt(v.raisedAt);
  b.setRule(v.rule);
  b.setSummary(v.summary);
  b.setUnit(v.unit);
  b.setSightingId(v.sightingId);
  b.setPost(v.post);
  b.setHasProposal(v.proposal.has_value());
  if (v.proposal) write(b.initProposal(), *v.proposal);
  b.setAcknowledgedBy(v.acknowledgedBy);
  b.setAcknowledgedAt(v.acknowledgedAt);
  b.setResolvedBy(v.resolvedBy);
  b.setResolvedAt(v.resolvedAt);
  b.setOutcome(v.outcome);
  b.setNote(v.note);
  b.setNotifications(v.notifications);
  b.setEscalated(v.escalated);
  b.setLastNotifiedAt(v.lastNotifiedAt);
  b.setWhy(v.why);
  b.setRaisedSeverity(v.raisedSeverity);
  b.setOccurrences(v.occurrences);
  b.setLastOccurredAt(v.lastOccurredAt);
  b.setLastSightingId(v.lastSightingId);
  b.setLastUnit(v.lastUnit);
  b.setGroupKey(v.groupKey);
}

void write(wire::PostView::Builder b, const PostView& v) {
  b.setName(v.name);
  write(b.initPosition(), v.position);
  b.setStaffed(v.staffed);
}

}  // namespace fieldops::convert
