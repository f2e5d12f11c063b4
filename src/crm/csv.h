#pragma once
// CSV as spreadsheets write it (RFC 4180): fields separated by commas, quoted with '"'
// when they hold commas, quotes or line breaks, "" for a quote inside; CRLF or LF; the
// UTF-8 byte-order mark Excel puts first is skipped. Text must be UTF-8 (common/text.h
// checks it; its csv_field writes cells).

#include <string>
#include <string_view>
#include <vector>

namespace hotline::crm {

struct CsvRow {
  int line = 0;  // where the row starts in the text, from 1
  std::vector<std::string> fields;
};

struct CsvTable {
  std::vector<CsvRow> rows;
  std::string error;  // the first problem ("line 7: unterminated quote"); rows before it are kept
};

CsvTable parse_csv(std::string_view text);

}  // namespace hotline::crm
