// Private: the on-disk cache of serialized Hyperscan databases.
//
// File: <dir>/hsdb-<key>.bin where key = FNV-1a 64 of (format version,
// Hyperscan version + platform, every rule id, pattern and keyword). Content:
// "RKHSDB02", the FNV-1a 64 of the payload's first `checked` bytes and
// `checked` (16 hex digits each), '\n', then the payload (rules_database.cc:
// the rules' look-back widths and prefixes, then hs_serialize_database).
// The bytes after `checked` are the serialized Hyperscan database, which
// hs_deserialize_database checks itself (its header, and a CRC32C of the
// bytecode); hashing those ~2 MB again cost every scan ~1 ms, and SHA-256 the
// loading of libcrypto. A file that fails any check is deleted so the caller
// rebuilds it (and the caller deletes one Hyperscan refuses).
#ifndef REKEY_MATCHER_DATABASE_CACHE_H_
#define REKEY_MATCHER_DATABASE_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/page_buffer.h"
#include "rekey/rules/rule.h"

namespace rekey {

// WriteCacheFile keeps at most this many databases in the directory (newest first).
inline constexpr size_t kMaxCacheFiles = 8;
// A larger file at a cache path is not read (the built-in rules make ~2 MB).
inline constexpr std::uint64_t kMaxCacheFileSize = 512ull << 20;

std::string CacheKey(const std::vector<Rule>& rules);
std::string CacheFilePath(const std::string& dir, const std::string& key);

// The verified payload, or nullopt (missing; or truncated, tampered, too large,
// not a regular file, a symbolic link: then deleted). The view points into
// `buffer`: the file is read once, with no copy of the payload.
std::optional<std::string_view> ReadCacheFile(const std::string& path, PageBuffer& buffer);
// The same as a string (tests).
std::optional<std::string> ReadCacheFile(const std::string& path);

void RemoveCacheFile(const std::string& path);

// Writes atomically (temp file + rename), mode 0600, creating `dir` (0700).
// Returns false when it could not; the cache is an optimisation, not an error.
// The first `checked` bytes of `payload` are checksummed here; the rest must
// be checked by whoever reads it (by default all of it is checked here).
bool WriteCacheFile(const std::string& dir, const std::string& path, std::string_view payload,
                    size_t checked = SIZE_MAX);

}  // namespace rekey

#endif  // REKEY_MATCHER_DATABASE_CACHE_H_
