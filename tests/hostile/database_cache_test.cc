// The on-disk Hyperscan database cache under hostile conditions: whatever sits
// at the cache path (a FIFO, a link to a device, a directory, a huge file) is
// detected and rebuilt, never blocks or streams; and concurrent rekey
// processes writing the same cache never leave a torn file.
#include "matcher/database_cache.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hostile/hostile_util.h"
#include "rekey/matcher/matcher.h"
#include "rekey/matcher/rules_database.h"
#include "scan/test_rules.h"

namespace rekey {
namespace {

class HostileCache : public ::testing::Test {
 protected:
  std::shared_ptr<const RulesDatabase> Build() {
    Diagnostics diags;
    RuleSet rules;
    rules.AddText(kTestRules, "test_rules.yaml", false, diags);
    return RulesDatabase::Build(rules, CacheOptions{true, dir()}, diags);
  }
  // The database finds the planted token: whatever happened to the cache, it works.
  static bool Works(const std::shared_ptr<const RulesDatabase>& db) {
    if (db == nullptr) return false;
    Matcher matcher(db);
    std::vector<RuleMatch> out;
    matcher.Scan("x " + FakeToken(1) + " y", out);
    return !out.empty();
  }
  std::string dir() const { return tree_.Path("cache"); }
  // Builds once (writing the cache), then replaces the file with what `plant` makes.
  std::string PlantAtCachePath(const std::function<void(const std::string&)>& plant) {
    const std::string path = Build()->cache_path();
    std::filesystem::remove(path);
    plant(path);
    return path;
  }
  TempTree tree_;
};

TEST_F(HostileCache, FifoAtTheCachePathIsRebuiltWithoutBlocking) {
  const std::string path = PlantAtCachePath([](const std::string& p) { ASSERT_TRUE(MakeFifo(p)); });
  std::shared_ptr<const RulesDatabase> db = Build();
  EXPECT_TRUE(Works(db));
  EXPECT_FALSE(db->loaded_from_cache());
  EXPECT_TRUE(std::filesystem::is_regular_file(std::filesystem::symlink_status(path)));
  EXPECT_TRUE(Build()->loaded_from_cache());
}

TEST_F(HostileCache, SymlinkToADeviceAtTheCachePathIsRebuilt) {
  const std::string path =
      PlantAtCachePath([](const std::string& p) { std::filesystem::create_symlink("/dev/zero", p); });
  std::shared_ptr<const RulesDatabase> db = Build();
  EXPECT_TRUE(Works(db));
  EXPECT_FALSE(db->loaded_from_cache());
  EXPECT_TRUE(std::filesystem::is_regular_file(std::filesystem::symlink_status(path)));
}

TEST_F(HostileCache, HugeFileAtTheCachePathIsRebuiltUnread) {
  const std::string path = PlantAtCachePath([](const std::string& p) { ASSERT_TRUE(MakeSparseFile(p, 10ull << 30)); });
  std::shared_ptr<const RulesDatabase> db = Build();
  EXPECT_TRUE(Works(db));
  EXPECT_FALSE(db->loaded_from_cache());
  EXPECT_LT(std::filesystem::file_size(path), 1u << 30);
}

TEST_F(HostileCache, DirectoryAtTheCachePathStillScans) {
  PlantAtCachePath([](const std::string& p) { std::filesystem::create_directories(p + "/x"); });
  std::shared_ptr<const RulesDatabase> db = Build();
  EXPECT_TRUE(Works(db));
  EXPECT_FALSE(db->loaded_from_cache());
}

TEST_F(HostileCache, UnwritableCacheDirectoryStillScans) {
  std::filesystem::create_directories(dir());
  ::chmod(dir().c_str(), 0500);
  ::chmod(tree_.Path().c_str(), 0755);
  const int code = RunUnprivileged([&] { return Works(Build()) ? 0 : 1; });
  ::chmod(dir().c_str(), 0700);
  EXPECT_EQ(code, 0);
}

// Truncation and flipped bytes fail the checksum or Hyperscan's CRC32C
// (tests/matcher covers each);
// a payload whose checksum is right but whose content is not a database for
// these rules (another rekey's file, a hand-made one) must fail the format
// checks instead: widths line, rule count, Hyperscan's own deserializer.
TEST_F(HostileCache, VerifiedButForeignPayloadIsRebuilt) {
  const std::string path = Build()->cache_path();
  const std::string good = *ReadCacheFile(path);
  const std::string widths = good.substr(0, good.find('\n') + 1);
  const std::vector<std::string> payloads = {
      "",
      "not a database",
      widths,                                                                  // no Hyperscan bytes
      widths + std::string(4096, '\xA5'),                                      // garbage Hyperscan bytes
      widths + good.substr(widths.size(), (good.size() - widths.size()) / 2),  // truncated database
      "1 2 \n" + good.substr(widths.size()),                                   // wrong rule count
      "99999999999999999999 1 1 1 \n" + good.substr(widths.size()),            // width overflow
  };
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    SCOPED_TRACE(i);
    ASSERT_TRUE(WriteCacheFile(dir(), path, payloads[i]));
    std::shared_ptr<const RulesDatabase> db = Build();
    EXPECT_TRUE(Works(db));
    EXPECT_FALSE(db->loaded_from_cache());
    EXPECT_EQ(ReadCacheFile(path), good);  // replaced by the rebuilt database
  }
}

// Writers in several processes and a reader in this one, all on one path:
// every read sees nothing or one writer's complete payload (temp file + rename).
TEST_F(HostileCache, ConcurrentWritersNeverLeaveATornFile) {
  constexpr int kWriters = 3;
  const std::string path = CacheFilePath(dir(), "0123");
  auto payload = [](int writer) { return std::string(1u << 20, static_cast<char>('a' + writer)); };
  std::vector<pid_t> children;
  for (int w = 0; w < kWriters; ++w) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      for (int i = 0; i < 40; ++i) {
        if (!WriteCacheFile(dir(), path, payload(w))) ::_exit(1);
      }
      ::_exit(0);
    }
    children.push_back(pid);
  }
  int torn = 0;
  for (int i = 0; i < 200; ++i) {
    const std::optional<std::string> read = ReadCacheFile(path);
    if (!read) continue;  // not written yet
    bool whole = false;
    for (int w = 0; w < kWriters; ++w) whole = whole || *read == payload(w);
    torn += !whole;
  }
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  EXPECT_EQ(torn, 0);
  ASSERT_TRUE(ReadCacheFile(path).has_value());
  for (const auto& entry : std::filesystem::directory_iterator(dir())) {
    EXPECT_EQ(entry.path().filename().string().rfind(".hsdb-", 0), std::string::npos) << entry.path();
  }
}

TEST_F(HostileCache, TwoProcessesBuildingTheSameDatabaseBothSucceed) {
  std::vector<pid_t> children;
  for (int i = 0; i < 2; ++i) {
    const pid_t pid = ::fork();
    if (pid == 0) ::_exit(Works(Build()) ? 0 : 1);
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  std::shared_ptr<const RulesDatabase> db = Build();
  EXPECT_TRUE(db->loaded_from_cache());
  EXPECT_TRUE(Works(db));
}

}  // namespace
}  // namespace rekey
