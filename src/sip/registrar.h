#pragma once
// The registrar of agents' phones: digest challenges, credential checks against stored
// HA1 hashes, and contact bindings with expiry. Pure (time is passed in) and owned by
// the SIP thread.
//
// Unknown users and wrong passwords get the same answer, so that the registrar cannot
// be used to find out which extensions exist.
//
// A captured Authorization cannot be replayed: each nonce remembers the highest nonce
// count (nc) it was used with, and a request must come with a higher one (qop=auth); a
// nonce without qop is good once. A replay, like an expired nonce, gets a fresh challenge
// marked stale.

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/time.h"

namespace hotline::sip {

struct SipAccount {
  std::string user;   // the extension, e.g. "1001"
  std::string ha1;    // MD5(user:realm:password)
  std::string agent;  // the agent this phone belongs to; "" for a trunk's credentials
};

struct Binding {
  std::string contact;  // the request URI of INVITEs to the phone: "sip:1001@192.0.2.7:5062"
  Time expires_at = 0;
  // Where the REGISTER came from ("sip:192.0.2.7:5062;transport=udp"): requests to the
  // phone are sent there, whatever its contact names (a host name would need DNS, a
  // private address behind NAT would not be reached). "": to the contact.
  std::string route;
};

class Registrar {
 public:
  enum class Check { kOk, kNoCredentials, kStaleNonce, kRejected };

  Registrar(std::string realm, std::vector<SipAccount> accounts, std::uint64_t seed,
            Duration nonce_lifetime = seconds(300));

  // A WWW-Authenticate value with a fresh nonce. `stale`: the client's nonce expired.
  std::string challenge(Time now, bool stale = false);

  // Checks an Authorization header for `method`; on kOk, `*user` is the account; on
  // kRejected, the user name the header claimed (to count guesses by).
  Check check(std::string_view authorization, std::string_view method, Time now, std::string* user);

  // Binds (expires > 0) or removes (expires == 0) the user's contact.
  void bind(const std::string& user, const std::string& contact, Duration expires, Time now,
            const std::string& route = {});
  std::optional<Binding> binding(const std::string& user, Time now) const;
  // Removes lapsed bindings; returns their users.
  std::vector<std::string> expire(Time now);
  std::size_t bindings() const { return bindings_.size(); }
  const SipAccount* account(const std::string& user) const;
  const std::string& realm() const { return realm_; }

 private:
  std::string realm_;
  std::map<std::string, SipAccount> accounts_;
  std::unordered_map<std::string, Binding> bindings_;
  struct Nonce {
    Time issued = 0;
    std::uint64_t last_count = 0;  // the highest nc accepted with it
  };
  std::unordered_map<std::string, Nonce> nonces_;
  std::mt19937_64 rng_;
  Duration nonce_lifetime_;
};

}  // namespace hotline::sip
