// Importing a purchased lead list of 1,000,000 rows the way the API does: the file read
// (GB18030, as Chinese Excel saves it), each number checked and normalized, then stored in
// one transaction against a do-not-call list and an earlier list of 100,000 leads for the
// dedupe. Target: under 30 s.

#include <benchmark/benchmark.h>
#include <iconv.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>

#include "leads/lead_file.h"
#include "leads/lead_store.h"

namespace hotline::leads {
namespace {

// "姓名,手机,城市" then `rows` leads with mobile numbers 131xxxxxxxx drawn at random (a
// few drawn twice), 1 % of them a digit short.
std::string lead_csv(int rows, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string csv = "姓名,手机,城市\r\n";
  csv.reserve(static_cast<std::size_t>(rows) * 36);
  static const char* const kCities[] = {"北京", "上海", "广州", "深圳", "成都"};
  for (int i = 0; i < rows; ++i) {
    const std::uint64_t n = rng() % 100'000'000;
    const bool broken = rng() % 100 == 0;  // 1 %: a number with a digit missing
    csv += "客户" + std::to_string(i) + (broken ? ",1380013800," : ",13") +
           (broken ? "" : std::to_string(100'000'000 + n).substr(0, 9)) + "," + kCities[i % 5] +
           "\r\n";
  }
  return csv;
}

std::string to_gb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() + 16, '\0');
  char* in_ptr = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

// The file alone: decoding, CSV, every number checked by libphonenumber.
void BM_ReadMillionLeads(benchmark::State& state) {
  const std::string file = to_gb18030(lead_csv(1'000'000, 1));
  std::size_t leads = 0;
  for (auto _ : state) {
    auto read = read_lead_file(file, {"", "", {"城市"}});
    leads = read.ok() ? read->leads.size() : 0;
  }
  state.counters["leads"] = static_cast<double>(leads);
}
BENCHMARK(BM_ReadMillionLeads)->Unit(benchmark::kSecond)->Iterations(1);

void BM_ImportMillionLeads(benchmark::State& state) {
  const std::string file = to_gb18030(lead_csv(1'000'000, 1));
  const std::string earlier = lead_csv(100'000, 2);
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("hotline-lead-bench-" + std::to_string(getpid()) + ".db"))
                               .string();
  const Actor who{"bench", "127.0.0.1"};
  int imported = 0, left_out = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path + suffix);
    auto store = LeadStore::open(path);
    if (!store.ok()) {
      state.SkipWithError(store.status().message().c_str());
      return;
    }
    for (int i = 0; i < 1000; ++i)
      (void)(*store)->add_do_not_call("", "131" + std::to_string(10'000'000 + i * 37), "", who, 0);
    (void)(*store)->add_do_not_call("", "13100*", "", who, 0);  // a thousandth of the numbers
    LeadList before;
    before.name = "earlier";
    before.vendor = "A";
    before.consent = "contract";
    (void)(*store)->import(before, *read_lead_file(earlier, {}), {}, who, 0);
    state.ResumeTiming();

    auto read = read_lead_file(file, {"", "", {"城市"}});
    LeadList list;
    list.name = "million";
    list.vendor = "B";
    list.consent = "contract";
    list.field_names = {"城市"};
    auto result = (*store)->import(list, *read, {}, who, seconds(86400));
    if (!result.ok()) {
      state.SkipWithError(result.status().message().c_str());
      return;
    }
    imported = result->list.leads;
    left_out = static_cast<int>(result->left_out.size());
  }
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(path + suffix);
  state.counters["imported"] = imported;
  state.counters["left_out"] = left_out;
  state.counters["file_MiB"] = static_cast<double>(file.size()) / (1 << 20);
}
BENCHMARK(BM_ImportMillionLeads)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace
}  // namespace hotline::leads

BENCHMARK_MAIN();
