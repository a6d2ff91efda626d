// FNV-1a, 64-bit: a checksum and a cache key for data no adversary chooses
// (the rules database cache; see SECURITY.md). Not a cryptographic hash: use
// Sha256Hex for fingerprints of secrets. Needs no library, so computing it
// costs a process nothing at start-up.
//
// Thread-safety: pure functions.
//
//   Fnv1a64("a");                 // 0xaf63dc4c8601ec8c
//   Hex64(Fnv1a64("a"));          // "af63dc4c8601ec8c"
#ifndef REKEY_BASE_HASH_H_
#define REKEY_BASE_HASH_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace rekey {

std::uint64_t Fnv1a64(std::string_view data);

// 16 lowercase hex digits, most significant first.
std::string Hex64(std::uint64_t value);

}  // namespace rekey

#endif  // REKEY_BASE_HASH_H_
