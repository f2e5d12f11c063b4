#include "crm/csv.h"

namespace hotline::crm {

CsvTable parse_csv(std::string_view text) {
  CsvTable table;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  int line = 1;
  std::size_t i = 0;
  while (i < text.size()) {
    CsvRow row;
    row.line = line;
    std::string field;
    bool row_done = false;
    while (!row_done) {
      field.clear();
      if (i < text.size() && text[i] == '"') {  // a quoted field
        const int started = line;
        ++i;
        for (;;) {
          if (i >= text.size()) {
            table.error = "line " + std::to_string(started) + ": a quote is never closed";
            return table;
          }
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (text[i] == '\n') ++line;
          field += text[i++];
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          table.error = "line " + std::to_string(line) + ": text after a closing quote";
          return table;
        }
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          field += text[i++];
      }
      row.fields.push_back(field);
      if (i < text.size() && text[i] == ',') {
        ++i;
        continue;
      }
      if (i < text.size() && text[i] == '\r') ++i;
      if (i < text.size() && text[i] == '\n') ++i;
      ++line;
      row_done = true;
    }
    // Blank lines (a trailing newline, an empty row) are not rows.
    if (!(row.fields.size() == 1 && row.fields[0].empty())) table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace hotline::crm
