#include "store/database.h"

namespace hotline::store {

Status Statement::run() {
  Result<bool> r = step();
  reset();
  if (!r.ok()) return r.status();
  return {};
}

std::string like_contains(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

}  // namespace hotline::store
