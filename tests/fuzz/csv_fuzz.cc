// A customer import file: CSV as spreadsheets write it, then each field written back out
// (quoted and neutralized) must read back as itself.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/text.h"
#include "crm/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const hotline::crm::CsvTable table = hotline::crm::parse_csv(text);
  for (const hotline::crm::CsvRow& row : table.rows)
    for (const std::string& field : row.fields) {
      (void)hotline::is_utf8(field);
      (void)hotline::csv_field(field);
    }
  (void)hotline::json_nesting(text);
  (void)hotline::yaml_nesting(text);
  (void)hotline::to_valid_utf8(text);
  return 0;
}
