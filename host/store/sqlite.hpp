// A thin RAII layer over SQLite's C API: one connection, prepared statements,
// errors turned into exceptions that name the store file and what failed.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace fairaudit::store {

// Any failure of the store, worded for the person running fairaudit.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Another process held the store's write lock for longer than the busy
// timeout (two runs against one store at once).
class StoreBusy : public StoreError {
 public:
  using StoreError::StoreError;
};

class Statement;

class Connection {
 public:
  Connection() = default;
  // Opens (creating when missing) the database file. Throws StoreError.
  // A store that exists but cannot be opened for writing (a read-only file,
  // a read-only file system, a directory where the -wal and -shm files
  // cannot be made) is opened read-only: it can be read (report, review
  // list), and a write fails with a message that says why.
  explicit Connection(const std::string& path);
  ~Connection();
  Connection(Connection&& o) noexcept : db_(o.db_), path_(std::move(o.path_)), read_only_(o.read_only_) {
    o.db_ = nullptr;
  }
  Connection& operator=(Connection&& o) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }
  // Opened read-only (see the constructor): nothing may be written.
  bool read_only() const { return read_only_; }

  // Runs one or more statements that return no rows.
  void exec(std::string_view sql);
  Statement prepare(std::string_view sql);
  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }

  // Throws StoreBusy for SQLITE_BUSY/LOCKED, StoreError otherwise; `what`
  // says what was being done.
  [[noreturn]] void fail(int rc, std::string_view what) const;

 private:
  void open_read_only();

  sqlite3* db_ = nullptr;
  std::string path_;
  bool read_only_ = false;
};

class Statement {
 public:
  Statement(const Connection& c, sqlite3_stmt* s) : conn_(&c), stmt_(s) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(Statement&& o) noexcept : conn_(o.conn_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binding is 1-based, as in SQLite. Returns *this for chaining.
  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, int v) { return bind(i, std::int64_t(v)); }
  Statement& bind(int i, std::uint64_t v) { return bind(i, std::int64_t(v)); }
  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind_null(int i);
  Statement& bind(int i, const std::optional<std::int64_t>& v) { return v ? bind(i, *v) : bind_null(i); }

  // True when a row is ready; false when done.
  bool step();
  // Runs a statement that returns no rows, then resets it for reuse.
  void run();
  void reset();

  std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::string text(int col) const;
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::optional<std::int64_t> opt_int64(int col) const {
    return is_null(col) ? std::nullopt : std::optional<std::int64_t>(int64(col));
  }

 private:
  const Connection* conn_;
  sqlite3_stmt* stmt_;
};

// BEGIN IMMEDIATE … COMMIT, rolled back unless committed. IMMEDIATE takes the
// write lock at the start, so two writers queue on the busy timeout instead
// of failing half-way with SQLITE_BUSY on their first write.
class Transaction {
 public:
  explicit Transaction(Connection& c, bool immediate = true);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& c_;
  bool open_ = false;
};

// Foreign keys unchecked on a connection for as long as this lives: made
// before a transaction begins (SQLite ignores the pragma inside one) and
// destroyed after it ends, when they are checked again. For a writer that
// takes every id it writes from a row it has just read (store.hpp,
// RunWriter), where SQLite's check would only look the same rows up again.
class ForeignKeysSuspended {
 public:
  explicit ForeignKeysSuspended(Connection& c);
  ~ForeignKeysSuspended();
  ForeignKeysSuspended(const ForeignKeysSuspended&) = delete;
  ForeignKeysSuspended& operator=(const ForeignKeysSuspended&) = delete;

 private:
  Connection& c_;
};

}  // namespace fairaudit::store
