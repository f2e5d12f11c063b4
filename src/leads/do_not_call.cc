#include "leads/do_not_call.h"

#include <phonenumbers/phonenumberutil.h>

#include <algorithm>

#include "crm/phone_number.h"

namespace hotline::leads {

namespace {

// "+86 400-*", "0755*", "00852*", "138*" -> "+86400", "+86755", "+852", "+86138"; "" when
// it is not a pattern of digits.
std::string prefix_of(std::string_view pattern, std::string_view region) {
  std::string digits;
  bool plus = false;
  for (char c : pattern) {
    if (c >= '0' && c <= '9')
      digits += c;
    else if (c == '+' && digits.empty() && !plus)
      plus = true;
    else if (c != ' ' && c != '-' && c != '(' && c != ')')
      return {};
  }
  if (!plus && digits.starts_with("00")) {
    plus = true;
    digits.erase(0, 2);
  }
  if (!plus) {
    // A national pattern: its trunk prefix goes, the region's country code comes first.
    if (digits.starts_with("0")) digits.erase(0, 1);
    const int country = i18n::phonenumbers::PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(
        std::string(region));
    if (country == 0) return {};
    digits = std::to_string(country) + digits;
  }
  if (digits.size() < 3 || digits.size() > 15 || digits[0] == '0') return {};
  return "+" + digits;
}

// "'ENTRY' WHY", the entry cut to 40 bytes. Appended piece by piece: GCC 12 at -O3 warns
// (-Wrestrict, wrongly) on "'" + std::string(...).
Status refused(std::string_view entry, const char* why) {
  std::string message(1, '\'');
  message.append(entry.substr(0, 40));
  message.append("' ");
  message.append(why);
  return Status::invalid_argument(message);
}

void insert_sorted(std::vector<std::string>& v, std::string s) {
  auto at = std::lower_bound(v.begin(), v.end(), s);
  if (at == v.end() || *at != s) v.insert(at, std::move(s));
}

}  // namespace

Result<std::string> DoNotCall::normalize(std::string_view entry, std::string_view region) {
  if (!entry.empty() && entry.back() == '*') {
    std::string prefix = prefix_of(entry.substr(0, entry.size() - 1), region);
    if (prefix.empty()) return refused(entry, "is not a number pattern (digits, then *)");
    return prefix + '*';
  }
  auto e164 = crm::to_e164(entry, region);
  if (!e164) return refused(entry, "is not a phone number");
  return std::move(*e164);
}

Status DoNotCall::add(std::string_view entry, std::string_view region) {
  Result<std::string> kept = normalize(entry, region);
  if (!kept.ok()) return kept.status();
  if (kept->back() == '*') {
    kept->pop_back();
    insert_sorted(prefixes_, std::move(*kept));
  } else {
    insert_sorted(numbers_, std::move(*kept));
  }
  return {};
}

bool DoNotCall::blocks(std::string_view e164) const {
  if (std::binary_search(numbers_.begin(), numbers_.end(), e164)) return true;
  for (std::size_t n = 4; n <= e164.size(); ++n)  // "+" and at least 3 digits
    if (std::binary_search(prefixes_.begin(), prefixes_.end(), e164.substr(0, n))) return true;
  return false;
}

}  // namespace hotline::leads
