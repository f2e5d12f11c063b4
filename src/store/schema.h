#pragma once
// The one schema of hotline.db, shared by every store in src/store (call records, users,
// audit log...): a single list of migrations numbered by PRAGMA user_version, so that
// whichever store opens the file first brings all of it up to date.

#include <string>
#include <vector>

namespace hotline::store {

// Append only: a released migration never changes.
const std::vector<std::string>& schema_migrations();

}  // namespace hotline::store
