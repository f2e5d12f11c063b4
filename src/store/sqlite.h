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
  // Runs one step: true while there is a row to read.
  Result<bool> step();
  // Runs to completion (INSERT, UPDATE), then resets for the next use.
  Status run();
  void reset();

  std::int64_t integer(int column) const;
  std::string text(int column) const;

 private:
  friend class Database;
  Statement(sqlite3_stmt* statement, sqlite3* db) : statement_(statement), db_(db) {}
  sqlite3_stmt* statement_ = nullptr;
  sqlite3* db_ = nullptr;
};

class Database {
 public:
  // Opens (creating if needed) a database file in WAL mode with foreign keys on.
  static Result<std::unique_ptr<Database>> open(const std::string& path);
  ~Database();

  Status exec(const std::string& sql);
  Result<Statement> prepare(const std::string& sql);
  // Brings the schema up to migrations.size(): migration i (0-based) takes version i to
  // i + 1, each in its own transaction. A file newer than this program is refused.
  Status migrate(const std::vector<std::string>& migrations);
  int user_version();
  const std::string& path() const { return path_; }

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Status error(const std::string& what) const;
  sqlite3* db_;
  std::string path_;
};

}  // namespace hotline::store
