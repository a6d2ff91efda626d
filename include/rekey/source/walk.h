// The working-tree source: walks files and directories and lists the regular
// files a scan should read, honouring ignore files and excludes (size limits
// are FileReader's, checked when a file is read).
//
// Rules: `.gitignore` files (nested, each relative to its directory, deeper ones
// win) plus the repository's `.git/info/exclude` and the `.gitignore` files of
// the directories between the walk root and its git repository root. As in
// git, they apply to untracked files only: a file the index tracks is listed
// even when an ignore rule matches it or its directory (the index is read,
// through libgit2, only once an ignore rule has matched something); `excludes`
// (gitignore syntax, relative to each walk root) always apply, even with
// use_ignore_files off; `.git/` is never entered. Symlinks inside a walk are not
// followed, FIFOs, sockets and devices are never opened (the directory entry's
// type, or lstat on file systems that do not report it). What the user names
// on the command line is different: a named directory is entered even
// through a symlink, a named file is listed even when an ignore file matches
// it and read through a symlink, and a named FIFO or character device
// (`<(cmd)`, /dev/stdin) is listed to be read to its end (`named`). A named
// path that is none of these (a socket, a block device) is an error: rekey
// never says clean about a path it was given and did not read. The same file
// reached from two roots (`dir` and `/abs/dir`) is listed once.
//
// Errors (unreadable directory, missing path) are collected; the walk goes on.
//
// Thread-safety: Walk is reentrant; it touches only the filesystem.
//
//   WalkResult walk = Walk({.paths = {"."}});
//   for (const FileEntry& file : walk.files) Read(file.path);
#ifndef REKEY_SOURCE_WALK_H_
#define REKEY_SOURCE_WALK_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/result.h"

namespace rekey {

struct WalkOptions {
  std::vector<std::string> paths;     // files or directories; empty means "."
  bool use_ignore_files = true;       // false: --no-ignore
  std::vector<std::string> excludes;  // gitignore-style globs (flags, .rekey.yaml)
};

struct FileEntry {
  std::string path;    // as the user would type it: "src/a.cc", "dir/x.yaml"
  bool named = false;  // named on the command line itself (may be a FIFO or device)
};

// A file or directory that could not be read (path + strerror text).
struct SourceError {
  std::string path;
  std::string message;
};

struct WalkResult {
  std::vector<FileEntry> files;        // sorted by path
  std::uint64_t skipped_special = 0;   // symlinks, FIFOs, sockets, devices met while walking
  std::uint64_t skipped_ignored = 0;   // untracked files and directories an ignore file matched
  std::uint64_t skipped_excluded = 0;  // files and directories an --exclude glob matched
  std::vector<SourceError> errors;
};

WalkResult Walk(const WalkOptions& options);

// Directories of vendored third-party code, excluded from scans by default
// (as gitleaks' default allowlist does; --include-vendored or
// `scan.include_vendored: true` scans them): gitignore-style globs, each
// matching the directory at any depth.
inline constexpr const char* kVendoredDirectories[] = {
    "node_modules/", "bower_components/", "jspm_packages/", "vendor/",   "third_party/", "third-party/",
    "site-packages/", "dist-packages/",   ".venv/",         "venv/",     "Pods/",        "Carthage/",
    ".bundle/",       ".yarn/cache/",     ".pnpm-store/",   "_vendor/"};

// "10MiB", "512k", "2MB", "1048576" -> bytes (k/M/G and KiB/MiB/GiB are powers
// of 1024, KB/MB/GB powers of 1000).
Result<std::uint64_t> ParseByteSize(std::string_view text);

}  // namespace rekey

#endif  // REKEY_SOURCE_WALK_H_
