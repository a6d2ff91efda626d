// FNV-1a, 64-bit: a checksum and a cache key for data no adversary chooses
// (the rules database cache; see SECURITY.md). Not a cryptographic hash: use
// Sha256Hex for fingerprints of secrets. Needs no library, so computing it
// costs a process nothing at start-up.
//
// Thread-safety: pure functions.
//
//   Fnv1a64("a");                 // 0xaf63dc4c8601ec8c
//   Hex64(Fnv1a64("a"));          // "af63dc4c8601ec8c"
//   ParseHex64("af63dc4c8601ec8c");  // 0xaf63dc4c8601ec8c
#ifndef REKEY_BASE_HASH_H_
#define REKEY_BASE_HASH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rekey {

std::uint64_t Fnv1a64(std::string_view data);

// 16 lowercase hex digits, most significant first.
std::string Hex64(std::uint64_t value);

// The value of a lowercase hex digit, or -1.
int HexDigit(char c);
// The value of lowercase hex digits (Hex64's output), or nullopt for any
// other character; at most 16 digits are meaningful.
std::optional<std::uint64_t> ParseHex64(std::string_view hex);

}  // namespace rekey

#endif  // REKEY_BASE_HASH_H_
