// Files attached to knowledge-base articles: manuals, wiring diagrams, price lists. The
// file is the request's body (its Content-Type kept) and its name a query parameter, so
// a browser uploads it with one fetch(); everyone logged in reads them, trainers and QA
// add and remove them.

#include <nlohmann/json.hpp>

#include "api/api_context.h"
#include "api/json_util.h"
#include "api/router.h"
#include "common/text.h"
#include "store/knowledge_store.h"

namespace hotline::api {

namespace {

using nlohmann::json;

json attachment_json(const store::KbAttachment& a) {
  return {{"id", a.id},
          {"article", a.article},
          {"name", a.name},
          {"content_type", a.content_type},
          {"size", a.size},
          {"created", iso_time(a.created)},
          {"created_by", a.created_by}};
}

// A name a file may be saved under: 1 to 200 bytes of UTF-8, no path, no control or
// quote characters (it goes into a Content-Disposition header).
bool valid_file_name(const std::string& name) {
  if (name.empty() || name.size() > 200 || name == "." || name == ".." || !is_utf8(name))
    return false;
  for (unsigned char ch : name)
    if (ch < 0x20 || ch == 0x7f || ch == '/' || ch == '\\' || ch == '"') return false;
  return true;
}

// Types shown in the browser (pictures, PDF); anything else is downloaded, so that an
// uploaded page cannot run as ours.
bool shown_inline(const std::string& type) {
  for (const char* safe : {"image/png", "image/jpeg", "image/gif", "application/pdf"})
    if (type == safe) return true;
  return false;
}

HttpResponse upload(ApiContext& api, const HttpRequest& r, const PathParams& p,
                    const auth::SessionInfo& s) {
  auto id = path_id(p, "an article");
  if (!id.ok()) return error_response(404, "not_found", id.status().message());
  store::KbAttachment file;
  file.article = *id;
  file.name = query_value(r.query, "name");
  if (!valid_file_name(file.name))
    return error_response(
        400, "invalid_request",
        "'name' must be a UTF-8 file name (1-200 bytes, no '/', quotes or controls)");
  if (r.body.empty()) return error_response(400, "invalid_request", "the file is empty");
  file.content_type = r.content_type.empty() ? "application/octet-stream" : r.content_type;
  if (file.content_type.size() > 100 ||
      file.content_type.find_first_of("\r\n") != std::string::npos)
    return error_response(400, "invalid_request", "a bad Content-Type");
  file.data = r.body;
  file.created = system_now();
  file.created_by = s.user;
  auto article = api.knowledge().article(*id);
  if (!article.ok()) return error_response(article.status());
  if (!*article) return error_response(404, "not_found", "no article " + p.at("id"));
  auto added = api.knowledge().add_attachment(file);
  if (!added.ok()) return error_response(added.status());
  file.id = *added;
  file.size = static_cast<std::int64_t>(file.data.size());
  api.audit(s.user, "kb.attach", p.at("id"), file.name, r);
  return json_response(201, attachment_json(file));
}

HttpResponse download(ApiContext& api, const PathParams& p) {
  auto id = path_id(p, "an attachment");
  if (!id.ok()) return error_response(404, "not_found", id.status().message());
  auto file = api.knowledge().attachment(*id);
  if (!file.ok()) return error_response(file.status());
  if (!*file) return error_response(404, "not_found", "no attachment " + p.at("id"));
  HttpResponse out;
  out.content_type = (*file)->content_type;
  out.body = std::move((*file)->data);
  out.headers.emplace_back("X-Content-Type-Options", "nosniff");
  std::string disposition = shown_inline(out.content_type) ? "inline" : "attachment";
  disposition += "; filename*=UTF-8''";
  disposition += percent_encode((*file)->name);
  out.headers.emplace_back("Content-Disposition", std::move(disposition));
  return out;
}

}  // namespace

void add_kb_attachment_routes(ApiContext& api) {
  api.secured("POST", "/api/v1/kb/articles/{id}/attachments", auth::Permission::kEditKnowledge,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                return upload(api, r, p, s);
              });
  api.secured("GET", "/api/v1/kb/articles/{id}/attachments", std::nullopt,
              [&api](const HttpRequest&, const PathParams& p, const auth::SessionInfo&) {
                auto id = path_id(p, "an article");
                if (!id.ok()) return error_response(404, "not_found", id.status().message());
                auto list = api.knowledge().attachments(*id);
                if (!list.ok()) return error_response(list.status());
                json out = json::array();
                for (const store::KbAttachment& a : *list)
                  out.push_back(attachment_json(a));
                return json_response(200, {{"attachments", out}});
              });
  api.secured("GET", "/api/v1/kb/attachments/{id}", std::nullopt,
              [&api](const HttpRequest&, const PathParams& p, const auth::SessionInfo&) {
                return download(api, p);
              });
  api.secured("DELETE", "/api/v1/kb/attachments/{id}", auth::Permission::kEditKnowledge,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                auto id = path_id(p, "an attachment");
                if (!id.ok()) return error_response(404, "not_found", id.status().message());
                auto removed = api.knowledge().remove_attachment(*id);
                if (!removed.ok()) return error_response(removed.status());
                if (!*removed)
                  return error_response(404, "not_found", "no attachment " + p.at("id"));
                api.audit(s.user, "kb.detach", p.at("id"), "", r);
                return json_response(200, {{"removed", *id}});
              });
}

}  // namespace hotline::api
