// The agent's outbox and task cache (see agent_store.hpp).
#include <field-agent/agent_store.hpp>
#include <protocol/codec.hpp>
#include <protocol/convert.hpp>
#include <protocol/session.hpp>

#include <capnp/message.h>
#include <capnp/serialize.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace fieldops {

namespace {

// Rebuilds an entry's index fields from its stored bytes (through the one decoder).
OutboxEntry entryOf(std::uint64_t seq, std::string bytes) {
  auto env = decode(bytes);
  if (!env) throw AgentStoreError("outbox entry " + std::to_string(seq) + " is damaged: " +
                                  env.error().detail);
  OutboxEntry e{seq, env->messageId, {}, 0, {}, std::move(bytes)};
  if (const auto* s = std::get_if<Sighting>(&env->body)) {
    e.sightingId = s->sightingId;
    e.kind = "sighting";
  } else if (const auto* a = std::get_if<TaskAck>(&env->body)) {
    e.taskId = a->taskId;
    e.kind = "taskAck";
  } else if (const auto* u = std::get_if<TaskUpdate>(&env->body)) {
    e.taskId = u->taskId;
    e.kind = "taskUpdate";
  } else {
    throw AgentStoreError("outbox entry " + std::to_string(seq) + " holds an unexpected message");
  }
  return e;
}

constexpr const char* kMetaMessageId = "next_message_id";

}  // namespace

AgentStore::AgentStore(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    throw AgentStoreError("cannot use outbox dir " + dir + ": " +
                          (ec ? ec.message() : std::string("not a directory")));
  }
  try {
    env_ = std::make_unique<lmdb::Env>(dir, std::size_t{1} << 30, 8);
    lmdb::Txn txn(*env_, false);
    outboxDb_ = txn.open("outbox", true);
    tasksDb_ = txn.open("tasks", true);
    metaDb_ = txn.open("meta", true);
    txn.scan(outboxDb_, {}, [&](std::string_view k, std::string_view v) {
      outbox_.push_back(entryOf(lmdb::fromBigEndian(k), std::string(v)));
      return true;
    });
    txn.scan(tasksDb_, {}, [&](std::string_view k, std::string_view v) {
      tasks_[lmdb::fromBigEndian(k)] = convert::readFlat<wire::TaskView>(v, [](auto r) { return convert::readTaskView(r); });
      return true;
    });
    if (auto id = txn.get(metaDb_, kMetaMessageId)) nextMessageId_ = lmdb::fromBigEndian(*id);
    txn.commit();
  } catch (const lmdb::Failure& e) {
    throw AgentStoreError("cannot open outbox in " + dir + ": " + e.what() +
                          (e.code == EACCES || e.code == EROFS ? " (not writable)" : ""));
  }
  if (!outbox_.empty()) nextSeq_ = outbox_.back().seq + 1;
  for (const auto& e : outbox_) index(e);
  // Increasing across restarts even if the last ids were used without being stored.
  nextMessageId_ = std::max(nextMessageId_, static_cast<std::uint64_t>(wallClockNow()) * 1000);
}

std::uint64_t AgentStore::nextMessageId() { return nextMessageId_++; }

OutboxEntry AgentStore::enqueue(const Envelope& envelope, const TaskView* task) {
  OutboxEntry e = entryOf(nextSeq_, encode(envelope));
  try {
    lmdb::Txn txn(*env_, false);
    txn.put(outboxDb_, lmdb::bigEndian(e.seq), e.bytes);
    txn.put(metaDb_, kMetaMessageId, lmdb::bigEndian(std::max(nextMessageId_, e.messageId + 1)));
    if (task != nullptr) {
      txn.put(tasksDb_, lmdb::bigEndian(task->task.taskId),
              convert::flatBytesOf<wire::TaskView>(*task));
    }
    txn.commit();
  } catch (const lmdb::Failure& f) {
    throw AgentStoreError(std::string("cannot write the outbox: ") + f.what());
  }
  ++nextSeq_;
  outbox_.push_back(e);
  index(e);
  if (task != nullptr) tasks_[task->task.taskId] = *task;
  return e;
}

void AgentStore::index(const OutboxEntry& e) {
  if (!e.sightingId.empty()) bySighting_.emplace(e.sightingId, e.seq);
  byMessage_[e.messageId] = e.seq;
}

std::optional<std::size_t> AgentStore::positionOf(std::uint64_t seq) const {
  auto it = std::lower_bound(outbox_.begin(), outbox_.end(), seq,
                             [](const OutboxEntry& e, std::uint64_t s) { return e.seq < s; });
  if (it == outbox_.end() || it->seq != seq) return std::nullopt;
  return static_cast<std::size_t>(it - outbox_.begin());
}

std::optional<std::size_t> AgentStore::findSighting(
    const std::string& sightingId, const std::unordered_set<std::uint64_t>& exclude) const {
  std::optional<std::uint64_t> oldest;
  auto [from, to] = bySighting_.equal_range(sightingId);
  for (auto it = from; it != to; ++it) {
    if (!exclude.count(it->second) && (!oldest || it->second < *oldest)) oldest = it->second;
  }
  return oldest ? positionOf(*oldest) : std::nullopt;
}

std::optional<std::size_t> AgentStore::findMessage(std::uint64_t messageId) const {
  auto it = byMessage_.find(messageId);
  return it == byMessage_.end() ? std::nullopt : positionOf(it->second);
}

void AgentStore::remove(const std::unordered_set<std::uint64_t>& seqs) {
  if (seqs.empty()) return;
  try {
    lmdb::Txn txn(*env_, false);
    for (auto seq : seqs) txn.del(outboxDb_, lmdb::bigEndian(seq));
    txn.commit();
  } catch (const lmdb::Failure& f) {
    throw AgentStoreError(std::string("cannot update the outbox: ") + f.what());
  }
  std::erase_if(outbox_, [&](const OutboxEntry& e) {
    if (!seqs.count(e.seq)) return false;
    auto [from, to] = bySighting_.equal_range(e.sightingId);
    for (auto it = from; it != to; ++it) {
      if (it->second == e.seq) {
        bySighting_.erase(it);
        break;
      }
    }
    byMessage_.erase(e.messageId);
    return true;
  });
}

void AgentStore::saveTask(const TaskView& task) {
  try {
    lmdb::Txn txn(*env_, false);
    txn.put(tasksDb_, lmdb::bigEndian(task.task.taskId), convert::flatBytesOf<wire::TaskView>(task));
    txn.commit();
  } catch (const lmdb::Failure& f) {
    throw AgentStoreError(std::string("cannot save task ") + std::to_string(task.task.taskId) +
                          ": " + f.what());
  }
  tasks_[task.task.taskId] = task;
}

}  // namespace fieldops
