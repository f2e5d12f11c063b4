#pragma once
// Where a center keeps its data: one SQLite file, DATA_DIR/hotline.db, holds every store
// (calls, users and the audit log, customers, knowledge, tickets, phones'
// registrations). Each store is one connection, opened by the thread that uses it; this
// is the one place that knows the file's name.

#include <memory>
#include <string>

#include "common/status.h"

namespace hotline::store {

// DATA_DIR/hotline.db.
std::string database_path(const std::string& data_dir);

// Opens store S (CallStore, ServiceStore ...) of the data directory into `store`; on
// failure `store` is left as it was.
template <typename S>
Status open(const std::string& data_dir, std::unique_ptr<S>& store) {
  auto opened = S::open(database_path(data_dir));
  if (!opened.ok()) return opened.status();
  store = std::move(*opened);
  return {};
}

}  // namespace hotline::store
