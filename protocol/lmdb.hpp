// Thin RAII over LMDB (style.md 10): a transaction aborts when it leaves scope and commits only
// when told; "not found" is an empty optional; views never outlive their transaction.
#pragma once

#include <lmdb.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace fieldops::lmdb {

struct Failure : std::runtime_error {
  Failure(const std::string& what, int rc)
      : std::runtime_error(what + ": " + mdb_strerror(rc)), code(rc) {}
  int code;
};

inline void check(int rc, const char* what) {
  if (rc != MDB_SUCCESS) throw Failure(what, rc);
}

// Fixed-width big-endian keys keep numeric order in LMDB's byte order.
std::string bigEndian(std::uint64_t v);
std::uint64_t fromBigEndian(std::string_view bytes);

class Env {
 public:
  Env(const std::string& dir, std::size_t mapSizeBytes, unsigned maxDbs, bool readOnly = false);
  ~Env();
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;
  MDB_env* get() const { return env_; }

 private:
  MDB_env* env_ = nullptr;
};

class Txn {
 public:
  Txn(const Env& env, bool readOnly);
  ~Txn() { abort(); }
  Txn(const Txn&) = delete;
  Txn& operator=(const Txn&) = delete;

  MDB_dbi open(const char* name, bool create);
  std::optional<std::string_view> get(MDB_dbi db, std::string_view key) const;
  void put(MDB_dbi db, std::string_view key, std::string_view value);
  // put for a key greater than every key in `db` (a sequence number): LMDB adds it at the end
  // without a search and fills pages instead of splitting them. A smaller key is an error.
  void putLast(MDB_dbi db, std::string_view key, std::string_view value);
  bool del(MDB_dbi db, std::string_view key);
  void clear(MDB_dbi db);
  // Visits key/value pairs in key order starting at `from` (all when empty); stop by returning false.
  void scan(MDB_dbi db, std::string_view from,
            const std::function<bool(std::string_view, std::string_view)>& visit) const;
  // The same backwards: keys <= `from` (all when empty), in descending order.
  void scanBackward(MDB_dbi db, std::string_view from,
                    const std::function<bool(std::string_view, std::string_view)>& visit) const;
  // The last key/value pair, if any.
  std::optional<std::pair<std::string_view, std::string_view>> last(MDB_dbi db) const;
  std::size_t count(MDB_dbi db) const;

  void commit();  // durable on return (LMDB's default synced commit)
  void abort();
  MDB_txn* get() const { return txn_; }

 private:
  MDB_txn* txn_ = nullptr;
};

}  // namespace fieldops::lmdb
