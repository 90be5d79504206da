// RAII over the LMDB C API (see lmdb.hpp).
#include <protocol/lmdb.hpp>

namespace fieldops::lmdb {

namespace {

MDB_val val(std::string_view s) {
  return MDB_val{s.size(), const_cast<char*>(s.data())};
}

std::string_view view(const MDB_val& v) {
  return {static_cast<const char*>(v.mv_data), v.mv_size};
}

// Closes a cursor when it leaves scope, before its transaction commits.
class Cursor {
 public:
  Cursor(MDB_txn* txn, MDB_dbi db) { check(mdb_cursor_open(txn, db, &cursor_), "mdb_cursor_open"); }
  ~Cursor() { mdb_cursor_close(cursor_); }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  MDB_cursor* get() const { return cursor_; }

 private:
  MDB_cursor* cursor_ = nullptr;
};

}  // namespace

std::string bigEndian(std::uint64_t v) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<char>(v & 0xFF);
    v >>= 8;
  }
  return out;
}

std::uint64_t fromBigEndian(std::string_view bytes) {
  if (bytes.size() != 8) throw std::runtime_error("big-endian key of wrong width");
  std::uint64_t v = 0;
  for (char c : bytes) v = (v << 8) | static_cast<unsigned char>(c);
  return v;
}

Env::Env(const std::string& dir, std::size_t mapSizeBytes, unsigned maxDbs, bool readOnly) {
  check(mdb_env_create(&env_), "mdb_env_create");
  try {
    check(mdb_env_set_maxdbs(env_, maxDbs), "mdb_env_set_maxdbs");
    check(mdb_env_set_mapsize(env_, mapSizeBytes), "mdb_env_set_mapsize");
    check(mdb_env_open(env_, dir.c_str(), readOnly ? MDB_RDONLY : 0, 0600),
          ("cannot open the store in " + dir).c_str());
  } catch (...) {
    mdb_env_close(env_);
    throw;
  }
}

Env::~Env() { mdb_env_close(env_); }

Txn::Txn(const Env& env, bool readOnly) {
  check(mdb_txn_begin(env.get(), nullptr, readOnly ? MDB_RDONLY : 0, &txn_), "mdb_txn_begin");
}

void Txn::abort() {
  if (txn_ != nullptr) mdb_txn_abort(txn_);
  txn_ = nullptr;
}

void Txn::commit() {
  MDB_txn* t = txn_;
  txn_ = nullptr;  // mdb_txn_commit frees the transaction even when it fails
  check(mdb_txn_commit(t), "mdb_txn_commit");
}

MDB_dbi Txn::open(const char* name, bool create) {
  MDB_dbi db = 0;
  check(mdb_dbi_open(txn_, name, create ? MDB_CREATE : 0, &db), name);
  return db;
}

std::optional<std::string_view> Txn::get(MDB_dbi db, std::string_view key) const {
  MDB_val k = val(key);
  MDB_val v{};
  const int rc = mdb_get(txn_, db, &k, &v);
  if (rc == MDB_NOTFOUND) return std::nullopt;
  check(rc, "mdb_get");
  return view(v);
}

void Txn::put(MDB_dbi db, std::string_view key, std::string_view value) {
  MDB_val k = val(key);
  MDB_val v = val(value);
  check(mdb_put(txn_, db, &k, &v, 0), "mdb_put");
}

void Txn::putLast(MDB_dbi db, std::string_view key, std::string_view value) {
  MDB_val k = val(key);
  MDB_val v = val(value);
  const int rc = mdb_put(txn_, db, &k, &v, MDB_APPEND);
  if (rc == MDB_KEYEXIST) {
    throw Failure("mdb_put (append): a key at or after this one is already stored", rc);
  }
  check(rc, "mdb_put (append)");
}

bool Txn::del(MDB_dbi db, std::string_view key) {
  MDB_val k = val(key);
  const int rc = mdb_del(txn_, db, &k, nullptr);
  if (rc == MDB_NOTFOUND) return false;
  check(rc, "mdb_del");
  return true;
}

void Txn::clear(MDB_dbi db) { check(mdb_drop(txn_, db, 0), "mdb_drop"); }

void Txn::scan(MDB_dbi db, std::string_view from,
               const std::function<bool(std::string_view, std::string_view)>& visit) const {
  Cursor cursor(txn_, db);
  MDB_val k = val(from);
  MDB_val v{};
  int rc = from.empty() ? mdb_cursor_get(cursor.get(), &k, &v, MDB_FIRST)
                        : mdb_cursor_get(cursor.get(), &k, &v, MDB_SET_RANGE);
  while (rc == MDB_SUCCESS) {
    if (!visit(view(k), view(v))) return;
    rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_NEXT);
  }
  if (rc != MDB_NOTFOUND) check(rc, "mdb_cursor_get");
}

void Txn::scanBackward(MDB_dbi db, std::string_view from,
                       const std::function<bool(std::string_view, std::string_view)>& visit) const {
  Cursor cursor(txn_, db);
  MDB_val k = val(from);
  MDB_val v{};
  int rc = MDB_NOTFOUND;
  if (from.empty()) {
    rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_LAST);
  } else {
    rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_SET_RANGE);  // first key >= from
    if (rc == MDB_NOTFOUND) {
      rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_LAST);
    } else if (rc == MDB_SUCCESS && view(k) > from) {
      rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_PREV);
    }
  }
  while (rc == MDB_SUCCESS) {
    if (!visit(view(k), view(v))) return;
    rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_PREV);
  }
  if (rc != MDB_NOTFOUND) check(rc, "mdb_cursor_get");
}

std::optional<std::pair<std::string_view, std::string_view>> Txn::last(MDB_dbi db) const {
  Cursor cursor(txn_, db);
  MDB_val k{};
  MDB_val v{};
  const int rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_LAST);
  if (rc == MDB_NOTFOUND) return std::nullopt;
  check(rc, "mdb_cursor_get");
  return std::make_pair(view(k), view(v));
}

std::size_t Txn::count(MDB_dbi db) const {
  MDB_stat st{};
  check(mdb_stat(txn_, db, &st), "mdb_stat");
  return st.ms_entries;
}

}  // namespace fieldops::lmdb
