#pragma once
// Back-end services the IVR asks for values (a bill amount, an order's state): an HTTP(S)
// GET whose URL is a template filled from the call's IVR variables, answered with JSON
// from which named fields become IVR variables. Pure parts here; the requests themselves
// are made by HttpLookup (lookup/http_lookup.h).

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace hotline::lookup {

struct LookupService {
  std::string name;  // what an IVR `lookup` node names in `service`
  // "https://billing.example.com/balance?account={account}&ani={ani}": each {name} is
  // the call's IVR variable, percent-encoded; a variable the call lacks is empty.
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. Authorization
  // IVR variable -> JSON pointer (RFC 6901) into the answer: {amount: /balance/amount}.
  std::map<std::string, std::string> fields;
  Duration timeout = seconds(3);
};

// The names of the {variables} in `url_template`, in order, without repeats.
std::vector<std::string> template_variables(const std::string& url_template);

// The URL with every {name} replaced by value(name), percent-encoded (RFC 3986
// unreserved characters kept).
std::string expand_url(const std::string& url_template,
                       const std::function<std::string(const std::string&)>& value);

// The service's fields read from a JSON answer: strings as they are, numbers and
// booleans as JSON writes them. An error when the body is not JSON (or nests deeper than
// 64 levels) or a field is missing or is an object, an array or null.
Result<std::map<std::string, std::string>> read_fields(
    const std::string& body, const std::map<std::string, std::string>& fields);

}  // namespace hotline::lookup
