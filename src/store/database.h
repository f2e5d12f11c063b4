#pragma once
// The database every store goes through: a connection that prepares statements, runs
// transactions and brings its schema up to date. The stores speak only to these classes;
// the engine behind them is SQLite today (store/sqlite.cc), and a second one (PostgreSQL,
// for a center spread over several machines) implements Database and Statement::Cursor.
// The SQL the stores write is SQLite's dialect: a second engine also brings its own
// statements where the dialects differ.
//
// Not thread-safe: a Database and its statements belong to one thread.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace hotline::store {

// A prepared statement. Parameters count from 1, as in SQL; columns from 0.
class Statement {
 public:
  // What an engine implements for a statement.
  class Cursor {
   public:
    virtual ~Cursor() = default;
    virtual void bind_integer(int index, std::int64_t value) = 0;
    virtual void bind_text(int index, std::string_view text) = 0;
    virtual void bind_blob(int index, std::string_view bytes) = 0;
    virtual void bind_null(int index) = 0;
    // One step: true while there is a row to read.
    virtual Result<bool> step() = 0;
    // Back to before the first step, with no bindings.
    virtual void reset() = 0;
    virtual std::int64_t integer(int column) const = 0;
    virtual std::string text(int column) const = 0;
    virtual std::string blob(int column) const = 0;
  };

  Statement() = default;
  explicit Statement(std::unique_ptr<Cursor> cursor) : cursor_(std::move(cursor)) {}

  Statement& bind(int index, std::int64_t value) {
    cursor_->bind_integer(index, value);
    return *this;
  }
  Statement& bind(int index, std::string_view text) {
    cursor_->bind_text(index, text);
    return *this;
  }
  Statement& bind_null(int index) {
    cursor_->bind_null(index);
    return *this;
  }
  Statement& bind_blob(int index, std::string_view bytes) {  // binary data (files)
    cursor_->bind_blob(index, bytes);
    return *this;
  }
  // Runs one step: true while there is a row to read.
  Result<bool> step() { return cursor_->step(); }
  // Runs to completion (INSERT, UPDATE), then resets for the next use.
  Status run();
  void reset() { cursor_->reset(); }

  std::int64_t integer(int column) const { return cursor_->integer(column); }
  std::string text(int column) const { return cursor_->text(column); }
  std::string blob(int column) const { return cursor_->blob(column); }

 private:
  std::unique_ptr<Cursor> cursor_;
};

// A cached statement in use: reset when the lease ends, so that no read transaction stays
// open on the connection (it would pin an old snapshot and keep the WAL from shrinking).
class StatementLease {
 public:
  explicit StatementLease(Statement* s) : s_(s) {}
  ~StatementLease() { s_->reset(); }
  StatementLease(const StatementLease&) = delete;
  StatementLease& operator=(const StatementLease&) = delete;
  Statement* operator->() const { return s_; }
  Statement& operator*() const { return *s_; }

 private:
  Statement* s_;
};

// Steps through the rows of `s` (bound, leased), turning each into a T with `read(s)`.
template <typename T, typename Read>
Result<std::vector<T>> read_rows(Statement& s, Read read) {
  std::vector<T> out;
  for (;;) {
    Result<bool> row = s.step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    out.push_back(read(s));
  }
}

// A LIKE pattern matching text that contains `text` anywhere; '%', '_' and backslash in it are
// letters (the statement says ESCAPE with a backslash).
std::string like_contains(const std::string& text);

class Database {
 public:
  // Opens (creating if needed) the database at `path`: an SQLite file, in WAL mode with
  // foreign keys on (store/sqlite.cc).
  static Result<std::unique_ptr<Database>> open(const std::string& path);
  virtual ~Database() = default;

  virtual Status exec(const std::string& sql) = 0;
  virtual Result<Statement> prepare(const std::string& sql) = 0;
  // The same, prepared once and kept for the connection's life (frequent statements):
  // each call returns it reset, with no bindings. Hold it in a StatementLease.
  virtual Result<Statement*> cached(const std::string& sql) = 0;
  // Transactions (WriteTransaction, ReadTransaction): a write takes the write lock up
  // front, so that it cannot fail half way for another writer; a read sees one snapshot.
  virtual Status begin_write() = 0;
  virtual Status begin_read() = 0;
  virtual Status commit() = 0;
  virtual Status rollback() = 0;
  // Brings the schema up to migrations.size(): migration i (0-based) takes version i to
  // i + 1, each in its own transaction. A database newer than this program is refused.
  virtual Status migrate(const std::vector<std::string>& migrations) = 0;
  // The schema's version (migrations applied); -1 when it cannot be read.
  virtual int schema_version() = 0;
  // Rows the last INSERT, UPDATE or DELETE on this connection changed.
  virtual int changes() const = 0;
  virtual const std::string& path() const = 0;
};

// A write transaction, rolled back unless commit() succeeded.
class WriteTransaction {
 public:
  explicit WriteTransaction(Database& db) : db_(db), begun_(db.begin_write()) {}
  ~WriteTransaction() {
    if (begun_.ok() && !done_) db_.rollback();
  }
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  // The BEGIN's outcome: when not ok, nothing else may be done.
  const Status& begun() const { return begun_; }
  Status commit() {
    Status s = db_.commit();
    done_ = s.ok();
    return s;
  }

 private:
  Database& db_;
  Status begun_;
  bool done_ = false;
};

// Runs `write` (returning Status) in one write transaction: committed if it succeeds,
// rolled back otherwise, so that a write that fails half way changes nothing.
template <typename Write>
Status in_transaction(Database& db, Write write) {
  WriteTransaction transaction(db);
  if (!transaction.begun().ok()) return transaction.begun();
  if (Status s = write(); !s.ok()) return s;  // rolled back as the transaction ends
  return transaction.commit();
}

// Several reads as one snapshot, and one read transaction instead of one per statement
// (each costs file locking). A failed BEGIN leaves each read its own transaction.
class ReadTransaction {
 public:
  explicit ReadTransaction(Database& db) : db_(db), open_(db.begin_read().ok()) {}
  ~ReadTransaction() {
    if (open_) db_.commit();
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Database& db_;
  bool open_;
};

}  // namespace hotline::store
