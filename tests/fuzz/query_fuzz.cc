// A request's path and query as the router and the strict query reader take them:
// percent escapes, UTF-8 checks, typed parameters. Input: PATH '?' QUERY.
#include <cstdint>
#include <string>

#include "api/query_input.h"
#include "api/router.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  hotline::api::HttpRequest r;
  r.method = "GET";
  const std::size_t q = text.find('?');
  r.path = "/" + text.substr(0, q);
  if (q != std::string::npos) r.query = text.substr(q + 1);
  static const hotline::api::Router router = [] {
    hotline::api::Router router;
    router.add("GET", "/api/v1/users/{name}", [](const auto&, const auto& p) {
      hotline::api::HttpResponse out;
      out.body = p.at("name");
      return out;
    });
    return router;
  }();
  (void)router.handle(r);
  hotline::api::QueryInput in(r.query);
  in.allow({"q", "limit", "open", "from"});
  (void)in.text("q");
  (void)in.integer("limit", 1, 1000);
  (void)in.flag("open");
  (void)in.time("from");
  (void)in.error();
  return 0;
}
