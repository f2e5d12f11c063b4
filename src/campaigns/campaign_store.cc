#include "campaigns/campaign_store.h"

#include "campaigns/campaign_json.h"
#include "store/database.h"
#include "store/thread_connections.h"

namespace hotline::campaigns {

namespace {

using store::Database;

constexpr const char* kColumns = "name, status, settings, created, created_by, updated, updated_by";

Campaign read_row(const store::Statement& s) {
  Campaign c = read_campaign(s.text(2), default_campaign(s.text(0))).campaign;
  c.name = s.text(0);
  parse_status(s.text(1), &c.status);
  c.created = s.integer(3);
  c.created_by = s.text(4);
  c.updated = s.integer(5);
  c.updated_by = s.text(6);
  return c;
}

Result<std::optional<Campaign>> find_in(Database& db, const std::string& name) {
  auto q = db.prepare(std::string("SELECT ") + kColumns + " FROM campaigns WHERE name = ?1");
  if (!q.ok()) return q.status();
  q->bind(1, name);
  Result<bool> row = q->step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Campaign>();
  return std::optional<Campaign>(read_row(*q));
}

Status write(Database& db, const Campaign& c, const char* verb) {
  auto q = db.prepare(std::string(verb) +
                      " INTO campaigns (name, status, settings, created, created_by, updated, "
                      "updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!q.ok()) return q.status();
  q->bind(1, c.name).bind(2, status_name(c.status)).bind(3, campaign_json(c, true));
  q->bind(4, static_cast<std::int64_t>(c.created)).bind(5, c.created_by);
  q->bind(6, static_cast<std::int64_t>(c.updated)).bind(7, c.updated_by);
  return q->run();
}

Status invalid(const std::vector<std::string>& problems) {
  std::string message;
  for (const std::string& p : problems)
    message += (message.empty() ? "" : "; ") + p;
  return Status::invalid_argument(message);
}

// Every list the campaign names exists and still has its leads.
Status check_lists(Database& db, const Campaign& c) {
  auto q = db.prepare("SELECT destroyed FROM lead_lists WHERE id = ?1");
  if (!q.ok()) return q.status();
  std::vector<std::string> problems;
  for (const ListShare& l : c.lists) {
    q->reset();
    q->bind(1, l.list);
    Result<bool> row = q->step();
    if (!row.ok()) return row.status();
    if (!*row)
      problems.push_back("lists: there is no lead list " + std::to_string(l.list));
    else if (q->integer(0) != 0)
      problems.push_back("lists: lead list " + std::to_string(l.list) + " has been destroyed");
  }
  return problems.empty() ? Status() : invalid(problems);
}

}  // namespace

CampaignStore::CampaignStore(std::unique_ptr<store::ThreadConnections> connections)
    : connections_(std::move(connections)) {}
CampaignStore::~CampaignStore() = default;

Result<std::unique_ptr<CampaignStore>> CampaignStore::open(const std::string& path) {
  auto connections = store::ThreadConnections::open(path);
  if (!connections.ok()) return connections.status();
  return std::unique_ptr<CampaignStore>(new CampaignStore(std::move(*connections)));
}

Result<Campaign> CampaignStore::create(Campaign c, const store::Actor& who, Time now) {
  if (auto p = problems(c); !p.empty()) return invalid(p);
  c.status = CampaignStatus::kDraft;
  c.created = c.updated = now;
  c.created_by = c.updated_by = who.user;
  Database& db = connections_->get();
  const Status written = store::in_transaction(db, [&]() -> Status {
    Result<std::optional<Campaign>> found = find_in(db, c.name);
    if (!found.ok()) return found.status();
    if (*found) return Status::conflict("there is a campaign '" + c.name + "' already");
    if (Status s = check_lists(db, c); !s.ok()) return s;
    if (Status s = write(db, c, "INSERT"); !s.ok()) return s;
    return store::write_audit(db, {now, who.user, "campaign.create", "campaign " + c.name,
                                   campaign_json(c, true), who.source});
  });
  if (!written.ok()) return written;
  return c;
}

Result<Campaign> CampaignStore::change(const Campaign& c, const store::Actor& who, Time now) {
  if (auto p = problems(c); !p.empty()) return invalid(p);
  Database& db = connections_->get();
  Campaign changed = c;
  const Status written = store::in_transaction(db, [&]() -> Status {
    Result<std::optional<Campaign>> found = find_in(db, c.name);
    if (!found.ok()) return found.status();
    if (!*found) return Status::not_found("no campaign '" + c.name + "'");
    const Campaign& was = **found;
    if (was.status == CampaignStatus::kFinished)
      return Status::conflict("campaign '" + c.name + "' is finished");
    if (Status s = check_lists(db, c); !s.ok()) return s;
    changed.status = was.status;
    changed.created = was.created;
    changed.created_by = was.created_by;
    changed.updated = now;
    changed.updated_by = who.user;
    if (Status s = write(db, changed, "REPLACE"); !s.ok()) return s;
    return store::write_audit(db, {now, who.user, "campaign.change", "campaign " + c.name,
                                   campaign_json(changed, true), who.source});
  });
  if (!written.ok()) return written;
  return changed;
}

Result<Campaign> CampaignStore::set_status(const std::string& name, CampaignStatus to,
                                           const store::Actor& who, Time now) {
  Database& db = connections_->get();
  Campaign c;
  const Status written = store::in_transaction(db, [&]() -> Status {
    Result<std::optional<Campaign>> found = find_in(db, name);
    if (!found.ok()) return found.status();
    if (!*found) return Status::not_found("no campaign '" + name + "'");
    c = **found;
    if (!may_become(c.status, to))
      return Status::conflict(std::string("a ") + status_name(c.status) + " campaign cannot be " +
                              (to == CampaignStatus::kRunning ? "started" : status_name(to)));
    if (to == CampaignStatus::kRunning) {
      if (auto p = start_problems(c); !p.empty()) return invalid(p);
      if (Status s = check_lists(db, c); !s.ok()) return s;
    }
    const CampaignStatus from = c.status;
    c.status = to;
    c.updated = now;
    c.updated_by = who.user;
    if (Status s = write(db, c, "REPLACE"); !s.ok()) return s;
    const char* action = to == CampaignStatus::kRunning  ? "campaign.start"
                         : to == CampaignStatus::kPaused ? "campaign.pause"
                                                         : "campaign.finish";
    return store::write_audit(
        db, {now, who.user, action, "campaign " + name,
             std::string(status_name(from)) + " -> " + status_name(to), who.source});
  });
  if (!written.ok()) return written;
  return c;
}

Result<std::optional<Campaign>> CampaignStore::find(const std::string& name) {
  return find_in(connections_->get(), name);
}

Result<std::vector<Campaign>> CampaignStore::all() {
  Database& db = connections_->get();
  auto q = db.prepare(std::string("SELECT ") + kColumns + " FROM campaigns ORDER BY name");
  if (!q.ok()) return q.status();
  return store::read_rows<Campaign>(*q, read_row);
}

}  // namespace hotline::campaigns
