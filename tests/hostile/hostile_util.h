// Helpers for the hostile-input tests: a temporary tree (tests/source), files
// of any size made sparse (no disk, no time), FIFOs, sockets and device nodes,
// inotify to prove a path was never opened, a deadline for what might hang,
// and (source/unprivileged.h) running a function as an unprivileged user:
// root bypasses permission bits, and CI runs as root.
#ifndef REKEY_TESTS_HOSTILE_HOSTILE_UTIL_H_
#define REKEY_TESTS_HOSTILE_HOSTILE_UTIL_H_

#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <set>
#include <string>

#include "source/temp_tree.h"
#include "source/unprivileged.h"

namespace rekey {

// A file of `size` bytes that occupies no disk: reads give zeros.
inline bool MakeSparseFile(const std::string& path, std::uint64_t size) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return false;
  const bool ok = ::ftruncate(fd, static_cast<off_t>(size)) == 0;
  ::close(fd);
  return ok;
}

inline bool MakeFifo(const std::string& path) { return ::mkfifo(path.c_str(), 0644) == 0; }

// A bound Unix socket at `path`; the descriptor stays open (returned).
inline int MakeSocket(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (fd < 0 || path.size() >= sizeof addr.sun_path) return -1;
  std::strcpy(addr.sun_path, path.c_str());
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// A character device like /dev/zero (1, 5): endless zeros if anyone read it.
// Needs CAP_MKNOD (root); false otherwise.
inline bool MakeZeroDevice(const std::string& path) {
  return ::mknod(path.c_str(), S_IFCHR | 0644, makedev(1, 5)) == 0;
}

// Records every open (and read) of the entries of one directory.
class OpenWatch {
 public:
  explicit OpenWatch(const std::string& dir) : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
    if (fd_ >= 0) wd_ = ::inotify_add_watch(fd_, dir.c_str(), IN_OPEN | IN_ACCESS);
  }
  ~OpenWatch() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return fd_ >= 0 && wd_ >= 0; }

  // Names of the directory's entries opened or read since the watch began.
  std::set<std::string> Opened() {
    Drain();
    return names_;
  }
  // Names of the entries whose content was read (opening and fstat alone,
  // e.g. to learn a file's size, are not reads).
  std::set<std::string> Read() {
    Drain();
    return read_names_;
  }

 private:
  void Drain() {
    alignas(inotify_event) char buffer[1 << 16];
    for (;;) {
      const ssize_t n = ::read(fd_, buffer, sizeof buffer);
      if (n <= 0) break;
      for (ssize_t at = 0; at < n;) {
        const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
        if (event->len > 0) names_.insert(event->name);
        if (event->len > 0 && (event->mask & IN_ACCESS) != 0) read_names_.insert(event->name);
        at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      }
    }
  }

  int fd_;
  int wd_ = -1;
  std::set<std::string> names_;
  std::set<std::string> read_names_;
};

// Runs `body` in a child with a deadline: a hang fails the test (SIGALRM,
// exit 142) instead of stalling the suite. Returns body's result.
inline int WithDeadline(unsigned seconds, const std::function<int()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::alarm(seconds);
    ::_exit(body());
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace rekey

#endif  // REKEY_TESTS_HOSTILE_HOSTILE_UTIL_H_
