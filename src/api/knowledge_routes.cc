// /api/v1/kb: the knowledge base — folders, articles with their versions, search.

#include <nlohmann/json.hpp>

#include "api/api_context.h"
#include "api/json_input.h"
#include "api/json_util.h"
#include "store/knowledge_store.h"

namespace hotline::api {

namespace {

using nlohmann::json;

json article_json(const store::KbArticle& a, bool with_body) {
  json j{{"id", a.id},
         {"folder", a.folder},
         {"title", a.title},
         {"ivr_node", a.ivr_node},
         {"sales_opportunity", a.sales_opportunity},
         {"version", a.version},
         {"updated", iso_time(a.updated)},
         {"updated_by", a.updated_by}};
  if (with_body) j["body"] = a.body;
  return j;
}

// IVR node ids are short names (`[A-Za-z0-9_.-]`), as the configuration requires.
bool valid_node(const std::string& node) {
  if (node.size() > 64) return false;
  for (char c : node)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-')
      return false;
  return true;
}

// The fields of an article a body may set; `creating`: folder, title and body required.
void read_article(JsonInput& in, store::KbArticle& a, bool creating) {
  if (auto folder = in.integer("folder", 1, INT64_MAX))
    a.folder = *folder;
  else if (creating)
    in.problem("'folder' is required");
  if (auto title = in.text("title", creating, 200)) {
    if (title->empty()) in.problem("'title' must not be empty");
    a.title = *title;
  }
  if (auto body = in.text("body", creating, 200000)) a.body = *body;
  if (auto node = in.text("ivr_node", false, 64)) {
    if (!valid_node(*node)) in.problem("'ivr_node' must be an IVR node id");
    a.ivr_node = *node;
  }
  if (auto sale = in.text("sales_opportunity", false, 500)) a.sales_opportunity = *sale;
}

}  // namespace

void add_knowledge_routes(ApiContext& api) {
  api.secured("GET", "/api/v1/kb/tree", std::nullopt,
              [&api](const HttpRequest&, const PathParams&, const auth::SessionInfo&) {
                auto folders = api.knowledge().folders();
                if (!folders.ok()) return error_response(folders.status());
                auto articles = api.knowledge().article_titles();
                if (!articles.ok()) return error_response(articles.status());
                json f = json::array(), a = json::array();
                for (const store::KbFolder& folder : *folders)
                  f.push_back({{"id", folder.id},
                               {"parent", folder.parent ? json(folder.parent) : json(nullptr)},
                               {"title", folder.title}});
                for (const store::KbArticle& article : *articles)
                  a.push_back(article_json(article, false));
                return json_response(200, {{"folders", f}, {"articles", a}});
              });
  api.secured("POST", "/api/v1/kb/folders", auth::Permission::kEditKnowledge,
              [&api](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
                JsonInput in(r.body);
                in.allow({"title", "parent"});
                auto title = in.text("title", true, 200);
                auto parent = in.integer("parent", 1, INT64_MAX);
                if (title && title->empty()) in.problem("'title' must not be empty");
                if (auto bad = in.error()) return *bad;
                auto id = api.knowledge().add_folder(*title, parent.value_or(0));
                if (!id.ok()) return error_response(400, "invalid_request", id.status().message());
                api.audit(s.user, "kb.folder.create", std::to_string(*id), *title, r);
                return json_response(201, {{"id", *id},
                                           {"parent", parent ? json(*parent) : json(nullptr)},
                                           {"title", *title}});
              });
  api.secured("POST", "/api/v1/kb/articles", auth::Permission::kEditKnowledge,
              [&api](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
                JsonInput in(r.body);
                in.allow({"folder", "title", "body", "ivr_node", "sales_opportunity"});
                store::KbArticle a;
                read_article(in, a, true);
                if (auto bad = in.error()) return *bad;
                a.updated = system_now();
                a.updated_by = s.user;
                auto added = api.knowledge().add_article(a);
                if (!added.ok()) return error_response(added.status());
                api.audit(s.user, "kb.create", std::to_string(added->id), a.title, r);
                return json_response(201, article_json(*added, true));
              });
  api.secured("GET", "/api/v1/kb/articles/{id}", std::nullopt,
              [&api](const HttpRequest&, const PathParams& p, const auth::SessionInfo&) {
                auto id = path_id(p, "an article");
                if (!id.ok()) return error_response(404, "not_found", id.status().message());
                auto a = api.knowledge().article(*id);
                if (!a.ok()) return error_response(a.status());
                if (!*a) return error_response(404, "not_found", "no article " + p.at("id"));
                return json_response(200, article_json(**a, true));
              });
  api.secured("PATCH", "/api/v1/kb/articles/{id}", auth::Permission::kEditKnowledge,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                auto id = path_id(p, "an article");
                if (!id.ok()) return error_response(404, "not_found", id.status().message());
                auto current = api.knowledge().article(*id);
                if (!current.ok()) return error_response(current.status());
                if (!*current) return error_response(404, "not_found", "no article " + p.at("id"));
                JsonInput in(r.body);
                in.allow({"version", "folder", "title", "body", "ivr_node", "sales_opportunity"});
                auto version = in.integer("version", 1, 1 << 30);
                if (!version) in.problem("'version' (the version you edited) is required");
                store::KbArticle a = **current;
                read_article(in, a, false);
                if (auto bad = in.error()) return *bad;
                a.updated = system_now();
                a.updated_by = s.user;
                auto updated = api.knowledge().update_article(a, static_cast<int>(*version));
                if (!updated.ok() && updated.status().code() == StatusCode::kConflict)
                  return error_response(
                      409, "version_conflict",
                      updated.status().message() + ": reload, merge and save again");
                if (!updated.ok()) return error_response(updated.status());
                if (!*updated) return error_response(404, "not_found", "no article " + p.at("id"));
                api.audit(s.user, "kb.update", p.at("id"),
                          "version " + std::to_string((*updated)->version), r);
                return json_response(200, article_json(**updated, true));
              });
  api.secured("GET", "/api/v1/kb/articles/{id}/versions", std::nullopt,
              [&api](const HttpRequest&, const PathParams& p, const auth::SessionInfo&) {
                auto id = path_id(p, "an article");
                if (!id.ok()) return error_response(404, "not_found", id.status().message());
                auto versions = api.knowledge().versions(*id);
                if (!versions.ok()) return error_response(versions.status());
                if (versions->empty())
                  return error_response(404, "not_found", "no article " + p.at("id"));
                json list = json::array();
                for (const store::KbVersion& v : *versions)
                  list.push_back({{"version", v.version},
                                  {"title", v.title},
                                  {"body", v.body},
                                  {"at", iso_time(v.at)},
                                  {"user", v.user}});
                return json_response(200, {{"versions", list}});
              });
  api.secured(
      "GET", "/api/v1/kb/search", std::nullopt,
      [&api](const HttpRequest& r, const PathParams&, const auth::SessionInfo&) {
        const std::string q = query_value(r.query, "q");
        if (q.empty() || q.size() > 200)
          return error_response(400, "invalid_request", "'q' must be 1 to 200 bytes");
        auto hits = api.knowledge().search(q, 20);
        if (!hits.ok()) return error_response(hits.status());
        json list = json::array();
        for (const store::KbHit& h : *hits)
          list.push_back(
              {{"id", h.id}, {"folder", h.folder}, {"title", h.title}, {"snippet", h.snippet}});
        return json_response(200, {{"articles", list}});
      });
}

}  // namespace hotline::api
