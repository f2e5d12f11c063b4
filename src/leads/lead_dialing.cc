// Leads on their way through a campaign's dialer: taken (leased), dialled, done or due
// again; the do-not-call list checked once more as they are taken.

#include "leads/lead_rows.h"
#include "leads/lead_store.h"
#include "store/database.h"
#include "store/thread_connections.h"

namespace hotline::leads {

using detail::do_not_call_for;
using store::Database;
using store::StatementLease;

Result<std::vector<LeadToDial>> LeadStore::take_leads(const std::string& campaign,
                                                      const std::vector<ListWeight>& lists,
                                                      int count, const Actor& who, Time now) {
  if (count <= 0) return std::vector<LeadToDial>{};
  int total_weight = 0;
  for (const ListWeight& l : lists)
    total_weight += std::max(1, l.weight);
  Database& db = connections_->get();
  std::vector<LeadToDial> taken;
  int blocked = 0;
  const Status written = store::in_transaction(db, [&]() -> Status {
    Result<DoNotCall> dnc = do_not_call_for(db, campaign);
    if (!dnc.ok()) return dnc.status();
    auto due = db.prepare(
        "SELECT id, list_id, phone, name, attempts FROM leads WHERE list_id = ?1 AND done = 0 "
        "AND leased = 0 AND next_dial <= ?2 ORDER BY next_dial, id LIMIT ?3");
    auto lease = db.prepare("UPDATE leads SET leased = 1 WHERE id = ?1");
    auto close = db.prepare("UPDATE leads SET done = 1, outcome = 'do_not_call' WHERE id = ?1");
    if (!due.ok()) return due.status();
    if (!lease.ok()) return lease.status();
    if (!close.ok()) return close.status();
    // Takes up to `want` leads of `list` that are due.
    const auto take = [&](std::int64_t list, int want) -> Status {
      due->reset();
      due->bind(1, list).bind(2, static_cast<std::int64_t>(now)).bind(3, std::int64_t{want});
      Result<std::vector<LeadToDial>> rows = store::read_rows<LeadToDial>(*due, [](auto& s) {
        return LeadToDial{s.integer(0), s.integer(1), s.text(2), s.text(3),
                          static_cast<int>(s.integer(4))};
      });
      if (!rows.ok()) return rows.status();
      for (LeadToDial& lead : *rows) {
        const bool on_list = dnc->blocks(lead.phone);
        store::Statement& mark = on_list ? *close : *lease;
        mark.bind(1, lead.id);
        if (Status s = mark.run(); !s.ok()) return s;
        if (on_list) {
          ++blocked;
          continue;
        }
        taken.push_back(std::move(lead));
      }
      return Status();
    };
    // Each list its share by weight; then, for lists that ran short, the others fill.
    for (const ListWeight& l : lists) {
      const int share = (count * std::max(1, l.weight) + total_weight - 1) / total_weight;
      const int want = std::min(share, count - static_cast<int>(taken.size()));
      if (want <= 0) break;
      if (Status s = take(l.list, want); !s.ok()) return s;
    }
    for (const ListWeight& l : lists) {
      const int want = count - static_cast<int>(taken.size());
      if (want <= 0) break;
      if (Status s = take(l.list, want); !s.ok()) return s;
    }
    if (taken.empty() && blocked == 0) return Status();
    std::string detail = std::to_string(taken.size()) + " leads for campaign " + campaign;
    if (blocked > 0)
      detail += ", " + std::to_string(blocked) + " closed as on the do-not-call list";
    return store::write_audit(
        db, {now, who.user, "leads.dial", "campaign " + campaign, detail, who.source});
  });
  if (!written.ok()) return written;
  return taken;
}

Status LeadStore::lead_done(std::int64_t lead, const std::string& outcome, Time retry_at,
                            const DialRules& rules, Time now) {
  Database& db = connections_->get();
  return store::in_transaction(db, [&]() -> Status {
    auto q = db.prepare("SELECT dial_day, day_dials FROM leads WHERE id = ?1");
    if (!q.ok()) return q.status();
    q->bind(1, lead);
    Result<bool> row = q->step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::not_found("no lead " + std::to_string(lead));
    const std::int64_t today = (now + rules.utc_offset) / seconds(86400);
    const std::int64_t dials = (q->integer(0) == today ? q->integer(1) : 0) + 1;
    Time next = retry_at;
    if (next != 0 && dials >= rules.daily_cap)  // the cap is reached: tomorrow at the earliest
      next = std::max(next, (today + 1) * seconds(86400) - rules.utc_offset);
    auto update = db.prepare(
        "UPDATE leads SET attempts = attempts + 1, outcome = ?2, next_dial = ?3, done = ?4, "
        "leased = 0, dial_day = ?5, day_dials = ?6 WHERE id = ?1");
    if (!update.ok()) return update.status();
    update->bind(1, lead).bind(2, outcome).bind(3, static_cast<std::int64_t>(next));
    update->bind(4, std::int64_t{retry_at == 0}).bind(5, today).bind(6, dials);
    return update->run();
  });
}

Result<int> LeadStore::release_leases(const std::vector<ListWeight>& lists) {
  Database& db = connections_->get();
  int released = 0;
  const Status written = store::in_transaction(db, [&]() -> Status {
    auto q = db.prepare("UPDATE leads SET leased = 0 WHERE list_id = ?1 AND leased = 1");
    if (!q.ok()) return q.status();
    for (const ListWeight& l : lists) {
      q->reset();
      q->bind(1, l.list);
      if (Status s = q->run(); !s.ok()) return s;
      released += db.changes();
    }
    return Status();
  });
  if (!written.ok()) return written;
  return released;
}

}  // namespace hotline::leads
