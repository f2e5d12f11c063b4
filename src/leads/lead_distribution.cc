// Handing leads out: lists to teams, a team's pool to its agents (lead_store.h).

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

Result<int> LeadStore::give_to_team(std::int64_t list, const std::string& team, int count,
                                    const Actor& who, Time now) {
  if (team.empty()) return Status::invalid_argument("leads are given to a team");
  if (count <= 0) return Status::invalid_argument("the count must be positive");
  Database& db = connections_->get();
  int given = 0;
  const Status written = store::in_transaction(db, [&]() -> Status {
    Result<std::optional<LeadList>> found = find_list(db, list);
    if (!found.ok()) return found.status();
    if (!*found) return Status::not_found("no lead list " + std::to_string(list));
    auto give = db.prepare(
        "UPDATE leads SET team = ?2, agent = '', given = ?3 WHERE id IN (SELECT id FROM leads "
        "WHERE list_id = ?1 AND team = '' ORDER BY random() LIMIT ?4)");
    if (!give.ok()) return give.status();
    give->bind(1, list).bind(2, team).bind(3, static_cast<std::int64_t>(now));
    give->bind(4, std::int64_t{count});
    if (Status s = give->run(); !s.ok()) return s;
    given = db.changes();
    return store::write_audit(db, {now, who.user, "leads.assign", "team " + team,
                                   std::to_string(given) + " leads of list " +
                                       std::to_string(list) + " (" + (*found)->name + ")",
                                   who.source});
  });
  if (!written.ok()) return written;
  return given;
}

Result<std::vector<int>> LeadStore::give_to_agents(const std::string& team,
                                                   const std::vector<std::string>& agents,
                                                   int per_agent, const Actor& who, Time now) {
  if (team.empty()) return Status::invalid_argument("a team's leads are given to its agents");
  if (agents.empty()) return Status::invalid_argument("no agents to give leads to");
  if (per_agent < 0) return Status::invalid_argument("the count cannot be negative");
  Database& db = connections_->get();
  std::vector<int> counts(agents.size(), 0);
  const Status written = store::in_transaction(db, [&]() -> Status {
    auto pool = db.prepare(
        "SELECT id FROM leads WHERE team = ?1 AND agent = '' ORDER BY random() LIMIT ?2");
    if (!pool.ok()) return pool.status();
    pool->bind(1, team).bind(
        2, per_agent == 0 ? std::int64_t{-1}
                          : std::int64_t{per_agent} * static_cast<std::int64_t>(agents.size()));
    Result<std::vector<std::int64_t>> ids =
        store::read_rows<std::int64_t>(*pool, [](const Statement& r) { return r.integer(0); });
    if (!ids.ok()) return ids.status();
    auto give = db.prepare("UPDATE leads SET agent = ?2, given = ?3 WHERE id = ?1");
    if (!give.ok()) return give.status();
    for (std::size_t i = 0; i < ids->size(); ++i) {
      const std::size_t a = i % agents.size();
      give->bind(1, (*ids)[i]).bind(2, agents[a]).bind(3, static_cast<std::int64_t>(now));
      if (Status s = give->run(); !s.ok()) return s;
      ++counts[a];
    }
    std::string detail;
    for (std::size_t a = 0; a < agents.size(); ++a)
      detail += (a ? ", " : "") + agents[a] + " " + std::to_string(counts[a]);
    return store::write_audit(db,
                              {now, who.user, "leads.assign", "team " + team, detail, who.source});
  });
  if (!written.ok()) return written;
  return counts;
}

Result<int> LeadStore::take_back(const std::string& team, const std::string& agent,
                                 const Actor& who, Time now) {
  if (team.empty() || agent.empty()) return Status::invalid_argument("a team and an agent");
  Database& db = connections_->get();
  int taken = 0;
  const Status written = store::in_transaction(db, [&]() -> Status {
    auto back =
        db.prepare("UPDATE leads SET agent = '', given = ?3 WHERE team = ?1 AND agent = ?2");
    if (!back.ok()) return back.status();
    back->bind(1, team).bind(2, agent).bind(3, static_cast<std::int64_t>(now));
    if (Status s = back->run(); !s.ok()) return s;
    taken = db.changes();
    return store::write_audit(db, {now, who.user, "leads.take_back", "team " + team,
                                   std::to_string(taken) + " leads from " + agent, who.source});
  });
  if (!written.ok()) return written;
  return taken;
}

Result<std::vector<Holding>> LeadStore::holdings(const std::string& team) {
  Database& db = connections_->get();
  auto q = db.cached(
      "SELECT team, agent, count(*) FROM leads WHERE team <> '' AND (?1 = '' OR team = ?1) "
      "GROUP BY team, agent ORDER BY team, agent");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  s->bind(1, team);
  return store::read_rows<Holding>(*s, [](const Statement& r) {
    return Holding{r.text(0), r.text(1), static_cast<int>(r.integer(2))};
  });
}

}  // namespace hotline::leads
