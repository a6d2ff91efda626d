#include "matcher/confirm.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rekey/rules/published_examples.h"

namespace rekey {
namespace {

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

TEST(Confirm, HexCapturesHaveTheirOwnThreshold) {
  Rule rule;
  rule.min_entropy = 4.2;
  rule.hex_min_entropy = 3.0;
  const std::string hex = "8f14e45fceea167a5a36dedd4bea2543";  // 32 hex, entropy ~3.7
  ASSERT_LT(ShannonEntropy(hex), 4.2);
  EXPECT_TRUE(IsAllHex(hex));
  EXPECT_EQ(EntropyThreshold(rule, hex), 3.0);
  EXPECT_EQ(EntropyThreshold(rule, "Q7xk2mP9qRt4vW8yZb3nL5cH1jD6fG"), 4.2);
  EXPECT_EQ(Confirm(rule, hex, hex).verdict, Verdict::kFinding);
  rule.hex_min_entropy.reset();  // without it the base64 threshold applies to hex too
  EXPECT_EQ(Confirm(rule, hex, hex).verdict, Verdict::kRejected);
  EXPECT_FALSE(IsAllHex(""));
  EXPECT_FALSE(IsAllHex("8f14e45g"));
}

TEST(Confirm, PublishedExamplesAreDropped) {
  // Pieces joined here so that this file holds no whole example.
  EXPECT_TRUE(IsPublishedExample(std::string("AKIAIOSFODNN7") + "EXAMPLE"));
  EXPECT_TRUE(IsPublishedExample(std::string("7Fjfp0ZBr1Kt") + "DRbnfVdmIw"));  // RFC 6749
  // A long example inside a longer capture (jwt.io's payload, another signature).
  const std::string jwt_payload =
      std::string("eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6Ikpv") + "aG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ";
  EXPECT_TRUE(IsPublishedExample("eyJhbGciOiJIUzM4NCJ9." + jwt_payload + ".c2lnbmF0dXJlLW90aGVy"));
  // A short one only as the whole capture.
  EXPECT_TRUE(IsPublishedExample(std::string("gX1fBat") + "3bV"));
  EXPECT_FALSE(IsPublishedExample(std::string("xgX1fBat") + "3bVx"));
  EXPECT_FALSE(IsPublishedExample("Q7xk2mP9qRt4vW8yZb3nL5cH1jD6fG"));
}

TEST(Confirm, EveryPublishedExampleNamesItsSource) {
  ASSERT_GE(BuiltinPublishedExamples().size(), 20u);
  for (const PublishedExample& e : BuiltinPublishedExamples()) {
    EXPECT_GE(e.value.size(), 8u) << e.value;
    EXPECT_TRUE(e.source.starts_with("https://")) << e.value;
    EXPECT_TRUE(IsPlaceholder(e.value)) << e.value;
  }
}

TEST(Confirm, IdentifierLikeValues) {
  EXPECT_TRUE(LooksLikeIdentifier("ACCESS_TOKEN"));
  EXPECT_TRUE(LooksLikeIdentifier("my-app-secret"));
  EXPECT_TRUE(LooksLikeIdentifier("this.is.not.a.secret"));
  EXPECT_TRUE(LooksLikeIdentifier("accessToken"));
  EXPECT_TRUE(LooksLikeIdentifier("RequestCredentials"));
  EXPECT_TRUE(LooksLikeIdentifier("my-app-secret-2"));
  EXPECT_TRUE(LooksLikeIdentifier("gnutls_x509_crq_t"));
  EXPECT_TRUE(LooksLikeIdentifier("LIBSSH2_ERROR_EAGAIN"));
  EXPECT_TRUE(LooksLikeIdentifier("prod/internal-gateway-key"));
  EXPECT_TRUE(LooksLikeIdentifier("token_type::value_string"));  // C++ scope
  EXPECT_TRUE(LooksLikeIdentifier("OpeningBracketToken$1"));
  EXPECT_TRUE(LooksLikeIdentifier("e.createMessageConnection=e.NullLogger"));
  EXPECT_TRUE(LooksLikeLetterName("ASAuthorizationSingleSignOnProvider"));  // a reference, as in a rotation schedule
  EXPECT_FALSE(LooksLikeIdentifier("kSaPeOD/T0JxMi3p28B+x"));
  EXPECT_FALSE(LooksLikeIdentifier("Q7xk2mP9qRt4vW8yZb3n"));        // digits inside words
  EXPECT_FALSE(LooksLikeIdentifier("kSaPeOD_T0JxMi3p28B"));         // case mixed at random
  EXPECT_FALSE(LooksLikeIdentifier("fd4b3c27-5979-4271-af88-e1"));  // a UUID is no name
  EXPECT_FALSE(LooksLikeIdentifier("2024"));                        // no letter
  EXPECT_FALSE(LooksLikeIdentifier("abc+def/ghi"));
  EXPECT_TRUE(LooksLikeLetterName("NSURLCredentialStorage"));  // acronyms run on
  EXPECT_TRUE(LooksLikeLetterName("init.useURLCredentials"));
  EXPECT_FALSE(LooksLikeLetterName("meEIPbFInEVfnDElhSUZ"));  // random letters (a vendor's format)
  EXPECT_FALSE(LooksLikeLetterName("abc1def"));
}

TEST(Confirm, GenericNonSecrets) {
  EXPECT_TRUE(IsGenericNonSecret("test-api-key-1a2b"));
  EXPECT_TRUE(IsGenericNonSecret("password1234!"));
  EXPECT_FALSE(IsGenericNonSecret("secret_live_wmYhYY7hkU7EJtUlgYuZKT90q7bdi93q"));  // a word, then a token
  EXPECT_TRUE(IsGenericNonSecret("https://vault.internal/v1/secret/data/app"));
  EXPECT_FALSE(IsGenericNonSecret("https://chat.acme.test/hooks/y5khtldlg1jhp3ezxsofeww03c"));  // a webhook
  EXPECT_TRUE(IsGenericNonSecret("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"));
  EXPECT_TRUE(IsGenericNonSecret("/run/secrets/db_password"));
  EXPECT_TRUE(IsGenericNonSecret("0123456789abcdefA9x"));
  EXPECT_TRUE(IsGenericNonSecret("$GITHUB_TOKEN"));
  EXPECT_TRUE(IsGenericNonSecret("RequestCredentials"));
  EXPECT_TRUE(IsGenericNonSecret("lsdkfol23w54jlksdef&oauth_token_secret=qwe089234lkjsdf"));
  EXPECT_TRUE(IsGenericNonSecret("!!_config.withCredentials"));
  EXPECT_TRUE(IsGenericNonSecret("fFGQZBNzxtun"));                         // assigned: digitless letters read as a name
  EXPECT_FALSE(IsGenericNonSecret("fFGQZBNzxtun", /*assignment=*/false));  // in a header: a token
  EXPECT_FALSE(IsGenericNonSecret("Q7xk2mP9qRt4vW8yZb3nL5cH"));
}

TEST(Confirm, Verdicts) {
  Rule vendor;
  vendor.provider = "Acme";
  vendor.keywords = {"acme"};
  vendor.min_entropy = 3.0;
  const std::string token = "Q7xk2mP9qRt4vW8yZb3nL5cH1jD6fG";
  EXPECT_EQ(Confirm(vendor, "acme_key=" + token, token).verdict, Verdict::kFinding);
  EXPECT_EQ(Confirm(vendor, "other_key=" + token, token).verdict, Verdict::kNotApplicable);
  EXPECT_EQ(Confirm(vendor, "acme_key=aaaabbbb", "aaaabbbb").verdict, Verdict::kRejected);
  EXPECT_EQ(Confirm(vendor, "acme_key=${ACME}", "${ACME}").verdict, Verdict::kRejected);
  vendor.validate = Validator::kBech32;
  EXPECT_EQ(Confirm(vendor, "acme " + token, token).verdict, Verdict::kRejected);
  Rule generic;
  generic.provider = "Generic";
  EXPECT_EQ(Confirm(generic, "TOKEN=ACCESS_TOKEN", "ACCESS_TOKEN").verdict, Verdict::kRejected);
  const std::string value = "Q7xk2mP9qRt4vW8yZb3n";
  EXPECT_EQ(Confirm(generic, "token = " + value + "\n", value).verdict, Verdict::kFinding);
  EXPECT_EQ(Confirm(generic, "token = " + value + "(", value).verdict, Verdict::kRejected);  // a call
  EXPECT_EQ(Confirm(generic, "token: /run/secrets/api/token", "/run/secrets/api/token").verdict, Verdict::kRejected);
  EXPECT_EQ(Confirm(generic, "csrf_token = \"" + value + "\"", value).verdict, Verdict::kRejected);
  EXPECT_EQ(Confirm(generic, "TOKEN=" + value + "$", value).verdict, Verdict::kRejected);  // "...${REST}"
  // A header rule's match inside a longer word is not the header.
  EXPECT_EQ(Confirm(generic, "Authorization: Bearer " + value, value, "\"ASAuth").verdict, Verdict::kRejected);
  EXPECT_EQ(Confirm(generic, "Authorization: Bearer " + value, value, "HTTP_").verdict, Verdict::kFinding);
  // The name's start can lie before the match (the context matched "token").
  EXPECT_EQ(Confirm(generic, "token\" value=\"" + value + "\"", value, "name=\"csrf_").verdict, Verdict::kRejected);
  // A vendor rule is not held to the generic filter.
  EXPECT_EQ(Confirm(Rule{}, "ACCESS_TOKEN", "ACCESS_TOKEN").verdict, Verdict::kFinding);
}

}  // namespace
}  // namespace rekey
