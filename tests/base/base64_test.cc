#include "rekey/base/base64.h"

#include <gtest/gtest.h>

namespace rekey {
namespace {

TEST(Base64, EncodesRfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
}

TEST(Base64, UrlAlphabetUsesDashAndUnderscore) {
  EXPECT_EQ(Base64Encode("\xfb\xff", Base64Alphabet::kStandard), "+/8=");
  EXPECT_EQ(Base64Encode("\xfb\xff", kBase64Url), "-_8=");
  EXPECT_EQ(Base64Decode("-_8", kBase64Url), std::string("\xfb\xff"));
  EXPECT_EQ(Base64Decode("-_8="), std::nullopt);  // '-' is not in the standard alphabet
}

TEST(Base64, DecodesWithAndWithoutPadding) {
  EXPECT_EQ(Base64Decode("Zm9vYmE="), "fooba");
  EXPECT_EQ(Base64Decode("Zm9vYmE"), "fooba");
  EXPECT_EQ(Base64Decode("Zm9vYmFy"), "foobar");
}

TEST(Base64, RejectsWhatNoEncoderWrites) {
  EXPECT_EQ(Base64Decode("Zm9vY"), std::nullopt);    // 1 mod 4
  EXPECT_EQ(Base64Decode("Zm9v!mFy"), std::nullopt);  // outside the alphabet
  EXPECT_EQ(Base64Decode("Zg=a"), std::nullopt);     // '=' inside
  EXPECT_EQ(Base64Decode("Zm9=="), std::nullopt);    // wrong padding for the length
}

}  // namespace
}  // namespace rekey
