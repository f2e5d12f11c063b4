#pragma once
// A database file of a test's own in the temp directory, removed with its write-ahead log
// before and after; and the audit log written into it.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "store/audit.h"
#include "store/service_store.h"

namespace hotline::store {

class TempDatabase {
 public:
  explicit TempDatabase(const std::string& name)
      : path_((std::filesystem::temp_directory_path() /
               ("hotline-" + name + "-" + std::to_string(getpid()) + ".db"))
                  .string()) {
    remove_files();
  }
  ~TempDatabase() { remove_files(); }
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;

  const std::string& path() const { return path_; }

  // The audit log, newest first, through a connection of its own.
  std::vector<AuditEntry> audit() const {
    auto service = ServiceStore::open(path_);
    EXPECT_TRUE(service.ok());
    if (!service.ok()) return {};
    auto entries = (*service)->audit_entries(0, kNever, 1000);
    EXPECT_TRUE(entries.ok());
    return entries.ok() ? *entries : std::vector<AuditEntry>{};
  }

 private:
  void remove_files() const {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path_ + suffix);
  }
  std::string path_;
};

}  // namespace hotline::store
