#pragma once
// ThreadConnections: one SQLite connection per calling thread, to one database file.
// Stores read from several threads at once (the API's) this way: in WAL mode readers
// never wait for each other, and each connection keeps its own prepared statements.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "common/status.h"

namespace hotline::store {

class Database;

class ThreadConnections {
 public:
  // Opens the first connection (for the calling thread) and migrates the schema.
  static Result<std::unique_ptr<ThreadConnections>> open(const std::string& path);
  ~ThreadConnections();
  // The calling thread's connection, opened on first use. Throws std::runtime_error if
  // it cannot be opened (the file vanished, no descriptors left).
  Database& get();

 private:
  ThreadConnections(std::unique_ptr<Database> first, std::string path);
  std::string path_;
  std::uint64_t serial_;  // never reused: a thread's memory of a gone pool cannot mislead it
  std::mutex mutex_;
  std::unordered_map<std::thread::id, std::unique_ptr<Database>> connections_;
};

}  // namespace hotline::store
