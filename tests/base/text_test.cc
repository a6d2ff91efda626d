#include "rekey/base/text.h"

#include <gtest/gtest.h>

#include "rekey/base/sha256.h"

namespace rekey {
namespace {

TEST(Text, SuggestsTypos) {
  const std::vector<std::string> fields = {"name", "provider", "rotation_frequency", "vault_path"};
  EXPECT_EQ(SuggestClosest("rotation_frequncy", fields), "rotation_frequency");
  EXPECT_EQ(SuggestClosest("vault-path", fields), "vault_path");
  EXPECT_EQ(SuggestClosest("completely_unrelated", fields), std::nullopt);
}

TEST(Text, NamesCompareIgnoringCaseAndPunctuation) {
  EXPECT_TRUE(SameName("Stripe", "stripe"));
  EXPECT_TRUE(SameName("SendGrid", "send_grid"));
  EXPECT_FALSE(SameName("internal_gateway", "Internal API Gateway"));
}

TEST(Text, RedactsOnlySecretLookingValues) {
  EXPECT_EQ(RedactIfSecret("rotation_frequncy"), "rotation_frequncy");
  EXPECT_EQ(RedactIfSecret("https://api.stripe.com/v1/api_keys"), "https://api.stripe.com/v1/api_keys");
  const std::string fake = std::string("FAKE") + "tok9Qz7Xw2Lm4Np8Rv6Ts1Kb3Hd";
  EXPECT_EQ(RedactIfSecret(fake), "FAKE\u2026(31 chars)");
  EXPECT_EQ(RedactIfSecret("secret/prod/internal/gateway-key"), "secret/prod/internal/gateway-key");
  EXPECT_EQ(RedactIfSecret("Internal API Gateway"), "Internal API Gateway");
  EXPECT_TRUE(LooksLikeSecret("https://hooks.example.test/" + fake));
}

TEST(Text, QuoteEscapes) { EXPECT_EQ(Quote("a\"b\n"), "\"a\\\"b\\x0a\""); }

TEST(Sha256, KnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace rekey
