#include "leads/lead_file.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <unordered_map>

#include "common/text.h"
#include "crm/csv.h"

namespace hotline::leads {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && space(s.back()))
    s.remove_suffix(1);
  return s;
}

// Headers vendors use for the number, in English and Chinese (simplified, traditional).
bool looks_like_phone_header(std::string_view h) {
  static const char* const kHeaders[] = {"phone",    "Phone",    "PHONE", "mobile",   "Mobile",
                                         "MOBILE",   "tel",      "Tel",   "TEL",      "number",
                                         "Number",   "手机",     "手機",  "手机号",   "手機號",
                                         "手机号码", "手機號碼", "电话",  "電話",     "电话号码",
                                         "電話號碼", "号码",     "號碼",  "联系电话", "聯繫電話"};
  return std::find(std::begin(kHeaders), std::end(kHeaders), h) != std::end(kHeaders);
}

// Headers vendors use for the person's name.
bool looks_like_name_header(std::string_view h) {
  static const char* const kHeaders[] = {"name",     "Name",     "NAME",     "姓名",
                                         "名字",     "客户姓名", "客戶姓名", "客户名称",
                                         "客戶名稱", "联系人",   "聯繫人"};
  return std::find(std::begin(kHeaders), std::end(kHeaders), h) != std::end(kHeaders);
}

// Mainland mobile numbers as vendors mostly write them: 11 digits, the first 1, perhaps
// grouped with spaces or dashes. The numbering plan assigns such numbers in blocks of
// 10,000 (号段: the first 7 digits), and every number of a valid block is valid, and of
// one kind; so a file asks libphonenumber (≈ 20 µs a number) once per block in use, not
// once per row. Anything else is checked in full. tests/leads compares the two.
class MobileBlocks {
 public:
  explicit MobileBlocks(std::string_view region) : mainland_(region == "CN") {}

  crm::NumberCheck check(std::string_view raw, std::string_view region) {
    std::string digits;
    if (mainland_ && raw.size() <= 16) {
      for (char c : raw) {
        if (c >= '0' && c <= '9')
          digits += c;
        else if (c != ' ' && c != '-')
          break;
      }
      if (digits.size() != 11 || digits[0] != '1' ||
          digits.size() + std::count(raw.begin(), raw.end(), ' ') +
                  std::count(raw.begin(), raw.end(), '-') !=
              raw.size())
        digits.clear();
    }
    if (digits.empty()) return crm::check_number(raw, region);
    const std::uint32_t block = static_cast<std::uint32_t>(std::stoul(digits.substr(0, 7)));
    if (auto known = blocks_.find(block); known != blocks_.end()) {
      crm::NumberCheck same = known->second;
      if (same.number) same.number->e164 = "+86" + digits;
      return same;
    }
    crm::NumberCheck checked = crm::check_number(raw, region);
    // Valid blocks only: numbers outside the plan are few, and why each is refused ("not
    // a phone number", "not a valid number") can differ within a block.
    if (checked.number && checked.number->e164 == "+86" + digits) blocks_.emplace(block, checked);
    return checked;
  }

 private:
  bool mainland_;
  std::unordered_map<std::uint32_t, crm::NumberCheck> blocks_;
};

int column_of(const std::vector<std::string>& header, std::string_view name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

}  // namespace

const char* encoding_name(TextEncoding e) {
  return e == TextEncoding::kUtf8 ? "UTF-8" : "GB18030";
}

TextEncoding detect_encoding(std::string_view bytes) {
  if (bytes.starts_with(kUtf8Bom) || is_utf8(bytes)) return TextEncoding::kUtf8;
  return TextEncoding::kGb18030;
}

Result<std::string> to_utf8(std::string_view bytes, TextEncoding encoding) {
  if (encoding == TextEncoding::kUtf8) {
    if (bytes.starts_with(kUtf8Bom)) bytes.remove_prefix(kUtf8Bom.size());
    if (!is_utf8(bytes)) return Status::invalid_argument("the file is not UTF-8 text");
    return std::string(bytes);
  }
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1))
    return Status::internal("this system cannot convert GB18030 (iconv)");
  std::string out(bytes.size() * 2 + 16, '\0');  // a GB18030 character is at most 4 bytes, UTF-8 4
  char* in_ptr = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  Status status;
  while (in_left > 0) {
    if (iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left) != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) {  // cannot happen with the room above; grow anyway
      const std::size_t used = out.size() - out_left;
      out.resize(out.size() * 2);
      out_ptr = out.data() + used;
      out_left = out.size() - used;
      continue;
    }
    status = Status::invalid_argument("the file is neither UTF-8 nor GBK/GB18030 text (byte " +
                                      std::to_string(bytes.size() - in_left + 1) + ")");
    break;
  }
  iconv_close(cd);
  if (!status.ok()) return status;
  out.resize(out.size() - out_left);
  return out;
}

Result<LeadFile> read_lead_file(std::string_view bytes, const LeadColumns& columns,
                                std::string_view region) {
  if (bytes.size() > kMaxLeadFileBytes)
    return Status::invalid_argument("the file is larger than " +
                                    std::to_string(kMaxLeadFileBytes >> 20) + " MiB");
  LeadFile file;
  file.encoding = detect_encoding(bytes);
  Result<std::string> text = to_utf8(bytes, file.encoding);
  if (!text.ok()) return text.status();
  const crm::CsvTable table = crm::parse_csv(*text);
  if (!table.error.empty()) return Status::invalid_argument(table.error);
  if (table.rows.empty()) return Status::invalid_argument("the file is empty: no header row");
  if (table.rows.size() - 1 > static_cast<std::size_t>(kMaxLeadRows))
    return Status::invalid_argument("more than " + std::to_string(kMaxLeadRows) + " rows");

  std::vector<std::string> header;
  for (const std::string& h : table.rows.front().fields)
    header.emplace_back(trim(h));
  int phone = -1;
  if (!columns.phone.empty()) {
    phone = column_of(header, columns.phone);
    if (phone < 0)
      return Status::invalid_argument("no column '" + columns.phone + "' in the header");
  } else {
    for (std::size_t i = 0; i < header.size() && phone < 0; ++i)
      if (looks_like_phone_header(header[i])) phone = static_cast<int>(i);
    if (phone < 0)
      return Status::invalid_argument("no phone number column found: name it in the mapping");
  }
  file.phone_column = header[phone];
  int name = -1;
  if (!columns.name.empty()) {
    name = column_of(header, columns.name);
    if (name < 0) return Status::invalid_argument("no column '" + columns.name + "' in the header");
  } else {  // found by its usual headers, or none
    for (std::size_t i = 0; i < header.size() && name < 0; ++i)
      if (static_cast<int>(i) != phone && looks_like_name_header(header[i]))
        name = static_cast<int>(i);
  }
  file.name_column = name < 0 ? "" : header[name];
  MobileBlocks mobile_blocks(region);
  std::vector<int> fields;
  for (const std::string& f : columns.fields) {
    fields.push_back(column_of(header, f));
    if (fields.back() < 0) return Status::invalid_argument("no column '" + f + "' in the header");
  }

  std::unordered_map<std::string, int> first_row;  // number -> the row it came first on
  for (std::size_t r = 1; r < table.rows.size(); ++r) {
    const crm::CsvRow& row = table.rows[r];
    const auto cell = [&](int column) -> std::string_view {
      return column >= 0 && static_cast<std::size_t>(column) < row.fields.size()
                 ? trim(row.fields[column])
                 : std::string_view();
    };
    const bool blank = std::all_of(row.fields.begin(), row.fields.end(),
                                   [](const std::string& f) { return trim(f).empty(); });
    if (blank) continue;
    ++file.rows;
    const auto problem = [&](const std::string& column, std::string reason) {
      file.problems.push_back({row.line, column, std::move(reason)});
    };
    // Cells past the header's are fine only when empty (Excel's trailing commas).
    bool extra = false;
    for (std::size_t i = header.size(); i < row.fields.size(); ++i)
      extra |= !trim(row.fields[i]).empty();
    if (extra) {
      problem("", "more cells than the header has");
      continue;
    }
    bool too_long = false;
    for (std::size_t i = 0; i < row.fields.size() && !too_long; ++i)
      if (row.fields[i].size() > kMaxLeadCell) {
        problem(i < header.size() ? header[i] : "",
                "longer than " + std::to_string(kMaxLeadCell) + " bytes");
        too_long = true;
      }
    if (too_long) continue;
    const std::string_view raw = cell(phone);
    if (raw.empty()) {
      problem(file.phone_column, "no number");
      continue;
    }
    const crm::NumberCheck checked = mobile_blocks.check(raw, region);
    if (!checked.number) {
      problem(file.phone_column,
              std::string(checked.problem) + ": " + to_valid_utf8(raw.substr(0, 40)));
      continue;
    }
    const auto [first, is_new] = first_row.try_emplace(checked.number->e164, row.line);
    if (!is_new) {
      ++file.duplicates;
      problem(file.phone_column, "the same number as row " + std::to_string(first->second));
      continue;
    }
    Lead lead;
    lead.row = row.line;
    lead.phone = checked.number->e164;
    lead.kind = checked.number->kind;
    lead.name = std::string(cell(name));
    for (int f : fields)
      lead.fields.emplace_back(cell(f));
    file.leads.push_back(std::move(lead));
  }
  return file;
}

}  // namespace hotline::leads
