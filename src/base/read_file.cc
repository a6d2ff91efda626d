#include "rekey/base/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace rekey {
namespace {

class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() { ::close(fd_); }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;

 private:
  int fd_;
};

Error CannotRead() { return Error{"cannot read file", "check that the path exists and is readable"}; }

// Why a non-regular file is refused, in the words of `ls -l`.
Error NotRegular(mode_t mode) {
  if (S_ISDIR(mode)) return Error{"is a directory, expected a file", "pass a file"};
  const char* what = S_ISFIFO(mode)                   ? "a FIFO"
                     : S_ISSOCK(mode)                 ? "a socket"
                     : S_ISLNK(mode)                  ? "a symbolic link"
                     : S_ISCHR(mode) || S_ISBLK(mode) ? "a device"
                                                      : "not a regular file";
  return Error{std::string("is ") + what + ", not a regular file", "rekey reads regular files only"};
}

std::string Mebibytes(std::uint64_t bytes) {
  if (bytes % (1ull << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

Error TooLarge(std::uint64_t limit) {
  return Error{"is larger than the " + Mebibytes(limit) + " input limit",
               "split it: inputs may be many files or a directory"};
}

// Reads the file into `buffer` (a std::string or a PageBuffer, grown with
// `resize(buffer, n)`) and returns how many bytes it holds.
template <typename Buffer, typename ResizeFn>
Result<std::size_t> ReadInto(const std::string& path, const ReadFileOptions& options, Buffer& buffer, ResizeFn resize) {
  // stat before open: a device node is never opened (some act on open or close).
  struct stat st;
  const int stat_rc = options.follow_symlinks ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st);
  if (stat_rc != 0) return CannotRead();
  if (!S_ISREG(st.st_mode)) return NotRegular(st.st_mode);
  if (static_cast<std::uint64_t>(st.st_size) > options.max_bytes) return TooLarge(options.max_bytes);

  // O_NONBLOCK: a FIFO swapped in after the stat does not block the open.
  const int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | (options.follow_symlinks ? 0 : O_NOFOLLOW);
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) return errno == ELOOP ? NotRegular(S_IFLNK) : CannotRead();
  FdCloser closer(fd);
  if (::fstat(fd, &st) != 0) return CannotRead();
  if (!S_ISREG(st.st_mode)) return NotRegular(st.st_mode);

  std::uint64_t size = static_cast<std::uint64_t>(st.st_size);
  if (size > options.max_bytes) return TooLarge(options.max_bytes);
  // One byte of slack detects a file that grew past the limit while read.
  resize(buffer, static_cast<std::size_t>(size) + 1);
  std::size_t filled = 0;
  for (;;) {
    if (filled == buffer.size()) {
      if (filled > options.max_bytes) return TooLarge(options.max_bytes);
      resize(buffer, std::min<std::uint64_t>(buffer.size() * 2, options.max_bytes + 1));
    }
    const ssize_t n = ::read(fd, buffer.data() + filled, buffer.size() - filled);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return CannotRead();
    if (n == 0) break;
    filled += static_cast<std::size_t>(n);
  }
  if (filled > options.max_bytes) return TooLarge(options.max_bytes);
  resize(buffer, filled);
  return filled;
}

}  // namespace

Result<std::string> ReadRegularFile(const std::string& path, const ReadFileOptions& options) {
  std::string text;
  Result<std::size_t> read = ReadInto(path, options, text, [](std::string& s, std::size_t n) { s.resize(n); });
  if (!read) return read.error();
  return text;
}

Result<std::string_view> ReadRegularFileInto(const std::string& path, const ReadFileOptions& options,
                                             PageBuffer& buffer) {
  Result<std::size_t> read = ReadInto(path, options, buffer, [](PageBuffer& b, std::size_t n) { b.Resize(n); });
  if (!read) return read.error();
  return buffer.view();
}

}  // namespace rekey
