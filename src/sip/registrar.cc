#include "sip/registrar.h"

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
  std::erase_if(nonces_, [&](const auto& kv) { return now - kv.second > nonce_lifetime_; });
  char nonce[40];
  std::snprintf(nonce, sizeof nonce, "%016llx%016llx", static_cast<unsigned long long>(rng_()),
                static_cast<unsigned long long>(rng_()));
  nonces_.emplace(nonce, now);
  return "Digest realm=\"" + realm_ + "\", nonce=\"" + nonce + "\", algorithm=MD5, qop=\"auth\"" +
         (stale ? ", stale=true" : "");
}

Registrar::Check Registrar::check(std::string_view authorization, std::string_view method, Time now,
                                  std::string* user) {
  if (authorization.empty()) return Check::kNoCredentials;
  const std::optional<DigestCredentials> c = parse_digest(authorization);
  if (!c) return Check::kRejected;
  auto nonce = nonces_.find(c->nonce);
  if (nonce == nonces_.end() || now - nonce->second > nonce_lifetime_) return Check::kStaleNonce;
  if (c->realm != realm_) return Check::kRejected;
  const SipAccount* a = account(c->username);
  // An unknown user is checked against a dummy hash: the same work, the same answer.
  const bool ok = digest_response_ok(*c, a ? a->ha1 : std::string(32, '0'), method);
  if (!a || !ok) return Check::kRejected;
  *user = a->user;
  return Check::kOk;
}

void Registrar::bind(const std::string& user, const std::string& contact, Duration expires,
                     Time now) {
  if (expires <= 0) {
    bindings_.erase(user);
    return;
  }
  bindings_[user] = Binding{contact, now + expires};
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
