// A purchased lead file (CSV in UTF-8 or GBK/GB18030, as vendors send it): read with the
// number column found by its header, and with named columns; its lines also taken as
// do-not-call entries, against which its leads are checked. Errors are fine; a crash, a
// hang or text that is not UTF-8 coming out is not.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/text.h"
#include "leads/do_not_call.h"
#include "leads/lead_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  hotline::leads::DoNotCall dnc;
  for (std::size_t start = 0; start < bytes.size();) {
    const std::size_t end = std::min(bytes.find('\n', start), bytes.size());
    (void)dnc.add(bytes.substr(start, end - start));
    start = end + 1;
  }
  for (const hotline::leads::LeadColumns& columns :
       {hotline::leads::LeadColumns{}, hotline::leads::LeadColumns{"phone", "name", {"city"}}}) {
    auto file = hotline::leads::read_lead_file(bytes, columns);
    if (!file.ok()) continue;
    for (const hotline::leads::Lead& lead : file->leads) {
      (void)dnc.blocks(lead.phone);
      if (!hotline::is_utf8(lead.name) || lead.phone.empty() || lead.phone[0] != '+') std::abort();
      for (const auto& f : lead.fields)
        if (!hotline::is_utf8(f)) std::abort();
    }
    for (const hotline::leads::LeadProblem& p : file->problems)
      if (!hotline::is_utf8(p.reason) || !hotline::is_utf8(p.column)) std::abort();
  }
  return 0;
}
