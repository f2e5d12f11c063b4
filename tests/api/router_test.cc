// Routing of API paths and the strict reading of JSON bodies.

#include "api/router.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/http_server.h"
#include "api/json_input.h"

namespace hotline::api {
namespace {

HttpRequest request(const std::string& method, const std::string& path) {
  HttpRequest r;
  r.method = method;
  r.path = path;
  return r;
}

Router sample_router() {
  Router router;
  router.add("GET", "/api/v1/users", [](const HttpRequest&, const PathParams&) {
    HttpResponse r;
    r.body = "list";
    return r;
  });
  router.add("GET", "/api/v1/users/{name}", [](const HttpRequest&, const PathParams& p) {
    HttpResponse r;
    r.body = "user " + p.at("name");
    return r;
  });
  router.add("PATCH", "/api/v1/users/{name}", [](const HttpRequest&, const PathParams& p) {
    HttpResponse r;
    r.body = "patch " + p.at("name");
    return r;
  });
  return router;
}

TEST(Router, MatchesExactPathsAndParameters) {
  const Router router = sample_router();
  EXPECT_EQ(router.handle(request("GET", "/api/v1/users")).body, "list");
  EXPECT_EQ(router.handle(request("GET", "/api/v1/users/li")).body, "user li");
  EXPECT_EQ(router.handle(request("PATCH", "/api/v1/users/li")).body, "patch li");
  // Percent-encoded UTF-8 arrives decoded.
  EXPECT_EQ(router.handle(request("GET", "/api/v1/users/%E6%9D%8E")).body, "user 李");
}

// Handlers store and echo what they are given: the path and query must be UTF-8.
TEST(Router, BadEscapesAndBytesThatAreNotUtf8Are400) {
  const Router router = sample_router();
  for (const char* path : {"/api/v1/users/%zz", "/api/v1/users/%B1", "/api/v1/users/%E5%BC",
                           "/api/v1/us%C0%AFers/li", "/api/v1/users/li%"}) {
    const HttpResponse r = router.handle(request("GET", path));
    EXPECT_EQ(r.status, 400) << path;
    EXPECT_NE(r.body.find("\"code\":\"bad_encoding\""), std::string::npos) << path;
  }
  HttpRequest query = request("GET", "/api/v1/users/li");
  for (const char* q : {"name=%B1", "a=1&b=%FF%FE", "x=%", "%E5%BC=1"}) {
    query.query = q;
    EXPECT_EQ(router.handle(query).status, 400) << q;
  }
  query.query = "name=%E6%9D%8E&x=1+2";
  EXPECT_EQ(router.handle(query).status, 200);
}

TEST(Router, UnknownPathsAndMethods) {
  const Router router = sample_router();
  EXPECT_EQ(router.handle(request("GET", "/api/v1/user")).status, 404);
  EXPECT_EQ(router.handle(request("GET", "/api/v1/users/li/x")).status, 404);
  EXPECT_EQ(router.handle(request("GET", "/api/v1/users/")).status, 404);  // empty parameter
  EXPECT_EQ(router.handle(request("GET", "")).status, 400);
  HttpResponse wrong = router.handle(request("DELETE", "/api/v1/users/li"));
  EXPECT_EQ(wrong.status, 405);
  ASSERT_EQ(wrong.headers.size(), 1u);
  EXPECT_EQ(wrong.headers[0].second, "GET, PATCH");
  EXPECT_NE(wrong.body.find("\"code\":\"method_not_allowed\""), std::string::npos);
}

TEST(Router, QueryValues) {
  EXPECT_EQ(query_value("from=2026-11-25&limit=5", "limit"), "5");
  EXPECT_EQ(query_value("from=2026-11-25&limit=5", "from"), "2026-11-25");
  EXPECT_EQ(query_value("q=%E5%BC%A0+san", "q"), "张 san");
  EXPECT_EQ(query_value("q=%E", "q"), "");  // a broken escape reads as nothing
  EXPECT_EQ(query_value("", "q"), "");
  EXPECT_EQ(query_value("qq=1", "q"), "");
}

TEST(Router, PercentEncodingRoundTrips) {
  EXPECT_EQ(percent_encode("接线图 v2.png"), "%E6%8E%A5%E7%BA%BF%E5%9B%BE%20v2.png");
  EXPECT_EQ(percent_encode("a\"b/c~"), "a%22b%2Fc~");
  std::string back;
  ASSERT_TRUE(percent_decode(percent_encode("接线图 v2.png"), &back));
  EXPECT_EQ(back, "接线图 v2.png");
}

TEST(Router, PathIds) {
  EXPECT_EQ(*path_id({{"id", "42"}}, "a ticket"), 42);
  for (const char* bad : {"0", "-3", "4x", ""})
    EXPECT_FALSE(path_id({{"id", bad}}, "a ticket").ok()) << bad;
  EXPECT_EQ(path_id({{"id", "x"}}, "an article").status().message(), "'x' is not an article id");
}

TEST(JsonInput, ReadsTypedFields) {
  JsonInput in(R"({"name": "li", "active": false, "n": 7})");
  in.allow({"name", "active", "n"});
  EXPECT_EQ(in.text("name", true), "li");
  EXPECT_EQ(in.flag("active"), false);
  EXPECT_EQ(in.integer("n", 0, 10), 7);
  EXPECT_FALSE(in.text("missing", false));
  EXPECT_FALSE(in.error());
}

TEST(JsonInput, ReportsEveryProblemAtOnce) {
  JsonInput in(R"({"name": 5, "active": "yes", "n": 11, "typo": 1, "long": "abcdef"})");
  in.allow({"name", "active", "n", "long"});
  in.text("name", true);
  in.flag("active");
  in.integer("n", 0, 10);
  in.text("required", true);
  in.text("long", false, 5);
  auto error = in.error();
  ASSERT_TRUE(error);
  EXPECT_EQ(error->status, 400);
  for (const char* expected :
       {"unknown field 'typo'", "'name' must be a string", "'active' must be true or false",
        "'n' must be a whole number from 0 to 10", "'required' is required",
        "'long' is longer than 5 bytes"})
    EXPECT_NE(error->body.find(expected), std::string::npos) << expected << "\n" << error->body;
}

TEST(JsonInput, BadJsonAndNonObjects) {
  for (const char* body : {"{", "[1,2]", "\"text\"", "{\"a\":}", "nul"}) {
    JsonInput in(body);
    ASSERT_TRUE(in.error()) << body;
    EXPECT_EQ(in.error()->status, 400);
  }
  JsonInput empty("");
  empty.allow({});
  EXPECT_FALSE(empty.error());
}

// Each kind of failure gets one HTTP status and error code, wherever it is answered.
TEST(ErrorResponse, EachKindOfFailureOneStatus) {
  const auto answer = [](const Status& s) {
    const HttpResponse r = error_response(s);
    auto body = nlohmann::json::parse(r.body);
    EXPECT_EQ(body["error"]["message"], s.message());
    return std::to_string(r.status) + " " + body["error"]["code"].get<std::string>();
  };
  EXPECT_EQ(answer(Status::invalid_argument("bad")), "400 invalid_request");
  EXPECT_EQ(answer(Status::not_found("no customer 9")), "404 not_found");
  EXPECT_EQ(answer(Status::already_exists("user 'li' exists already")), "409 exists");
  EXPECT_EQ(answer(Status::conflict("at version 3")), "409 conflict");
  EXPECT_EQ(answer(Status::unavailable("the database is busy")), "503 busy");
  EXPECT_EQ(answer(Status::io_error("disk full")), "500 store");
  EXPECT_EQ(answer(Status::internal("no randomness")), "500 internal");
}

}  // namespace
}  // namespace hotline::api
