#pragma once
// Passwords of the API's users, kept as argon2id hashes in the PHC string format
// ("$argon2id$v=19$m=19456,t=2,p=1$salt$hash"): the parameters travel with the hash, so
// stronger settings later still verify old hashes.

#include <string>
#include <string_view>

#include "common/status.h"

namespace hotline::auth {

// A new hash with a fresh random salt. Costs tens of milliseconds on purpose.
Result<std::string> hash_password(std::string_view password);
// Whether `password` matches `encoded`; false for anything that is not an argon2id hash.
bool verify_password(const std::string& encoded, std::string_view password);
// Rules for a new password: 8 to 128 bytes. An empty message when acceptable.
std::string password_problem(std::string_view password);

}  // namespace hotline::auth
