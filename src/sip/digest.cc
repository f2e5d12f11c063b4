#include "sip/digest.h"

#include <cctype>

namespace hotline::sip {

std::string digest_ha1(std::string_view user, std::string_view realm, std::string_view password) {
  std::string a1;
  a1.append(user).append(":").append(realm).append(":").append(password);
  return md5_hex(a1);
}

std::optional<DigestCredentials> parse_digest(std::string_view h) {
  std::size_t i = 0;
  const auto skip_space = [&] {
    while (i < h.size() && (h[i] == ' ' || h[i] == '\t' || h[i] == ','))
      ++i;
  };
  skip_space();
  if (h.size() - i < 6) return std::nullopt;
  std::string scheme(h.substr(i, 6));
  for (char& ch : scheme)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (scheme != "digest") return std::nullopt;
  i += 6;
  DigestCredentials c;
  while (true) {
    skip_space();
    if (i >= h.size()) break;
    const std::size_t eq = h.find('=', i);
    if (eq == std::string_view::npos) return std::nullopt;
    std::string name(h.substr(i, eq - i));
    while (!name.empty() && name.back() == ' ')
      name.pop_back();
    for (char& ch : name)
      ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    i = eq + 1;
    while (i < h.size() && h[i] == ' ')
      ++i;
    std::string value;
    if (i < h.size() && h[i] == '"') {
      ++i;
      while (i < h.size() && h[i] != '"') {
        if (h[i] == '\\' && i + 1 < h.size()) ++i;
        value += h[i++];
      }
      if (i >= h.size()) return std::nullopt;  // unterminated quote
      ++i;
    } else {
      while (i < h.size() && h[i] != ',' && h[i] != ' ')
        value += h[i++];
    }
    if (name == "username")
      c.username = value;
    else if (name == "realm")
      c.realm = value;
    else if (name == "nonce")
      c.nonce = value;
    else if (name == "uri")
      c.uri = value;
    else if (name == "response")
      c.response = value;
    else if (name == "algorithm")
      c.algorithm = value;
    else if (name == "qop")
      c.qop = value;
    else if (name == "nc")
      c.nc = value;
    else if (name == "cnonce")
      c.cnonce = value;
  }
  if (c.username.empty() || c.nonce.empty() || c.uri.empty() || c.response.empty())
    return std::nullopt;
  return c;
}

bool digest_response_ok(const DigestCredentials& c, std::string_view ha1, std::string_view method) {
  if (!c.algorithm.empty() && c.algorithm != "MD5" && c.algorithm != "md5") return false;
  std::string a2;
  a2.append(method).append(":").append(c.uri);
  const std::string ha2 = md5_hex(a2);
  std::string kd;
  kd.append(ha1).append(":").append(c.nonce).append(":");
  if (c.qop == "auth") {
    if (c.nc.empty() || c.cnonce.empty()) return false;
    kd.append(c.nc).append(":").append(c.cnonce).append(":auth:");
  } else if (!c.qop.empty()) {
    return false;  // auth-int is not offered
  }
  kd.append(ha2);
  const std::string expected = md5_hex(kd);
  if (expected.size() != c.response.size()) return false;
  unsigned diff = 0;
  for (std::size_t k = 0; k < expected.size(); ++k)
    diff |= static_cast<unsigned>(expected[k] ^
                                  std::tolower(static_cast<unsigned char>(c.response[k])));
  return diff == 0;
}

}  // namespace hotline::sip
