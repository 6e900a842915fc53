#include "store/sqlite.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace fairaudit::store {

namespace {

// A file name as an SQLite URI's path ("file:" + this): '%', '?' and '#'
// (and bytes outside printable ASCII) percent-encoded.
std::string uri_path(const std::string& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (c == '%' || c == '?' || c == '#' || c <= 0x20 || c >= 0x7F) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += char(c);
    }
  }
  return out;
}

// Whether the connection can read the schema (a WAL database opened
// read-only needs its -shm file, which a read-only directory cannot get).
bool readable(sqlite3* db) {
  return sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr) == SQLITE_OK;
}

}  // namespace

void Connection::open_read_only() {
  read_only_ = true;
  int rc = sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc == SQLITE_OK && readable(db_)) return;
  sqlite3_close(db_);
  db_ = nullptr;
  // Immutable: SQLite reads the database file alone, with no locking and no
  // -wal or -shm file. A fairaudit run checkpoints its log when it closes the
  // store, so the file holds every finished run unless a writer was killed
  // or is still at work. Then the log holds what the file does not (a run, a
  // review), and reading the file alone would show an older store as if it
  // were this one: refused, with what to do.
  {
    struct stat wal {};
    if (::stat((path_ + "-wal").c_str(), &wal) == 0 && wal.st_size > 0)
      throw StoreError("cannot read the store " + path_ + " as it stands: its write-ahead log (" + path_ +
                       "-wal) holds changes the file does not, and reading them needs a " + path_ +
                       "-shm file, which cannot be made here (a read-only directory or file system). Open the store "
                       "once where it can be written (any fairaudit command that reads it folds the log in), or "
                       "copy it together with its -wal file to a place that can be written");
  }
  const std::string uri = "file:" + uri_path(path_) + "?immutable=1";
  rc = sqlite3_open_v2(uri.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK || !readable(db_)) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError("cannot open the store " + path_ + " (read-only): " + msg);
  }
}

Connection::Connection(const std::string& path) : path_(path) {
  // The store holds findings about named hiring rounds: readable by its owner
  // only. SQLite gives its -wal and -shm files the database file's mode, so
  // creating the file here with 0600 covers them too.
  //
  // Only a file that is not there yet is opened here: closing a descriptor of
  // a file drops every POSIX lock this process holds on it, those of its
  // other SQLite connections included (fairaudit serve has one per thread).
  // Another process would then take the store for unused and delete or reset
  // the write-ahead log those connections still write to. Whether an existing
  // file can be written is asked without opening it.
  if (::access(path.c_str(), F_OK) != 0) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM) && ::access(path.c_str(), R_OK) == 0) {
      open_read_only();
      sqlite3_extended_result_codes(db_, 1);
      return;
    }
    if (fd < 0) throw StoreError("cannot open the store " + path + ": " + std::strerror(errno));
    ::close(fd);
  } else if (::access(path.c_str(), W_OK) != 0) {
    if ((errno == EACCES || errno == EROFS || errno == EPERM) && ::access(path.c_str(), R_OK) == 0) {
      open_read_only();
      sqlite3_extended_result_codes(db_, 1);
      return;
    }
    throw StoreError("cannot open the store " + path + ": " + std::strerror(errno));
  }
  int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError("cannot open the store " + path + ": " + msg);
  }
  // The file is writable, but its directory may not be (no -wal or -shm file
  // can be made there): read-only then, too.
  if (!readable(db_) && ((sqlite3_errcode(db_) & 0xff) == SQLITE_CANTOPEN ||
                          (sqlite3_errcode(db_) & 0xff) == SQLITE_READONLY)) {
    sqlite3_close(db_);
    db_ = nullptr;
    open_read_only();
  }
  sqlite3_extended_result_codes(db_, 1);
}

Connection::~Connection() {
  if (db_) sqlite3_close_v2(db_);
}

Connection& Connection::operator=(Connection&& o) noexcept {
  if (this != &o) {
    if (db_) sqlite3_close_v2(db_);
    db_ = o.db_;
    path_ = std::move(o.path_);
    o.db_ = nullptr;
  }
  return *this;
}

void Connection::fail(int rc, std::string_view what) const {
  const int primary = rc & 0xff;
  std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  std::string text = "store " + path_ + ": " + std::string(what) + ": " + msg;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    throw StoreBusy("store " + path_ + " is busy: another fairaudit run or review is writing to it and did not finish "
                    "within the wait time (" + std::string(what) + "); try again when it is done");
  if (primary == SQLITE_READONLY || (read_only_ && primary == SQLITE_CANTOPEN))
    throw StoreError("store " + path_ + " can only be read (a read-only file, directory or file system): " +
                     std::string(what) + " needs to write to it; `report` and `review list|show|history` can read it");
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
    throw StoreError("store " + path_ + " is not a fairaudit store or is damaged (" + msg + ")");
  throw StoreError(text);
}

void Connection::exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (err) sqlite3_free(err);
  if (rc != SQLITE_OK) fail(rc, s.substr(0, s.find_first_of("(\n")));
}

Statement Connection::prepare(std::string_view sql) {
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), int(sql.size()), &s, nullptr);
  if (rc != SQLITE_OK) fail(rc, "preparing a query");
  return Statement(*this, s);
}

Statement& Statement::bind(int i, std::int64_t v) {
  int rc = sqlite3_bind_int64(stmt_, i, v);
  if (rc != SQLITE_OK) conn_->fail(rc, "binding a value");
  return *this;
}

Statement& Statement::bind(int i, std::string_view v) {
  int rc = sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) conn_->fail(rc, "binding a value");
  return *this;
}

Statement& Statement::bind_null(int i) {
  int rc = sqlite3_bind_null(stmt_, i);
  if (rc != SQLITE_OK) conn_->fail(rc, "binding a value");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  conn_->fail(rc, "running a query");
}

void Statement::run() {
  step();
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (!p) return {};
  return std::string(p, std::size_t(sqlite3_column_bytes(stmt_, col)));
}

Transaction::Transaction(Connection& c, bool immediate) : c_(c) {
  c_.exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN");
  open_ = true;
}

Transaction::~Transaction() {
  if (open_) sqlite3_exec(c_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  c_.exec("COMMIT");
  open_ = false;
}

ForeignKeysSuspended::ForeignKeysSuspended(Connection& c) : c_(c) {
  if (!sqlite3_get_autocommit(c_.handle()))
    throw StoreError("store " + c_.path() + ": foreign keys cannot be suspended inside a transaction");
  c_.exec("PRAGMA foreign_keys = OFF");
}

ForeignKeysSuspended::~ForeignKeysSuspended() {
  // After the transaction's commit or rollback, so the pragma takes effect.
  sqlite3_exec(c_.handle(), "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
}

}  // namespace fairaudit::store
