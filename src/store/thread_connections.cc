#include "store/thread_connections.h"

#include <atomic>
#include <stdexcept>

#include "store/database.h"
#include "store/schema.h"

namespace hotline::store {

namespace {
std::atomic<std::uint64_t> next_serial{0};
}

Result<std::unique_ptr<ThreadConnections>> ThreadConnections::open(const std::string& path) {
  auto db = Database::open(path);
  if (!db.ok()) return db.status();
  if (Status s = (*db)->migrate(schema_migrations()); !s.ok()) return s;
  return std::unique_ptr<ThreadConnections>(new ThreadConnections(std::move(*db), path));
}

ThreadConnections::ThreadConnections(std::unique_ptr<Database> first, std::string path)
    : path_(std::move(path)), serial_(++next_serial) {
  connections_[std::this_thread::get_id()] = std::move(first);
}

ThreadConnections::~ThreadConnections() = default;

Database& ThreadConnections::get() {
  thread_local std::unordered_map<std::uint64_t, Database*> mine;
  if (auto it = mine.find(serial_); it != mine.end()) return *it->second;
  std::lock_guard<std::mutex> lock(mutex_);
  std::unique_ptr<Database>& db = connections_[std::this_thread::get_id()];
  if (!db) {
    auto opened = Database::open(path_);
    if (!opened.ok()) throw std::runtime_error(opened.status().message());
    db = std::move(*opened);
  }
  mine[serial_] = db.get();
  return *db;
}

}  // namespace hotline::store
