#include "crm/phone_number.h"

#include <phonenumbers/phonenumberutil.h>

namespace hotline::crm {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

std::optional<PhoneNumber> parse(std::string_view text, std::string_view region) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();  // thread-safe after creation
  PhoneNumber number;
  if (util->Parse(std::string(text), std::string(region), &number) !=
      PhoneNumberUtil::NO_PARSING_ERROR)
    return std::nullopt;
  if (!util->IsPossibleNumber(number)) return std::nullopt;
  return number;
}

}  // namespace

std::optional<std::string> to_e164(std::string_view text, std::string_view region) {
  auto number = parse(text, region);
  if (!number) return std::nullopt;
  std::string e164;
  PhoneNumberUtil::GetInstance()->Format(*number, PhoneNumberUtil::E164, &e164);
  return e164;
}

NumberCheck check_number(std::string_view text, std::string_view region) {
  auto number = parse(text, region);
  if (!number) return {std::nullopt, "not a phone number"};
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  if (!util->IsValidNumber(*number)) return {std::nullopt, "not a valid number"};
  CheckedNumber checked;
  util->Format(*number, PhoneNumberUtil::E164, &checked.e164);
  switch (util->GetNumberType(*number)) {
    case PhoneNumberUtil::MOBILE:
      checked.kind = NumberKind::kMobile;
      break;
    case PhoneNumberUtil::FIXED_LINE:
    case PhoneNumberUtil::FIXED_LINE_OR_MOBILE:
      checked.kind = NumberKind::kFixedLine;
      break;
    case PhoneNumberUtil::TOLL_FREE:
    case PhoneNumberUtil::SHARED_COST:
      checked.kind = NumberKind::kTollFree;
      break;
    default:
      checked.kind = NumberKind::kOther;
  }
  return {checked, nullptr};
}

bool is_e164_form(std::string_view text) {
  if (text.size() < 9 || text.size() > 16 || text[0] != '+' || text[1] == '0') return false;
  for (std::size_t i = 1; i < text.size(); ++i)
    if (text[i] < '0' || text[i] > '9') return false;
  return true;
}

std::optional<std::string> to_dialable(std::string_view text, std::string_view region) {
  auto number = parse(text, region);
  if (!number) return std::nullopt;
  std::string formatted, digits;
  PhoneNumberUtil::GetInstance()->FormatOutOfCountryCallingNumber(*number, std::string(region),
                                                                  &formatted);
  for (char ch : formatted)
    if (ch >= '0' && ch <= '9') digits += ch;
  return digits;
}

}  // namespace hotline::crm
