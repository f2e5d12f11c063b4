#pragma once
// Phone numbers as the CRM keeps them: E.164 ("+8613800138000"), whatever form they were
// typed or sent in — 138 0013 8000, 0086-138..., +86 10 1234 5678, 010-12345678,
// 400-800-1234 — read by libphonenumber with a default region for numbers without a
// country code. The same customer is then found whichever way the trunk or the agent
// wrote the number.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotline::crm {

// The E.164 form, or nothing when the text is not a possible number (too short, letters).
// `region`: ISO 3166 code for numbers written without a country code ("CN").
std::optional<std::string> to_e164(std::string_view text, std::string_view region = "CN");

// A number checked against the numbering plan (a purchased lead, a number to dial out
// to): valid for its region, with its kind. to_e164 accepts what merely could be a number.
enum class NumberKind : std::uint8_t { kMobile, kFixedLine, kTollFree, kOther };
struct CheckedNumber {
  std::string e164;
  NumberKind kind = NumberKind::kOther;
};
// The checked number, or why not: "not a phone number" (letters, too short or long to
// be one) or "not a valid number" (no such mobile range or area code).
struct NumberCheck {
  std::optional<CheckedNumber> number;
  const char* problem = nullptr;
};
NumberCheck check_number(std::string_view text, std::string_view region = "CN");

// Whether `text` is already in the form to_e164 gives ("+" and 8 to 15 digits, the first
// not 0): lookups take such a number as it is, without the cost of parsing (≈ 10 µs).
bool is_e164_form(std::string_view text);

// What to dial through the trunk from `region` to reach the number, in digits only: a
// number of that region as dialled at home (13800138000, 01062345678), any other with the
// international prefix (0014155550100). Nothing when the text is not a possible number.
std::optional<std::string> to_dialable(std::string_view text, std::string_view region = "CN");

}  // namespace hotline::crm
