#include "rekey/base/hash.h"

#include <gtest/gtest.h>

namespace rekey {
namespace {

TEST(Hash, Fnv1a64MatchesTheReferenceVectors) {
  // From the FNV reference (draft-eastlake-fnv): "", "a", "foobar".
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ull);
  EXPECT_NE(Fnv1a64(std::string_view("a\0b", 3)), Fnv1a64(std::string_view("a\0c", 3)));  // bytes, not C strings
}

TEST(Hash, Hex64IsSixteenLowercaseDigits) {
  EXPECT_EQ(Hex64(0), "0000000000000000");
  EXPECT_EQ(Hex64(0xaf63dc4c8601ec8cull), "af63dc4c8601ec8c");
  EXPECT_EQ(Hex64(~0ull), "ffffffffffffffff");
}

TEST(Hash, ParseHex64ReadsWhatHex64Writes) {
  for (const std::uint64_t v : {0ull, 1ull, 0xaf63dc4c8601ec8cull, ~0ull}) EXPECT_EQ(ParseHex64(Hex64(v)), v);
  EXPECT_EQ(ParseHex64("ff"), 0xffull);
  EXPECT_EQ(ParseHex64(""), 0ull);
  EXPECT_EQ(ParseHex64("0g"), std::nullopt);  // not a digit
  EXPECT_EQ(ParseHex64("AF"), std::nullopt);  // uppercase: not what Hex64 writes
  EXPECT_EQ(HexDigit('7'), 7);
  EXPECT_EQ(HexDigit('e'), 14);
  EXPECT_EQ(HexDigit(' '), -1);
}

}  // namespace
}  // namespace rekey
