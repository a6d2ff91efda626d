// Hostile working trees for `rekey scan`: special files (never opened),
// symlink loops, unreadable paths, sparse giants, a 100 MB minified line,
// files that shrink or vanish mid-scan, and hostile ignore files (a
// scanned repository supplies its own .gitignore).
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "hostile/hostile_util.h"
#include "rekey/scan/scanner.h"
#include "rekey/source/tree_source.h"
#include "rekey/source/file_stream.h"
#include "rekey/source/walk.h"
#include "scan/test_rules.h"

namespace rekey {
namespace {

class CollectingSink : public FindingSink {
 public:
  void Add(const Finding& finding) override { findings.push_back(finding); }
  void Finish(const ScanSummary&) override {}
  std::vector<Finding> findings;
};

class HostileTree : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase();
    ASSERT_NE(db_, nullptr);
  }
  ScanSummary Scan(CollectingSink& sink, std::uint64_t max_file_size = 0) {
    ScanOptions options;
    options.threads = 2;
    std::unique_ptr<Source> tree = MakeTreeSource({.walk = {.paths = {tree_.Path()}}, .max_file_size = max_file_size});
    Result<ScanSummary> summary = Scanner(db_, options).Run(*tree, sink);
    EXPECT_TRUE(summary);
    return summary ? *summary : ScanSummary{};
  }
  std::shared_ptr<const RulesDatabase> db_;
  TempTree tree_;
};

TEST_F(HostileTree, FifosSocketsAndDevicesAreSkippedWithoutBeingOpened) {
  tree_.Write("app.env", "TOKEN=" + FakeToken(1) + "\n");
  ASSERT_TRUE(MakeFifo(tree_.Path("pipe.env")));
  const int sock = MakeSocket(tree_.Path("sock.env"));
  ASSERT_GE(sock, 0);
  const bool device = MakeZeroDevice(tree_.Path("zero.env"));  // needs root, as in CI
  OpenWatch watch(tree_.Path());
  ASSERT_TRUE(watch.ok());
  CollectingSink sink;
  const ScanSummary summary = Scan(sink);
  EXPECT_EQ(sink.findings.size(), 1u);
  EXPECT_TRUE(summary.errors.empty());
  EXPECT_EQ(summary.stats.files_skipped_special, device ? 3u : 2u);
  const std::set<std::string> opened = watch.Opened();
  EXPECT_EQ(opened.count("pipe.env"), 0u);
  EXPECT_EQ(opened.count("sock.env"), 0u);
  EXPECT_EQ(opened.count("zero.env"), 0u);
  EXPECT_EQ(opened.count("app.env"), 1u);
  ::close(sock);
}

TEST_F(HostileTree, SymlinkLoopsAndLinksToDevicesAreNotFollowed) {
  tree_.Write("d/app.env", "TOKEN=" + FakeToken(2) + "\n");
  std::filesystem::create_symlink(tree_.Path("b"), tree_.Path("a"));
  std::filesystem::create_symlink(tree_.Path("a"), tree_.Path("b"));
  std::filesystem::create_directory_symlink(tree_.Path(), tree_.Path("d/up"));
  std::filesystem::create_symlink("/dev/zero", tree_.Path("zero"));
  CollectingSink sink;
  const ScanSummary summary = Scan(sink);
  EXPECT_EQ(sink.findings.size(), 1u);
  EXPECT_TRUE(summary.errors.empty());
  EXPECT_EQ(summary.stats.files_skipped_special, 4u);
}

TEST_F(HostileTree, SymlinkLoopNamedOnTheCommandLineIsAnError) {
  std::filesystem::create_symlink(tree_.Path("b"), tree_.Path("a"));
  std::filesystem::create_symlink(tree_.Path("a"), tree_.Path("b"));
  WalkOptions options;
  options.paths = {tree_.Path("a")};
  const WalkResult walk = Walk(options);
  ASSERT_EQ(walk.errors.size(), 1u);
  EXPECT_NE(walk.errors[0].message.find("symbolic links"), std::string::npos) << walk.errors[0].message;
}

// Root reads anything, so the scan runs as nobody; unreadable paths are
// reported (the CLI then exits 2) and the rest of the tree is still scanned.
TEST_F(HostileTree, PermissionDeniedFilesAndDirectoriesAreReportedAndSkipped) {
  tree_.Write("ok/app.env", "TOKEN=" + FakeToken(3) + "\n");
  const std::string file = tree_.Write("locked.env", "TOKEN=" + FakeToken(4) + "\n");
  tree_.Write("closed/inner.env", "TOKEN=" + FakeToken(5) + "\n");
  ::chmod(file.c_str(), 0);
  ::chmod(tree_.Path("closed").c_str(), 0);
  ::chmod(tree_.Path().c_str(), 0755);
  ::chmod(tree_.Path("ok").c_str(), 0755);
  const int code = RunUnprivileged([&] {
    CollectingSink sink;
    const ScanSummary summary = Scan(sink);
    if (sink.findings.size() != 1 || summary.errors.size() != 2) return 1;
    if (summary.errors[0].path != tree_.Path("closed") || summary.errors[1].path != file) return 2;
    return summary.errors[0].message == "Permission denied" ? 0 : 3;
  });
  EXPECT_EQ(code, 0);
}

#ifdef REKEY_BIN
// The same tree through the real binary as nobody: the readable secret is
// reported, each unreadable path is named on stderr, and the exit code is 2
// (could not do the whole job), never 0 and not 1 either.
TEST_F(HostileTree, ScanOfAPartlyUnreadableTreeExitsTwo) {
  tree_.Write("rules.yaml", kTestRules);
  tree_.Write("src/ok/app.env", "TOKEN=" + FakeToken(12) + "\n");
  const std::string file = tree_.Write("src/locked.env", "TOKEN=" + FakeToken(13) + "\n");
  tree_.Write("src/closed/inner.env", "TOKEN=" + FakeToken(14) + "\n");
  std::filesystem::create_directories(tree_.Path("out"));
  for (const char* dir : {"", "src", "src/ok"}) ::chmod(tree_.Path(dir).c_str(), 0755);
  ::chmod(tree_.Path("out").c_str(), 0777);
  ::chmod(file.c_str(), 0);
  ::chmod(tree_.Path("src/closed").c_str(), 0);
  const int code = RunUnprivileged([&] {
    const std::string command = "cd " + tree_.Path() + " && " REKEY_BIN " scan --no-cache --rules rules.yaml src >" +
                                tree_.Path("out/stdout") + " 2>" + tree_.Path("out/stderr") + " </dev/null";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
  });
  auto slurp = [](const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string out = slurp(tree_.Path("out/stdout"));
  const std::string err = slurp(tree_.Path("out/stderr"));
  EXPECT_EQ(code, 2) << out << err;
  EXPECT_NE(out.find("src/ok/app.env"), std::string::npos) << out;
  EXPECT_NE(err.find("src/locked.env"), std::string::npos) << err;
  EXPECT_NE(err.find("src/closed"), std::string::npos) << err;
  EXPECT_NE(err.find("Permission denied"), std::string::npos) << err;
}
#endif

TEST_F(HostileTree, SparseTenGigabyteFileIsSkippedBySizeUnread) {
  ASSERT_TRUE(MakeSparseFile(tree_.Path("huge.bin"), 10ull << 30));
  tree_.Write("app.env", "TOKEN=" + FakeToken(6) + "\n");
  OpenWatch watch(tree_.Path());
  CollectingSink sink;
  const ScanSummary summary = Scan(sink, 100u << 20);
  EXPECT_EQ(summary.stats.files_skipped_too_large, 1u);
  EXPECT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(watch.Read().count("huge.bin"), 0u);  // opened and fstat'ed for its size, never read
}

// Without a size limit (the default) the same file is read until its first
// bytes show it is binary (NULs), then skipped: 64 KiB, not 10 GB.
TEST_F(HostileTree, SparseTenGigabyteFileWithoutALimitIsSkippedAsBinary) {
  ASSERT_TRUE(MakeSparseFile(tree_.Path("huge.bin"), 10ull << 30));
  tree_.Write("app.env", "TOKEN=" + FakeToken(6) + "\n");
  const std::size_t text_bytes = ("TOKEN=" + FakeToken(6) + "\n").size();
  EXPECT_EQ(WithDeadline(60,
                         [&] {
                           CollectingSink sink;
                           const ScanSummary summary = Scan(sink);
                           return summary.stats.files_skipped_binary == 1 &&
                                          summary.stats.bytes_scanned == text_bytes && sink.findings.size() == 1
                                      ? 0
                                      : 1;
                         }),
            0);
}

// A minified bundle: one 100 MB line of statements with secrets spread
// through it. Every one is found, at the right column. Each secret ends its
// statement (';'): glued to the 'x' filler it would be another, longer token,
// which the placeholder filter rightly drops (a run of six equal bytes).
TEST_F(HostileTree, HundredMegabyteSingleLineIsScannedWhole) {
  constexpr std::size_t kSize = 100u << 20;
  constexpr int kSecrets = 100;
  std::string line(kSize, 'x');
  for (std::size_t i = 0; i < kSize; i += 64) line[i] = ';';
  std::vector<std::size_t> at;
  for (int i = 0; i < kSecrets; ++i) {
    const std::string token = "TOKEN=" + FakeToken(100 + i) + ";";
    const std::size_t pos = (kSize / kSecrets) * i + 1;
    line.replace(pos, token.size(), token);
    at.push_back(pos + 6);
  }
  tree_.Write("bundle.min.js", line);
  line.clear();
  CollectingSink sink;
  const ScanSummary summary = Scan(sink);  // read in 16 MiB chunks: columns carry across them
  EXPECT_TRUE(summary.errors.empty());
  ASSERT_EQ(sink.findings.size(), static_cast<std::size_t>(kSecrets));
  for (int i = 0; i < kSecrets; ++i) {
    EXPECT_EQ(sink.findings[i].line, 1);
    EXPECT_EQ(sink.findings[i].column, static_cast<int>(at[i]) + 1);
  }
}

TEST_F(HostileTree, FileThatVanishesAfterTheWalkIsAnError) {
  const std::string path = tree_.Write("gone.env", "x");
  WalkOptions options;
  options.paths = {tree_.Path()};
  const WalkResult walk = Walk(options);
  ASSERT_EQ(walk.files.size(), 1u);
  std::filesystem::remove(path);
  const Opened opened = OpenFile(walk.files[0].path, {});
  EXPECT_EQ(opened.status, OpenStatus::kError);
  EXPECT_EQ(opened.error, "No such file or directory");
}

TEST_F(HostileTree, FileReplacedByAFifoAfterTheWalkIsSkipped) {
  const std::string path = tree_.Write("swapped.env", "x");
  std::filesystem::remove(path);
  ASSERT_TRUE(MakeFifo(path));
  EXPECT_EQ(OpenFile(path, {}).status, OpenStatus::kSpecial);
}

// A large file truncated while it is read: every byte is read() into the
// scanner's buffer (a mapping read past the new end of file raises SIGBUS),
// so the read simply ends early.
TEST_F(HostileTree, FileThatShrinksWhileScannedDoesNotCrash) {
  const std::string content(4u << 20, 'a');
  const std::string path = tree_.Write("shrinks.txt", content);
  EXPECT_EXIT(
      {
        Opened opened = OpenFile(path, {});
        if (opened.status != OpenStatus::kOk) std::_Exit(2);
        std::string buffer(1 << 20, '\0');
        std::size_t got = opened.stream->Read(buffer.data(), buffer.size());
        ::truncate(path.c_str(), 0);
        while (std::size_t n = opened.stream->Read(buffer.data(), buffer.size())) got += n;
        std::_Exit(got >= (1u << 20) && got <= content.size() ? 0 : 3);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST_F(HostileTree, IgnoreFileThatIsAFifoIsNotOpened) {
  tree_.Write("app.env", "TOKEN=" + FakeToken(7) + "\n");
  ASSERT_TRUE(MakeFifo(tree_.Path(".gitignore")));
  std::filesystem::create_directories(tree_.Path(".git/info"));
  ASSERT_TRUE(MakeFifo(tree_.Path(".git/info/exclude")));
  EXPECT_EQ(WithDeadline(120,
                         [&] {
                           CollectingSink sink;
                           Scan(sink);
                           return sink.findings.size() == 1 ? 0 : 1;
                         }),
            0);
}

TEST_F(HostileTree, IgnoreFileLinkedToADeviceIsNotFollowed) {
  tree_.Write("app.env", "TOKEN=" + FakeToken(8) + "\n");
  std::filesystem::create_symlink("/dev/zero", tree_.Path(".gitignore"));
  EXPECT_EQ(WithDeadline(120,
                         [&] {
                           CollectingSink sink;
                           Scan(sink);
                           return sink.findings.size() == 1 ? 0 : 1;
                         }),
            0);
}

// git itself stops at 100 MiB (PATTERN_MAX_FILE_SIZE); so does rekey, rather
// than reading a sparse 10 GB .gitignore into memory.
TEST_F(HostileTree, HugeIgnoreFileIsNotRead) {
  tree_.Write("app.env", "TOKEN=" + FakeToken(9) + "\n");
  ASSERT_TRUE(MakeSparseFile(tree_.Path(".gitignore"), 10ull << 30));
  CollectingSink sink;
  const ScanSummary summary = Scan(sink);
  EXPECT_EQ(sink.findings.size(), 1u);
  // Not read as an ignore file (stat first); scanned only as far as its first
  // bytes, which show it is binary (a sparse file is NULs).
  EXPECT_EQ(summary.stats.files_skipped_binary, 1u);
  EXPECT_EQ(summary.stats.files_scanned, 1u);
}

TEST_F(HostileTree, SymlinkedIgnoreFileIsNotFollowedLikeGit) {
  tree_.Write("app.env", "TOKEN=" + FakeToken(10) + "\n");
  tree_.Write("elsewhere/patterns", "*.env\n");
  std::filesystem::create_symlink(tree_.Path("elsewhere/patterns"), tree_.Path(".gitignore"));
  CollectingSink sink;
  Scan(sink);
  EXPECT_EQ(sink.findings.size(), 1u);  // git >= 2.32 ignores a symlinked .gitignore too
}

// A repository's .gitignore with many stars: the recursive glob matcher
// backtracks exponentially (every '*' retries every split of the name).
TEST_F(HostileTree, PathologicalIgnorePatternIsMatchedInBoundedTime) {
  tree_.Write("app.env", "TOKEN=" + FakeToken(11) + "\n");
  tree_.Write(std::string(100, 'a'), "x");
  std::string pattern;
  for (int i = 0; i < 13; ++i) pattern += "*a";
  tree_.Write(".gitignore", pattern + "*b\n");
  EXPECT_EQ(WithDeadline(120,
                         [&] {
                           CollectingSink sink;
                           Scan(sink);
                           return sink.findings.size() == 1 ? 0 : 1;
                         }),
            0);
}

}  // namespace
}  // namespace rekey
