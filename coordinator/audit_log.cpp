// The access log (see audit_log.hpp).
#include <capnp/message.h>
#include <capnp/serialize.h>

#include <coordinator/audit_log.hpp>
#include <coordinator/store.hpp>
#include <protocol/convert.hpp>

#include "protocol/store.capnp.h"

namespace fieldops {

namespace {

constexpr const char* kAccessDb = "access";

std::string encode(const AccessRecord& r) {
  capnp::MallocMessageBuilder message;
  auto b = message.initRoot<stored::AccessRecord>();
  b.setSeq(r.seq);
  b.setAt(r.at);
  b.setPrincipal(r.principal);
  b.setRole(r.role);
  b.setAction(r.action);
  b.setSubject(r.subject);
  b.setJustification(r.justification);
  b.setDetail(r.detail);
  return convert::flatBytes(message);
}

AccessRecord decode(std::string_view bytes) {
  auto words = convert::alignedWords(bytes);
  capnp::FlatArrayMessageReader reader(words.asPtr());
  auto r = reader.getRoot<stored::AccessRecord>();
  return {r.getSeq(),    r.getAt(),      r.getPrincipal(),     r.getRole(),
          r.getAction(), r.getSubject(), r.getJustification(), r.getDetail()};
}

}  // namespace

AuditLog::AuditLog(const lmdb::Env& env, bool create) {
  try {
    lmdb::Txn txn(env, !create);
    db_ = txn.open(kAccessDb, create);
    txn.commit();
    available_ = true;
  } catch (const lmdb::Failure& e) {
    if (create || e.code != MDB_NOTFOUND) throw;
  }
}

std::uint64_t AuditLog::append(lmdb::Txn& txn, AccessRecord record) const {
  const auto last = txn.last(db_);
  record.seq = last ? lmdb::fromBigEndian(last->first) + 1 : 1;
  txn.put(db_, lmdb::bigEndian(record.seq), encode(record));
  return record.seq;
}

void AuditLog::forEach(lmdb::Txn& txn, std::uint64_t afterSeq,
                       const std::function<bool(const AccessRecord&)>& visit) const {
  if (!available_) return;
  txn.scan(db_, lmdb::bigEndian(afterSeq + 1),
           [&](std::string_view, std::string_view value) { return visit(decode(value)); });
}

void recordAccess(const lmdb::Env& env, AccessRecord record) {
  const AuditLog log(env, true);
  lmdb::Txn txn(env, false);
  log.append(txn, std::move(record));
  txn.commit();
}

void recordAccess(const std::string& dataDir, std::size_t mapSizeBytes, AccessRecord record) {
  const lmdb::Env env(dataDir, mapSizeBytes, kMaxDbs);
  recordAccess(env, std::move(record));
}

}  // namespace fieldops
