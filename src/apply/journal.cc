// Journal: append + fsync under flock; torn-tail repair; the crash test hook.
#include "rekey/apply/journal.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "rekey/model/loader.h"

namespace rekey {
namespace {

class FileLock {
 public:
  explicit FileLock(int fd) : fd_(fd) {
    while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
    }
  }
  ~FileLock() { ::flock(fd_, LOCK_UN); }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

Error IoError(const std::string& what, const std::string& path) {
  return Error{what + " " + path + ": " + std::strerror(errno), "check the audit log's directory and permissions"};
}

// Cuts a last line that has no newline (a write the crash interrupted).
Status RepairTail(int fd, const std::string& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return IoError("cannot stat", path);
  if (st.st_size == 0) return Ok{};
  off_t end = st.st_size;
  char c = 0;
  if (::pread(fd, &c, 1, end - 1) != 1) return IoError("cannot read", path);
  if (c == '\n') return Ok{};
  // Find the start of the torn line.
  off_t at = end - 1;
  constexpr off_t kChunk = 4096;
  std::string buf;
  while (at > 0) {
    const off_t from = at > kChunk ? at - kChunk : 0;
    buf.resize(static_cast<size_t>(at - from));
    if (::pread(fd, buf.data(), buf.size(), from) != static_cast<ssize_t>(buf.size()))
      return IoError("cannot read", path);
    const size_t nl = buf.rfind('\n');
    if (nl != std::string::npos) {
      at = from + static_cast<off_t>(nl) + 1;
      break;
    }
    at = from;
  }
  if (::ftruncate(fd, at) != 0 || ::fsync(fd) != 0) return IoError("cannot repair", path);
  return Ok{};
}

}  // namespace

std::string JournalLine(const AuditEvent& e) {
  nlohmann::ordered_json j;
  j["time"] = e.time.ToRfc3339();
  j["secret"] = e.secret;
  j["event"] = std::string(AuditEventTypeName(e.type));
  if (!e.key_id.empty()) j["key_id"] = e.key_id;
  if (!e.rotation_id.empty()) j["rotation_id"] = e.rotation_id;
  if (!e.previous_key_id.empty()) j["previous_key_id"] = e.previous_key_id;
  if (!e.state.empty()) j["state"] = e.state;
  if (e.not_before) j["not_before"] = e.not_before->ToRfc3339();
  if (!e.reason.empty()) j["reason"] = e.reason.substr(0, e.reason.find('\n'));
  if (!e.method.empty()) j["method"] = e.method;
  if (e.emergency) j["emergency"] = true;
  if (!e.actor.empty()) j["actor"] = e.actor;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<Journal> Journal::Open(const std::string& path) {
  const bool existed = std::filesystem::exists(path);
  const int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) return IoError("cannot open the audit log", path);
  {
    FileLock lock(fd);
    if (Status repaired = RepairTail(fd, path); !repaired) {
      ::close(fd);
      return repaired.error();
    }
  }
  if (!existed) {
    // The new file's directory entry must survive a crash too.
    std::string dir = std::filesystem::path(path).parent_path().string();
    const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
    }
  }
  return Journal(path, fd);
}

Journal::Journal(Journal&& other) noexcept : path_(std::move(other.path_)), fd_(other.fd_) { other.fd_ = -1; }

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

Status Journal::Append(const AuditEvent& event) {
  const std::string line = JournalLine(event) + "\n";
  {
    std::lock_guard<std::mutex> guard(mu_);
    FileLock lock(fd_);
    size_t done = 0;
    while (done < line.size()) {
      const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return IoError("cannot append to", path_);
      done += static_cast<size_t>(n);
    }
    if (::fsync(fd_) != 0) return IoError("cannot fsync", path_);
  }
  const char* crash = std::getenv("REKEY_TEST_CRASH_AFTER");
  if (crash != nullptr && AuditEventTypeName(event.type) == crash) ::kill(::getpid(), SIGKILL);
  return Ok{};
}

std::vector<AuditEvent> Journal::ReadAll(Diagnostics& diags) const {
  Model model;
  LoadAuditLog(path_, model, diags);
  return std::move(model.audit);
}

}  // namespace rekey
