// The files of a repository that libgit2 opens, checked before it does. A
// repository is whatever its owner put there: libgit2 opens .git/config,
// HEAD, packed-refs, each loose ref, objects/info/alternates, the index,
// pack files and loose objects with a plain blocking open(), so a FIFO in any
// of those places made `rekey scan --history` (or --staged, or a tree scan
// that asks the index which files are tracked) wait forever. Each such path
// is checked with lstat/stat (a FIFO is never opened) and a non-regular one is
// an Error naming it. Directories are listed with readdir's entry types, so
// checking costs no system call per entry on the usual file systems.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "rekey/base/read_file.h"
#include "source/git_repo.h"

namespace rekey::git {
namespace {

namespace fs = std::filesystem;

// git's own limits: include depth (MAX_INCLUDE_DEPTH) and alternates depth.
constexpr int kMaxIncludeDepth = 10;
constexpr int kMaxAlternateDepth = 5;
constexpr int kMaxRefDepth = 64;
constexpr std::uint64_t kMaxSmallFile = 1ull << 20;  // .git files, alternates, config includes

const char* KindOf(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISDIR(mode)) return "a directory";
  return "not a regular file";
}

Error NotRegular(const std::string& path, mode_t mode) {
  return Error{path + " is " + KindOf(mode) +
                   ", not a regular file: the repository is not read (libgit2 would block "
                   "on it)",
               "remove it, or restore the file git expects there"};
}

class Checker {
 public:
  // A file libgit2 may open: absent is fine (git treats most as optional), a
  // symbolic link is judged by its target, anything but a regular file fails.
  bool File(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return true;  // absent, or a dangling link: libgit2's own error
    if (S_ISREG(st.st_mode)) return true;
    return Fail(NotRegular(path, st.st_mode));
  }

  // Every entry below `dir` must be a directory or a regular file (refs,
  // pack and loose-object directories). `names` collects the regular files'
  // paths relative to `dir`'s parent when given (loose refs).
  bool Tree(const std::string& dir, const std::string& rel, int depth, std::vector<std::string>* names) {
    if (depth > kMaxRefDepth) return Fail(Error{dir + " is nested too deep", ""});
    DIR* handle = ::opendir(dir.c_str());
    if (handle == nullptr) return true;  // absent or unreadable: libgit2 reports what it needs
    std::vector<std::pair<std::string, bool>> subdirs;
    bool ok = true;
    while (const dirent* entry = ::readdir(handle)) {
      const char* name = entry->d_name;
      if (std::strcmp(name, ".") == 0 || std::strcmp(name, "..") == 0) continue;
      const std::string path = dir + "/" + name;
      unsigned char type = entry->d_type;
      if (type == DT_LNK || type == DT_UNKNOWN) {
        struct stat st;
        if (::stat(path.c_str(), &st) != 0) continue;  // dangling link: libgit2 fails on it, does not block
        type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_FIFO;
        if (type == DT_FIFO) {
          ok = Fail(NotRegular(path, st.st_mode));
          continue;
        }
      }
      if (type == DT_DIR) {
        subdirs.emplace_back(name, true);
      } else if (type == DT_REG) {
        if (names != nullptr) names->push_back(rel + "/" + name);
      } else {
        struct stat st;
        ok = Fail(NotRegular(path, ::lstat(path.c_str(), &st) == 0 ? st.st_mode : S_IFIFO));
      }
    }
    ::closedir(handle);
    for (const auto& [name, is_dir] : subdirs) ok = Tree(dir + "/" + name, rel + "/" + name, depth + 1, names) && ok;
    return ok;
  }

  // A config file and, recursively, the files its include.path and
  // includeIf.*.path name (every condition counted: a FIFO is refused even
  // where the condition would be false).
  void Config(const std::string& path, int depth) {
    if (depth > kMaxIncludeDepth || !File(path)) return;
    Result<std::string> text = ReadRegularFile(path, {.max_bytes = kMaxInputFileSize});
    if (!text) return;  // absent, or libgit2's own error to report
    std::string section;
    std::size_t at = 0;
    while (at < text->size()) {
      std::size_t end = text->find('\n', at);
      if (end == std::string::npos) end = text->size();
      std::string_view line(text->data() + at, end - at);
      at = end + 1;
      while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
      if (line.starts_with('[')) {
        const std::size_t stop = line.find_first_of(" \t\"]");
        section = Lower(line.substr(1, stop == std::string_view::npos ? std::string_view::npos : stop - 1));
        const std::size_t close = line.find(']');
        line = close == std::string_view::npos ? std::string_view() : line.substr(close + 1);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
      }
      if (section != "include" && section != "includeif") continue;
      const std::size_t eq = line.find('=');
      if (eq == std::string_view::npos || Lower(Trim(line.substr(0, eq))) != "path") continue;
      const std::string target = IncludeTarget(path, Unquote(Trim(line.substr(eq + 1))));
      if (!target.empty()) Config(target, depth + 1);
    }
  }

  // An object directory, its packs and loose objects, and its alternates.
  void Objects(const std::string& dir, int depth) {
    if (depth > kMaxAlternateDepth) return;
    Tree(dir + "/pack", "pack", 0, nullptr);
    for (int i = 0; i < 256; ++i) {
      static constexpr char kHex[] = "0123456789abcdef";
      const std::string sub = dir + "/" + kHex[i >> 4] + kHex[i & 15];
      Tree(sub, "", kMaxRefDepth, nullptr);  // loose objects: files only, no deeper directories
    }
    for (const char* name : {"info/alternates", "info/commit-graph", "info/http-alternates"}) File(dir + "/" + name);
    Tree(dir + "/info/commit-graphs", "", kMaxRefDepth - 1, nullptr);
    Result<std::string> alternates = ReadRegularFile(dir + "/info/alternates", {.max_bytes = kMaxSmallFile});
    if (!alternates) return;
    std::size_t at = 0;
    while (at < alternates->size()) {
      std::size_t end = alternates->find('\n', at);
      if (end == std::string::npos) end = alternates->size();
      const std::string line = alternates->substr(at, end - at);
      at = end + 1;
      if (line.empty() || line.front() == '#') continue;
      const fs::path alt = fs::path(line).is_absolute() ? fs::path(line) : fs::path(dir) / line;
      Objects(alt.lexically_normal().string(), depth + 1);
    }
  }

  bool Fail(Error error) {
    if (!failed_) error_ = std::move(error);
    failed_ = true;
    return false;
  }
  bool failed() const { return failed_; }
  const Error& error() const { return error_; }

 private:
  static std::string Lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }
  static std::string_view Trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
  }
  static std::string Unquote(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '"') continue;
      if (text[i] == '\\' && i + 1 < text.size()) {
        out += text[++i];
        continue;
      }
      if (text[i] == '#' || text[i] == ';') break;  // a comment after the value
      out += text[i];
    }
    while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
    return out;
  }
  // "~/x" is below $HOME; a relative path is relative to the including file.
  static std::string IncludeTarget(const std::string& from, const std::string& value) {
    if (value.empty()) return "";
    if (value.starts_with("~/")) {
      const char* home = std::getenv("HOME");
      return home == nullptr ? "" : std::string(home) + value.substr(1);
    }
    if (value.front() == '/') return value;
    return (fs::path(from).parent_path() / value).string();
  }

  bool failed_ = false;
  Error error_;
};

// The directory holding .git (or a bare repository) at or above `path`, as
// git discovers it; "" when there is none.
bool Discover(const std::string& path, RepoFiles& out, Checker& check) {
  std::error_code ec;
  fs::path dir = fs::absolute(path, ec).lexically_normal();
  if (ec) return false;
  if (!dir.has_filename() && dir.has_parent_path()) dir = dir.parent_path();  // "a/b/" -> "a/b"
  if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
  for (;;) {
    const std::string dot_git = (dir / ".git").string();
    struct stat st;
    if (::lstat(dot_git.c_str(), &st) == 0 || ::stat(dot_git.c_str(), &st) == 0) {
      struct stat target;
      if (::stat(dot_git.c_str(), &target) == 0 && S_ISDIR(target.st_mode)) {
        out.git_dir = dot_git;
      } else if (::stat(dot_git.c_str(), &target) == 0 && S_ISREG(target.st_mode)) {
        // A worktree or submodule: "gitdir: <path>".
        Result<std::string> text = ReadRegularFile(dot_git, {.max_bytes = kMaxSmallFile});
        if (!text || !text->starts_with("gitdir: ")) return false;
        std::string to = text->substr(8);
        while (!to.empty() && (to.back() == '\n' || to.back() == '\r')) to.pop_back();
        out.git_dir = fs::path(to).is_absolute() ? to : (dir / to).lexically_normal().string();
      } else {
        return check.Fail(NotRegular(dot_git, ::stat(dot_git.c_str(), &target) == 0 ? target.st_mode : st.st_mode));
      }
      out.work_dir = dir.string();
      return true;
    }
    if (fs::is_regular_file(dir / "HEAD", ec) && fs::is_directory(dir / "objects", ec) &&
        fs::is_directory(dir / "refs", ec)) {
      out.git_dir = dir.string();  // bare
      return true;
    }
    if (!dir.has_relative_path()) return false;
    dir = dir.parent_path();
  }
}

}  // namespace

Result<RepoFiles> CheckRepositoryFiles(const std::string& path, bool index_only) {
  RepoFiles files;
  Checker check;
  if (!Discover(path, files, check)) {
    if (check.failed()) return check.error();
    return files;  // not a repository: libgit2 says so
  }
  files.common_dir = files.git_dir;
  if (check.File(files.git_dir + "/commondir")) {
    Result<std::string> common = ReadRegularFile(files.git_dir + "/commondir", {.max_bytes = kMaxSmallFile});
    if (common) {
      std::string to = *common;
      while (!to.empty() && (to.back() == '\n' || to.back() == '\r')) to.pop_back();
      files.common_dir = fs::path(to).is_absolute() ? to : (fs::path(files.git_dir) / to).lexically_normal().string();
    }
  }
  for (const std::string& dir : {files.git_dir, files.common_dir}) {
    for (const char* name : {"HEAD", "index", "packed-refs", "config.worktree", "info/grafts", "info/attributes"}) {
      check.File(dir + "/" + name);
    }
  }
  check.Config(files.common_dir + "/config", 0);
  if (index_only) {
    if (check.failed()) return check.error();
    return files;
  }
  check.Tree(files.common_dir + "/refs", "refs", 0, &files.loose_refs);
  if (files.git_dir != files.common_dir) check.Tree(files.git_dir + "/refs", "refs", 0, nullptr);
  check.Objects(files.common_dir + "/objects", 0);
  if (check.failed()) return check.error();
  return files;
}

Status CheckIndexFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || S_ISREG(st.st_mode)) return Ok{};
  return NotRegular(path, st.st_mode);
}

}  // namespace rekey::git
