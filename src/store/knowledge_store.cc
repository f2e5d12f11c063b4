#include "store/knowledge_store.h"

#include "store/database.h"
#include "store/thread_connections.h"

namespace hotline::store {

namespace {

constexpr const char* kArticleColumns =
    "id, folder, title, body, ivr_node, sales_opportunity, version, updated, updated_by";

KbArticle read_article(const Statement& s) {
  return {s.integer(0),
          s.integer(1),
          s.text(2),
          s.text(3),
          s.text(4),
          s.text(5),
          static_cast<int>(s.integer(6)),
          s.integer(7),
          s.text(8)};
}

std::size_t utf8_length(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text)
    n += (c & 0xC0) != 0x80;
  return n;
}

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : text + " ") {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!word.empty()) out.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  return out;
}

Result<bool> exists(Database& db, const char* sql, std::int64_t id) {
  auto q = db.cached(sql);
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  s->bind(1, id);
  auto row = s->step();
  if (!row.ok()) return row.status();
  return *row;
}

}  // namespace

KnowledgeStore::KnowledgeStore(std::unique_ptr<ThreadConnections> connections)
    : connections_(std::move(connections)) {}
KnowledgeStore::~KnowledgeStore() = default;

Result<std::unique_ptr<KnowledgeStore>> KnowledgeStore::open(const std::string& path) {
  auto connections = ThreadConnections::open(path);
  if (!connections.ok()) return connections.status();
  return std::unique_ptr<KnowledgeStore>(new KnowledgeStore(std::move(*connections)));
}

Result<std::int64_t> KnowledgeStore::add_folder(const std::string& title, std::int64_t parent) {
  Database& db = connections_->get();
  if (parent != 0) {
    auto found = exists(db, "SELECT 1 FROM kb_folders WHERE id = ?1", parent);
    if (!found.ok()) return found.status();
    if (!*found) return Status::invalid_argument("no folder " + std::to_string(parent));
  }
  auto q = db.cached("INSERT INTO kb_folders (parent, title) VALUES (?1, ?2) RETURNING id");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  if (parent != 0)
    s->bind(1, parent);
  else
    s->bind_null(1);
  s->bind(2, title);
  auto row = s->step();
  if (!row.ok()) return row.status();
  return s->integer(0);
}

Result<std::vector<KbFolder>> KnowledgeStore::folders() {
  Database& db = connections_->get();
  auto q = db.cached("SELECT id, coalesce(parent, 0), title FROM kb_folders ORDER BY title, id");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  return read_rows<KbFolder>(*s, [](const Statement& r) -> KbFolder {
    return {r.integer(0), r.integer(1), r.text(2)};
  });
}

Result<KbArticle> KnowledgeStore::add_article(KbArticle a) {
  Database& db = connections_->get();
  auto found = exists(db, "SELECT 1 FROM kb_folders WHERE id = ?1", a.folder);
  if (!found.ok()) return found.status();
  if (!*found) return Status::invalid_argument("no folder " + std::to_string(a.folder));
  WriteTransaction tx(db);
  if (!tx.begun().ok()) return tx.begun();
  a.version = 1;
  auto q = db.cached(
      "INSERT INTO kb_articles (folder, title, body, ivr_node, sales_opportunity, version, "
      "updated, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7) RETURNING id");
  if (!q.ok()) return q.status();
  {
    StatementLease s(*q);
    s->bind(1, a.folder).bind(2, a.title).bind(3, a.body).bind(4, a.ivr_node);
    s->bind(5, a.sales_opportunity).bind(6, static_cast<std::int64_t>(a.updated));
    s->bind(7, a.updated_by);
    auto row = s->step();
    if (!row.ok()) return row.status();
    a.id = s->integer(0);
  }
  auto v = db.cached(
      "INSERT INTO kb_versions (article, version, title, body, at, user) "
      "VALUES (?1, 1, ?2, ?3, ?4, ?5)");
  if (!v.ok()) return v.status();
  StatementLease version(*v);
  version->bind(1, a.id).bind(2, a.title).bind(3, a.body);
  version->bind(4, static_cast<std::int64_t>(a.updated)).bind(5, a.updated_by);
  if (Status st = version->run(); !st.ok()) return st;
  if (Status st = tx.commit(); !st.ok()) return st;
  return a;
}

Result<std::optional<KbArticle>> KnowledgeStore::update_article(KbArticle a, int expected_version) {
  Database& db = connections_->get();
  WriteTransaction tx(db);
  if (!tx.begun().ok()) return tx.begun();
  auto current = db.cached("SELECT version FROM kb_articles WHERE id = ?1");
  if (!current.ok()) return current.status();
  int version = 0;
  {
    StatementLease s(*current);
    s->bind(1, a.id);
    auto row = s->step();
    if (!row.ok()) return row.status();
    if (!*row) {
      return std::optional<KbArticle>();
    }
    version = static_cast<int>(s->integer(0));
  }
  if (version != expected_version)
    return Status::conflict("the article is at version " + std::to_string(version) + " now, not " +
                            std::to_string(expected_version));
  auto folder = exists(db, "SELECT 1 FROM kb_folders WHERE id = ?1", a.folder);
  if (!folder.ok()) return folder.status();
  if (!*folder) return Status::invalid_argument("no folder " + std::to_string(a.folder));
  a.version = version + 1;
  auto q = db.cached(
      "UPDATE kb_articles SET folder = ?2, title = ?3, body = ?4, ivr_node = ?5, "
      "sales_opportunity = ?6, version = ?7, updated = ?8, updated_by = ?9 WHERE id = ?1");
  if (!q.ok()) return q.status();
  {
    StatementLease s(*q);
    s->bind(1, a.id).bind(2, a.folder).bind(3, a.title).bind(4, a.body).bind(5, a.ivr_node);
    s->bind(6, a.sales_opportunity).bind(7, std::int64_t{a.version});
    s->bind(8, static_cast<std::int64_t>(a.updated)).bind(9, a.updated_by);
    if (Status st = s->run(); !st.ok()) return st;
  }
  auto v = db.cached(
      "INSERT INTO kb_versions (article, version, title, body, at, user) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!v.ok()) return v.status();
  {
    StatementLease s(*v);
    s->bind(1, a.id).bind(2, std::int64_t{a.version}).bind(3, a.title).bind(4, a.body);
    s->bind(5, static_cast<std::int64_t>(a.updated)).bind(6, a.updated_by);
    if (Status st = s->run(); !st.ok()) return st;
  }
  if (Status st = tx.commit(); !st.ok()) return st;
  return std::optional<KbArticle>(std::move(a));
}

Result<std::optional<KbArticle>> KnowledgeStore::article(std::int64_t id) {
  Database& db = connections_->get();
  auto q = db.cached(std::string("SELECT ") + kArticleColumns + " FROM kb_articles WHERE id = ?1");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  s->bind(1, id);
  auto row = s->step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<KbArticle>();
  return std::optional<KbArticle>(read_article(*s));
}

Result<std::vector<KbArticle>> KnowledgeStore::article_titles() {
  Database& db = connections_->get();
  auto q = db.cached(
      "SELECT id, folder, title, '', ivr_node, sales_opportunity, version, updated, updated_by "
      "FROM kb_articles ORDER BY title, id");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  return read_rows<KbArticle>(*s, [](const Statement& r) -> KbArticle { return read_article(r); });
}

Result<std::vector<KbVersion>> KnowledgeStore::versions(std::int64_t article) {
  Database& db = connections_->get();
  auto q = db.cached(
      "SELECT version, title, body, at, user FROM kb_versions WHERE article = ?1 "
      "ORDER BY version DESC");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  s->bind(1, article);
  return read_rows<KbVersion>(*s, [](const Statement& r) -> KbVersion {
    return {static_cast<int>(r.integer(0)), r.text(1), r.text(2), r.integer(3), r.text(4)};
  });
}

Result<std::optional<KbArticle>> KnowledgeStore::for_ivr_nodes(
    const std::vector<std::string>& nodes) {
  Database& db = connections_->get();
  auto q = db.cached(std::string("SELECT ") + kArticleColumns +
                     " FROM kb_articles WHERE ivr_node = ?1 ORDER BY id LIMIT 1");
  if (!q.ok()) return q.status();
  for (const std::string& node : nodes) {
    if (node.empty()) continue;
    StatementLease s(*q);
    s->bind(1, node);
    auto row = s->step();
    if (!row.ok()) return row.status();
    if (*row) return std::optional<KbArticle>(read_article(*s));
  }
  return std::optional<KbArticle>();
}

Result<std::vector<KbHit>> KnowledgeStore::search(const std::string& text, std::size_t limit) {
  Database& db = connections_->get();
  // Words of three characters or more go to the trigram index (a phrase each, all
  // required); shorter ones (most Chinese words have two) are matched as substrings.
  std::string match;
  std::vector<std::string> short_words;
  for (const std::string& w : words(text)) {
    if (utf8_length(w) < 3) {
      short_words.push_back(w);
      continue;
    }
    std::string quoted = "\"";
    for (char c : w) {
      if (c == '"') quoted += '"';
      quoted += c;
    }
    match += (match.empty() ? "" : " AND ") + quoted + "\"";
  }
  if (match.empty() && short_words.empty()) return std::vector<KbHit>{};
  std::string sql;
  if (!match.empty())
    sql =
        "SELECT a.id, a.folder, a.title, snippet(kb_search, -1, '[', ']', '…', 16) "
        "FROM kb_search JOIN kb_articles a ON a.id = kb_search.rowid WHERE kb_search MATCH ?1";
  else
    sql =
        "SELECT a.id, a.folder, a.title, substr(a.body, 1, 80) FROM kb_articles a "
        "WHERE ?1 = ''";
  for (std::size_t i = 0; i < short_words.size(); ++i) {
    // Appended, not "?" + to_string(): GCC 12 at -O3 warns of an overlapping memcpy there.
    std::string p = "?";
    p += std::to_string(i + 3);
    sql += " AND (a.title LIKE " + p + " ESCAPE '\\' OR a.body LIKE " + p + " ESCAPE '\\')";
  }
  sql += match.empty() ? " ORDER BY a.title LIMIT ?2" : " ORDER BY bm25(kb_search) LIMIT ?2";
  auto q = db.prepare(sql);
  if (!q.ok()) return q.status();
  q->bind(1, match).bind(2, static_cast<std::int64_t>(limit));
  for (std::size_t i = 0; i < short_words.size(); ++i)
    q->bind(static_cast<int>(i + 3), like_contains(short_words[i]));
  std::vector<KbHit> out;
  for (;;) {
    auto row = q->step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    out.push_back({q->integer(0), q->integer(1), q->text(2), q->text(3)});
  }
}

Result<std::int64_t> KnowledgeStore::add_attachment(const KbAttachment& f) {
  Database& db = connections_->get();
  auto q = db.cached(
      "INSERT INTO kb_attachments (article, name, content_type, size, data, created, created_by) "
      "SELECT id, ?2, ?3, ?4, ?5, ?6, ?7 FROM kb_articles WHERE id = ?1 RETURNING id");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  s->bind(1, f.article).bind(2, f.name).bind(3, f.content_type);
  s->bind(4, static_cast<std::int64_t>(f.data.size())).bind_blob(5, f.data);
  s->bind(6, static_cast<std::int64_t>(f.created)).bind(7, f.created_by);
  auto row = s->step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::not_found("no article " + std::to_string(f.article));
  return s->integer(0);
}

Result<std::vector<KbAttachment>> KnowledgeStore::attachments(std::int64_t article) {
  Database& db = connections_->get();
  auto q = db.cached(
      "SELECT id, article, name, content_type, size, created, created_by FROM kb_attachments "
      "WHERE article = ?1 ORDER BY id");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  s->bind(1, article);
  return read_rows<KbAttachment>(*s, [](const Statement& r) -> KbAttachment {
    return {r.integer(0), r.integer(1), r.text(2),    r.text(3),
            r.integer(4), {},           r.integer(5), r.text(6)};
  });
}

Result<std::optional<KbAttachment>> KnowledgeStore::attachment(std::int64_t id) {
  Database& db = connections_->get();
  auto q = db.cached(
      "SELECT id, article, name, content_type, size, data, created, created_by "
      "FROM kb_attachments WHERE id = ?1");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  s->bind(1, id);
  auto row = s->step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<KbAttachment>();
  return std::optional<KbAttachment>(KbAttachment{s->integer(0), s->integer(1), s->text(2),
                                                  s->text(3), s->integer(4), s->blob(5),
                                                  s->integer(6), s->text(7)});
}

Result<bool> KnowledgeStore::remove_attachment(std::int64_t id) {
  Database& db = connections_->get();
  auto q = db.cached("DELETE FROM kb_attachments WHERE id = ?1 RETURNING id");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  s->bind(1, id);
  auto row = s->step();
  if (!row.ok()) return row.status();
  return *row;
}

}  // namespace hotline::store
