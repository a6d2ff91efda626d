#include "rekey/base/write_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace rekey {
namespace {

Error Failed(const std::string& step, const std::string& path) {
  return Error{"cannot write " + path + ": " + step + ": " + std::strerror(errno),
               "check that the directory exists and is writable", 0};
}

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

Status WriteFileAtomically(const std::string& path, std::string_view text, unsigned mode) {
  const std::string dir = DirectoryOf(path);
  // A dot name: node_exporter reads only *.prom files, so it never sees the temporary.
  std::string temp = dir + "/." + BaseName(path) + ".tmp-XXXXXX";
  std::vector<char> name(temp.begin(), temp.end());
  name.push_back('\0');
  const int fd = mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) return Failed("create a temporary file in " + dir, path);
  temp.assign(name.data());
  auto fail = [&](const std::string& step) {
    Error e = Failed(step, path);
    close(fd);
    unlink(temp.c_str());
    return e;
  };
  if (fchmod(fd, mode) != 0) return fail("chmod");
  for (size_t done = 0; done < text.size();) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("write");
    done += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0) return fail("fsync");
  if (close(fd) != 0) {
    Error e = Failed("close", path);
    unlink(temp.c_str());
    return e;
  }
  if (rename(temp.c_str(), path.c_str()) != 0) {
    Error e = Failed("rename", path);
    unlink(temp.c_str());
    return e;
  }
  // The rename itself is durable once the directory is synced.
  const int dir_fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    const int synced = fsync(dir_fd);
    close(dir_fd);
    if (synced != 0) return Failed("fsync of the directory", path);
  }
  return Ok{};
}

}  // namespace rekey
