#include "rekey/base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

namespace rekey {
namespace {

std::string Errno(int err) { return std::strerror(err); }

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string RandomSuffix() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint64_t v = rng(), i = 0; i < 12; ++i, v >>= 4) out += kHex[v & 15];
  return out;
}

}  // namespace

AtomicFile::AtomicFile(std::string path, AtomicFileOptions options)
    : path_(std::move(path)), target_(path_), options_(options) {}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

Status AtomicFile::Open() {
  struct stat st;
  if (::lstat(path_.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode)) {
      if (!options_.follow_symlink) {
        return Error{"cannot write " + path_ + ": it is a symlink",
                     "rekey does not write through symlinks it was not given explicitly; remove the link or name "
                     "the file on the command line"};
      }
      // The link's own target (one level, as the user named it), relative to its directory.
      std::error_code ec;
      const std::filesystem::path points_to = std::filesystem::read_symlink(path_, ec);
      if (ec) return Error{"cannot resolve " + path_ + ": " + ec.message(), ""};
      target_ = points_to.is_absolute() ? points_to.string() : DirectoryOf(path_) + "/" + points_to.string();
    } else if (!S_ISREG(st.st_mode)) {
      return Error{"cannot write " + path_ + ": not a regular file", "name a file path"};
    }
  }
  for (int attempt = 0; attempt < 8 && fd_ < 0; ++attempt) {
    const std::string dir = DirectoryOf(target_);
    const std::string base = target_.substr(target_.rfind('/') == std::string::npos ? 0 : target_.rfind('/') + 1);
    temp_ = dir + "/." + base + ".rekey-" + RandomSuffix() + ".tmp";
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, options_.mode);
    if (fd_ < 0 && errno != EEXIST) {
      const int err = errno;
      temp_.clear();
      return Error{"cannot write " + path_ + ": " + Errno(err),
                   err == ENOENT ? "create the directory first" : "check the directory's permissions and free space"};
    }
  }
  if (fd_ < 0) return Error{"cannot create a temporary file next to " + path_, ""};
  // O_CREAT's mode is filtered by the umask; the caller's mode is meant as given.
  if (::fchmod(fd_, options_.mode) != 0) write_errno_ = errno;
  return Ok{};
}

void AtomicFile::Write(std::string_view bytes) {
  if (fd_ < 0 || write_errno_ != 0) return;
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      write_errno_ = n < 0 ? errno : EIO;
      return;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

Status AtomicFile::Commit() {
  if (fd_ < 0) return Error{"cannot write " + path_ + ": not open", ""};
  int err = write_errno_;
  if (err == 0 && ::fsync(fd_) != 0) err = errno;
  if (::close(fd_) != 0 && err == 0) err = errno;
  fd_ = -1;
  if (err != 0) {
    return Error{"cannot write " + path_ + ": " + Errno(err),
                 err == ENOSPC ? "free some disk space and run again" : "the file was left unchanged"};
  }
  if (::rename(temp_.c_str(), target_.c_str()) != 0) {
    return Error{"cannot replace " + path_ + ": " + Errno(errno), "check the directory's permissions"};
  }
  committed_ = true;
  // The rename is durable once the directory is.
  const int dir = ::open(DirectoryOf(target_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return Ok{};
}

Status WriteFileAtomic(const std::string& path, std::string_view bytes, AtomicFileOptions options) {
  AtomicFile file(path, options);
  if (Status s = file.Open(); !s) return s;
  file.Write(bytes);
  return file.Commit();
}

}  // namespace rekey
