#include "rekey/scan/redact.h"

#include <gtest/gtest.h>

#include "rekey/base/sha256.h"

namespace rekey {
namespace {

TEST(RedactedSecret, ShowsAShortPrefixAndTheLength) {
  EXPECT_EQ(RedactedSecret("sk_live_0123456789abcdef"), "sk_l\u2026(24 chars)");
  EXPECT_EQ(RedactedSecret("hunter22"), "hu\u2026(8 chars)");  // at most a quarter
  EXPECT_EQ(RedactedSecret("abc"), "\u2026(3 chars)");
  EXPECT_EQ(RedactedSecret(""), "\u2026(0 chars)");
}

TEST(RedactedSecret, PrefixStopsAtControlAndNonAsciiBytes) {
  EXPECT_EQ(RedactedSecret("ab\ncdefghijklmnop"), "ab\u2026(17 chars)");
  EXPECT_EQ(RedactedSecret("\xc3\xa9tait-un-secret-long"), "\u2026(21 chars)");
}

TEST(SecretFingerprint, IsSha256OfRuleColonSecret) {
  EXPECT_EQ(SecretFingerprint("a.b", "xyz"), Sha256Hex("a.b:xyz"));
  EXPECT_NE(SecretFingerprint("a.b", "xyz"), SecretFingerprint("a.c", "xyz"));
}

}  // namespace
}  // namespace rekey
