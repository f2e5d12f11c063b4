#pragma once
// A thin RAII layer over SQLite: one connection, prepared statements, and schema
// migrations numbered by PRAGMA user_version. Everything in src/store goes through it,
// so that errors always carry SQLite's message and the file name.
//
// Not thread-safe: a Database belongs to one thread (the store's writer, or a command).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace hotline::store {

class Statement {
 public:
  Statement() = default;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  ~Statement();

  // Parameters count from 1, as in SQL.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_null(int index);
  Statement& bind_blob(int index, std::string_view bytes);  // binary data (files)
  // Runs one step: true while there is a row to read.
  Result<bool> step();
  // Runs to completion (INSERT, UPDATE), then resets for the next use.
  Status run();
  void reset();

  std::int64_t integer(int column) const;
  std::string text(int column) const;
  std::string blob(int column) const;

 private:
  friend class Database;
  Statement(sqlite3_stmt* statement, sqlite3* db) : statement_(statement), db_(db) {}
  sqlite3_stmt* statement_ = nullptr;
  sqlite3* db_ = nullptr;
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
  // Opens (creating if needed) a database file in WAL mode with foreign keys on.
  static Result<std::unique_ptr<Database>> open(const std::string& path);
  ~Database();

  Status exec(const std::string& sql);
  Result<Statement> prepare(const std::string& sql);
  // The same, prepared once and kept for the connection's life (frequent statements):
  // each call returns it reset, with no bindings. Hold it in a StatementLease.
  Result<Statement*> cached(const std::string& sql);
  // One statement without results, run from the cache: BEGIN and COMMIT, which every
  // transaction would otherwise parse again.
  Status run_cached(const std::string& sql);
  // Brings the schema up to migrations.size(): migration i (0-based) takes version i to
  // i + 1, each in its own transaction. A file newer than this program is refused.
  Status migrate(const std::vector<std::string>& migrations);
  int user_version();
  // Rows the last INSERT, UPDATE or DELETE on this connection changed.
  int changes() const;
  const std::string& path() const { return path_; }

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Status error(const std::string& what) const;
  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, Statement> cache_;
};

// A write transaction (BEGIN IMMEDIATE: the write lock up front, so it cannot fail half
// way for another writer), rolled back unless commit() succeeded.
class WriteTransaction {
 public:
  explicit WriteTransaction(Database& db);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  // The BEGIN's outcome: when not ok, nothing else may be done.
  const Status& begun() const { return begun_; }
  Status commit();

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
  explicit ReadTransaction(Database& db) : db_(db), open_(db.run_cached("BEGIN").ok()) {}
  ~ReadTransaction() {
    if (open_) db_.run_cached("COMMIT");
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Database& db_;
  bool open_;
};

}  // namespace hotline::store
