#include "store/schema.h"

namespace hotline::store {

const std::vector<std::string>& schema_migrations() {
  static const std::vector<std::string> kMigrations = {
      R"sql(
CREATE TABLE calls (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  direction TEXT NOT NULL,
  caller TEXT NOT NULL,
  called TEXT NOT NULL,
  arrived INTEGER NOT NULL,
  ivr_exit INTEGER,
  queued INTEGER,
  offered INTEGER,
  answered INTEGER,
  ended INTEGER NOT NULL,
  wrapup_ended INTEGER,
  ivr_path TEXT NOT NULL,
  queue TEXT NOT NULL,
  agent TEXT NOT NULL,
  disposition TEXT NOT NULL,
  hangup_side TEXT NOT NULL,
  hangup_cause TEXT NOT NULL,
  sl_threshold_us INTEGER NOT NULL,
  recording TEXT NOT NULL,
  recording_us INTEGER NOT NULL
);
CREATE INDEX calls_by_arrival ON calls(arrived);
CREATE TABLE call_legs (
  call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  agent TEXT NOT NULL,
  offered INTEGER NOT NULL,
  answered INTEGER,
  ended INTEGER,
  result TEXT NOT NULL,
  sip_status INTEGER NOT NULL,
  PRIMARY KEY (call_id, seq)
))sql",
      // Legs to outside numbers (IVR transfers, remote seats, agents' calls out).
      "ALTER TABLE call_legs ADD COLUMN number TEXT NOT NULL DEFAULT ''",
      // Users of the API (roles, teams, their agent), and the audit log.
      R"sql(
CREATE TABLE users (
  name TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  team TEXT NOT NULL,
  agent TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL,
  failed_logins INTEGER NOT NULL,
  locked_until INTEGER NOT NULL,
  created INTEGER NOT NULL,
  updated INTEGER NOT NULL
);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  user TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL,
  source TEXT NOT NULL
);
CREATE INDEX audit_by_time ON audit_log(at))sql",
      // Customers (CRM): phones in E.164, products owned, the interactions of a timeline;
      // calls are found by their caller's E.164 number.
      R"sql(
CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  company TEXT NOT NULL,
  addresses TEXT NOT NULL,
  tags TEXT NOT NULL,
  note TEXT NOT NULL,
  created INTEGER NOT NULL,
  updated INTEGER NOT NULL
);
CREATE INDEX customers_by_name ON customers(name);
CREATE TABLE customer_phones (
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  number TEXT NOT NULL,
  label TEXT NOT NULL,
  PRIMARY KEY (customer_id, number)
);
CREATE INDEX customer_phones_by_number ON customer_phones(number);
CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  model TEXT NOT NULL,
  serial TEXT NOT NULL,
  installed TEXT NOT NULL,
  warranty_end TEXT NOT NULL
);
CREATE INDEX products_by_customer ON products(customer_id);
CREATE INDEX products_by_serial ON products(serial);
CREATE TABLE interactions (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  reference TEXT NOT NULL,
  summary TEXT NOT NULL,
  user TEXT NOT NULL
);
CREATE INDEX interactions_by_customer ON interactions(customer_id, at);
ALTER TABLE calls ADD COLUMN caller_e164 TEXT NOT NULL DEFAULT '';
CREATE INDEX calls_by_caller ON calls(caller_e164, arrived))sql",
      // The knowledge base: a tree of folders, articles (Markdown) with every version kept,
      // linked to IVR nodes, searchable by any three characters (FTS5 trigram: Chinese has
      // no spaces between words).
      R"sql(
CREATE TABLE kb_folders (
  id INTEGER PRIMARY KEY,
  parent INTEGER REFERENCES kb_folders(id),
  title TEXT NOT NULL
);
CREATE TABLE kb_articles (
  id INTEGER PRIMARY KEY,
  folder INTEGER NOT NULL REFERENCES kb_folders(id),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  ivr_node TEXT NOT NULL,
  sales_opportunity TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX kb_articles_by_node ON kb_articles(ivr_node);
CREATE INDEX kb_articles_by_folder ON kb_articles(folder);
CREATE TABLE kb_versions (
  article INTEGER NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  at INTEGER NOT NULL,
  user TEXT NOT NULL,
  PRIMARY KEY (article, version)
);
CREATE VIRTUAL TABLE kb_search USING fts5(title, body, content='kb_articles', content_rowid='id',
                                          tokenize='trigram');
CREATE TRIGGER kb_articles_ai AFTER INSERT ON kb_articles BEGIN
  INSERT INTO kb_search(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER kb_articles_ad AFTER DELETE ON kb_articles BEGIN
  INSERT INTO kb_search(kb_search, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER kb_articles_au AFTER UPDATE ON kb_articles BEGIN
  INSERT INTO kb_search(kb_search, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
  INSERT INTO kb_search(rowid, title, body) VALUES (new.id, new.title, new.body);
END)sql",
      // Tickets (工單): inquiries, repairs, billing, complaints; every change in history.
      R"sql(
CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  serious INTEGER NOT NULL,
  customer_id INTEGER REFERENCES customers(id),
  call_uid TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  fault_code TEXT NOT NULL,
  owner TEXT NOT NULL,
  department TEXT NOT NULL,
  provider TEXT NOT NULL,
  region TEXT NOT NULL,
  parts_replaced TEXT NOT NULL,
  verified INTEGER NOT NULL,
  follow_ups INTEGER NOT NULL,
  escalated INTEGER NOT NULL,
  created INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  updated INTEGER NOT NULL,
  due INTEGER NOT NULL
);
CREATE INDEX tickets_by_customer ON tickets(customer_id, status);
CREATE INDEX tickets_by_owner ON tickets(owner, status);
CREATE INDEX tickets_by_due ON tickets(status, due);
CREATE TABLE ticket_history (
  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  user TEXT NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL
);
CREATE INDEX ticket_history_by_ticket ON ticket_history(ticket_id, at))sql",
      // Call controls of the desktop: time on hold, the agent's disposition code, and the
      // part of the call a transfer continues.
      R"sql(ALTER TABLE calls ADD COLUMN hold_us INTEGER NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN disposition_code TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN transferred_from TEXT NOT NULL DEFAULT '')sql",
      // Complaints by cause (the monthly report) and when tickets closed (in time or not).
      R"sql(ALTER TABLE tickets ADD COLUMN cause TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN closed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tickets_by_type ON tickets(type, created))sql",
      // Files attached to knowledge-base articles (manuals, pictures), kept in the database
      // so that a backup of hotline.db has them.
      R"sql(CREATE TABLE kb_attachments (
  id INTEGER PRIMARY KEY,
  article INTEGER NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  data BLOB NOT NULL,
  created INTEGER NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX kb_attachments_by_article ON kb_attachments(article))sql",
      // Center settings changed in the administration pages, laid over the configuration
      // file at every start (config::CenterSettings): key -> JSON value.
      R"sql(CREATE TABLE center_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  changed INTEGER NOT NULL,
  changed_by TEXT NOT NULL
))sql",
      // The center's short-abandon rule a call was counted by (docs/kpis.md), beside its
      // queue's service-level threshold: reports read the rules from the records.
      R"sql(ALTER TABLE calls ADD COLUMN short_abandon_us INTEGER NOT NULL DEFAULT 0)sql",
      // Failed logins per user name and client address: a lockout holds only where the
      // guessing came from, and names nobody has are counted like real ones.
      R"sql(CREATE TABLE login_failures (
  user TEXT NOT NULL,
  source TEXT NOT NULL,
  failures INTEGER NOT NULL,
  locked_until INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  PRIMARY KEY (user, source)
))sql",
      // Agents' phones' registrations, restored at start (a restart logs nobody out).
      R"sql(CREATE TABLE registrations (
  user TEXT PRIMARY KEY,
  contact TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  route TEXT NOT NULL
))sql",
      // Purchased lead lists (vendor, batch, price, consent) and their leads; the counts of a
      // list outlive its leads, which are deleted when the list is destroyed. The do-not-call
      // list: E.164 numbers and prefixes ending in '*', center-wide (campaign '') or per
      // campaign.
      R"sql(CREATE TABLE lead_lists (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  vendor TEXT NOT NULL,
  batch TEXT NOT NULL,
  price_fen INTEGER NOT NULL,
  bought TEXT NOT NULL,
  consent TEXT NOT NULL,
  campaign TEXT NOT NULL,
  retention_days INTEGER NOT NULL,
  field_names TEXT NOT NULL,
  encoding TEXT NOT NULL,
  imported INTEGER NOT NULL,
  imported_by TEXT NOT NULL,
  rows_read INTEGER NOT NULL,
  leads_imported INTEGER NOT NULL,
  rows_invalid INTEGER NOT NULL,
  rows_duplicate INTEGER NOT NULL,
  rows_do_not_call INTEGER NOT NULL,
  destroyed INTEGER NOT NULL DEFAULT 0,
  destroyed_by TEXT NOT NULL DEFAULT '',
  leads_destroyed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE leads (
  id INTEGER PRIMARY KEY,
  list_id INTEGER NOT NULL REFERENCES lead_lists(id),
  file_row INTEGER NOT NULL,
  phone TEXT NOT NULL,
  name TEXT NOT NULL,
  field_values TEXT NOT NULL,
  campaign TEXT NOT NULL,
  imported INTEGER NOT NULL
);
CREATE INDEX leads_by_phone ON leads(phone, imported);
CREATE INDEX leads_by_list ON leads(list_id);
CREATE TABLE do_not_call (
  campaign TEXT NOT NULL,
  entry TEXT NOT NULL,
  reason TEXT NOT NULL,
  added INTEGER NOT NULL,
  added_by TEXT NOT NULL,
  PRIMARY KEY (campaign, entry)
) WITHOUT ROWID)sql",
      // Leads handed out: to a team (the director), then to one of its agents (the team
      // lead); a team's leads no agent holds are its shared pool.
      R"sql(ALTER TABLE leads ADD COLUMN team TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN agent TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN given INTEGER NOT NULL DEFAULT 0;
CREATE INDEX leads_by_holder ON leads(team, agent))sql",
      // Test calls to samples of lead lists (their results outlive the leads: no personal
      // data), and re-cleansing.
      R"sql(ALTER TABLE lead_lists ADD COLUMN recleansed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE lead_lists ADD COLUMN leads_removed INTEGER NOT NULL DEFAULT 0;
CREATE TABLE lead_samples (
  id INTEGER PRIMARY KEY,
  list_id INTEGER NOT NULL REFERENCES lead_lists(id),
  drawn INTEGER NOT NULL,
  drawn_by TEXT NOT NULL
);
CREATE TABLE lead_tests (
  sample_id INTEGER NOT NULL REFERENCES lead_samples(id),
  lead_id INTEGER NOT NULL,
  tested INTEGER NOT NULL DEFAULT 0,
  valid INTEGER NOT NULL DEFAULT 0,
  reachable INTEGER NOT NULL DEFAULT 0,
  right_person INTEGER NOT NULL DEFAULT 0,
  interested INTEGER NOT NULL DEFAULT 0,
  tested_at INTEGER NOT NULL DEFAULT 0,
  tested_by TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (sample_id, lead_id)
) WITHOUT ROWID)sql",
      // Leads being dialled: attempts made, when the next may be, what the last found,
      // whether the lead is done; leased while a campaign's dialer holds it; dials of the
      // number on its last day of dialling (the daily cap).
      R"sql(ALTER TABLE leads ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE leads ADD COLUMN next_dial INTEGER NOT NULL DEFAULT 0;
ALTER TABLE leads ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE leads ADD COLUMN leased INTEGER NOT NULL DEFAULT 0;
ALTER TABLE leads ADD COLUMN dial_day INTEGER NOT NULL DEFAULT 0;
ALTER TABLE leads ADD COLUMN day_dials INTEGER NOT NULL DEFAULT 0;
CREATE INDEX leads_to_dial ON leads(list_id, done, leased, next_dial))sql",
      // Outbound campaigns: the settings as campaigns/campaign_json.h writes them, the
      // status beside them.
      R"sql(CREATE TABLE campaigns (
  name TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  settings TEXT NOT NULL,
  created INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  updated INTEGER NOT NULL,
  updated_by TEXT NOT NULL
) WITHOUT ROWID)sql",
      // What agents sell: the catalogue, orders and their items (name and price as sold).
      R"sql(CREATE TABLE catalogue (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  price_fen INTEGER NOT NULL,
  stock INTEGER NOT NULL,
  active INTEGER NOT NULL
);
CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  created INTEGER NOT NULL,
  agent TEXT NOT NULL,
  team TEXT NOT NULL,
  campaign TEXT NOT NULL,
  lead INTEGER NOT NULL,
  call TEXT NOT NULL,
  customer TEXT NOT NULL,
  phone TEXT NOT NULL,
  amount_fen INTEGER NOT NULL,
  delivery TEXT NOT NULL,
  payment TEXT NOT NULL,
  status TEXT NOT NULL,
  updated INTEGER NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX orders_by_agent ON orders(agent, created);
CREATE INDEX orders_by_team ON orders(team, created);
CREATE TABLE order_items (
  order_id INTEGER NOT NULL REFERENCES orders(id),
  product INTEGER NOT NULL REFERENCES catalogue(id),
  name TEXT NOT NULL,
  price_fen INTEGER NOT NULL,
  quantity INTEGER NOT NULL
))sql",
  };
  return kMigrations;
}

}  // namespace hotline::store
