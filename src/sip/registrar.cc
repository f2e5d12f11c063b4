#include "sip/registrar.h"

#include <charconv>
#include <cstdio>

#include "sip/digest.h"

namespace hotline::sip {

Registrar::Registrar(std::string realm, std::vector<SipAccount> accounts, std::uint64_t seed,
                     Duration nonce_lifetime)
    : realm_(std::move(realm)), rng_(seed), nonce_lifetime_(nonce_lifetime) {
  for (SipAccount& a : accounts)
    accounts_.emplace(a.user, std::move(a));
}

std::string Registrar::challenge(Time now, bool stale) {
  // Forget old nonces first: the table stays as small as the traffic of one lifetime.
  std::erase_if(nonces_, [&](const auto& kv) { return now - kv.second.issued > nonce_lifetime_; });
  char nonce[40];
  std::snprintf(nonce, sizeof nonce, "%016llx%016llx", static_cast<unsigned long long>(rng_()),
                static_cast<unsigned long long>(rng_()));
  nonces_.emplace(nonce, Nonce{now, 0});
  return "Digest realm=\"" + realm_ + "\", nonce=\"" + nonce + "\", algorithm=MD5, qop=\"auth\"" +
         (stale ? ", stale=true" : "");
}

Registrar::Check Registrar::check(std::string_view authorization, std::string_view method, Time now,
                                  std::string* user) {
  if (authorization.empty()) return Check::kNoCredentials;
  const std::optional<DigestCredentials> c = parse_digest(authorization);
  if (!c) return Check::kRejected;
  auto nonce = nonces_.find(c->nonce);
  if (nonce == nonces_.end() || now - nonce->second.issued > nonce_lifetime_)
    return Check::kStaleNonce;
  *user = c->username;
  if (c->realm != realm_) return Check::kRejected;
  const SipAccount* a = account(c->username);
  // An unknown user is checked against a dummy hash: the same work, the same answer.
  const bool ok = digest_response_ok(*c, a ? a->ha1 : std::string(32, '0'), method);
  if (!a || !ok) return Check::kRejected;
  if (c->qop.empty()) {
    nonces_.erase(nonce);  // RFC 2069: no count to go by, so good once
  } else {
    std::uint64_t count = 0;
    const char* end = c->nc.data() + c->nc.size();
    const auto parsed = std::from_chars(c->nc.data(), end, count, 16);
    if (parsed.ec != std::errc() || parsed.ptr != end || c->nc.size() != 8) return Check::kRejected;
    if (count <= nonce->second.last_count) return Check::kStaleNonce;  // a replay
    nonce->second.last_count = count;
  }
  return Check::kOk;
}

void Registrar::bind(const std::string& user, const std::string& contact, Duration expires,
                     Time now, const std::string& route) {
  if (expires <= 0) {
    bindings_.erase(user);
    return;
  }
  bindings_[user] = Binding{contact, now + expires, route};
}

std::optional<Binding> Registrar::binding(const std::string& user, Time now) const {
  auto it = bindings_.find(user);
  if (it == bindings_.end() || it->second.expires_at <= now) return std::nullopt;
  return it->second;
}

std::vector<std::string> Registrar::expire(Time now) {
  std::vector<std::string> lapsed;
  for (auto it = bindings_.begin(); it != bindings_.end();) {
    if (it->second.expires_at <= now) {
      lapsed.push_back(it->first);
      it = bindings_.erase(it);
    } else {
      ++it;
    }
  }
  return lapsed;
}

const SipAccount* Registrar::account(const std::string& user) const {
  auto it = accounts_.find(user);
  return it == accounts_.end() ? nullptr : &it->second;
}

}  // namespace hotline::sip
