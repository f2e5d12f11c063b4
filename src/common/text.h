#pragma once
// Text that crosses the boundary: request bodies, uploaded files, configuration, SIP
// headers, and what the center writes back out (JSON, CSV).
//
// - UTF-8 is checked (RFC 3629: no overlong forms, no surrogates, nothing above
//   U+10FFFF) or repaired with U+FFFD where text must be kept but cannot be refused
//   (a caller's number in a SIP header).
// - Nesting is measured before a recursive parser or writer sees the text: a body of
//   100,000 '[' must be a 400, not a stack overflow.
// - CSV cells are quoted and neutralized against spreadsheet formulas (OWASP's CSV
//   injection rule), in one place for every CSV the center writes.
//
// Pure functions; any thread.

#include <cstddef>
#include <string>
#include <string_view>

namespace hotline {

// How deep JSON or YAML from outside may nest. Real documents stay under 10 levels.
inline constexpr std::size_t kMaxNesting = 64;

// The length of the valid UTF-8 sequence at the start of `s`, or 0 if there is none.
std::size_t utf8_sequence(std::string_view s);
bool is_utf8(std::string_view text);
// `text` with every byte that starts no valid sequence replaced by U+FFFD.
std::string to_valid_utf8(std::string_view text);

// The deepest nesting of arrays and objects in JSON text (brackets inside strings do not
// count). Counting stops at `limit` + 1: the answer is exact up to `limit`.
std::size_t json_nesting(std::string_view text, std::size_t limit = kMaxNesting);
// An upper bound of YAML's nesting: block levels by indentation, compact "- - x" levels
// and flow brackets. Stops at `limit` + 1 like json_nesting.
std::size_t yaml_nesting(std::string_view text, std::size_t limit = kMaxNesting);

// One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. A cell a
// spreadsheet would take for a formula (first character = + - @ tab or CR) gets a leading
// apostrophe and quotes, unless it is a plain number ("-12.5", "+8613800138000").
std::string csv_field(std::string_view value);

}  // namespace hotline
