// The store's side of a retention purge (see store.hpp and docs/store.md, "Retention").
#include <coordinator/core.hpp>
#include <coordinator/retention.hpp>
#include <coordinator/store.hpp>
#include <coordinator/store_meta.hpp>
#include <map>

namespace fieldops {

using lmdb::bigEndian;

std::optional<Closure> EventStore::closure() const {
  OperationState state;
  lmdb::Txn txn(*env_, true);
  try {
    readClosure(txn, state);
  } catch (const std::exception& e) {
    throw StoreError(std::string("the closure in meta cannot be read (") + e.what() +
                     "); try fieldops-coordinator rebuild");
  }
  return state.closure;
}

PurgeOutcome EventStore::purgeRetention(Millis at, const std::string& principal) {
  OperationState state = load();
  lmdb::Txn txn(*env_, false);
  PurgeOutcome outcome;
  RetentionPurged& purged = outcome.purged;
  purged.throughSeq = lastSeq_;
  std::vector<std::uint64_t> sightingSeqs;
  std::vector<std::string> sightingKeys;
  std::map<std::uint64_t, std::pair<std::uint64_t, Task>> createdByRules;  // task id -> (seq, task)
  std::map<std::uint64_t, std::string> ruleOfTask;  // tasks that purged alerts created at once
  // Collect first, write after: LMDB cursors must not see their database change under them.
  txn.scan(db_.log, {}, [&](std::string_view key, std::string_view bytes) {
    const EventHeader h = decodeHeader(bytes);
    if (h.kind != kSightingRecordedKind && h.kind != kAlertRaisedKind &&
        h.kind != kTaskCreatedKind) {
      return true;
    }
    auto payload = txn.get(db_.payloads, key);
    auto body = payload ? decodePayload(*payload) : std::nullopt;
    if (!body) return true;  // purged before
    if (const auto* s = std::get_if<SightingRecorded>(&*body)) {
      ++purged.sightings;
      sightingSeqs.push_back(h.seq);
      sightingKeys.push_back(sightingKey(s->unit, s->sighting.sightingId));
    } else if (const auto* a = std::get_if<AlertRaised>(&*body)) {
      if (!alertHoldsPersonalData(a->alert)) return true;
      purged.alerts.push_back({h.seq, redactAlert(a->alert)});
      if (a->alert.proposal && a->alert.proposal->taskId != 0) {
        ruleOfTask[a->alert.proposal->taskId] = a->alert.rule;
      }
    } else if (const auto* t = std::get_if<TaskCreated>(&*body);
               t != nullptr && h.principal == kCoordinatorPrincipal) {
      createdByRules.emplace(t->task.taskId, std::make_pair(h.seq, t->task));
    }
    return true;
  });
  for (const auto& [taskId, rule] : ruleOfTask) {
    auto created = createdByRules.find(taskId);
    if (created == createdByRules.end()) continue;  // purged before
    purged.tasks.push_back({created->second.first, redactTask(created->second.second, rule)});
  }
  if (purged.sightings == 0 && purged.alerts.empty() && purged.tasks.empty()) return outcome;

  const std::string tombstone = tombstonePayload();
  for (auto seq : sightingSeqs) {
    txn.put(db_.payloads, bigEndian(seq), tombstone);
    txn.del(db_.sightings, bigEndian(seq));  // the index of a sighting that is gone
  }
  for (const auto& key : sightingKeys) {
    txn.del(db_.dedup, key);  // a closed operation takes no more sightings to deduplicate
  }
  for (const auto& a : purged.alerts) txn.put(db_.payloads, bigEndian(a.seq), tombstone);
  for (const auto& t : purged.tasks) txn.put(db_.payloads, bigEndian(t.seq), tombstone);
  const Event event{at, principal, purged};
  apply(state, event);
  outcome.seq = append(txn, {event}, projectionWrites({event}, state));  // commits: all or nothing
  return outcome;
}

}  // namespace fieldops
