#include "sip/digest.h"

#include <gtest/gtest.h>

#include "sip/auth_guard.h"
#include "sip/registrar.h"

namespace hotline::sip {
namespace {

TEST(Digest, Md5KnownValues) {
  EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(md5_hex("The quick brown fox jumps over the lazy dog"),
            "9e107d9d372bb6826bd81d3542a419d6");
}

TEST(Digest, Rfc2617Example) {
  // RFC 2617 section 3.5: Mufasa / "Circle Of Life".
  auto c = parse_digest(
      "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
      "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", qop=auth, "
      "nc=00000001, cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\", "
      "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->username, "Mufasa");
  EXPECT_EQ(c->nc, "00000001");
  const std::string ha1 = digest_ha1("Mufasa", "testrealm@host.com", "Circle Of Life");
  EXPECT_TRUE(digest_response_ok(*c, ha1, "GET"));
  EXPECT_FALSE(digest_response_ok(*c, ha1, "POST"));
  EXPECT_FALSE(digest_response_ok(*c, digest_ha1("Mufasa", "testrealm@host.com", "x"), "GET"));
}

TEST(Digest, MalformedHeadersAreRefused) {
  EXPECT_FALSE(parse_digest("").has_value());
  EXPECT_FALSE(parse_digest("Basic dXNlcjpwYXNz").has_value());
  EXPECT_FALSE(parse_digest("Digest username=\"unterminated").has_value());
  EXPECT_FALSE(parse_digest("Digest username=\"a\", nonce=\"n\"").has_value());  // no response
  EXPECT_FALSE(parse_digest("Digest garbage").has_value());
}

class RegistrarTest : public ::testing::Test {
 protected:
  RegistrarTest()
      : registrar_("hotline", {{"1001", digest_ha1("1001", "hotline", "secret"), "E01"}}, 7) {}

  // The header a phone would send after the challenge.
  std::string answer(const std::string& challenge, const std::string& user,
                     const std::string& password, const std::string& nc = "00000001") {
    const std::size_t n = challenge.find("nonce=\"") + 7;
    const std::string nonce = challenge.substr(n, challenge.find('"', n) - n);
    const std::string ha1 = digest_ha1(user, "hotline", password);
    const std::string ha2 = md5_hex("REGISTER:sip:hotline");
    const std::string response = md5_hex(ha1 + ":" + nonce + ":" + nc + ":abc:auth:" + ha2);
    return "Digest username=\"" + user + "\", realm=\"hotline\", nonce=\"" + nonce +
           "\", uri=\"sip:hotline\", qop=auth, nc=" + nc + ", cnonce=\"abc\", response=\"" +
           response + "\", algorithm=MD5";
  }

  Registrar registrar_;
  std::string user_;
};

TEST_F(RegistrarTest, RightPasswordBindsUntilExpiry) {
  const std::string ch = registrar_.challenge(0);
  EXPECT_EQ(registrar_.check(answer(ch, "1001", "secret"), "REGISTER", seconds(1), &user_),
            Registrar::Check::kOk);
  EXPECT_EQ(user_, "1001");
  registrar_.bind(user_, "sip:1001@127.0.0.1:5070", seconds(60), seconds(1));
  EXPECT_TRUE(registrar_.binding("1001", seconds(60)).has_value());
  EXPECT_FALSE(registrar_.binding("1001", seconds(61)).has_value());
  EXPECT_EQ(registrar_.expire(seconds(61)), std::vector<std::string>{"1001"});
  EXPECT_EQ(registrar_.bindings(), 0u);
}

TEST_F(RegistrarTest, WrongPasswordAndUnknownUserLookTheSame) {
  const std::string ch = registrar_.challenge(0);
  EXPECT_EQ(registrar_.check(answer(ch, "1001", "guess"), "REGISTER", 0, &user_),
            Registrar::Check::kRejected);
  EXPECT_EQ(registrar_.check(answer(ch, "9999", "secret"), "REGISTER", 0, &user_),
            Registrar::Check::kRejected);
  EXPECT_EQ(registrar_.check("", "REGISTER", 0, &user_), Registrar::Check::kNoCredentials);
}

TEST_F(RegistrarTest, OldOrForeignNoncesAreStale) {
  const std::string ch = registrar_.challenge(0);
  EXPECT_EQ(registrar_.check(answer(ch, "1001", "secret"), "REGISTER", seconds(301), &user_),
            Registrar::Check::kStaleNonce);
  std::string forged = answer(ch, "1001", "secret");
  forged.replace(forged.find("nonce=\"") + 7, 4, "ffff");
  EXPECT_EQ(registrar_.check(forged, "REGISTER", 0, &user_), Registrar::Check::kStaleNonce);
  EXPECT_NE(registrar_.challenge(seconds(400), true).find("stale=true"), std::string::npos);
}

// A captured REGISTER's Authorization, sent again, is refused as stale; the phone that
// owns the nonce goes on with a higher nonce count.
TEST_F(RegistrarTest, ReplayedAuthorizationIsStale) {
  const std::string ch = registrar_.challenge(0);
  const std::string captured = answer(ch, "1001", "secret");
  EXPECT_EQ(registrar_.check(captured, "REGISTER", seconds(1), &user_), Registrar::Check::kOk);
  EXPECT_EQ(registrar_.check(captured, "REGISTER", seconds(65), &user_),
            Registrar::Check::kStaleNonce);
  EXPECT_EQ(
      registrar_.check(answer(ch, "1001", "secret", "00000002"), "REGISTER", seconds(66), &user_),
      Registrar::Check::kOk);
  EXPECT_EQ(
      registrar_.check(answer(ch, "1001", "secret", "00000002"), "REGISTER", seconds(67), &user_),
      Registrar::Check::kStaleNonce);
  // A wrong password does not move the count on for the owner.
  EXPECT_EQ(
      registrar_.check(answer(ch, "1001", "guess", "00000009"), "REGISTER", seconds(68), &user_),
      Registrar::Check::kRejected);
  EXPECT_EQ(user_, "1001");  // the name claimed, to count guesses by
  EXPECT_EQ(
      registrar_.check(answer(ch, "1001", "secret", "00000003"), "REGISTER", seconds(69), &user_),
      Registrar::Check::kOk);
  EXPECT_EQ(registrar_.check(answer(ch, "1001", "secret", "3"), "REGISTER", seconds(70), &user_),
            Registrar::Check::kRejected);  // not 8 hex digits
}

TEST(AuthGuard, BansAPairAfterFiveFailuresAndAnAddressAfterTwenty) {
  AuthGuard guard(5, seconds(300), seconds(900));
  for (int i = 0; i < 4; ++i)
    EXPECT_FALSE(guard.failed("1001", "10.0.0.9", seconds(i)));
  EXPECT_FALSE(guard.banned("1001", "10.0.0.9", seconds(4)));
  EXPECT_TRUE(guard.failed("1001", "10.0.0.9", seconds(4)));
  EXPECT_TRUE(guard.banned("1001", "10.0.0.9", seconds(5)));
  EXPECT_FALSE(guard.banned("1001", "10.0.0.8", seconds(5)));  // the phone elsewhere
  EXPECT_FALSE(guard.banned("1002", "10.0.0.9", seconds(5)));
  EXPECT_TRUE(guard.banned("1001", "10.0.0.9", seconds(903)));
  EXPECT_FALSE(guard.banned("1001", "10.0.0.9", seconds(905)));  // the ban lapsed
  EXPECT_EQ(guard.bans(seconds(5)), 1u);
  // Spraying many accounts from one address bans the address.
  bool banned = false;
  for (int i = 0; i < 15 && !banned; ++i)
    banned = guard.failed("user" + std::to_string(i), "10.0.0.9", seconds(10));
  EXPECT_TRUE(banned);
  EXPECT_TRUE(guard.banned("1002", "10.0.0.9", seconds(11)));
  // Failures spread out wider than the window never add up.
  AuthGuard slow(5, seconds(300), seconds(900));
  for (int i = 0; i < 20; ++i)
    EXPECT_FALSE(slow.failed("1001", "10.0.0.7", seconds(i * 100)));
  // A success starts the pair again.
  AuthGuard reset(5, seconds(300), seconds(900));
  for (int i = 0; i < 4; ++i)
    reset.failed("1001", "10.0.0.6", 0);
  reset.succeeded("1001", "10.0.0.6");
  EXPECT_FALSE(reset.failed("1001", "10.0.0.6", 0));
}

TEST_F(RegistrarTest, ExpiresZeroUnbinds) {
  registrar_.bind("1001", "sip:1001@127.0.0.1:5070", seconds(60), 0);
  registrar_.bind("1001", "", 0, seconds(1));
  EXPECT_FALSE(registrar_.binding("1001", seconds(2)).has_value());
}

}  // namespace
}  // namespace hotline::sip
