// Phones' registrations kept in a real SQLite file across reopening: replaced by a
// refresh, removed by an unregistration, and forgotten once lapsed.

#include "store/registration_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace hotline::store {
namespace {

TEST(RegistrationStore, KeepsRefreshesRemovesAndForgetsLapsedOnes) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("hotline-registrations-" + std::to_string(getpid()) + ".db"))
                               .string();
  std::filesystem::remove(path);
  {
    auto store = RegistrationStore::open(path);
    ASSERT_TRUE(store.ok()) << store.status().message();
    ASSERT_TRUE((*store)->keep({"1001", "sip:1001@192.0.2.7:5062", seconds(100), ""}).ok());
    ASSERT_TRUE((*store)->keep({"1002", "sip:1002@192.0.2.8", seconds(50), ""}).ok());
    ASSERT_TRUE((*store)->keep({"1003", "sip:1003@192.0.2.9", seconds(300), ""}).ok());
    // A refresh from another address replaces the first.
    ASSERT_TRUE((*store)
                    ->keep({"1001", "sip:1001@phone.example", seconds(400),
                            "sip:192.0.2.70:5062;transport=tcp"})
                    .ok());
    ASSERT_TRUE((*store)->remove("1003").ok());
  }
  auto store = RegistrationStore::open(path);
  ASSERT_TRUE(store.ok());
  auto live = (*store)->live(seconds(60));  // 1002 lapsed at 50 s
  ASSERT_TRUE(live.ok()) << live.status().message();
  ASSERT_EQ(live->size(), 1u);
  EXPECT_EQ((*live)[0].user, "1001");
  EXPECT_EQ((*live)[0].contact, "sip:1001@phone.example");
  EXPECT_EQ((*live)[0].route, "sip:192.0.2.70:5062;transport=tcp");
  EXPECT_EQ((*live)[0].expires_at, seconds(400));
  live = (*store)->live(0);  // the lapsed one is gone for good
  ASSERT_TRUE(live.ok());
  EXPECT_EQ(live->size(), 1u);
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(path + suffix);
}

}  // namespace
}  // namespace hotline::store
