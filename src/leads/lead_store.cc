#include "leads/lead_store.h"

#include <algorithm>

#include "leads/lead_rows.h"
#include "store/audit.h"
#include "store/database.h"
#include "store/thread_connections.h"

namespace hotline::leads {

using store::Database;
using store::Statement;
using store::StatementLease;
using namespace detail;

namespace {

std::int64_t pragma_number(Database& db, const char* pragma) {
  auto q = db.prepare(std::string("PRAGMA ") + pragma);
  if (!q.ok()) return -1;
  Result<bool> row = q->step();
  return row.ok() && *row ? q->integer(0) : -1;
}

// Gives the pages freed by a destruction back to the file system and empties the
// write-ahead log, which still holds copies of them from the import. The rows are gone
// whatever happens here (secure delete zeroed them), so a failure (the file busy) is not
// the destruction's: the space is reclaimed by the next one.
void reclaim_space(Database& db) {
  if (pragma_number(db, "auto_vacuum") == 2) {
    // Short steps: writers (call records) wait for one step at most.
    for (int step = 0; step < 100000 && pragma_number(db, "freelist_count") > 0; ++step)
      if (!db.exec("PRAGMA incremental_vacuum(512)").ok()) break;
  } else {
    // A file made before auto_vacuum was set: converted once, by one VACUUM.
    (void)db.exec("PRAGMA auto_vacuum = INCREMENTAL");
    (void)db.exec("VACUUM");
  }
  (void)db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

}  // namespace

LeadStore::LeadStore(std::unique_ptr<store::ThreadConnections> connections)
    : connections_(std::move(connections)) {}
LeadStore::~LeadStore() = default;

Result<std::unique_ptr<LeadStore>> LeadStore::open(const std::string& path) {
  auto connections = store::ThreadConnections::open(path);
  if (!connections.ok()) return connections.status();
  return std::unique_ptr<LeadStore>(new LeadStore(std::move(*connections)));
}

Result<ImportResult> LeadStore::import(LeadList list, const LeadFile& file,
                                       const ImportRules& rules, const Actor& who, Time now) {
  if (list.name.empty()) return Status::invalid_argument("a lead list needs a name");
  if (list.price_fen < 0) return Status::invalid_argument("a list's price cannot be negative");
  if (list.retention_days < 0) return Status::invalid_argument("retention_days cannot be negative");
  list.id = 0;
  list.encoding = encoding_name(file.encoding);
  list.imported = now;
  list.imported_by = who.user;
  list.rows = file.rows;
  list.leads = list.do_not_call = 0;
  list.destroyed = 0;
  list.destroyed_by.clear();
  list.leads_destroyed = 0;

  // Every row left out, in file order: the file's own findings and the store's.
  ImportResult result;
  result.left_out = file.problems;
  list.duplicates = file.duplicates;
  list.invalid = static_cast<int>(file.problems.size()) - file.duplicates;

  Database& db = connections_->get();
  const Status written = store::in_transaction(db, [&]() -> Status {
    Result<DoNotCall> dnc = do_not_call_for(db, list.campaign);
    if (!dnc.ok()) return dnc.status();
    auto insert_list = db.prepare(
        "INSERT INTO lead_lists (name, vendor, batch, price_fen, bought, consent, campaign, "
        "retention_days, field_names, encoding, imported, imported_by, rows_read, "
        "leads_imported, rows_invalid, rows_duplicate, rows_do_not_call) VALUES (?1, ?2, ?3, "
        "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 0, 0, 0, 0) RETURNING id");
    if (!insert_list.ok()) return insert_list.status();
    insert_list->bind(1, list.name).bind(2, list.vendor).bind(3, list.batch);
    insert_list->bind(4, list.price_fen).bind(5, list.bought).bind(6, list.consent);
    insert_list->bind(7, list.campaign).bind(8, std::int64_t{list.retention_days});
    insert_list->bind(9, json_of(list.field_names)).bind(10, list.encoding);
    insert_list->bind(11, static_cast<std::int64_t>(now)).bind(12, list.imported_by);
    insert_list->bind(13, std::int64_t{list.rows});
    Result<bool> made = insert_list->step();
    if (!made.ok()) return made.status();
    if (!*made) return Status::internal("the lead list was not stored");
    list.id = insert_list->integer(0);
    insert_list->reset();

    auto insert_lead = db.prepare(
        "INSERT INTO leads (list_id, file_row, phone, name, field_values, campaign, imported) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!insert_lead.ok()) return insert_lead.status();
    const Time since = now - rules.dedupe_window;
    for (const Lead& lead : file.leads) {
      if (dnc->blocks(lead.phone)) {
        ++list.do_not_call;
        result.left_out.push_back({lead.row, file.phone_column, "on the do-not-call list"});
        continue;
      }
      Result<std::string> earlier = earlier_lead(db, lead.phone, list.campaign, since);
      if (!earlier.ok()) return earlier.status();
      if (!earlier->empty()) {
        ++list.duplicates;
        result.left_out.push_back({lead.row, file.phone_column, std::move(*earlier)});
        continue;
      }
      insert_lead->bind(1, list.id).bind(2, std::int64_t{lead.row}).bind(3, lead.phone);
      insert_lead->bind(4, lead.name).bind(5, json_of(lead.fields)).bind(6, list.campaign);
      insert_lead->bind(7, static_cast<std::int64_t>(now));
      if (Status s = insert_lead->run(); !s.ok()) return s;
      ++list.leads;
    }
    auto counts = db.prepare(
        "UPDATE lead_lists SET leads_imported = ?2, rows_invalid = ?3, rows_duplicate = ?4, "
        "rows_do_not_call = ?5 WHERE id = ?1");
    if (!counts.ok()) return counts.status();
    counts->bind(1, list.id).bind(2, std::int64_t{list.leads}).bind(3, std::int64_t{list.invalid});
    counts->bind(4, std::int64_t{list.duplicates}).bind(5, std::int64_t{list.do_not_call});
    if (Status s = counts->run(); !s.ok()) return s;
    return store::write_audit(
        db, {now, who.user, "leads.import", "list " + std::to_string(list.id),
             list.name + ": " + std::to_string(list.leads) + " of " + std::to_string(list.rows) +
                 " rows imported (" + std::to_string(list.invalid) + " invalid, " +
                 std::to_string(list.duplicates) + " duplicate, " +
                 std::to_string(list.do_not_call) + " do-not-call)",
             who.source});
  });
  if (!written.ok()) return written;
  std::stable_sort(result.left_out.begin(), result.left_out.end(),
                   [](const LeadProblem& a, const LeadProblem& b) { return a.row < b.row; });
  result.list = std::move(list);
  return result;
}

Result<std::vector<LeadList>> LeadStore::lists() {
  Database& db = connections_->get();
  auto q = db.cached(std::string("SELECT ") + kListColumns + " FROM lead_lists ORDER BY id");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  return store::read_rows<LeadList>(*s, read_list);
}

Result<std::optional<LeadList>> LeadStore::list(std::int64_t id) {
  return find_list(connections_->get(), id);
}

Result<std::vector<StoredLead>> LeadStore::leads(std::int64_t list, std::int64_t after_id,
                                                 std::size_t limit) {
  Database& db = connections_->get();
  auto q = db.cached(
      "SELECT id, list_id, file_row, phone, name, field_values FROM leads "
      "WHERE list_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  s->bind(1, list).bind(2, after_id).bind(3, static_cast<std::int64_t>(limit));
  return store::read_rows<StoredLead>(*s, [](const Statement& r) {
    return StoredLead{r.integer(0), r.integer(1), static_cast<int>(r.integer(2)),
                      r.text(3),    r.text(4),    strings_of(r.text(5))};
  });
}

Result<LeadList> LeadStore::destroy(std::int64_t id, const Actor& who, Time now) {
  Database& db = connections_->get();
  // Deleted content is overwritten with zeros in the file, not only unlinked.
  if (Status s = db.exec("PRAGMA secure_delete = ON"); !s.ok()) return s;
  LeadList kept;
  const Status written = store::in_transaction(db, [&]() -> Status {
    Result<LeadList> found = find_live_list(db, id);
    if (!found.ok()) return found.status();
    kept = std::move(*found);
    auto remove = db.prepare("DELETE FROM leads WHERE list_id = ?1");
    if (!remove.ok()) return remove.status();
    remove->bind(1, id);
    if (Status s = remove->run(); !s.ok()) return s;
    kept.leads_destroyed = db.changes();
    kept.destroyed = now;
    kept.destroyed_by = who.user;
    auto mark = db.prepare(
        "UPDATE lead_lists SET destroyed = ?2, destroyed_by = ?3, leads_destroyed = ?4 "
        "WHERE id = ?1");
    if (!mark.ok()) return mark.status();
    mark->bind(1, id).bind(2, static_cast<std::int64_t>(now)).bind(3, who.user);
    mark->bind(4, std::int64_t{kept.leads_destroyed});
    if (Status s = mark->run(); !s.ok()) return s;
    return store::write_audit(
        db,
        {now, who.user, "leads.destroy", "list " + std::to_string(id),
         kept.name + ": " + std::to_string(kept.leads_destroyed) + " leads destroyed", who.source});
  });
  if (!written.ok()) return written;
  reclaim_space(db);
  return kept;
}

Result<std::vector<std::int64_t>> LeadStore::due_for_destruction(Time now) {
  Database& db = connections_->get();
  auto q = db.cached(
      "SELECT id FROM lead_lists WHERE destroyed = 0 AND retention_days > 0 AND "
      "imported + retention_days * 86400000000 <= ?1 ORDER BY id");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  s->bind(1, static_cast<std::int64_t>(now));
  return store::read_rows<std::int64_t>(*s, [](const Statement& r) { return r.integer(0); });
}

Result<std::string> LeadStore::add_do_not_call(const std::string& campaign,
                                               const std::string& entry, const std::string& reason,
                                               const Actor& who, Time now) {
  Result<std::string> kept = DoNotCall::normalize(entry);
  if (!kept.ok()) return kept.status();
  Database& db = connections_->get();
  const Status written = store::in_transaction(db, [&]() -> Status {
    auto q = db.cached(
        "INSERT INTO do_not_call (campaign, entry, reason, added, added_by) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING");
    if (!q.ok()) return q.status();
    StatementLease s(*q);
    s->bind(1, campaign).bind(2, *kept).bind(3, reason);
    s->bind(4, static_cast<std::int64_t>(now)).bind(5, who.user);
    if (Status st = s->run(); !st.ok()) return st;
    if (db.changes() == 0) return {};  // there already: nothing happened to audit
    return store::write_audit(
        db, {now, who.user, "dnc.add", campaign.empty() ? "center" : "campaign " + campaign,
             *kept + (reason.empty() ? "" : ": " + reason), who.source});
  });
  if (!written.ok()) return written;
  return kept;
}

Result<bool> LeadStore::remove_do_not_call(const std::string& campaign, const std::string& entry,
                                           const Actor& who, Time now) {
  Result<std::string> kept = DoNotCall::normalize(entry);
  if (!kept.ok()) return kept.status();
  Database& db = connections_->get();
  bool removed = false;
  const Status written = store::in_transaction(db, [&]() -> Status {
    auto q = db.cached("DELETE FROM do_not_call WHERE campaign = ?1 AND entry = ?2");
    if (!q.ok()) return q.status();
    StatementLease s(*q);
    s->bind(1, campaign).bind(2, *kept);
    if (Status st = s->run(); !st.ok()) return st;
    removed = db.changes() > 0;
    if (!removed) return {};
    return store::write_audit(
        db, {now, who.user, "dnc.remove", campaign.empty() ? "center" : "campaign " + campaign,
             *kept, who.source});
  });
  if (!written.ok()) return written;
  return removed;
}

Result<std::vector<DoNotCallEntry>> LeadStore::do_not_call_entries(const std::string& campaign) {
  Database& db = connections_->get();
  auto q = db.cached(
      "SELECT campaign, entry, reason, added, added_by FROM do_not_call "
      "WHERE campaign IN ('', ?1) ORDER BY campaign, entry");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  s->bind(1, campaign);
  return store::read_rows<DoNotCallEntry>(*s, [](const Statement& r) {
    return DoNotCallEntry{r.text(0), r.text(1), r.text(2), r.integer(3), r.text(4)};
  });
}

Result<bool> LeadStore::may_dial(const std::string& campaign, const std::string& e164) {
  // The number itself and each of its prefixes as a pattern: a few lookups in the
  // do-not-call key instead of reading the list.
  static const std::string kSql = [] {
    std::string sql = "SELECT 1 FROM do_not_call WHERE campaign IN ('', ?1) AND entry IN (?2";
    for (int p = 3; p <= 18; ++p)
      sql += ", ?" + std::to_string(p);
    return sql + ") LIMIT 1";
  }();
  if (e164.size() < 4 || e164.size() > 16 || e164[0] != '+')
    return Status::invalid_argument("not an E.164 number");
  Database& db = connections_->get();
  auto q = db.cached(kSql);
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  s->bind(1, campaign).bind(2, e164);
  int param = 3;
  for (std::size_t n = 4; n <= e164.size(); ++n)  // "+" and at least 3 digits
    s->bind(param++, e164.substr(0, n) + '*');
  for (; param <= 18; ++param)
    s->bind(param, std::string_view());
  Result<bool> row = s->step();
  if (!row.ok()) return row.status();
  return !*row;
}

}  // namespace hotline::leads
