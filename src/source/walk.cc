#include "rekey/source/walk.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <future>
#include <optional>
#include <set>
#include <utility>

#include "rekey/base/read_file.h"
#include "rekey/source/ignore.h"
#include "source/tracked_paths.h"

namespace rekey {
namespace {

struct DirEntry {
  std::string name;
  bool is_dir = false;
  bool is_regular = false;
};

bool ByName(const DirEntry& a, const DirEntry& b) { return a.name < b.name; }

// An entry's kind from readdir's d_type, so listing a directory costs no
// system call per entry (lstat was a third of a large walk's time). DT_UNKNOWN
// (some file systems) falls back to fstatat. A regular file's size is checked
// by FileReader's fstat when it is read, not here.
bool Classify(int dir_fd, const char* name, unsigned char type, DirEntry& entry, int& error) {
  if (type == DT_UNKNOWN) {
    struct stat st;
    if (::fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      error = errno;
      return false;
    }
    entry.is_dir = S_ISDIR(st.st_mode);
    entry.is_regular = S_ISREG(st.st_mode);
    return true;
  }
  entry.is_dir = type == DT_DIR;
  entry.is_regular = type == DT_REG;
  return true;
}

// git's limit for an ignore file (PATTERN_MAX_FILE_SIZE in dir.c).
constexpr std::uint64_t kMaxIgnoreFileSize = 100ull << 20;

// Reads an ignore file (.gitignore, .git/info/exclude); missing, unreadable,
// too large or not a regular file gives "", as in git. The repository being
// scanned supplies these files: a FIFO must not block the walk, a link to
// /dev/zero must not stream forever, and like git (>= 2.32) a symbolic link
// is not followed.
std::string ReadIgnoreFile(const std::string& path) {
  Result<std::string> text = ReadRegularFile(path, {.max_bytes = kMaxIgnoreFileSize, .follow_symlinks = false});
  return text ? std::move(*text) : std::string();
}

// "./a/./b" -> "a/./b"; "." -> "": the prefix a user does not want echoed.
std::string DisplayRoot(std::string root) {
  while (root.size() >= 2 && root.compare(0, 2, "./") == 0) root.erase(0, 2);
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  if (root == ".") root.clear();
  return root;
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

class Walker {
 public:
  Walker(const WalkOptions& options, WalkResult& result) : options_(options), result_(result) {
    for (const std::string& glob : options.excludes) excludes_.Add(glob);
  }

  void WalkRoot(const std::string& root) {
    struct stat st;
    const std::string open_path = root.empty() ? "." : root;
    if (stat(open_path.c_str(), &st) != 0) {
      result_.errors.push_back({open_path, std::strerror(errno)});
      return;
    }
    // The same directory or file named twice (a relative and an absolute
    // path, a symlink and its target) is walked once.
    if (!seen_roots_.insert({st.st_dev, st.st_ino}).second) return;
    if (S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) {
      result_.files.push_back({open_path, true});
    } else if (S_ISDIR(st.st_mode)) {
      stack_.clear();
      root_prefix_.clear();
      repo_root_.clear();
      ignored_.clear();
      if (options_.use_ignore_files) LoadAncestorIgnores(open_path);
      WalkDir(root, "");
      AddTrackedIgnored();
    } else {
      result_.errors.push_back({open_path, "not a file, directory, FIFO or character device: not scanned"});
    }
  }

 private:
  struct Frame {
    std::string base;  // directory of the ignore file, relative to the ignore root, "" or "a/"
    IgnoreList list;
  };

  // An entry an ignore file matched, kept until the walk ends: if git tracks
  // it (or, for a directory, files below it), those files are scanned anyway.
  struct IgnoredEntry {
    std::string path;      // display path
    std::string rel;       // below the walk root ("a/b")
    std::string repo_rel;  // below the repository root
    bool is_dir = false;
  };

  // Finds the enclosing git repository and loads .git/info/exclude plus the
  // .gitignore files of the directories above the walk root.
  void LoadAncestorIgnores(const std::string& root) {
    std::error_code ec;
    const std::filesystem::path abs = std::filesystem::weakly_canonical(root, ec);
    if (ec) return;
    std::filesystem::path repo = abs;
    while (!std::filesystem::exists(repo / ".git", ec)) {
      if (!repo.has_relative_path()) return;  // reached "/": not in a repository
      repo = repo.parent_path();
    }
    std::string prefix = abs.lexically_relative(repo).generic_string();
    if (prefix == ".") prefix.clear();
    if (!prefix.empty()) prefix += '/';
    root_prefix_ = prefix;
    repo_root_ = repo.string();
    PushFrame("", ReadIgnoreFile((repo / ".git" / "info" / "exclude").string()));
    // The repository root and each directory down to (not including) the walk root.
    std::filesystem::path dir = repo;
    std::string base;
    for (const auto& part : abs.lexically_relative(repo)) {
      if (part == ".") break;
      PushFrame(base, ReadIgnoreFile((dir / ".gitignore").string()));
      dir /= part;
      base += part.string() + "/";
    }
  }

  void PushFrame(std::string base, const std::string& text) {
    IgnoreList list = IgnoreList::Parse(text);
    if (!list.empty()) stack_.push_back({std::move(base), std::move(list)});
  }

  // Whether the walk skips an entry, counting why; `display` is its path as
  // listed.
  bool Skipped(const std::string& display, const std::string& rel, const std::string& name, bool is_dir) {
    if (is_dir && name == ".git") return true;
    const IgnoreMatch excluded = excludes_.Match(rel, is_dir);
    if (excluded != IgnoreMatch::kNone) {
      if (excluded == IgnoreMatch::kIgnored) ++result_.skipped_excluded;
      return excluded == IgnoreMatch::kIgnored;
    }
    if (!options_.use_ignore_files) return false;
    const std::string path = root_prefix_ + rel;
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (path.compare(0, it->base.size(), it->base) != 0) continue;
      const IgnoreMatch match = it->list.Match(std::string_view(path).substr(it->base.size()), is_dir);
      if (match == IgnoreMatch::kNone) continue;
      if (match == IgnoreMatch::kIgnored) {
        ++result_.skipped_ignored;
        RememberIgnored({display, rel, path, is_dir});
      }
      return match == IgnoreMatch::kIgnored;
    }
    return false;
  }

  // Lists a directory's entries (sorted by name) and closes it before the
  // caller recurses, so deep trees never hold more than one descriptor.
  bool ListDir(const std::string& open_path, std::vector<DirEntry>& entries) {
    const int fd = ::open(open_path.c_str(), O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC);
    DIR* dir = fd < 0 ? nullptr : ::fdopendir(fd);
    if (dir == nullptr) {
      result_.errors.push_back({open_path, std::strerror(errno)});
      if (fd >= 0) ::close(fd);
      return false;
    }
    std::vector<SourceError> errors;  // in name order, like the entries, not readdir's
    errno = 0;
    while (const dirent* ent = ::readdir(dir)) {
      if (std::strcmp(ent->d_name, ".") == 0 || std::strcmp(ent->d_name, "..") == 0) continue;
      DirEntry entry{ent->d_name};
      int error = 0;
      if (Classify(fd, ent->d_name, ent->d_type, entry, error)) {
        entries.push_back(std::move(entry));
      } else {
        errors.push_back({JoinPath(open_path, entry.name), std::strerror(error)});
      }
      errno = 0;
    }
    if (errno != 0) errors.push_back({open_path, std::strerror(errno)});
    ::closedir(dir);
    std::sort(entries.begin(), entries.end(), ByName);
    std::sort(errors.begin(), errors.end(), [](const SourceError& a, const SourceError& b) { return a.path < b.path; });
    result_.errors.insert(result_.errors.end(), errors.begin(), errors.end());
    return true;
  }

  // `path` is the display path ("" for "."), `rel` the path below the walk root.
  void WalkDir(const std::string& path, const std::string& rel) {
    const std::string open_path = path.empty() ? "." : path;
    std::vector<DirEntry> entries;
    if (!ListDir(open_path, entries)) return;
    const std::size_t depth = stack_.size();
    // Only a listed .gitignore is opened: most directories have none.
    if (options_.use_ignore_files &&
        std::binary_search(entries.begin(), entries.end(), DirEntry{".gitignore"}, ByName)) {
      PushFrame(root_prefix_ + rel, ReadIgnoreFile(JoinPath(open_path, ".gitignore")));
    }
    for (const DirEntry& entry : entries) {
      const std::string child_rel = rel + entry.name;
      const std::string child_path = JoinPath(path, entry.name);
      if (Skipped(child_path, child_rel, entry.name, entry.is_dir)) continue;
      if (entry.is_dir) {
        WalkDir(child_path, child_rel + "/");
      } else if (entry.is_regular) {
        result_.files.push_back({child_path});
      } else {
        ++result_.skipped_special;
      }
    }
    stack_.resize(depth);
  }

  // Inside a repository, the index is read (on its own thread, once the
  // first ignored entry is met) to learn which of them git tracks.
  void RememberIgnored(IgnoredEntry entry) {
    if (repo_root_.empty()) return;
    if (!tracked_.valid()) {
      tracked_ = std::async(std::launch::async, [root = repo_root_] { return TrackedPaths::Load(root); });
    }
    ignored_.push_back(std::move(entry));
  }

  bool ExcludedBelow(const std::string& rel) const {
    for (std::size_t slash = rel.find('/'); slash != std::string::npos; slash = rel.find('/', slash + 1)) {
      if (excludes_.Match(rel.substr(0, slash), true) == IgnoreMatch::kIgnored) return true;
    }
    return excludes_.Match(rel, false) == IgnoreMatch::kIgnored;
  }

  // A tracked file is listed when it is a regular file in the work tree now
  // (a tracked symlink is special, as anywhere in the walk).
  void ListTracked(const std::string& path) {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) return;  // deleted in the work tree: nothing to read
    if (S_ISREG(st.st_mode)) {
      result_.files.push_back({path});
    } else {
      ++result_.skipped_special;
    }
  }

  void AddTrackedIgnored() {
    if (ignored_.empty()) return;
    Result<TrackedPaths> tracked = tracked_.get();
    tracked_ = {};
    if (!tracked) {
      result_.errors.push_back(
          {repo_root_, "ignored paths could not be told apart from tracked ones: " + tracked.error().message});
      ignored_.clear();
      return;
    }
    for (const IgnoredEntry& entry : ignored_) {
      if (!entry.is_dir) {
        if (!tracked->Contains(entry.repo_rel)) continue;
        --result_.skipped_ignored;
        ListTracked(entry.path);
        continue;
      }
      for (std::string_view below : tracked->Under(entry.repo_rel)) {
        const std::string tail(below.substr(entry.repo_rel.size()));  // "/x/y.env"
        if (ExcludedBelow(entry.rel + tail)) continue;
        ListTracked(entry.path + tail);
      }
    }
    ignored_.clear();
  }

  const WalkOptions& options_;
  WalkResult& result_;
  IgnoreList excludes_;
  std::vector<Frame> stack_;
  std::string root_prefix_;  // the walk root relative to its repository root, "" or "src/"
  std::string repo_root_;    // that repository's work tree ("" outside one)
  std::vector<IgnoredEntry> ignored_;
  std::future<Result<TrackedPaths>> tracked_;
  std::set<std::pair<dev_t, ino_t>> seen_roots_;
};

}  // namespace

WalkResult Walk(const WalkOptions& options) {
  WalkResult result;
  Walker walker(options, result);
  if (options.paths.empty()) {
    walker.WalkRoot("");
  } else {
    for (const std::string& path : options.paths) walker.WalkRoot(DisplayRoot(path));
  }
  std::sort(result.files.begin(), result.files.end(),
            [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
  result.files.erase(std::unique(result.files.begin(), result.files.end(),
                                 [](const FileEntry& a, const FileEntry& b) { return a.path == b.path; }),
                     result.files.end());
  return result;
}

namespace {

Error TooLarge(std::string_view text) {
  Error error;
  error.message = "size too large: " + std::string(text);
  error.hint = "sizes up to 16 EiB";
  return error;
}

}  // namespace

Result<std::uint64_t> ParseByteSize(std::string_view text) {
  std::size_t i = 0;
  std::uint64_t value = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (value > (UINT64_MAX - 9) / 10) return TooLarge(text);
    value = value * 10 + static_cast<std::uint64_t>(text[i] - '0');
    ++i;
  }
  if (i == 0) {
    return Error{"invalid size " + std::string(text), "write a number with an optional unit, e.g. 10MiB or 512k"};
  }
  std::string unit(text.substr(i));
  for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  struct Unit {
    const char* name;
    std::uint64_t factor;
  };
  static constexpr Unit kUnits[] = {{"", 1},
                                    {"b", 1},
                                    {"k", 1ull << 10},
                                    {"kib", 1ull << 10},
                                    {"kb", 1000},
                                    {"m", 1ull << 20},
                                    {"mib", 1ull << 20},
                                    {"mb", 1000000},
                                    {"g", 1ull << 30},
                                    {"gib", 1ull << 30},
                                    {"gb", 1000000000}};
  for (const Unit& u : kUnits) {
    if (unit == u.name) {
      if (value > UINT64_MAX / u.factor) return TooLarge(text);
      return value * u.factor;
    }
  }
  return Error{"unknown size unit in " + std::string(text), "use B, KiB, MiB, GiB (or k, M, G, KB, MB, GB)"};
}

}  // namespace rekey
