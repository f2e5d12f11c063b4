#pragma once
// HTTP digest authentication (RFC 2617 / RFC 3261 section 22) for SIP: parsing an
// Authorization header and checking its response against a stored HA1
// (MD5 of "user:realm:password": the password itself is never stored). Pure functions.

#include <optional>
#include <string>
#include <string_view>

namespace hotline::sip {

// Lowercase hex MD5 of `data`.
std::string md5_hex(std::string_view data);

// HA1 = MD5(user:realm:password), what the configuration stores per account.
std::string digest_ha1(std::string_view user, std::string_view realm, std::string_view password);

struct DigestCredentials {
  std::string username, realm, nonce, uri, response, algorithm, qop, nc, cnonce;
};

// Parses `Digest username="..", realm="..", ...`; nullopt if it is not a digest
// header or misses a required field.
std::optional<DigestCredentials> parse_digest(std::string_view header);

// True if `c` proves knowledge of the password behind `ha1` for this request method.
// Comparison takes the same time whatever the response (no timing oracle).
bool digest_response_ok(const DigestCredentials& c, std::string_view ha1, std::string_view method);

}  // namespace hotline::sip
