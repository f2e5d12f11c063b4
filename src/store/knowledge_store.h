#pragma once
// KnowledgeStore: the knowledge base (知識庫) in hotline.db — a tree of folders and
// articles in Markdown, each change kept as a new version, articles linked to the IVR
// node whose callers they help (the screen pop opens them) and marked with a sales
// opportunity. Search finds any run of three or more characters in titles and bodies
// (Chinese words need no spaces); shorter words are matched as substrings.
//
// Thread-safety: every method from any thread (a connection per thread).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace hotline::store {

class Database;
class ThreadConnections;

struct KbFolder {
  std::int64_t id = 0;
  std::int64_t parent = 0;  // 0: at the top
  std::string title;
};

struct KbArticle {
  std::int64_t id = 0;
  std::int64_t folder = 0;
  std::string title;
  std::string body;               // Markdown
  std::string ivr_node;           // the IVR node id it serves ("" for none)
  std::string sales_opportunity;  // what to offer the caller ("" for nothing)
  int version = 0;                // 1 for a new article, +1 per change
  Time updated = 0;
  std::string updated_by;
};

struct KbVersion {
  int version = 0;
  std::string title;
  std::string body;
  Time at = 0;
  std::string user;
};

// A file attached to an article; `data` is filled only when the file itself is asked for.
struct KbAttachment {
  std::int64_t id = 0;
  std::int64_t article = 0;
  std::string name;  // the file name shown
  std::string content_type;
  std::int64_t size = 0;
  std::string data;
  Time created = 0;
  std::string created_by;
};

struct KbHit {
  std::int64_t id = 0;
  std::int64_t folder = 0;
  std::string title;
  std::string snippet;  // around the match, the match in [brackets]
};

class KnowledgeStore {
 public:
  static Result<std::unique_ptr<KnowledgeStore>> open(const std::string& path);
  ~KnowledgeStore();

  // An error if the parent folder does not exist.
  Result<std::int64_t> add_folder(const std::string& title, std::int64_t parent);
  Result<std::vector<KbFolder>> folders();
  // A new article, version 1. An error if the folder does not exist.
  Result<KbArticle> add_article(KbArticle article);
  // Stores `article` as the next version, if `expected_version` is still the current one
  // (two trainers editing at once: the second is told, nothing is lost). Nothing when
  // there is no such article; an error mentioning "version" when it moved on.
  Result<std::optional<KbArticle>> update_article(KbArticle article, int expected_version);
  Result<std::optional<KbArticle>> article(std::int64_t id);
  // Every article's id, folder and title (the tree), by title.
  Result<std::vector<KbArticle>> article_titles();
  Result<std::vector<KbVersion>> versions(std::int64_t article);
  // The article linked to the first of `nodes` that has one (nodes in order of preference).
  Result<std::optional<KbArticle>> for_ivr_nodes(const std::vector<std::string>& nodes);
  Result<std::vector<KbHit>> search(const std::string& text, std::size_t limit);

  // Attachments. add_attachment: an error if the article does not exist; the id is given.
  Result<std::int64_t> add_attachment(const KbAttachment& file);
  // The article's files without their data, oldest first.
  Result<std::vector<KbAttachment>> attachments(std::int64_t article);
  // One file with its data.
  Result<std::optional<KbAttachment>> attachment(std::int64_t id);
  // False when there was no such file.
  Result<bool> remove_attachment(std::int64_t id);

 private:
  explicit KnowledgeStore(std::unique_ptr<ThreadConnections> connections);
  std::unique_ptr<ThreadConnections> connections_;
};

}  // namespace hotline::store
