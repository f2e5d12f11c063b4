#pragma once
// AuthGuard: password guessing over SIP (svcrack tries hundreds of passwords a second).
// `max_failures` failed digest checks of one account from one address, or `max_failures`
// × 4 from one address over any accounts, within `window`, ban that pair (or address)
// for `ban`: its requests are refused without a check. A phone elsewhere keeps
// registering, so a ban cannot be used to lock an agent out from afar.
//
// Pure (time is passed in); owned by the SIP thread.

#include <map>
#include <string>
#include <utility>

#include "common/time.h"

namespace hotline::sip {

class AuthGuard {
 public:
  explicit AuthGuard(int max_failures = 5, Duration window = seconds(300),
                     Duration ban = seconds(900))
      : max_failures_(max_failures), window_(window), ban_(ban) {}

  // Whether requests for `user` from `source` are refused unchecked now.
  bool banned(const std::string& user, const std::string& source, Time now) const;
  // Counts a failed check; true when it starts a ban (of the pair or the address).
  bool failed(const std::string& user, const std::string& source, Time now);
  // A right password from `source` for `user`: that pair starts again from zero.
  void succeeded(const std::string& user, const std::string& source);
  // Pairs and addresses banned at `now`.
  std::size_t bans(Time now) const;

 private:
  struct Tally {
    int failures = 0;
    Time first = 0;         // of the failures counted
    Time banned_until = 0;  // 0: not banned
  };
  bool count(Tally& t, int limit, Time now);
  void sweep(Time now);

  int max_failures_;
  Duration window_, ban_;
  std::map<std::pair<std::string, std::string>, Tally> pairs_;  // (user, source)
  std::map<std::string, Tally> sources_;
};

}  // namespace hotline::sip
