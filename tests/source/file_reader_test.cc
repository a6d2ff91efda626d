#include "rekey/source/file_reader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

#include "source/temp_tree.h"
#include "source/unprivileged.h"

namespace rekey {
namespace {

TEST(FileReader, ReadsAndReusesItsBuffer) {
  TempTree tree;
  FileReader reader(1 << 20);
  const FileRead first = reader.Read(tree.Write("a.txt", "hello world"));
  ASSERT_EQ(first.status, ReadStatus::kOk);
  EXPECT_EQ(first.content, "hello world");
  const FileRead second = reader.Read(tree.Write("b.txt", "bye"));
  ASSERT_EQ(second.status, ReadStatus::kOk);
  EXPECT_EQ(second.content, "bye");
  const FileRead empty = reader.Read(tree.Write("c.txt", ""));
  ASSERT_EQ(empty.status, ReadStatus::kOk);
  EXPECT_TRUE(empty.content.empty());
}

TEST(FileReader, MapsBigFiles) {
  TempTree tree;
  std::string big(kMapThreshold + 10, 'a');
  big.back() = 'z';
  FileReader reader(10ull << 20);
  const FileRead read = reader.Read(tree.Write("big.txt", big));
  ASSERT_EQ(read.status, ReadStatus::kOk);
  EXPECT_EQ(read.content.size(), big.size());
  EXPECT_EQ(read.content.back(), 'z');
}

TEST(FileReader, DetectsBinaryOnlyInTheProbe) {
  TempTree tree;
  FileReader reader(1 << 20);
  EXPECT_EQ(reader.Read(tree.Write("bin", std::string("ab\0cd", 5))).status, ReadStatus::kBinary);
  std::string late(kBinaryProbe + 10, 'x');
  late[kBinaryProbe + 5] = '\0';
  EXPECT_EQ(reader.Read(tree.Write("late", late)).status, ReadStatus::kOk);
}

TEST(FileReader, ReportsErrorsAndLimits) {
  TempTree tree;
  FileReader reader(4);
  const FileRead missing = reader.Read(tree.Path("missing"));
  EXPECT_EQ(missing.status, ReadStatus::kError);
  EXPECT_EQ(missing.error, "No such file or directory");
  EXPECT_EQ(reader.Read(tree.Write("big", "12345")).status, ReadStatus::kTooLarge);
  EXPECT_EQ(reader.Read(tree.Path()).status, ReadStatus::kSpecial);
}

// The walk only lstats; reading is where an unreadable file shows. Root reads
// a mode-0 file, so the read runs as nobody.
TEST(FileReader, UnreadableFileIsAnError) {
  TempTree tree;
  ::chmod(tree.Path().c_str(), 0755);
  const std::string path = tree.Write("locked.env", "x");
  ::chmod(path.c_str(), 0);
  EXPECT_EQ(RunUnprivileged([&] {
              FileReader reader(1 << 20);
              const FileRead read = reader.Read(path);
              return read.status == ReadStatus::kError && read.error == "Permission denied" ? 0 : 1;
            }),
            0);
}

}  // namespace
}  // namespace rekey
