#include "leads/lead_rows.h"

#include <nlohmann/json.hpp>

#include "common/json_out.h"
#include "store/database.h"

namespace hotline::leads::detail {

using store::Database;
using store::Statement;
using store::StatementLease;

const char* const kListColumns =
    "id, name, vendor, batch, price_fen, bought, consent, campaign, retention_days, "
    "field_names, encoding, imported, imported_by, rows_read, leads_imported, rows_invalid, "
    "rows_duplicate, rows_do_not_call, destroyed, destroyed_by, leads_destroyed, recleansed, "
    "leads_removed";

std::vector<std::string> strings_of(const std::string& json_array) {
  std::vector<std::string> out;
  const nlohmann::json parsed = nlohmann::json::parse(json_array, nullptr, false);
  if (parsed.is_array())
    for (const nlohmann::json& v : parsed)
      out.push_back(v.is_string() ? v.get<std::string>() : std::string());
  return out;
}

std::string json_of(const std::vector<std::string>& strings) {
  return json_out(nlohmann::json(strings));
}

LeadList read_list(const Statement& s) {
  LeadList l;
  l.id = s.integer(0);
  l.name = s.text(1);
  l.vendor = s.text(2);
  l.batch = s.text(3);
  l.price_fen = s.integer(4);
  l.bought = s.text(5);
  l.consent = s.text(6);
  l.campaign = s.text(7);
  l.retention_days = static_cast<int>(s.integer(8));
  l.field_names = strings_of(s.text(9));
  l.encoding = s.text(10);
  l.imported = s.integer(11);
  l.imported_by = s.text(12);
  l.rows = static_cast<int>(s.integer(13));
  l.leads = static_cast<int>(s.integer(14));
  l.invalid = static_cast<int>(s.integer(15));
  l.duplicates = static_cast<int>(s.integer(16));
  l.do_not_call = static_cast<int>(s.integer(17));
  l.destroyed = s.integer(18);
  l.destroyed_by = s.text(19);
  l.leads_destroyed = static_cast<int>(s.integer(20));
  l.recleansed = s.integer(21);
  l.leads_removed = static_cast<int>(s.integer(22));
  return l;
}

Result<std::optional<LeadList>> find_list(Database& db, std::int64_t id) {
  auto q = db.cached(std::string("SELECT ") + kListColumns + " FROM lead_lists WHERE id = ?1");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  s->bind(1, id);
  Result<std::vector<LeadList>> rows = store::read_rows<LeadList>(*s, read_list);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<LeadList>();
  return std::optional<LeadList>(std::move(rows->front()));
}

Result<LeadList> find_live_list(Database& db, std::int64_t id) {
  Result<std::optional<LeadList>> found = find_list(db, id);
  if (!found.ok()) return found.status();
  if (!*found) return Status::not_found("no lead list " + std::to_string(id));
  if ((*found)->destroyed != 0)
    return Status::conflict("lead list " + std::to_string(id) + " was destroyed already");
  return std::move(**found);
}

Result<DoNotCall> do_not_call_for(Database& db, const std::string& campaign) {
  auto q = db.cached("SELECT entry FROM do_not_call WHERE campaign IN ('', ?1)");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  s->bind(1, campaign);
  DoNotCall dnc;
  for (;;) {
    Result<bool> row = s->step();
    if (!row.ok()) return row.status();
    if (!*row) return dnc;
    // Kept entries are normalized already; one that no longer reads (edited by hand) is
    // skipped rather than stopping every import.
    (void)dnc.add(s->text(0));
  }
}

Result<std::string> earlier_lead(Database& db, const std::string& phone,
                                 const std::string& campaign, Time since,
                                 std::int64_t except_list) {
  auto q = db.cached(
      "SELECT list_id, imported, campaign FROM leads WHERE phone = ?1 AND list_id <> ?4 AND "
      "(imported >= ?2 OR (campaign <> '' AND campaign = ?3)) LIMIT 1");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  s->bind(1, phone).bind(2, static_cast<std::int64_t>(since)).bind(3, campaign);
  s->bind(4, except_list);
  Result<bool> row = s->step();
  if (!row.ok()) return row.status();
  if (!*row) return std::string();
  const std::string list = std::to_string(s->integer(0));
  if (!campaign.empty() && s->text(2) == campaign)
    return "already a lead of campaign " + campaign + " (list " + list + ")";
  return "already a lead of list " + list + ", imported within the dedupe window";
}

}  // namespace hotline::leads::detail
