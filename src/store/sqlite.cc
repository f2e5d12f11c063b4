// The SQLite engine of the stores' Database (store/database.h): one connection to a
// file in WAL mode, statements prepared and cached, transactions, migrations numbered by
// PRAGMA user_version; errors carry SQLite's message and the file name, and a kind.

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <unordered_map>

#include "store/database.h"

namespace hotline::store {

namespace {

// What kind of failure an SQLite result code is (common/status.h).
Status sqlite_status(int rc, std::string message) {
  switch (rc & 0xff) {  // the primary code of an extended one
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOMEM:
      return Status::unavailable(std::move(message));
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return Status::already_exists(std::move(message));
      return Status::invalid_argument(std::move(message));  // a reference or check fails
    case SQLITE_TOOBIG:
      return Status::invalid_argument(std::move(message));
    case SQLITE_ERROR:
    case SQLITE_MISUSE:
    case SQLITE_RANGE:
      return Status::internal(std::move(message));  // the statement is wrong, not the data
    default:                                        // I/O, full, read-only, corrupt, cannot open
      return Status::io_error(std::move(message));
  }
}

// A prepared statement of a connection.
class SqliteCursor final : public Statement::Cursor {
 public:
  SqliteCursor(sqlite3_stmt* statement, sqlite3* db) : statement_(statement), db_(db) {}
  ~SqliteCursor() override { sqlite3_finalize(statement_); }

  void bind_integer(int index, std::int64_t value) override {
    sqlite3_bind_int64(statement_, index, value);
  }
  void bind_text(int index, std::string_view text) override {
    sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()),
                      SQLITE_TRANSIENT);
  }
  void bind_blob(int index, std::string_view bytes) override {
    sqlite3_bind_blob64(statement_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  }
  void bind_null(int index) override { sqlite3_bind_null(statement_, index); }

  Result<bool> step() override {
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return sqlite_status(sqlite3_extended_errcode(db_),
                         std::string("SQLite: ") + sqlite3_errmsg(db_));
  }

  void reset() override {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }

  std::int64_t integer(int column) const override {
    return sqlite3_column_int64(statement_, column);
  }
  std::string blob(int column) const override {
    const void* b = sqlite3_column_blob(statement_, column);
    return b ? std::string(static_cast<const char*>(b),
                           static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)))
             : std::string();
  }
  std::string text(int column) const override {
    const unsigned char* t = sqlite3_column_text(statement_, column);
    return t ? std::string(reinterpret_cast<const char*>(t),
                           static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)))
             : std::string();
  }

 private:
  sqlite3_stmt* statement_;
  sqlite3* db_;
};

// One connection to an SQLite file.
class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteDatabase() override {
    cache_.clear();  // statements first: they belong to the connection
    sqlite3_close_v2(db_);
  }

  Status exec(const std::string& sql) override;
  Result<Statement> prepare(const std::string& sql) override;
  Result<Statement*> cached(const std::string& sql) override;
  Status begin_write() override { return run_cached("BEGIN IMMEDIATE"); }
  Status begin_read() override { return run_cached("BEGIN"); }
  Status commit() override { return run_cached("COMMIT"); }
  Status rollback() override { return run_cached("ROLLBACK"); }
  Status migrate(const std::vector<std::string>& migrations) override;
  int schema_version() override;  // PRAGMA user_version
  int changes() const override { return sqlite3_changes(db_); }
  const std::string& path() const override { return path_; }

 private:
  // One statement without results, run from the cache: BEGIN and COMMIT, which every
  // transaction would otherwise parse again.
  Status run_cached(const std::string& sql);
  Status error(const std::string& what) const;

  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, Statement> cache_;
};

}  // namespace

namespace {

// Another connection holds the write lock (the API's threads, the record writer and a
// report all use the same file). SQLite's own busy timeout sleeps whole milliseconds and
// more, which caps concurrent writers at a few hundred commits a second; a commit here
// takes tens of microseconds, so wait in short naps, growing to 1 ms, for up to 5 s.
int wait_for_writer(void*, int tries) {
  constexpr int kMaxTries = 5000 + 10;
  if (tries >= kMaxTries) return 0;
  timespec nap{0, std::min<long>(1'000'000, 10'000L << std::min(tries, 7))};
  nanosleep(&nap, nullptr);
  return 1;
}

// Debian's SQLite counts every allocation under one process-wide mutex (memory
// statistics, which nothing here reads): the API's threads would queue on it at every
// step of every lookup. Switched off once, before SQLite initializes itself; if it
// already has (an earlier connection elsewhere), the call is refused and nothing changes.
void configure_sqlite_once() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
}

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::string& path) {
  configure_sqlite_once();
  // Customers, calls and password hashes: for the server's user only. SQLite gives its
  // -wal and -shm files the main file's mode, so the file is made (or kept) 0600 first.
  // Never by opening and closing an existing file: a close() drops every POSIX lock this
  // process holds on it, the other connections' included.
  struct stat st {};
  if (path != ":memory:" && ::stat(path.c_str(), &st) != 0 && errno == ENOENT) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) return Status::io_error(path + ": " + std::strerror(errno));
    if (fd >= 0) ::close(fd);
  } else if (path != ":memory:" && (st.st_mode & 077) != 0) {
    (void)::chmod(path.c_str(), 0600);
  }
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return sqlite_status(rc, path + ": " + message);
  }
  std::unique_ptr<Database> database = std::make_unique<SqliteDatabase>(db, path);
  sqlite3_busy_handler(db, &wait_for_writer, nullptr);
  // WAL: readers never block the writer. synchronous=NORMAL: a commit survives the
  // process being killed (the OS has it); FULL would also survive power loss per commit.
  // mmap: pages are read from the mapping, not with a system call each (lookups among a
  // million customers: 15,000-20,000/s mapped, 11,500-15,700/s with pread). The price: in
  // WAL mode a connection remaps the file at its next transaction after another one
  // committed, which caps a storm of writes (tickets: 700/s mapped, 1,800/s not) — far
  // above what a center writes, far below what lookups need. The cache keeps the hot part
  // of the indexes per connection.
  // auto_vacuum=INCREMENTAL (taken by a new, empty file only): space freed by deletions
  // that must not linger (destroyed lead lists) is given back in short steps, never by a
  // VACUUM that would hold the write lock for as long as it takes to copy the file.
  for (const char* pragma :
       {"PRAGMA auto_vacuum=INCREMENTAL", "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
        "PRAGMA foreign_keys=ON", "PRAGMA mmap_size=1073741824", "PRAGMA cache_size=-16384"}) {
    if (Status s = database->exec(pragma); !s.ok()) return s;
  }
  // The file grows 16 MiB at a time rather than page by page: fewer size changes, less
  // fragmentation of a file that only grows.
  int chunk = 16 << 20;
  sqlite3_file_control(db, "main", SQLITE_FCNTL_CHUNK_SIZE, &chunk);
  return database;
}

Status SqliteDatabase::error(const std::string& what) const {
  return sqlite_status(sqlite3_extended_errcode(db_),
                       path_ + ": " + what + ": " + sqlite3_errmsg(db_));
}

Status SqliteDatabase::exec(const std::string& sql) {
  char* message = nullptr;
  if (const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message); rc != SQLITE_OK) {
    std::string text = path_ + ": " + (message ? message : "error");
    sqlite3_free(message);
    return sqlite_status(sqlite3_extended_errcode(db_), std::move(text));
  }
  return {};
}

Result<Statement*> SqliteDatabase::cached(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    auto s = prepare(sql);
    if (!s.ok()) return s.status();
    it = cache_.emplace(sql, std::move(*s)).first;
  }
  it->second.reset();
  return &it->second;
}

Status SqliteDatabase::run_cached(const std::string& sql) {
  auto statement = cached(sql);
  if (!statement.ok()) return statement.status();
  return (*statement)->run();
}

Result<Statement> SqliteDatabase::prepare(const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &statement, nullptr) !=
      SQLITE_OK)
    return error("cannot prepare statement");
  return Statement(std::make_unique<SqliteCursor>(statement, db_));
}

int SqliteDatabase::schema_version() {
  sqlite3_stmt* statement = nullptr;
  int version = -1;
  if (sqlite3_prepare_v2(db_, "PRAGMA user_version", -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW)
    version = sqlite3_column_int(statement, 0);
  sqlite3_finalize(statement);
  return version;
}

Status SqliteDatabase::migrate(const std::vector<std::string>& migrations) {
  const int version = schema_version();
  if (version < 0) return error("cannot read the schema version");
  if (version > static_cast<int>(migrations.size()))
    return Status::invalid_argument(path_ + ": schema version " + std::to_string(version) +
                                    " is newer than this program knows (" +
                                    std::to_string(migrations.size()) + "); upgrade hotline");
  for (int v = version; v < static_cast<int>(migrations.size()); ++v) {
    const std::string sql = "BEGIN IMMEDIATE;\n" + migrations[v] +
                            ";\nPRAGMA user_version = " + std::to_string(v + 1) + ";\nCOMMIT;";
    if (Status s = exec(sql); !s.ok()) {
      exec("ROLLBACK");
      return s.in("migration " + std::to_string(v + 1) + ": ");
    }
  }
  return {};
}

}  // namespace hotline::store
