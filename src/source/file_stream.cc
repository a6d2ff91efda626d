#include "rekey/source/file_stream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace rekey {
namespace {

// Files above this size are read with sequential read-ahead advice.
constexpr std::uint64_t kSequentialAdvice = 1ull << 20;

class FdStream : public ByteStream {
 public:
  // `size` is the fstat size of a regular file (-1 for a pipe or device).
  FdStream(int fd, std::int64_t size, bool owned) : fd_(fd), size_(size), owned_(owned) {}
  ~FdStream() override {
    if (owned_) ::close(fd_);
  }
  FdStream(const FdStream&) = delete;
  FdStream& operator=(const FdStream&) = delete;

  std::size_t Read(char* buffer, std::size_t max) override {
    if (done_ || max == 0) return 0;
    // A regular file: ask for one byte more than fstat said is left; getting
    // exactly what was left means the end (one more read() would return 0).
    std::size_t want = max;
    if (size_ >= 0 && !grew_) {
      const auto left = static_cast<std::uint64_t>(size_) - std::min<std::uint64_t>(delivered_, size_);
      if (left + 1 <= max) want = static_cast<std::size_t>(left + 1);
    }
    for (;;) {
      const ssize_t n = ::read(fd_, buffer, want);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        error_ = std::strerror(errno);
        done_ = true;
        return 0;
      }
      delivered_ += static_cast<std::uint64_t>(n);
      if (n == 0) {
        done_ = true;
      } else if (size_ >= 0 && !grew_) {
        if (delivered_ > static_cast<std::uint64_t>(size_)) {
          grew_ = true;  // appended to since fstat: read on to the real end
        } else if (static_cast<std::size_t>(n) < want && delivered_ == static_cast<std::uint64_t>(size_)) {
          done_ = true;
        }
      }
      return static_cast<std::size_t>(n);
    }
  }
  std::string error() const override { return error_; }
  std::int64_t Seek(std::int64_t offset, int whence) override {
    if (size_ < 0) return -1;  // a pipe or device
    const off_t at = ::lseek(fd_, offset, whence);
    if (at < 0) return -1;
    delivered_ = static_cast<std::uint64_t>(at);
    done_ = false;
    return at;
  }

 private:
  int fd_;
  std::int64_t size_;
  bool owned_;
  std::uint64_t delivered_ = 0;
  bool grew_ = false;
  bool done_ = false;
  std::string error_;
};

Opened Failed(int err) {
  Opened out;
  out.status = OpenStatus::kError;
  out.error = std::strerror(err);
  return out;
}

}  // namespace

std::size_t MemoryStream::Read(char* buffer, std::size_t max) {
  const std::size_t n = std::min(max, bytes_.size() - pos_);
  std::memcpy(buffer, bytes_.data() + pos_, n);
  pos_ += n;
  return n;
}

std::int64_t MemoryStream::Seek(std::int64_t offset, int whence) {
  const std::int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? static_cast<std::int64_t>(pos_)
                                                                         : static_cast<std::int64_t>(bytes_.size());
  const std::int64_t target = base + offset;
  if (target < 0 || target > static_cast<std::int64_t>(bytes_.size())) return -1;
  pos_ = static_cast<std::size_t>(target);
  return target;
}

std::int64_t PrefixedStream::Seek(std::int64_t offset, int whence) {
  // Where the reader is: the rest's position less what is left of the prefix.
  const std::int64_t here = rest_.Seek(0, SEEK_CUR);
  if (here < 0) return -1;
  const std::int64_t current = here - static_cast<std::int64_t>(prefix_.size());
  const std::int64_t target = whence == SEEK_CUR ? current + offset : offset;
  const std::int64_t moved = rest_.Seek(target, whence == SEEK_END ? SEEK_END : SEEK_SET);
  if (moved >= 0) prefix_ = {};
  return moved;
}

std::size_t PrefixedStream::Read(char* buffer, std::size_t max) {
  if (!prefix_.empty()) {
    const std::size_t n = std::min(max, prefix_.size());
    std::memcpy(buffer, prefix_.data(), n);
    prefix_.remove_prefix(n);
    return n;
  }
  return rest_.Read(buffer, max);
}

Opened OpenFile(const std::string& path, const FileOpenOptions& options) {
  // A walked path must not block (a FIFO swapped in after the walk) nor be
  // followed; a named FIFO is opened blocking: it is read once its writer
  // (`<(cmd)`) is there.
  const int flags = O_RDONLY | O_CLOEXEC | (options.named ? 0 : O_NOFOLLOW | O_NONBLOCK);
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) {
    if (errno == ELOOP && !options.named) return {OpenStatus::kSpecial, nullptr, 0, "", false};
    return Failed(errno);
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return Failed(err);
  }
  const bool regular = S_ISREG(st.st_mode);
  const bool stream = options.named && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode));
  if (!regular && !stream) {
    ::close(fd);
    return {OpenStatus::kSpecial, nullptr, 0, "", false};
  }
  const auto size = static_cast<std::uint64_t>(regular ? st.st_size : 0);
  if (regular && options.max_size > 0 && size > options.max_size) {
    ::close(fd);
    return {OpenStatus::kTooLarge, nullptr, size, "", false};
  }
  if (regular && size > kSequentialAdvice) ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  Opened out;
  out.status = OpenStatus::kOk;
  out.size = size;
  out.stream = std::make_unique<FdStream>(fd, regular ? static_cast<std::int64_t>(size) : -1, true);
  return out;
}

Opened OpenStdin() {
  Opened out;
  out.status = OpenStatus::kOk;
  out.stream = std::make_unique<FdStream>(STDIN_FILENO, -1, false);
  return out;
}

}  // namespace rekey
