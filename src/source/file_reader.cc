#include "rekey/source/file_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace rekey {
namespace {

// Closes a descriptor on every return path.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() { close(fd_); }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;

 private:
  int fd_;
};

bool LooksBinary(std::string_view content) {
  const std::size_t probe = content.size() < kBinaryProbe ? content.size() : kBinaryProbe;
  return std::memchr(content.data(), '\0', probe) != nullptr;
}

FileRead Failed(int err) { return {ReadStatus::kError, {}, std::strerror(err)}; }

}  // namespace

FileRead FileReader::Read(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ELOOP) return {ReadStatus::kSpecial, {}, {}};
    return Failed(errno);
  }
  FdCloser closer(fd);
  struct stat st;
  if (fstat(fd, &st) != 0) return Failed(errno);
  if (!S_ISREG(st.st_mode)) return {ReadStatus::kSpecial, {}, {}};
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_file_size_) return {ReadStatus::kTooLarge, {}, {}};

  if (size > kMapThreshold) posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  // One byte of slack detects a file that grew since fstat. Emptied first:
  // growing for this file need not copy the previous one's bytes.
  buffer_.Resize(0);
  buffer_.Resize(size + 1);
  std::size_t filled = 0;
  while (filled < buffer_.size()) {
    const ssize_t n = read(fd, buffer_.data() + filled, buffer_.size() - filled);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Failed(errno);
    }
    if (n == 0) break;
    filled += static_cast<std::size_t>(n);
    // A read that asked for more than the fstat size and ended exactly there
    // has reached the end (one more read() would only return 0).
    if (filled == size && filled < buffer_.size()) break;
    if (filled == buffer_.size()) {
      if (filled > max_file_size_) return {ReadStatus::kTooLarge, {}, {}};
      buffer_.Resize(buffer_.size() * 2);
    }
  }
  if (filled > max_file_size_) return {ReadStatus::kTooLarge, {}, {}};
  const std::string_view content(buffer_.data(), filled);
  if (LooksBinary(content)) return {ReadStatus::kBinary, {}, {}};
  return {ReadStatus::kOk, content, {}};
}

}  // namespace rekey
