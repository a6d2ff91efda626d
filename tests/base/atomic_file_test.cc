#include "rekey/base/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace rekey {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/rekey-atomic-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  size_t Entries() { return static_cast<size_t>(std::distance(fs::directory_iterator(dir_), {})); }
  std::string dir_;
};

TEST_F(AtomicFileTest, WritesAndReplacesWhole) {
  const std::string path = dir_ + "/plan.md";
  ASSERT_TRUE(WriteFileAtomic(path, "first\n"));
  ASSERT_TRUE(WriteFileAtomic(path, "second\n"));
  EXPECT_EQ(Read(path), "second\n");
  EXPECT_EQ(Entries(), 1u) << "no temp file left behind";
}

TEST_F(AtomicFileTest, UncommittedWriteLeavesTheOldFileAndNoTemp) {
  const std::string path = dir_ + "/baseline.json";
  ASSERT_TRUE(WriteFileAtomic(path, "accepted entries\n"));
  {
    AtomicFile file(path);
    ASSERT_TRUE(file.Open());
    file.Write("half of a new");
  }  // destroyed without Commit: the process "died"
  EXPECT_EQ(Read(path), "accepted entries\n");
  EXPECT_EQ(Entries(), 1u);
}

TEST_F(AtomicFileTest, RefusesASymlinkUnlessFollowed) {
  const std::string outside = dir_ + "/outside";
  const std::string link = dir_ + "/.rekey-baseline.json";
  fs::create_symlink(outside, link);  // dangling, as committed in a hostile repository
  const Status refused = WriteFileAtomic(link, "x");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("symlink"), std::string::npos);
  EXPECT_FALSE(fs::exists(outside));
  ASSERT_TRUE(WriteFileAtomic(link, "y", {.follow_symlink = true}));
  EXPECT_EQ(Read(outside), "y");
  EXPECT_TRUE(fs::is_symlink(link));
}

TEST_F(AtomicFileTest, FullDiskIsAnError) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  // /dev/full is not a regular file: refused before writing.
  EXPECT_FALSE(WriteFileAtomic("/dev/full", "x"));
}

TEST_F(AtomicFileTest, MissingDirectoryIsAnErrorWithAHint) {
  const Status s = WriteFileAtomic(dir_ + "/no/such/dir/out.json", "x");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().hint, "create the directory first");
}

TEST_F(AtomicFileTest, ModeIsAppliedExactly) {
  const std::string path = dir_ + "/state";
  ASSERT_TRUE(WriteFileAtomic(path, "x", {.mode = 0600}));
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

}  // namespace
}  // namespace rekey
