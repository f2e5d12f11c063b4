#include "crm/phone_number.h"

#include <phonenumbers/phonenumberutil.h>

namespace hotline::crm {

std::optional<std::string> to_e164(std::string_view text, std::string_view region) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  if (text.empty() || text.size() > 64) return std::nullopt;
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();  // thread-safe after creation
  PhoneNumber number;
  if (util->Parse(std::string(text), std::string(region), &number) !=
      PhoneNumberUtil::NO_PARSING_ERROR)
    return std::nullopt;
  if (!util->IsPossibleNumber(number)) return std::nullopt;
  std::string e164;
  util->Format(number, PhoneNumberUtil::E164, &e164);
  return e164;
}

}  // namespace hotline::crm
