#include "rekey/source/file_stream.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "source/temp_tree.h"
#include "source/unprivileged.h"

namespace rekey {
namespace {

std::string ReadAll(ByteStream& in, std::size_t piece = 7) {
  std::string out;
  char buffer[64];
  for (std::size_t n; (n = in.Read(buffer, std::min(piece, sizeof buffer))) > 0;) out.append(buffer, n);
  return out;
}

TEST(OpenFile, ReadsTheWholeFileInPieces) {
  TempTree tree;
  Opened opened = OpenFile(tree.Write("a.txt", "hello world, in pieces"), {});
  ASSERT_EQ(opened.status, OpenStatus::kOk);
  EXPECT_EQ(opened.size, 22u);
  EXPECT_EQ(ReadAll(*opened.stream), "hello world, in pieces");
  Opened empty = OpenFile(tree.Write("c.txt", ""), {});
  ASSERT_EQ(empty.status, OpenStatus::kOk);
  EXPECT_EQ(ReadAll(*empty.stream), "");
}

TEST(OpenFile, ReadsOnWhenTheFileGrewSinceItWasOpened) {
  TempTree tree;
  const std::string path = tree.Write("log", "first\n");
  Opened opened = OpenFile(path, {});
  ASSERT_EQ(opened.status, OpenStatus::kOk);
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, "second\n", 7), 7);
  ::close(fd);
  EXPECT_EQ(ReadAll(*opened.stream, 64), "first\nsecond\n");
}

TEST(OpenFile, ReportsErrorsLimitsAndSpecialFiles) {
  TempTree tree;
  const Opened missing = OpenFile(tree.Path("missing"), {});
  EXPECT_EQ(missing.status, OpenStatus::kError);
  EXPECT_EQ(missing.error, "No such file or directory");
  EXPECT_EQ(OpenFile(tree.Write("big", "12345"), {.max_size = 4}).status, OpenStatus::kTooLarge);
  EXPECT_EQ(OpenFile(tree.Write("fits", "1234"), {.max_size = 4}).status, OpenStatus::kOk);
  EXPECT_EQ(OpenFile(tree.Path(), {}).status, OpenStatus::kSpecial);
  const std::string fifo = tree.Path("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(OpenFile(fifo, {}).status, OpenStatus::kSpecial) << "met while walking: never opened for reading";
}

TEST(OpenFile, ReadsANamedFifoToItsEnd) {
  TempTree tree;
  const std::string fifo = tree.Path("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] {
    const int fd = ::open(fifo.c_str(), O_WRONLY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, "piped ", 6), 6);
    ASSERT_EQ(::write(fd, "text\n", 5), 5);
    ::close(fd);
  });
  Opened opened = OpenFile(fifo, {.named = true});
  ASSERT_EQ(opened.status, OpenStatus::kOk);
  EXPECT_EQ(ReadAll(*opened.stream), "piped text\n");
  writer.join();
}

TEST(OpenFile, NamedSymlinkIsFollowedAWalkedOneIsNot) {
  TempTree tree;
  const std::string target = tree.Write("target.env", "KEY=1\n");
  const std::string link = tree.Path("link.env");
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  EXPECT_EQ(OpenFile(link, {}).status, OpenStatus::kSpecial);
  Opened named = OpenFile(link, {.named = true});
  ASSERT_EQ(named.status, OpenStatus::kOk);
  EXPECT_EQ(ReadAll(*named.stream), "KEY=1\n");
}

TEST(PrefixedStream, GivesThePrefixThenTheRest) {
  MemoryStream rest("world");
  PrefixedStream both("hello ", rest);
  EXPECT_EQ(ReadAll(both, 4), "hello world");
}

// The walk only lstats; reading is where an unreadable file shows. Root reads
// a mode-0 file, so the read runs as nobody.
TEST(OpenFile, UnreadableFileIsAnError) {
  TempTree tree;
  ::chmod(tree.Path().c_str(), 0755);
  const std::string path = tree.Write("locked.env", "x");
  ::chmod(path.c_str(), 0);
  EXPECT_EQ(RunUnprivileged([&] {
              const Opened opened = OpenFile(path, {});
              return opened.status == OpenStatus::kError && opened.error == "Permission denied" ? 0 : 1;
            }),
            0);
}

}  // namespace
}  // namespace rekey
