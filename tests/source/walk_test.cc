#include "rekey/source/walk.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <string>
#include <vector>

#include "rekey/source/file_stream.h"
#include "source/git_test_repo.h"
#include "source/temp_tree.h"
#include "source/unprivileged.h"

namespace rekey {
namespace {

WalkOptions Options(std::vector<std::string> paths) {
  WalkOptions options;
  options.paths = std::move(paths);
  return options;
}

std::vector<std::string> Relative(const WalkResult& result, const std::string& root) {
  std::vector<std::string> paths;
  for (const FileEntry& file : result.files) paths.push_back(file.path.substr(root.size() + 1));
  return paths;
}

TEST(Walk, HonoursNestedGitignores) {
  TempTree tree;
  tree.Write(".git/config", "");
  tree.Write(".gitignore", "*.log\nbuild/\n/only-top.txt\n");
  tree.Write("a.txt", "a");
  tree.Write("x.log", "x");
  tree.Write("only-top.txt", "t");
  tree.Write("build/out.txt", "o");
  tree.Write("sub/.gitignore", "!keep.log\nsecret/**\n");
  tree.Write("sub/keep.log", "k");
  tree.Write("sub/drop.log", "d");
  tree.Write("sub/only-top.txt", "t");
  tree.Write("sub/secret/deep/x.txt", "x");
  tree.Write("sub/build", "a file named build is not a directory");
  const WalkResult result = Walk(Options({tree.Path()}));
  EXPECT_EQ(Relative(result, tree.Path()), (std::vector<std::string>{".gitignore", "a.txt", "sub/.gitignore",
                                                                     "sub/build", "sub/keep.log", "sub/only-top.txt"}));
  EXPECT_TRUE(result.errors.empty());
}

TEST(Walk, NoIgnoreStillSkipsDotGitAndAppliesExcludes) {
  TempTree tree;
  tree.Write(".git/HEAD", "ref");
  tree.Write(".gitignore", "*.log\n");
  tree.Write("x.log", "x");
  tree.Write("vendor/lib.js", "v");
  tree.Write("package-lock.json", "{}");
  WalkOptions options = Options({tree.Path()});
  options.use_ignore_files = false;
  options.excludes = {"vendor/"};
  const WalkResult result = Walk(options);
  EXPECT_EQ(Relative(result, tree.Path()), (std::vector<std::string>{".gitignore", "package-lock.json", "x.log"}));
}

TEST(Walk, ParentGitignoreAppliesBelowTheRepositoryRoot) {
  TempTree tree;
  tree.Write(".git/HEAD", "ref");
  tree.Write(".git/info/exclude", "*.tmp\n");
  tree.Write(".gitignore", "src/gen/\n");
  tree.Write("src/a.cc", "a");
  tree.Write("src/b.tmp", "b");
  tree.Write("src/gen/g.cc", "g");
  const WalkResult result = Walk(Options({tree.Path("src")}));
  EXPECT_EQ(Relative(result, tree.Path("src")), (std::vector<std::string>{"a.cc"}));
}

// Sizes are checked when a file is opened (fstat): the walk lists big files
// like any other and never stats an entry the directory says is a regular file.
TEST(Walk, SkipsSymlinksAndSpecialFilesListsLargeFiles) {
  TempTree tree;
  tree.Write("small.txt", "12345");
  tree.Write("big.txt", std::string(100, 'x'));
  std::filesystem::create_symlink(tree.Path("small.txt"), tree.Path("link.txt"));
  std::filesystem::create_directory_symlink("/", tree.Path("rootlink"));
  ASSERT_EQ(mkfifo(tree.Path("fifo").c_str(), 0600), 0);
  const WalkResult result = Walk(Options({tree.Path()}));
  EXPECT_EQ(Relative(result, tree.Path()), (std::vector<std::string>{"big.txt", "small.txt"}));
  EXPECT_EQ(result.skipped_special, 3u);
  for (const FileEntry& file : result.files) EXPECT_FALSE(file.named);
}

// Issue #21.2: what the user names is read, FIFOs and devices too; a socket
// is an error, never a silent skip.
TEST(Walk, NamedFifosAndDevicesAreListedNamedSocketsAreErrors) {
  TempTree tree;
  ASSERT_EQ(mkfifo(tree.Path("fifo").c_str(), 0600), 0);
  const WalkResult result = Walk(Options({tree.Path("fifo"), "/dev/null"}));
  ASSERT_EQ(result.files.size(), 2u);
  EXPECT_EQ(result.files[0].path, "/dev/null");
  EXPECT_TRUE(result.files[0].named);
  EXPECT_TRUE(result.files[1].named);
  EXPECT_TRUE(result.errors.empty());
}

// Issue #14.16: one directory named as a relative and an absolute path.
TEST(Walk, TheSameDirectoryNamedTwiceIsWalkedOnce) {
  TempTree tree;
  tree.Write("a.txt", "a");
  const std::string cwd = std::filesystem::current_path();
  std::filesystem::current_path(tree.Path());
  const WalkResult result = Walk(Options({".", tree.Path()}));
  std::filesystem::current_path(cwd);
  ASSERT_EQ(result.files.size(), 1u);
  EXPECT_EQ(result.files[0].path, "a.txt");
}

// Issue #21.15: what ignore files and excludes skip is counted.
TEST(Walk, CountsWhatIgnoresAndExcludesSkip) {
  TempTree tree;
  tree.Write(".git/HEAD", "ref");
  tree.Write(".gitignore", "*.log\nbuild/\n");
  tree.Write("a.log", "x");
  tree.Write("b.log", "x");
  tree.Write("build/x.txt", "x");
  tree.Write("vendor/lib.js", "v");
  tree.Write("main.c", "m");
  WalkOptions options = Options({tree.Path()});
  options.excludes = {"vendor/"};
  const WalkResult result = Walk(options);
  EXPECT_EQ(Relative(result, tree.Path()), (std::vector<std::string>{".gitignore", "main.c"}));
  EXPECT_EQ(result.skipped_ignored, 3u);  // a.log, b.log, build/
  EXPECT_EQ(result.skipped_excluded, 1u);
}

TEST(Walk, ExplicitFilesAreListedEvenWhenIgnored) {
  TempTree tree;
  tree.Write(".gitignore", "*.log\n");
  const std::string log = tree.Write("x.log", "x");
  const WalkResult result = Walk(Options({log}));
  ASSERT_EQ(result.files.size(), 1u);
  EXPECT_EQ(result.files[0].path, log);
}

TEST(Walk, MissingPathIsAnErrorAndTheWalkGoesOn) {
  TempTree tree;
  tree.Write("a.txt", "a");
  const WalkResult result = Walk(Options({tree.Path("missing"), tree.Path()}));
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].path, tree.Path("missing"));
  EXPECT_EQ(result.errors[0].message, "No such file or directory");
  EXPECT_EQ(result.files.size(), 1u);
}

// Root lists any directory, so each permission test runs as nobody
// (source/unprivileged.h) and reports through the child's exit code; the
// tree's root is opened up to that user.
class WalkUnprivileged : public ::testing::Test {
 protected:
  void SetUp() override { ::chmod(tree_.Path().c_str(), 0755); }
  TempTree tree_;
};

TEST_F(WalkUnprivileged, UnreadableDirectoryIsAnErrorAndTheWalkGoesOn) {
  tree_.Write("locked/a.txt", "a");
  tree_.Write("open/b.txt", "b");
  ::chmod(tree_.Path("open").c_str(), 0755);
  ::chmod(tree_.Path("locked").c_str(), 0);
  const int code = RunUnprivileged([&] {
    const WalkResult result = Walk(Options({tree_.Path()}));
    if (result.errors.size() != 1) return 1;
    if (result.errors[0].path != tree_.Path("locked") || result.errors[0].message != "Permission denied") return 2;
    return Relative(result, tree_.Path()) == std::vector<std::string>{"open/b.txt"} ? 0 : 3;
  });
  EXPECT_EQ(code, 0);
}

// Read but no search permission: the names are listed (with their types,
// from the directory itself), but none can be opened, so reading each is an
// error of its own (the scanner reports them; HostileTree tests the exit).
TEST_F(WalkUnprivileged, EntriesOfADirectoryWithoutSearchPermissionCannotBeRead) {
  tree_.Write("listable/a.txt", "a");
  tree_.Write("listable/b.txt", "b");
  ::chmod(tree_.Path("listable").c_str(), 0644);
  const int code = RunUnprivileged([&] {
    const WalkResult result = Walk(Options({tree_.Path()}));
    if (!result.errors.empty()) return 1;
    if (Relative(result, tree_.Path()) != std::vector<std::string>{"listable/a.txt", "listable/b.txt"}) return 2;
    for (const FileEntry& file : result.files) {
      const Opened opened = OpenFile(file.path, {});
      if (opened.status != OpenStatus::kError || opened.error != "Permission denied") return 3;
    }
    return 0;
  });
  EXPECT_EQ(code, 0);
}

TEST_F(WalkUnprivileged, UnreadableRootIsAnError) {
  tree_.Write("locked/a.txt", "a");
  ::chmod(tree_.Path("locked").c_str(), 0);
  const int code = RunUnprivileged([&] {
    const WalkResult result = Walk(Options({tree_.Path("locked")}));
    return result.files.empty() && result.errors.size() == 1 && result.errors[0].path == tree_.Path("locked") ? 0 : 1;
  });
  EXPECT_EQ(code, 0);
}

// Like git, an ignored directory is never opened, so its mode does not matter.
TEST_F(WalkUnprivileged, IgnoredUnreadableDirectoryIsNotAnError) {
  tree_.Write(".gitignore", "cache/\n");
  tree_.Write("cache/x.txt", "x");
  tree_.Write("a.txt", "a");
  ::chmod(tree_.Path(".gitignore").c_str(), 0644);
  ::chmod(tree_.Path("a.txt").c_str(), 0644);
  ::chmod(tree_.Path("cache").c_str(), 0);
  const int code = RunUnprivileged([&] {
    const WalkResult result = Walk(Options({tree_.Path()}));
    return result.errors.empty() && Relative(result, tree_.Path()) == std::vector<std::string>{".gitignore", "a.txt"}
               ? 0
               : 1;
  });
  EXPECT_EQ(code, 0);
}

// The privilege drop itself: a mode-0 file is unreadable in the child even
// when the suite runs as root (else every test above would pass vacuously).
TEST_F(WalkUnprivileged, TheChildCannotReadAModeZeroFile) {
  const std::string path = tree_.Write("secret.txt", "s");
  ::chmod(path.c_str(), 0);
  EXPECT_EQ(RunUnprivileged([&] { return ::access(path.c_str(), R_OK) != 0 && errno == EACCES ? 0 : 1; }), 0);
}

TEST(Walk, DisplayPathsDropTheDotPrefix) {
  TempTree tree;
  tree.Write("d/a.txt", "a");
  const std::string cwd = std::filesystem::current_path().string();
  std::filesystem::current_path(tree.Path());
  const WalkResult dot = Walk({});
  const WalkResult dot_slash = Walk(Options({"./d/"}));
  std::filesystem::current_path(cwd);
  ASSERT_EQ(dot.files.size(), 1u);
  EXPECT_EQ(dot.files[0].path, "d/a.txt");
  ASSERT_EQ(dot_slash.files.size(), 1u);
  EXPECT_EQ(dot_slash.files[0].path, "d/a.txt");
}

TEST(ByteSize, ParsesUnits) {
  EXPECT_EQ(*ParseByteSize("10MiB"), 10u << 20);
  EXPECT_EQ(*ParseByteSize("512k"), 512u << 10);
  EXPECT_EQ(*ParseByteSize("2MB"), 2000000u);
  EXPECT_EQ(*ParseByteSize("42"), 42u);
  EXPECT_FALSE(ParseByteSize("ten").ok());
  EXPECT_FALSE(ParseByteSize("10XB").ok());
}

// Issue 14.3: ignore rules apply to untracked files only, as in git. A
// force-added prod.env and a tracked file inside an ignored directory are
// listed; untracked ignored paths are still skipped and counted.
TEST(Walk, Issue14_3_TrackedFilesAreListedEvenWhenAnIgnoreRuleMatchesThem) {
  TestRepo repo;
  repo.Write(".gitignore", "*.env\nsecrets/\n");
  repo.Write("prod.env", "tracked\n");  // git add -f
  repo.Write("secrets/tracked.txt", "tracked\n");
  repo.Write("main.c", "int main;\n");
  repo.Commit("one", 1000);
  repo.WriteUnstaged("local.env", "untracked\n");
  repo.WriteUnstaged("secrets/untracked.txt", "untracked\n");
  const WalkResult result = Walk(Options({repo.Path()}));
  EXPECT_TRUE(result.errors.empty());
  EXPECT_EQ(Relative(result, repo.Path()),
            (std::vector<std::string>{".gitignore", "main.c", "prod.env", "secrets/tracked.txt"}));
  EXPECT_EQ(result.skipped_ignored, 2u);  // local.env, secrets/

  // Excludes still apply to tracked files; --no-ignore lists everything.
  WalkOptions excluded = Options({repo.Path()});
  excluded.excludes = {"secrets/tracked.txt"};
  EXPECT_EQ(Relative(Walk(excluded), repo.Path()), (std::vector<std::string>{".gitignore", "main.c", "prod.env"}));
}

}  // namespace
}  // namespace rekey
