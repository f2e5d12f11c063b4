// Lead quality: samples test-called to judge a list and its vendor, vendors' figures, and
// the re-cleansing of old lists (lead_store.h).

#include <algorithm>

#include "crm/phone_number.h"
#include "leads/lead_rows.h"
#include "leads/lead_store.h"
#include "store/audit.h"
#include "store/database.h"
#include "store/thread_connections.h"

namespace hotline::leads {

using store::Database;
using store::Statement;
using store::StatementLease;
using namespace detail;

bool is_stale(const LeadList& list, Time now) {
  return list.destroyed == 0 && std::max(list.imported, list.recleansed) + kStaleAfter <= now;
}

Result<Sample> LeadStore::draw_sample(std::int64_t list, int size, const Actor& who, Time now) {
  if (size <= 0 || size > 10'000) return Status::invalid_argument("a sample has 1 to 10000 leads");
  Database& db = connections_->get();
  std::int64_t id = 0;
  int drawn = 0;
  const Status written = store::in_transaction(db, [&]() -> Status {
    Result<LeadList> found = find_live_list(db, list);
    if (!found.ok()) return found.status();
    auto make = db.prepare(
        "INSERT INTO lead_samples (list_id, drawn, drawn_by) VALUES (?1, ?2, ?3) RETURNING id");
    if (!make.ok()) return make.status();
    make->bind(1, list).bind(2, static_cast<std::int64_t>(now)).bind(3, who.user);
    Result<bool> made = make->step();
    if (!made.ok()) return made.status();
    if (!*made) return Status::internal("the sample was not stored");
    id = make->integer(0);
    make->reset();
    auto pick = db.prepare(
        "INSERT INTO lead_tests (sample_id, lead_id) SELECT ?1, id FROM leads WHERE list_id = ?2 "
        "AND id NOT IN (SELECT lead_id FROM lead_tests JOIN lead_samples ON sample_id = "
        "lead_samples.id WHERE list_id = ?2) ORDER BY random() LIMIT ?3");
    if (!pick.ok()) return pick.status();
    pick->bind(1, id).bind(2, list).bind(3, std::int64_t{size});
    if (Status s = pick->run(); !s.ok()) return s;
    drawn = db.changes();
    return store::write_audit(db, {now, who.user, "leads.sample", "list " + std::to_string(list),
                                   std::to_string(drawn) + " leads drawn for test calls (sample " +
                                       std::to_string(id) + ")",
                                   who.source});
  });
  if (!written.ok()) return written;
  Result<std::optional<Sample>> made = sample(id);
  if (!made.ok()) return made.status();
  if (!*made) return Status::internal("the sample was not found after drawing it");
  return std::move(**made);
}

Status LeadStore::record_test(std::int64_t sample_id, std::int64_t lead, const TestResult& r,
                              const Actor& who, Time now) {
  if ((r.reachable && !r.valid) || (r.right_person && !r.reachable) ||
      (r.interested && !r.right_person))
    return Status::invalid_argument(
        "a test result builds up: reachable needs valid, right_person reachable, interested "
        "right_person");
  Database& db = connections_->get();
  return store::in_transaction(db, [&]() -> Status {
    auto q = db.prepare(
        "UPDATE lead_tests SET tested = 1, valid = ?3, reachable = ?4, right_person = ?5, "
        "interested = ?6, tested_at = ?7, tested_by = ?8 WHERE sample_id = ?1 AND lead_id = ?2");
    if (!q.ok()) return q.status();
    q->bind(1, sample_id).bind(2, lead).bind(3, std::int64_t{r.valid});
    q->bind(4, std::int64_t{r.reachable}).bind(5, std::int64_t{r.right_person});
    q->bind(6, std::int64_t{r.interested}).bind(7, static_cast<std::int64_t>(now));
    q->bind(8, who.user);
    if (Status s = q->run(); !s.ok()) return s;
    if (db.changes() == 0)
      return Status::not_found("lead " + std::to_string(lead) + " is not in sample " +
                               std::to_string(sample_id));
    const char* found = r.interested     ? "interested"
                        : r.right_person ? "right person, not interested"
                        : r.reachable    ? "reached, not the right person"
                        : r.valid        ? "valid, not reached"
                                         : "not valid";
    return store::write_audit(db,
                              {now, who.user, "leads.test", "sample " + std::to_string(sample_id),
                               "lead " + std::to_string(lead) + ": " + found, who.source});
  });
}

Result<std::optional<Sample>> LeadStore::sample(std::int64_t id) {
  Database& db = connections_->get();
  store::ReadTransaction snapshot(db);
  auto head = db.prepare("SELECT id, list_id, drawn, drawn_by FROM lead_samples WHERE id = ?1");
  if (!head.ok()) return head.status();
  head->bind(1, id);
  Result<bool> row = head->step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Sample>();
  Sample s{head->integer(0), head->integer(1), head->integer(2), head->text(3), {}};
  head->reset();
  auto calls = db.prepare(
      "SELECT t.lead_id, coalesce(l.phone, ''), coalesce(l.name, ''), t.tested, t.valid, "
      "t.reachable, t.right_person, t.interested, t.tested_by FROM lead_tests t LEFT JOIN "
      "leads l ON l.id = t.lead_id WHERE t.sample_id = ?1 ORDER BY t.lead_id");
  if (!calls.ok()) return calls.status();
  calls->bind(1, id);
  Result<std::vector<TestCall>> read = store::read_rows<TestCall>(*calls, [](const Statement& r) {
    return TestCall{r.integer(0),
                    r.text(1),
                    r.text(2),
                    r.integer(3) != 0,
                    {r.integer(4) != 0, r.integer(5) != 0, r.integer(6) != 0, r.integer(7) != 0},
                    r.text(8)};
  });
  if (!read.ok()) return read.status();
  s.calls = std::move(*read);
  return std::optional<Sample>(std::move(s));
}

Result<std::vector<VendorFigures>> LeadStore::vendor_figures() {
  Database& db = connections_->get();
  auto q = db.prepare(
      "SELECT v.vendor, v.lists, v.leads, v.paid, coalesce(t.tested, 0), coalesce(t.valid, 0), "
      "coalesce(t.reachable, 0), coalesce(t.right_person, 0), coalesce(t.interested, 0) FROM "
      "(SELECT vendor, count(*) AS lists, sum(leads_imported) AS leads, sum(price_fen) AS paid "
      "FROM lead_lists GROUP BY vendor) v LEFT JOIN (SELECT l.vendor, sum(t.tested) AS tested, "
      "sum(t.valid) AS valid, sum(t.reachable) AS reachable, sum(t.right_person) AS "
      "right_person, sum(t.interested) AS interested FROM lead_tests t JOIN lead_samples s ON "
      "s.id = t.sample_id JOIN lead_lists l ON l.id = s.list_id GROUP BY l.vendor) t ON "
      "t.vendor = v.vendor ORDER BY v.vendor");
  if (!q.ok()) return q.status();
  return store::read_rows<VendorFigures>(*q, [](const Statement& r) {
    return VendorFigures{r.text(0),
                         static_cast<int>(r.integer(1)),
                         r.integer(2),
                         r.integer(3),
                         static_cast<int>(r.integer(4)),
                         static_cast<int>(r.integer(5)),
                         static_cast<int>(r.integer(6)),
                         static_cast<int>(r.integer(7)),
                         static_cast<int>(r.integer(8))};
  });
}

Result<Recleansing> LeadStore::recleanse(std::int64_t list, const ImportRules& rules,
                                         const Actor& who, Time now) {
  Database& db = connections_->get();
  // Deleted numbers are overwritten in the file, as when a list is destroyed.
  if (Status s = db.exec("PRAGMA secure_delete = ON"); !s.ok()) return s;
  Recleansing done;
  const Status written = store::in_transaction(db, [&]() -> Status {
    Result<LeadList> found = find_live_list(db, list);
    if (!found.ok()) return found.status();
    const std::string& campaign = found->campaign;
    Result<DoNotCall> dnc = do_not_call_for(db, campaign);
    if (!dnc.ok()) return dnc.status();
    auto read = db.prepare("SELECT id, phone FROM leads WHERE list_id = ?1 ORDER BY id");
    if (!read.ok()) return read.status();
    read->bind(1, list);
    using Row = std::pair<std::int64_t, std::string>;
    Result<std::vector<Row>> rows = store::read_rows<Row>(*read, [](const Statement& r) {
      return Row{r.integer(0), r.text(1)};
    });
    if (!rows.ok()) return rows.status();
    auto remove = db.prepare("DELETE FROM leads WHERE id = ?1");
    if (!remove.ok()) return remove.status();
    for (const auto& [id, phone] : *rows) {
      ++done.checked;
      bool drop = false;
      if (!crm::check_number(phone, "CN").number) {
        ++done.invalid;
        drop = true;
      } else if (dnc->blocks(phone)) {
        ++done.do_not_call;
        drop = true;
      } else {
        Result<std::string> earlier =
            earlier_lead(db, phone, campaign, now - rules.dedupe_window, list);
        if (!earlier.ok()) return earlier.status();
        if (!earlier->empty()) {
          ++done.duplicates;
          drop = true;
        }
      }
      if (!drop) continue;
      remove->bind(1, id);
      if (Status s = remove->run(); !s.ok()) return s;
    }
    const int removed = done.invalid + done.do_not_call + done.duplicates;
    auto mark = db.prepare(
        "UPDATE lead_lists SET recleansed = ?2, leads_removed = leads_removed + ?3 WHERE id = ?1");
    if (!mark.ok()) return mark.status();
    mark->bind(1, list).bind(2, static_cast<std::int64_t>(now)).bind(3, std::int64_t{removed});
    if (Status s = mark->run(); !s.ok()) return s;
    return store::write_audit(
        db, {now, who.user, "leads.recleanse", "list " + std::to_string(list),
             std::to_string(done.checked) + " checked, " + std::to_string(removed) + " removed (" +
                 std::to_string(done.invalid) + " invalid, " + std::to_string(done.do_not_call) +
                 " do-not-call, " + std::to_string(done.duplicates) + " duplicate)",
             who.source});
  });
  if (!written.ok()) return written;
  return done;
}

}  // namespace hotline::leads
