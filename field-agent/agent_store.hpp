// The agent's local LMDB: the outbox (every sighting and task update, durable before it is sent,
// removed only when the coordinator acknowledges it) and the tasks received, so a restart shows
// them again. See docs/field-agent.md.
#pragma once

#include <protocol/lmdb.hpp>
#include <protocol/messages.hpp>

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <stdexcept>
#include <string>
#include <vector>

namespace fieldops {

struct AgentStoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One message waiting for its acknowledgement. The bytes are sent unchanged on every attempt,
// so ids (message id, sighting id) stay the same across retransmits.
struct OutboxEntry {
  std::uint64_t seq = 0;        // position in the outbox
  std::uint64_t messageId = 0;
  std::string sightingId;       // set for sightings
  std::uint64_t taskId = 0;     // set for task acks and updates
  std::string kind;             // "sighting", "taskAck", "taskUpdate"
  std::string bytes;            // the encoded envelope
};

class AgentStore {
 public:
  // Opens or creates the store in dir. Throws AgentStoreError with a plain message.
  explicit AgentStore(const std::string& dir);

  // Allocates a message id: increasing across restarts.
  std::uint64_t nextMessageId();

  // Writes the message durably (with `task`'s new local state in the same transaction) and
  // returns its entry. Throws AgentStoreError on failure.
  OutboxEntry enqueue(const Envelope& envelope, const TaskView* task = nullptr);
  // Removes acknowledged entries, all in one durable transaction. Throws AgentStoreError.
  void remove(const std::unordered_set<std::uint64_t>& seqs);
  const std::deque<OutboxEntry>& outbox() const { return outbox_; }
  // The outbox position of an entry, by sighting id or by message id. A sighting id queued twice
  // matches its oldest entry not in `exclude` (acknowledgements arrive in order).
  std::optional<std::size_t> findSighting(const std::string& sightingId,
                                          const std::unordered_set<std::uint64_t>& exclude) const;
  std::optional<std::size_t> findMessage(std::uint64_t messageId) const;

  void saveTask(const TaskView& task);  // throws AgentStoreError
  const std::map<std::uint64_t, TaskView>& tasks() const { return tasks_; }

 private:
  std::unique_ptr<lmdb::Env> env_;
  MDB_dbi outboxDb_ = 0;
  MDB_dbi tasksDb_ = 0;
  MDB_dbi metaDb_ = 0;
  std::optional<std::size_t> positionOf(std::uint64_t seq) const;
  void index(const OutboxEntry& e);

  std::deque<OutboxEntry> outbox_;                       // ordered by seq
  std::unordered_multimap<std::string, std::uint64_t> bySighting_;  // sighting id -> seqs
  std::unordered_map<std::uint64_t, std::uint64_t> byMessage_;  // message id -> seq
  std::map<std::uint64_t, TaskView> tasks_;
  std::uint64_t nextSeq_ = 1;
  std::uint64_t nextMessageId_ = 1;
};

}  // namespace fieldops
