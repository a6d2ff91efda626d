#include "matcher/confirm.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rekey {
namespace {

TEST(Confirm, Crc32KnownVectors) {
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);  // the standard CRC-32 check value
  EXPECT_EQ(Crc32(""), 0u);
  EXPECT_EQ(Base62Crc32("123456789"), "3jZRME");
  EXPECT_EQ(Base62Crc32("").size(), 6u);
  EXPECT_EQ(Base62Crc32(""), "000000");
}

TEST(Confirm, ShannonEntropy) {
  EXPECT_DOUBLE_EQ(ShannonEntropy(""), 0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("aaaa"), 0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("abab"), 1);
  EXPECT_DOUBLE_EQ(ShannonEntropy("0123456789abcdef"), 4);
}

TEST(Confirm, Placeholders) {
  struct Case {
    std::string secret;
    bool placeholder;
  };
  const std::vector<Case> cases = {
      {"${STRIPE_KEY}", true},
      {"{{ .Values.apiKey }}", true},
      {"<your-api-key>", true},
      {"%(api_key)s", true},
      {"$(cat /run/secrets/key)", true},
      {"abcXXXXXXdef", true},
      {"abc000000def", true},
      {"abc00000def", false},
      {"myExampleKey123", true},
      {"SAMPLE-token-9q", true},
      {"PlaceHolder9zQ", true},
      {"changeme", true},
      {"REDACTED", true},
      {"dummy-key-7Qz", true},
      {"your_token_9Qz", true},
      {"your-api-key-here", true},
      {"AKIAIOSFODNN7EXAMPLE", true},
      {"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", true},
      {"Q7xk2mP9qRt4vW8yZb3n", false},
      {"8f14e45fceea167a5a36dedd4bea2543", false},
  };
  for (const Case& c : cases) EXPECT_EQ(IsPlaceholder(c.secret), c.placeholder) << c.secret;
}

TEST(Confirm, KeywordsIgnoreCase) {
  EXPECT_TRUE(ContainsKeyword("API_TOKEN=1", "token"));
  EXPECT_TRUE(ContainsKeyword("token", "token"));
  EXPECT_FALSE(ContainsKeyword("toke", "token"));
  EXPECT_FALSE(ContainsKeyword("colour", "token"));
}

TEST(Confirm, TokenChecksumShape) {
  const std::string body = "Q7xk2mP9qRt4vW8yZb3nL5cH1jD6fG";  // 30 base62, made up
  ASSERT_EQ(body.size(), 30u);
  const std::string token =
      "gh"
      "o_" +
      body + Base62Crc32(body);
  EXPECT_TRUE(IsValidGithubToken(token));
  EXPECT_FALSE(
      IsValidGithubToken("gh"
                         "x_" +
                         body + Base62Crc32(body)));      // unknown type letter
  EXPECT_FALSE(IsValidGithubToken(token + "0"));          // too long
  EXPECT_FALSE(IsValidGithubToken(token.substr(0, 39)));  // too short
  EXPECT_FALSE(IsValidNpmToken(token));
  EXPECT_TRUE(
      IsValidNpmToken("np"
                      "m_" +
                      body + Base62Crc32(body)));
}

TEST(Confirm, JwtShape) {
  // {"alg":"none"} / {"a":1} in base64url; signatures are made up.
  EXPECT_TRUE(IsWellFormedJwt("eyJhbGciOiJub25lIn0.eyJhIjoxfQ.c2lnbmF0dXJl"));
  EXPECT_TRUE(IsWellFormedJwt("eyJhbGciOiJub25lIn0.eyJhIjoxfQ."));
  EXPECT_FALSE(IsWellFormedJwt("eyJhIjoxfQ.eyJhIjoxfQ.c2lnbmF0dXJl"));        // header has no alg
  EXPECT_FALSE(IsWellFormedJwt("eyJhbGciOiJub25lIn0.eyJhIjoxfQ"));            // two parts
  EXPECT_FALSE(IsWellFormedJwt("eyJhbGciOiJub25lIn0.eyJhIjoxfQ.a.b"));        // four parts
  EXPECT_FALSE(IsWellFormedJwt("eyJhbGciOiJub25lIn0.ey$JhIjoxfQ.c2lnbmF0"));  // not base64url
  EXPECT_FALSE(IsWellFormedJwt("bm90IGpzb24.eyJhIjoxfQ.c2lnbmF0dXJl"));       // header not JSON
}

}  // namespace
}  // namespace rekey
