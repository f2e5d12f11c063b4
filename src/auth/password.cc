#include "auth/password.h"

#include <argon2.h>
#include <sys/random.h>

#include <cstdint>
#include <vector>

namespace hotline::auth {

namespace {

// OWASP's recommendation for argon2id: 19 MiB, 2 passes, 1 lane.
constexpr std::uint32_t kMemoryKiB = 19 * 1024;
constexpr std::uint32_t kPasses = 2;
constexpr std::uint32_t kLanes = 1;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;

}  // namespace

Result<std::string> hash_password(std::string_view password) {
  std::uint8_t salt[kSaltBytes];
  if (getrandom(salt, sizeof salt, 0) != static_cast<ssize_t>(sizeof salt))
    return Status::internal("no randomness for a password salt");
  std::vector<char> encoded(
      argon2_encodedlen(kPasses, kMemoryKiB, kLanes, kSaltBytes, kHashBytes, Argon2_id));
  const int rc =
      argon2id_hash_encoded(kPasses, kMemoryKiB, kLanes, password.data(), password.size(), salt,
                            sizeof salt, kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) return Status::internal(std::string("argon2: ") + argon2_error_message(rc));
  return std::string(encoded.data());
}

bool verify_password(const std::string& encoded, std::string_view password) {
  if (encoded.rfind("$argon2id$", 0) != 0) return false;
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

std::string password_problem(std::string_view password) {
  if (password.size() < 8) return "a password needs at least 8 characters";
  if (password.size() > 128) return "a password has at most 128 characters";
  return {};
}

}  // namespace hotline::auth
