#pragma once
// A purchased lead file as data vendors deliver it: CSV saved by Excel or a database
// tool, in UTF-8 (with or without the byte-order mark) or in the GBK/GB18030 that Chinese
// Excel writes by default. Read into leads with a column mapping: each number checked
// against the numbering plan and written in E.164 (mainland mobiles, fixed lines with
// their area codes); a row that cannot be a lead is reported (row, column, reason) and
// left out; a number that came earlier in the file is counted as a duplicate.
//
// Pure: bytes in, leads and problems out. The import into a list (one transaction) and
// the de-duplication against the campaign and the center are the lead store's.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "crm/phone_number.h"

namespace hotline::leads {

enum class TextEncoding : std::uint8_t { kUtf8, kGb18030 };
const char* encoding_name(TextEncoding e);

// UTF-8 when the text starts with its byte-order mark or is valid UTF-8 throughout;
// GB18030 (which contains GBK and GB2312) otherwise.
TextEncoding detect_encoding(std::string_view bytes);
// The text as UTF-8; an error names the first byte that is not text of `encoding`.
Result<std::string> to_utf8(std::string_view bytes, TextEncoding encoding);

// Which columns hold what, by their header text. An empty `phone` finds the number by
// the usual headers (phone, mobile, 手机, 手機, 电话, 電話, 号码, 號碼, ...), an empty
// `name` the name by its (name, 姓名, 客户姓名, 联系人, ...), if there is one.
struct LeadColumns {
  std::string phone;
  std::string name;                 // "": the usual headers, or none
  std::vector<std::string> fields;  // further columns kept as they are (company, city...)
};

struct Lead {
  int row = 0;        // the line of the file the lead starts on (the header is line 1)
  std::string phone;  // E.164
  crm::NumberKind kind = crm::NumberKind::kOther;
  std::string name;
  std::vector<std::string> fields;  // as LeadColumns::fields
};

struct LeadProblem {
  int row = 0;
  std::string column;
  std::string reason;
};

struct LeadFile {
  TextEncoding encoding = TextEncoding::kUtf8;
  std::string phone_column;  // the header the numbers were read from
  std::string name_column;   // the names' ("": none)
  std::vector<Lead> leads;
  std::vector<LeadProblem> problems;  // rows left out, one entry each (duplicates too)
  int rows = 0;                       // data rows read (blank lines not counted)
  int duplicates = 0;                 // of the problems: rows whose number an earlier row had
};

// Limits that keep a hostile or broken file from taking the server down.
constexpr std::size_t kMaxLeadFileBytes = 64u << 20;
constexpr int kMaxLeadRows = 1'000'000;
constexpr std::size_t kMaxLeadCell = 1000;  // bytes of one cell

// The leads of a file. A file that cannot be read as a whole (not text, broken quoting,
// no header, no number column, too large) is an error: nothing of it is taken.
Result<LeadFile> read_lead_file(std::string_view bytes, const LeadColumns& columns,
                                std::string_view region = "CN");

}  // namespace hotline::leads
