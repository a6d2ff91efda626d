#include "matcher/database_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "matcher/hyperscan.h"
#include "rekey/base/hash.h"
#include "rekey/base/read_file.h"

namespace rekey {
namespace {

// "RKHSDB02", the checksum of the checked bytes and their count (16 hex
// digits each), '\n'.
constexpr std::string_view kMagic = "RKHSDB02";
constexpr size_t kHeaderLength = kMagic.size() + 16 + 16 + 1;

bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Keeps the newest kMaxCacheFiles databases: every rule change (or user rule
// set) writes a new ~2 MB file, and nothing else ever removes them.
void PruneCache(const std::string& dir) {
  std::error_code ec;
  std::vector<std::pair<std::filesystem::file_time_type, std::filesystem::path>> files;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind("hsdb-", 0) != 0 || it->path().extension() != ".bin") continue;
    files.emplace_back(it->last_write_time(ec), it->path());
  }
  if (files.size() <= kMaxCacheFiles) return;
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = kMaxCacheFiles; i < files.size(); ++i) std::filesystem::remove(files[i].second, ec);
}

}  // namespace

std::string CacheKey(const std::vector<Rule>& rules) {
  // The version names the validation a cached set passed and the payload
  // format: v3 refuses \C; v4 stores each rule's required prefix.
  std::string material = "rekey-hsdb-v4\n" + HyperscanBuildTag() + "\n";
  for (const Rule& rule : rules) {
    material += rule.id;
    material.push_back('\0');
    material += rule.pattern;
    material.push_back('\0');
    for (const std::string& keyword : rule.keywords) {  // the prefilter of keyword-mode rules
      material += keyword;
      material.push_back('\0');
    }
    material.push_back('\1');
  }
  return Hex64(Fnv1a64(material));
}

std::string CacheFilePath(const std::string& dir, const std::string& key) { return dir + "/hsdb-" + key + ".bin"; }

std::optional<std::string_view> ReadCacheFile(const std::string& path, PageBuffer& buffer) {
  // Whatever sits at the path is read only if it is a regular file of sane
  // size: a FIFO, a link to a device or a huge file is deleted, not waited on.
  Result<std::string_view> bytes =
      ReadRegularFileInto(path, {.max_bytes = kMaxCacheFileSize, .follow_symlinks = false}, buffer);
  if (!bytes) {
    ::unlink(path.c_str());  // when absent, nothing to delete
    return std::nullopt;
  }
  const std::string_view view = *bytes;
  bool ok = view.size() >= kHeaderLength && view.substr(0, kMagic.size()) == kMagic && view[kHeaderLength - 1] == '\n';
  if (ok) {
    const std::optional<std::uint64_t> sum = ParseHex64(view.substr(kMagic.size(), 16));
    const std::optional<std::uint64_t> checked = ParseHex64(view.substr(kMagic.size() + 16, 16));
    const std::string_view payload = view.substr(kHeaderLength);
    ok = sum && checked && *checked <= payload.size() && Fnv1a64(payload.substr(0, *checked)) == *sum;
  }
  if (!ok) {
    ::unlink(path.c_str());
    return std::nullopt;
  }
  return view.substr(kHeaderLength);
}

std::optional<std::string> ReadCacheFile(const std::string& path) {
  PageBuffer buffer;
  std::optional<std::string_view> payload = ReadCacheFile(path, buffer);
  if (!payload) return std::nullopt;
  return std::string(*payload);
}

void RemoveCacheFile(const std::string& path) { ::unlink(path.c_str()); }

bool WriteCacheFile(const std::string& dir, const std::string& path, std::string_view payload, size_t checked) {
  checked = std::min(checked, payload.size());
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) return false;
    ::chmod(dir.c_str(), 0700);
  }
  std::string temp = dir + "/.hsdb-XXXXXX";
  const int fd = ::mkstemp(temp.data());  // creates the file with mode 0600
  if (fd < 0) return false;
  const std::string header = std::string(kMagic) + Hex64(Fnv1a64(payload.substr(0, checked))) + Hex64(checked) + "\n";
  bool ok = ::fchmod(fd, 0600) == 0 && WriteAll(fd, header) && WriteAll(fd, payload) && ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (ok) ok = ::rename(temp.c_str(), path.c_str()) == 0;
  if (!ok) ::unlink(temp.c_str());
  if (ok) PruneCache(dir);
  return ok;
}

}  // namespace rekey
