// WriteFileAtomically: the new bytes or the old, never a half; no temporary left.
#include "rekey/base/write_file.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace rekey {
namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int Entries(const std::string& dir) {
  int n = 0;
  DIR* d = opendir(dir.c_str());
  while (dirent* e = readdir(d)) n += std::string(e->d_name) != "." && std::string(e->d_name) != "..";
  closedir(d);
  return n;
}

TEST(WriteFileAtomically, ReplacesWholeAndLeavesNoTemporary) {
  char dir[] = "/tmp/rekey-write-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string path = std::string(dir) + "/rekey.prom";
  ASSERT_TRUE(WriteFileAtomically(path, "old\n"));
  ASSERT_TRUE(WriteFileAtomically(path, std::string(1 << 20, 'x')));
  EXPECT_EQ(Read(path), std::string(1 << 20, 'x'));
  EXPECT_EQ(Entries(dir), 1);
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);  // node_exporter reads it as another user
  unlink(path.c_str());
  rmdir(dir);
}

TEST(WriteFileAtomically, MissingDirectoryIsAnErrorAndTouchesNothing) {
  Status s = WriteFileAtomically("/nonexistent-rekey-dir/x.prom", "x");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("cannot write /nonexistent-rekey-dir/x.prom"), std::string::npos);
}

}  // namespace
}  // namespace rekey
