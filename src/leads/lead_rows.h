#pragma once
// The lead store's rows and the queries its parts share (lead_store.cc, lead_distribution.cc,
// lead_quality.cc). Internal to src/leads.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "leads/do_not_call.h"
#include "leads/lead_store.h"

namespace hotline::store {
class Database;
class Statement;
}  // namespace hotline::store

namespace hotline::leads::detail {

// lead_lists' columns in the order read_list reads them.
extern const char* const kListColumns;
LeadList read_list(const store::Statement& s);
Result<std::optional<LeadList>> find_list(store::Database& db, std::int64_t id);
// The list if it exists and still has its leads: not_found, or conflict once destroyed.
Result<LeadList> find_live_list(store::Database& db, std::int64_t id);

// A JSON array of strings, and back (anything else reads as no strings).
std::vector<std::string> strings_of(const std::string& json_array);
std::string json_of(const std::vector<std::string>& strings);

// The do-not-call entries that hold for `campaign` (its own and the center's).
Result<DoNotCall> do_not_call_for(store::Database& db, const std::string& campaign);

// Why `phone` is already a lead that counts, or "" when it is not: a lead of the same
// campaign (while its data exists) or of a list imported since `since`; leads of
// `except_list` do not count.
Result<std::string> earlier_lead(store::Database& db, const std::string& phone,
                                 const std::string& campaign, Time since,
                                 std::int64_t except_list = 0);

}  // namespace hotline::leads::detail
