// The LMDB event store (see store.hpp and docs/store.md).
#include <coordinator/core.hpp>
#include <coordinator/event_summary.hpp>
#include <coordinator/retention.hpp>
#include <coordinator/store.hpp>
#include <coordinator/store_meta.hpp>
#include <protocol/convert.hpp>

#include <capnp/message.h>
#include <capnp/serialize.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <set>

namespace fieldops {

namespace {

using lmdb::bigEndian;
using lmdb::fromBigEndian;

// The task a task event is about, or 0.
std::uint64_t taskOfEvent(const EventBody& body) {
  return std::visit(
      [](const auto& e) -> std::uint64_t {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, TaskCreated>) {
          return e.task.taskId;
        } else if constexpr (requires { e.taskId; }) {
          return e.taskId;
        } else {
          return 0;
        }
      },
      body);
}

// The alert an alert event is about, or 0.
std::uint64_t alertOfEvent(const EventBody& body) {
  return std::visit(
      [](const auto& e) -> std::uint64_t {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, AlertRaised>) {
          return e.alert.alertId;
        } else if constexpr (requires { e.alertId; }) {
          return e.alertId;
        } else {
          return 0;
        }
      },
      body);
}

constexpr const char* kMetaSchema = meta::kSchema;
constexpr const char* kMetaOperation = "operation_id";
constexpr const char* kMetaExercise = "exercise";

}  // namespace

DirLock::DirLock(const std::string& dir) {
  const std::string path = dir + "/writer.lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) throw StoreError("cannot create " + path + ": " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    fd_ = -1;
    throw DirInUse("data dir " + dir + " is in use by another coordinator");
  }
}

DirLock::~DirLock() {
  if (dataFd_ >= 0) ::close(dataFd_);
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

DirLock& DirLock::operator=(DirLock&& other) noexcept {
  std::swap(fd_, other.fd_);
  std::swap(dataFd_, other.dataFd_);
  return *this;
}

void DirLock::lockDataFile(const std::string& dir) {
  if (fd_ < 0 || dataFd_ >= 0) return;
  const std::string path = dir + "/data.mdb";
  // LMDB locks with fcntl on lock.mdb; this flock on data.mdb is ours alone.
  dataFd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (dataFd_ < 0) throw StoreError("cannot open " + path + ": " + std::strerror(errno));
  if (::flock(dataFd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(dataFd_);
    dataFd_ = -1;
    throw DirInUse("data dir " + dir +
                   " is in use by another coordinator (its data file is locked, even though " +
                   "writer.lock is not)");
  }
}

EventStore::EventStore(const StoreOptions& options) {
  std::error_code ec;
  if (!options.readOnly && !options.mustExist) {
    std::filesystem::create_directories(options.dataDir, ec);
  }
  if (ec) throw StoreError("cannot create data dir " + options.dataDir + ": " + ec.message());
  if (!std::filesystem::is_directory(options.dataDir, ec)) {
    throw StoreError("data dir " + options.dataDir + " does not exist or is not a directory");
  }
  if (!options.readOnly) lock_ = DirLock(options.dataDir);
  try {
    env_ = std::make_unique<lmdb::Env>(options.dataDir, options.mapSizeBytes, kMaxDbs,
                                         options.readOnly);
  } catch (const lmdb::Failure& e) {
    throw StoreError(std::string(e.what()) +
                     (e.code == EACCES ? " (the data dir is not writable)" : ""));
  }
  if (!options.readOnly) lock_.lockDataFile(options.dataDir);
  lmdb::Txn txn(*env_, options.readOnly);
  const bool create = !options.readOnly && !options.mustExist;
  try {
    db_.log = txn.open("log", create);
    db_.payloads = txn.open("payloads", create);
    db_.units = txn.open("units", create);
    db_.tasks = txn.open("tasks", create);
    db_.sightings = txn.open("sightings", create);
    db_.dedup = txn.open("dedup", create);
    db_.meta = txn.open("meta", create);
    db_.alerts = txn.open("alerts", create);
    db_.posts = txn.open("posts", create);
  } catch (const lmdb::Failure& e) {
    throw StoreError("store in " + options.dataDir + " is not a FieldOps store: " + e.what());
  }
  if (auto last = txn.last(db_.log)) {
    lastSeq_ = fromBigEndian(last->first);
    const EventHeader header = decodeHeader(last->second);
    lastHash_ = headerHash(header);
    lastAt_ = header.at;
  }
  checkMeta(txn, options);
  if (!options.readOnly) checkTail(txn, options.dataDir);
  txn.commit();  // even read-only: LMDB keeps database handles only from committed transactions
}

void EventStore::checkTail(const lmdb::Txn& txn, const std::string& dir) const {
  // Appends add keys past the log's last one (MDB_APPEND): a payload or sighting key already
  // there means the log was cut short or altered, and appending would fail on it mid-operation.
  for (MDB_dbi db : {db_.payloads, db_.sightings}) {
    auto last = txn.last(db);
    if (last && fromBigEndian(last->first) > lastSeq_) {
      throw StoreError("store in " + dir + " holds event data after its last event (" +
                       std::to_string(lastSeq_) +
                       "): its log was cut short or altered; run fieldops-coordinator verify "
                       "and restore the data dir from a backup");
    }
  }
}

void EventStore::checkMeta(lmdb::Txn& txn, const StoreOptions& options) {
  auto version = txn.get(db_.meta, kMetaSchema);
  if (!version) {
    if (options.readOnly || options.mustExist || options.operationId.empty()) {
      throw StoreError("no FieldOps store in " + options.dataDir);
    }
    txn.put(db_.meta, kMetaSchema, std::to_string(kStoreSchemaVersion));
    txn.put(db_.meta, kMetaOperation, options.operationId);
    txn.put(db_.meta, kMetaExercise, options.exercise ? "1" : "0");
    writeAnchor(txn, lastSeq_, lastHash_);
    return;
  }
  unsigned long stored = 0;
  try {
    stored = std::stoul(std::string(*version));
  } catch (const std::exception&) {
    throw StoreError("store in " + options.dataDir + " has an unreadable schema version '" +
                     std::string(*version) + "'");
  }
  if (stored > kStoreSchemaVersion) {
    throw StoreError("store in " + options.dataDir + " was written by a newer FieldOps (schema " +
                     std::to_string(stored) + ", this build reads up to " +
                     std::to_string(kStoreSchemaVersion) + "); upgrade fieldops-coordinator");
  }
  if (stored < kStoreSchemaVersion && !options.readOnly) {
    // Older stores lack only databases and event kinds that this version adds, and the head
    // anchor: it starts at the head found now, which verify cannot check further back.
    txn.put(db_.meta, kMetaSchema, std::to_string(kStoreSchemaVersion));
    if (!txn.get(db_.meta, meta::kHeadSeq)) writeAnchor(txn, lastSeq_, lastHash_);
  }
  // export, verify and rebuild (no operation given) work on any operation's store
  if (options.readOnly || options.operationId.empty()) return;
  const std::string operation(txn.get(db_.meta, kMetaOperation).value_or(""));
  const bool exercise = txn.get(db_.meta, kMetaExercise).value_or("1") == "1";
  if (operation != options.operationId || exercise != options.exercise) {
    throw StoreError("store in " + options.dataDir + " belongs to " +
                     (exercise ? "exercise" : "live") + " operation '" + operation +
                     "', not to this one; use another --data-dir");
  }
}

std::uint64_t EventStore::append(const std::vector<Event>& events, const OperationState& state) {
  if (events.empty()) return lastSeq_;
  lmdb::Txn txn(*env_, false);
  return append(txn, events, projectionWrites(events, state));
}

std::uint64_t EventStore::append(lmdb::Txn& txn, const std::vector<Event>& events,
                                 const ProjectionWrites& projections) {
  std::uint64_t seq = lastSeq_;
  Hash prev = lastHash_;
  std::vector<std::uint64_t> seqs;
  seqs.reserve(events.size());
  for (const auto& e : events) {
    const std::string payload = encodePayload(e.body);
    EventHeader h{++seq, e.at, payloadKind(e.body), e.principal,
                  blake2b(payload), prev};
    const std::string key = bigEndian(seq);
    txn.putLast(db_.log, key, encodeHeader(h));
    txn.putLast(db_.payloads, key, payload);
    prev = headerHash(h);
    seqs.push_back(seq);
  }
  writeSightingIndex(txn, events, seqs);
  writeProjections(txn, projections);
  writeAnchor(txn, seq, prev);
  txn.commit();
  lastSeq_ = seq;
  lastHash_ = prev;
  return seq;
}

void EventStore::writeAnchor(lmdb::Txn& txn, std::uint64_t seq, const Hash& head) {
  txn.put(db_.meta, meta::kHeadSeq, std::to_string(seq));
  txn.put(db_.meta, meta::kHeadHash, toHex(head));
}

void EventStore::writeClosure(lmdb::Txn& txn, const Closure& c) {
  txn.put(db_.meta, meta::kClosedAt, std::to_string(c.closedAt));
  txn.put(db_.meta, meta::kRetentionDays, std::to_string(c.retentionDays));
  txn.put(db_.meta, meta::kClosedReason, c.reason);
  txn.put(db_.meta, meta::kPurgedThrough, std::to_string(c.purgedThrough));
}

void EventStore::readClosure(const lmdb::Txn& txn, OperationState& state) const {
  auto closedAt = txn.get(db_.meta, meta::kClosedAt);
  if (!closedAt) return;
  auto number = [&](const char* key) {
    return std::stoll(std::string(txn.get(db_.meta, key).value_or("0")));
  };
  state.closure = Closure{number(meta::kClosedAt),
                          static_cast<std::uint32_t>(number(meta::kRetentionDays)),
                          std::string(txn.get(db_.meta, meta::kClosedReason).value_or("")),
                          static_cast<std::uint64_t>(number(meta::kPurgedThrough))};
}

namespace {

// The units whose projection a task's events may change: a unit's status follows the tasks it
// holds (busy or available), so the task's unit and every unit it was assigned to before.
void addUnitsOfTask(const TaskView& t, std::set<std::string>& units) {
  if (!t.unit.empty()) units.insert(t.unit);
  for (const auto& step : t.history) {
    if (step.state == TaskState::ASSIGNED && !step.note.empty()) units.insert(step.note);
  }
}

}  // namespace

// Only what the events changed: a registration writes its unit, not every unit (issue 18: with
// 10,000 units a storm of registrations rewrote all of them at every turn).
ProjectionWrites projectionWrites(const std::vector<Event>& events, const OperationState& state) {
  std::set<std::uint64_t> tasks;
  std::set<std::uint64_t> alerts;
  std::set<std::string> posts;
  std::set<std::string> units;
  for (const auto& e : events) {
    if (std::holds_alternative<SightingRecorded>(e.body)) continue;  // indexed from the event
    if (const auto* r = std::get_if<UnitRegistered>(&e.body)) {
      units.insert(r->hello.callsign);
    } else if (const auto* l = std::get_if<UnitLost>(&e.body)) {
      units.insert(l->callsign);
    } else if (auto alert = alertOfEvent(e.body); alert != 0) {
      alerts.insert(alert);
    } else if (const auto* p = std::get_if<PostDefined>(&e.body)) {
      posts.insert(p->post.name);
    } else if (auto id = taskOfEvent(e.body); id != 0) {
      tasks.insert(id);
      addUnitsOfTask(state.tasks.at(id), units);
    } else if (const auto* r = std::get_if<RetentionPurged>(&e.body)) {
      for (const auto& a : r->alerts) alerts.insert(a.alert.alertId);
      for (const auto& t : r->tasks) tasks.insert(t.task.taskId);
    }
  }
  ProjectionWrites out;
  out.closure = state.closure;
  for (auto id : tasks) {
    out.tasks.emplace_back(id, convert::flatBytesOf<wire::TaskView>(state.tasks.at(id)));
  }
  for (auto id : alerts) {
    out.alerts.emplace_back(id, convert::flatBytesOf<wire::AlertView>(state.alerts.at(id)));
  }
  for (const auto& name : posts) {
    out.posts.emplace_back(name, convert::flatBytesOf<wire::PostView>(state.posts.at(name)));
  }
  for (const auto& callsign : units) {
    if (auto u = state.units.find(callsign); u != state.units.end()) {
      out.units.emplace_back(callsign, convert::flatBytesOf<wire::UnitView>(u->second));
    }
  }
  return out;
}

void EventStore::writeSightingIndex(lmdb::Txn& txn, const std::vector<Event>& events,
                                    const std::vector<std::uint64_t>& seqs) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (const auto* s = std::get_if<SightingRecorded>(&events[i].body)) {
      writeSightingIndex(txn, *s, seqs[i]);
    }
  }
}

void EventStore::writeSightingIndex(lmdb::Txn& txn, const SightingRecorded& s, std::uint64_t seq) {
  const std::string key = bigEndian(seq);
  // The content is the event's payload; the projection only indexes it (written once).
  txn.putLast(db_.sightings, key, s.unit);
  txn.put(db_.dedup, sightingKey(s.unit, s.sighting.sightingId), key);
}

void EventStore::writeProjections(lmdb::Txn& txn, const ProjectionWrites& p) {
  if (p.closure) writeClosure(txn, *p.closure);
  for (const auto& [id, bytes] : p.tasks) txn.put(db_.tasks, bigEndian(id), bytes);
  for (const auto& [id, bytes] : p.alerts) txn.put(db_.alerts, bigEndian(id), bytes);
  for (const auto& [name, bytes] : p.posts) txn.put(db_.posts, name, bytes);
  for (const auto& [callsign, bytes] : p.units) txn.put(db_.units, callsign, bytes);
}

OperationState EventStore::load() const {
  try {
    return loadProjections();
  } catch (const StoreError&) {
    throw;
  } catch (const std::exception& e) {
    throw StoreError(std::string("a projection in the store cannot be read (") + e.what() +
                     "); try fieldops-coordinator rebuild");
  } catch (const kj::Exception& e) {
    throw StoreError(std::string("a projection in the store cannot be read (") +
                     e.getDescription().cStr() + "); try fieldops-coordinator rebuild");
  }
}

OperationState EventStore::loadProjections() const {
  OperationState state;
  lmdb::Txn txn(*env_, true);
  txn.scan(db_.units, {}, [&](std::string_view key, std::string_view value) {
    state.units[std::string(key)] =
        convert::readFlat<wire::UnitView>(value, [](auto r) { return convert::readUnitView(r); });
    return true;
  });
  txn.scan(db_.tasks, {}, [&](std::string_view key, std::string_view value) {
    auto view = convert::readFlat<wire::TaskView>(value, [](auto r) { return convert::readTaskView(r); });
    state.nextTaskId = std::max(state.nextTaskId, fromBigEndian(key) + 1);
    state.tasks[fromBigEndian(key)] = std::move(view);
    return true;
  });
  txn.scan(db_.alerts, {}, [&](std::string_view key, std::string_view value) {
    state.nextAlertId = std::max(state.nextAlertId, fromBigEndian(key) + 1);
    state.alerts[fromBigEndian(key)] =
        convert::readFlat<wire::AlertView>(value, [](auto r) { return convert::readAlertView(r); });
    return true;
  });
  txn.scan(db_.posts, {}, [&](std::string_view key, std::string_view value) {
    state.posts[std::string(key)] =
        convert::readFlat<wire::PostView>(value, [](auto r) { return convert::readPostView(r); });
    return true;
  });
  readClosure(txn, state);
  return state;
}

bool EventStore::holdsSighting(const lmdb::Txn& txn, std::string_view key) const {
  return txn.get(db_.dedup, key).has_value();
}

std::uint64_t EventStore::sightingCount() const {
  lmdb::Txn txn(*env_, true);
  return txn.count(db_.sightings);
}

std::vector<StoredSighting> EventStore::sightings(std::uint64_t afterSeq, std::size_t limit,
                                                  bool newestFirst) const {
  std::vector<StoredSighting> out;
  if (limit == 0 || afterSeq == std::numeric_limits<std::uint64_t>::max()) return out;
  lmdb::Txn txn(*env_, true);
  auto visit = [&](std::string_view key, std::string_view) {
    const std::uint64_t seq = fromBigEndian(key);
    if (seq <= afterSeq) return false;  // newest first reached the lower bound
    auto payload = txn.get(db_.payloads, key);
    auto body = payload ? decodePayload(*payload) : std::nullopt;
    if (const auto* s = body ? std::get_if<SightingRecorded>(&*body) : nullptr) {
      out.push_back(StoredSighting{seq, s->unit, s->sighting, s->screening});
    }
    return out.size() < limit;
  };
  if (newestFirst) {
    txn.scanBackward(db_.sightings, {}, visit);
  } else {
    txn.scan(db_.sightings, bigEndian(afterSeq + 1), visit);
  }
  return out;
}

std::vector<EventSummary> EventStore::events(const EventQuery& query, std::size_t limit,
                                             std::size_t scanLimit) const {
  std::vector<EventSummary> out;
  const std::uint64_t upper = query.beforeSeq == 0 ? std::numeric_limits<std::uint64_t>::max()
                                                   : query.beforeSeq;
  if (limit == 0 || query.afterSeq >= upper || upper - query.afterSeq < 2) return out;
  lmdb::Txn txn(*env_, true);
  std::size_t scanned = 0;
  auto visit = [&](std::string_view key, std::string_view headerBytes) {
    const std::uint64_t seq = fromBigEndian(key);
    if (seq <= query.afterSeq || seq >= upper) return false;
    const EventHeader header = decodeHeader(headerBytes);
    auto payload = txn.get(db_.payloads, key);
    auto body = payload ? decodePayload(*payload) : std::nullopt;
    EventSummary summary;
    if (body) {
      summary = summarize(seq, Event{header.at, header.principal, std::move(*body)});
    } else {
      summary = EventSummary{seq, header.at, eventKindName(header.kind), header.principal, {},
                             "purged (retention): only the header remains"};
    }
    const bool wanted = query.subject.empty() ||
                        std::find(summary.subjects.begin(), summary.subjects.end(),
                                  query.subject) != summary.subjects.end();
    if (wanted) out.push_back(std::move(summary));
    return out.size() < limit && ++scanned < scanLimit;
  };
  if (query.newestFirst) {
    txn.scanBackward(db_.log, query.beforeSeq == 0 ? std::string() : bigEndian(upper - 1), visit);
  } else {
    txn.scan(db_.log, bigEndian(query.afterSeq + 1), visit);
  }
  return out;
}

void EventStore::forEachEvent(const std::function<void(const StoredEvent&)>& visit) const {
  lmdb::Txn txn(*env_, true);
  txn.scan(db_.log, {}, [&](std::string_view key, std::string_view header) {
    StoredEvent e{decodeHeader(header), std::nullopt, {}};
    if (auto payload = txn.get(db_.payloads, key)) {
      e.body = decodePayload(*payload);
      e.payloadBytes = *payload;
    }
    visit(e);
    return true;
  });
}

void EventStore::rebuildProjections() {
  lmdb::Txn txn(*env_, false);
  for (auto db : {db_.units, db_.tasks, db_.sightings, db_.dedup, db_.alerts, db_.posts}) {
    txn.clear(db);
  }
  for (const char* key : {meta::kClosedAt, meta::kRetentionDays, meta::kClosedReason,
                          meta::kPurgedThrough}) {
    txn.del(db_.meta, key);
  }
  // A purged alert or task is replayed from the redacted copy its purge kept, so that the later
  // events about it still apply; a purged sighting is simply gone.
  std::map<std::uint64_t, EventBody> redacted;
  txn.scan(db_.log, {}, [&](std::string_view key, std::string_view bytes) {
    if (decodeHeader(bytes).kind != kRetentionPurgedKind) return true;
    auto payload = txn.get(db_.payloads, key);
    auto body = payload ? decodePayload(*payload) : std::nullopt;
    if (const auto* r = body ? std::get_if<RetentionPurged>(&*body) : nullptr) {
      for (const auto& a : r->alerts) redacted.emplace(a.seq, AlertRaised{a.alert});
      for (const auto& t : r->tasks) redacted.emplace(t.seq, TaskCreated{t.task});
    }
    return true;
  });
  OperationState state;
  txn.scan(db_.log, {}, [&](std::string_view key, std::string_view bytes) {
    const EventHeader h = decodeHeader(bytes);
    auto payload = txn.get(db_.payloads, key);
    if (!payload) return true;
    auto body = decodePayload(*payload);
    if (!body) {  // tombstone: content purged
      auto copy = redacted.find(h.seq);
      if (copy == redacted.end()) return true;
      body = copy->second;
    }
    Event e{h.at, h.principal, std::move(*body)};
    apply(state, e);
    if (const auto* s = std::get_if<SightingRecorded>(&e.body)) {
      // Indexed at once (other databases than the one scanned), and no longer in flight: the
      // replay keeps nothing per sighting in memory.
      writeSightingIndex(txn, *s, h.seq);
      confirmDurable(state, std::span(&e, 1));
    }
    return true;
  });
  ProjectionWrites all;
  all.closure = state.closure;
  for (const auto& [id, task] : state.tasks) {
    all.tasks.emplace_back(id, convert::flatBytesOf<wire::TaskView>(task));
  }
  for (const auto& [id, alert] : state.alerts) {
    all.alerts.emplace_back(id, convert::flatBytesOf<wire::AlertView>(alert));
  }
  for (const auto& [name, post] : state.posts) {
    all.posts.emplace_back(name, convert::flatBytesOf<wire::PostView>(post));
  }
  for (const auto& [callsign, unit] : state.units) {
    all.units.emplace_back(callsign, convert::flatBytesOf<wire::UnitView>(unit));
  }
  writeProjections(txn, all);
  txn.commit();
}

std::vector<std::pair<std::string, std::string>> EventStore::dumpProjection(
    const std::string& name) const {
  const MDB_dbi db = name == "units"       ? db_.units
                     : name == "tasks"     ? db_.tasks
                     : name == "sightings" ? db_.sightings
                     : name == "dedup"     ? db_.dedup
                     : name == "alerts"    ? db_.alerts
                     : name == "posts"     ? db_.posts
                                           : throw std::invalid_argument("no projection " + name);
  std::vector<std::pair<std::string, std::string>> out;
  lmdb::Txn txn(*env_, true);
  txn.scan(db, {}, [&](std::string_view k, std::string_view v) {
    out.emplace_back(k, v);
    return true;
  });
  return out;
}

}  // namespace fieldops
