#include "rekey/matcher/rules_database.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>

#include "matcher/database_cache.h"
#include "matcher/database_impl.h"
#include "matcher/test_rules.h"
#include "rekey/matcher/matcher.h"

namespace rekey {
namespace {

using testing::BuildDatabase;
using testing::RuleYaml;
using testing::TestRulesYaml;

struct ErrorCase {
  std::string name;
  std::string pattern;
  std::string extra;
  std::string id;
  std::string message_part;
};

TEST(RulesDatabase, ReportsPatternErrorsAtTheRule) {
  const std::vector<ErrorCase> cases = {
      {"RE2 rejects", "(rkbad_[a-z]{8}", "", "RK-RULE-005", "missing )"},
      {"two groups", "(rkbad_)([a-z]{8})", "", "RK-RULE-006", "2 capture groups"},
      {"no group", "rkbad_[a-z]{8}", "", "RK-RULE-006", "0 capture groups"},
      {"no literal", "\\b([0-9a-f]{32})\\b", "", "RK-RULE-008", "no literal"},
      {"Hyperscan rejects", "(?U)rkbad_([a-z]{8})", "", "RK-RULE-007", "Hyperscan rejects"},
  };
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.name);
    Diagnostics diags;
    const std::string yaml = "rules:\n" + RuleYaml("t.ok", "(rkok_[a-z]{8})") + RuleYaml("t.bad", c.pattern, c.extra);
    EXPECT_EQ(BuildDatabase(yaml, CacheOptions{false, ""}, diags), nullptr);
    ASSERT_EQ(diags.items().size(), 1u);
    const Diagnostic& d = diags.items()[0];
    EXPECT_EQ(d.id, c.id);
    EXPECT_EQ(d.loc, (SourceLoc{"test.yaml", 13, 14}));  // t.bad's pattern value
    EXPECT_NE(d.message.find("\"t.bad\""), std::string::npos) << d.message;
    EXPECT_NE(d.message.find(c.message_part), std::string::npos) << d.message;
  }
}

TEST(RulesDatabase, KeywordsAllowPatternsWithoutLiterals) {
  Diagnostics diags;
  const std::string yaml = "rules:\n" + RuleYaml("t.hex", "\\b([0-9a-f]{32})\\b", "    keywords: [abc]\n");
  EXPECT_NE(BuildDatabase(yaml, CacheOptions{false, ""}, diags), nullptr);
  EXPECT_TRUE(diags.empty());
}

TEST(RulesDatabase, EmptyRuleSetScansNothing) {
  Diagnostics diags;
  std::shared_ptr<const RulesDatabase> db = RulesDatabase::Build(RuleSet{}, CacheOptions{false, ""}, diags);
  ASSERT_NE(db, nullptr);
  Matcher matcher(db);
  std::vector<RuleMatch> out;
  matcher.Scan("anything", out);
  EXPECT_TRUE(out.empty());
}

class CacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::path(::testing::TempDir()) / ("rekey-cache-" + std::to_string(::getpid()) + "-" +
                                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::shared_ptr<const RulesDatabase> Build() {
    Diagnostics diags;
    auto db = BuildDatabase(TestRulesYaml(), CacheOptions{true, dir_.string()}, diags);
    EXPECT_TRUE(diags.empty());
    return db;
  }

  size_t CountMatches(const std::shared_ptr<const RulesDatabase>& db) {
    std::mt19937 rng(7);
    const std::string data = "x rklive_" + testing::RandomBase62(rng, 40) + " rkpair_0123abcd";
    Matcher matcher(db);
    std::vector<RuleMatch> out;
    matcher.Scan(data, out);
    return out.size();
  }

  std::filesystem::path dir_;
};

TEST_F(CacheTest, RoundTripWithMode0600) {
  auto first = Build();
  ASSERT_NE(first, nullptr);
  EXPECT_FALSE(first->loaded_from_cache());
  ASSERT_FALSE(first->cache_path().empty());
  struct stat st {};
  ASSERT_EQ(::stat(first->cache_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(dir_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);

  auto second = Build();
  ASSERT_NE(second, nullptr);
  EXPECT_TRUE(second->loaded_from_cache());
  EXPECT_EQ(second->cache_path(), first->cache_path());
  EXPECT_EQ(CountMatches(first), 2u);
  EXPECT_EQ(CountMatches(second), 2u);  // RE2 compiled lazily on first hit
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) files += entry.is_regular_file();
  EXPECT_EQ(files, 1u);  // no temp files left behind
}

TEST_F(CacheTest, CachedAnchorsAndPrepareCompilesAheadUntilStopped) {
  const auto built = Build();
  const auto cached = Build();
  ASSERT_TRUE(cached->loaded_from_cache());
  const RulesDatabase::Impl& a = built->impl();
  const RulesDatabase::Impl& b = cached->impl();
  ASSERT_EQ(a.anchors.size(), b.anchors.size());
  for (size_t i = 0; i < a.anchors.size(); ++i) {  // the prefixes come back from the file as computed
    EXPECT_EQ(a.anchors[i].look_back, b.anchors[i].look_back) << i;
    EXPECT_EQ(a.anchors[i].prefix, b.anchors[i].prefix) << i;
  }
  EXPECT_EQ(b.anchors[testing::kLive].prefix, "rklive_");
  for (size_t i = 0; i < b.rules.size(); ++i) EXPECT_EQ(b.confirmers[i].compiled(), nullptr) << i;
  const std::atomic<bool> stop{true};
  cached->Prepare(stop);
  EXPECT_EQ(b.confirmers[0].compiled(), nullptr);
  const std::atomic<bool> go{false};
  cached->Prepare(go);
  for (size_t i = 0; i < b.rules.size(); ++i) EXPECT_NE(b.confirmers[i].compiled(), nullptr) << i;
  EXPECT_EQ(CountMatches(cached), 2u);
}

TEST_F(CacheTest, KeyChangesWithRules) {
  auto first = Build();
  Diagnostics diags;
  auto other = BuildDatabase("rules:\n" + RuleYaml("t.x", "(rkx_[a-z]{8})"), CacheOptions{true, dir_.string()}, diags);
  ASSERT_NE(other, nullptr);
  EXPECT_FALSE(other->loaded_from_cache());
  EXPECT_NE(other->cache_path(), first->cache_path());
}

TEST_F(CacheTest, TamperedOrTruncatedFileIsRebuilt) {
  const std::string path = Build()->cache_path();
  const auto size = std::filesystem::file_size(path);
  struct Damage {
    std::string name;
    std::function<void()> apply;
  };
  const std::vector<Damage> damages = {
      {"flipped payload byte",
       [&] {
         std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
         f.seekp(static_cast<std::streamoff>(size / 2));
         f.put('\x5a' ^ static_cast<char>(size & 0xff));
       }},
      {"flipped look-back digit",  // still a well-formed widths line: only the checksum sees it
       [&] {
         std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
         f.seekg(41);  // the header: "RKHSDB02", 16 + 16 hex digits, '\n'
         const char digit = static_cast<char>(f.get());
         ASSERT_TRUE(digit >= '0' && digit <= '9');
         f.seekp(41);
         f.put(digit == '9' ? '1' : static_cast<char>(digit + 1));
       }},
      {"flipped bit near the end of the bytecode",  // Hyperscan's CRC32C of its bytecode sees it
       [&] {
         std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
         f.seekg(static_cast<std::streamoff>(size - 4096));
         const char byte = static_cast<char>(f.get());
         f.seekp(static_cast<std::streamoff>(size - 4096));
         f.put(static_cast<char>(byte ^ 0x01));
       }},
      {"truncated", [&] { std::filesystem::resize_file(path, size / 3); }},
      {"header only", [&] { std::filesystem::resize_file(path, 41); }},
      {"empty", [&] { std::filesystem::resize_file(path, 0); }},
  };
  for (const Damage& d : damages) {
    SCOPED_TRACE(d.name);
    d.apply();
    auto rebuilt = Build();
    ASSERT_NE(rebuilt, nullptr);
    EXPECT_FALSE(rebuilt->loaded_from_cache());
    EXPECT_EQ(CountMatches(rebuilt), 2u);
    EXPECT_EQ(std::filesystem::file_size(path), size);  // rewritten whole
    EXPECT_TRUE(Build()->loaded_from_cache());
  }
}

TEST_F(CacheTest, VerifiedPayloadForOtherRulesIsRebuilt) {
  // The payload opens with one look-back width per rule; a checksummed file
  // whose widths do not fit the rule set (or are out of range) is not used.
  const std::string path = Build()->cache_path();
  const std::string database = "not a hyperscan database";
  for (const std::string& widths :
       {std::string("1 2 \n"), std::string("1 2 3 4 5 6 99999 \n"), std::string("1 2 3 4 5 6 7\n"), std::string("")}) {
    SCOPED_TRACE(widths);
    ASSERT_TRUE(WriteCacheFile(dir_.string(), path, widths + database));
    auto rebuilt = Build();
    ASSERT_NE(rebuilt, nullptr);
    EXPECT_FALSE(rebuilt->loaded_from_cache());
    EXPECT_EQ(CountMatches(rebuilt), 2u);
    auto cached = Build();
    EXPECT_TRUE(cached->loaded_from_cache());
    EXPECT_EQ(CountMatches(cached), 2u);
  }
}

TEST_F(CacheTest, KeepsOnlyTheNewestDatabases) {
  std::filesystem::create_directories(dir_);
  for (int i = 0; i < 12; ++i) {
    const auto path = dir_ / ("hsdb-old" + std::to_string(i) + ".bin");
    std::ofstream(path) << "stale";
    std::filesystem::last_write_time(path, std::filesystem::file_time_type::clock::now() - std::chrono::hours(1 + i));
  }
  std::ofstream(dir_ / "notes.txt") << "not a cache file";
  auto db = Build();
  ASSERT_NE(db, nullptr);
  size_t databases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    databases += entry.path().extension() == ".bin";
  }
  EXPECT_EQ(databases, kMaxCacheFiles);
  EXPECT_TRUE(std::filesystem::exists(db->cache_path()));
  EXPECT_TRUE(std::filesystem::exists(dir_ / "hsdb-old0.bin"));    // the newest stale ones stay
  EXPECT_FALSE(std::filesystem::exists(dir_ / "hsdb-old11.bin"));  // the oldest go
  EXPECT_TRUE(std::filesystem::exists(dir_ / "notes.txt"));
}

TEST_F(CacheTest, DisabledCacheWritesNothing) {
  Diagnostics diags;
  auto db = BuildDatabase(TestRulesYaml(), CacheOptions{false, dir_.string()}, diags);
  ASSERT_NE(db, nullptr);
  EXPECT_TRUE(db->cache_path().empty());
  EXPECT_FALSE(std::filesystem::exists(dir_));
}

}  // namespace
}  // namespace rekey
