// The access log: who consulted or disclosed personal data, when and why, and what happened at
// the door (docs/security.md, "Accountability"). Changes are in the event log, whose headers
// name their principal; `fieldops-coordinator audit` shows both.
//
// One LMDB database, `access`, in the coordinator's environment: entries keyed by their own
// sequence number (u64 BE), values AccessRecord (store.capnp). Written in the caller's write
// transaction, so a disclosure is durable before the data leaves (style.md, "durable, then
// acknowledged").
#pragma once

#include <cstdint>
#include <functional>
#include <protocol/justification.hpp>
#include <protocol/lmdb.hpp>
#include <protocol/messages.hpp>
#include <string>
#include <vector>

namespace fieldops {

struct AccessRecord {
  std::uint64_t seq = 0;  // assigned by append
  Millis at = 0;
  std::string principal;
  std::string role;
  std::string action;
  std::string subject;
  std::string justification;
  std::string detail;
};

class AuditLog {
 public:
  // Opens the `access` database, creating it when the environment is writable.
  AuditLog(const lmdb::Env& env, bool create);

  // Appends in the caller's write transaction; returns the record's sequence number.
  std::uint64_t append(lmdb::Txn& txn, AccessRecord record) const;

  // Visits the records after `afterSeq`, oldest first, until visit returns false.
  void forEach(lmdb::Txn& txn, std::uint64_t afterSeq,
               const std::function<bool(const AccessRecord&)>& visit) const;

  bool available() const { return available_; }

 private:
  MDB_dbi db_ = 0;
  bool available_ = false;  // false: a read-only store written before the access log existed
};

// Appends one record to the access log of the data dir in a transaction of its own, durably,
// for commands run on the host (export). Opens and closes the environment: call it before
// opening an EventStore in the same process. Throws lmdb::Failure.
void recordAccess(const std::string& dataDir, std::size_t mapSizeBytes, AccessRecord record);
// The same in an environment this process has open already (one process may not open a data
// dir twice).
void recordAccess(const lmdb::Env& env, AccessRecord record);

}  // namespace fieldops
