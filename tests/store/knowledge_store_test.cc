// The knowledge base in a real SQLite file: folders, versions kept, stale edits refused,
// Chinese search by trigrams and by short words, articles found by IVR node.

#include "store/knowledge_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace hotline::store {
namespace {

class KnowledgeStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("hotline-kb-" + std::to_string(getpid()) + ".db"))
                .string();
    std::filesystem::remove(path_);
    auto s = KnowledgeStore::open(path_);
    ASSERT_TRUE(s.ok()) << s.status().message();
    kb_ = std::move(*s);
  }
  void TearDown() override {
    kb_.reset();
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path_ + suffix);
  }
  KbArticle article(std::int64_t folder, const std::string& title, const std::string& body,
                    const std::string& node = "") {
    KbArticle a;
    a.folder = folder;
    a.title = title;
    a.body = body;
    a.ivr_node = node;
    a.updated = 1000;
    a.updated_by = "wu";
    auto added = kb_->add_article(a);
    EXPECT_TRUE(added.ok()) << added.status().message();
    return added.ok() ? *added : KbArticle{};
  }
  std::string path_;
  std::unique_ptr<KnowledgeStore> kb_;
};

TEST_F(KnowledgeStoreTest, FoldersAndVersions) {
  auto top = kb_->add_folder("空调", 0);
  ASSERT_TRUE(top.ok());
  EXPECT_FALSE(kb_->add_folder("x", 99).ok());
  auto sub = kb_->add_folder("故障", *top);
  ASSERT_TRUE(sub.ok());
  EXPECT_EQ(kb_->folders()->size(), 2u);
  KbArticle a = article(*sub, "空调不制冷怎么办", "检查滤网。");
  EXPECT_EQ(a.version, 1);
  KbArticle change = a;
  change.body = "先断电。";
  change.updated_by = "qa";
  auto v2 = kb_->update_article(change, 1);
  ASSERT_TRUE(v2.ok() && *v2);
  EXPECT_EQ((*v2)->version, 2);
  auto stale = kb_->update_article(change, 1);  // edited from version 1 again
  ASSERT_FALSE(stale.ok());
  EXPECT_NE(stale.status().message().find("version 2"), std::string::npos);
  EXPECT_EQ((*kb_->article(a.id))->body, "先断电。");
  auto versions = kb_->versions(a.id);
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[1].body, "检查滤网。");
  EXPECT_EQ((*versions)[0].user, "qa");
  KbArticle nowhere = a;
  nowhere.id = 99;
  auto missing = kb_->update_article(nowhere, 1);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(*missing);
}

TEST_F(KnowledgeStoreTest, ChineseSearch) {
  auto f = kb_->add_folder("空调", 0);
  ASSERT_TRUE(f.ok());
  article(*f, "空调不制冷怎么办", "1. 检查滤网是否堵塞。2. 室外机是否通风。");
  article(*f, "冰箱噪音大", "检查是否放平。");
  auto hits = kb_->search("不制冷", 10);
  ASSERT_TRUE(hits.ok()) << hits.status().message();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_NE((*hits)[0].snippet.find("[不制冷]"), std::string::npos);
  EXPECT_EQ(kb_->search("滤网", 10)->size(), 1u);       // two characters: a substring
  EXPECT_EQ(kb_->search("检查", 10)->size(), 2u);       // in both
  EXPECT_EQ(kb_->search("检查 放平", 10)->size(), 1u);  // every word required
  EXPECT_EQ(kb_->search("不制冷 放平", 10)->size(), 0u);
  EXPECT_EQ(kb_->search("\"", 10)->size(), 0u);  // quotes are text, not syntax
  EXPECT_EQ(kb_->search("%", 10)->size(), 0u);
  EXPECT_EQ(kb_->search("   ", 10)->size(), 0u);
}

TEST_F(KnowledgeStoreTest, ArticlesByIvrNode) {
  auto f = kb_->add_folder("Service", 0);
  ASSERT_TRUE(f.ok());
  article(*f, "Repairs", "...", "q-repair");
  article(*f, "Main menu help", "...", "main");
  auto a = kb_->for_ivr_nodes({"q-billing", "main", "welcome"});
  ASSERT_TRUE(a.ok() && *a);
  EXPECT_EQ((*a)->title, "Main menu help");
  a = kb_->for_ivr_nodes({"q-repair", "main"});
  EXPECT_EQ((*a)->title, "Repairs");
  EXPECT_FALSE(*kb_->for_ivr_nodes({"nothing", ""}));
}

TEST_F(KnowledgeStoreTest, AttachmentsKeepTheirBytes) {
  auto f = kb_->add_folder("空调", 0);
  ASSERT_TRUE(f.ok());
  const std::int64_t article = this->article(*f, "安装说明", "见附件。").id;
  const char raw[] = "%PDF-1.4\0\x01\xff binary";  // NULs and high bytes survive
  const std::string pdf(raw, sizeof raw - 1);
  KbAttachment file{0, article, "安装手册.pdf", "application/pdf", 0, pdf, 1000, "trainer"};
  auto id = kb_->add_attachment(file);
  ASSERT_TRUE(id.ok()) << id.status().message();
  file.article = article + 100;
  EXPECT_FALSE(kb_->add_attachment(file).ok());  // no such article
  auto list = kb_->attachments(article);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].name, "安装手册.pdf");
  EXPECT_EQ((*list)[0].size, static_cast<std::int64_t>(pdf.size()));
  EXPECT_TRUE((*list)[0].data.empty());  // the list carries no data
  auto got = kb_->attachment(*id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->data, pdf);
  EXPECT_EQ((*got)->created_by, "trainer");
  EXPECT_TRUE(*kb_->remove_attachment(*id));
  EXPECT_FALSE(*kb_->remove_attachment(*id));
  EXPECT_FALSE(kb_->attachment(*id)->has_value());
}

}  // namespace
}  // namespace hotline::store
