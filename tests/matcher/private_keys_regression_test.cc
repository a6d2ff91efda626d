// Regressions of issue 15 for the built-in private-key rules: keys missed in
// use. Each key is built here with the real format's structure (its header
// bytes, length fields and base64 wrapping) around random key material, so
// nothing in this file is a key.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "rekey/base/base64.h"
#include "rekey/matcher/matcher.h"
#include "rekey/rules/rule_set.h"

namespace rekey {
namespace {

class PrivateKeyRegression : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Diagnostics diags;
    RuleSet rules;
    ASSERT_TRUE(rules.AddBuiltins(diags, /*with_examples=*/false));
    db_ = RulesDatabase::Build(rules, CacheOptions{true, std::string(REKEY_BINARY_DIR) + "/test-cache"}, diags);
    ASSERT_NE(db_, nullptr);
  }
  static void TearDownTestSuite() { db_.reset(); }

  // The ids of the rules that report something in `text`.
  static std::vector<std::string> RulesFound(std::string_view text) {
    Matcher matcher(db_);
    std::vector<RuleMatch> matches;
    matcher.Scan(text, matches);
    std::vector<std::string> ids;
    for (const RuleMatch& m : matches) ids.push_back(db_->rule(m.rule).id);
    return ids;
  }

  static bool Found(std::string_view text, const std::string& id) {
    for (const std::string& found : RulesFound(text)) {
      if (found == id) return true;
    }
    return false;
  }

  std::string RandomBytes(size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += static_cast<char>(rng_() & 0xff);
    return out;
  }

  static std::string Field(std::string_view bytes) {
    std::string out;
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((bytes.size() >> shift) & 0xff);
    return out + std::string(bytes);
  }

  // An unencrypted ed25519 key in OpenSSH's own format (PROTOCOL.key):
  // "openssh-key-v1\0", cipher/kdf "none", one public key, the private section.
  std::string OpenSshEd25519() {
    const std::string pub = RandomBytes(32), secret = RandomBytes(32), check = RandomBytes(4);
    const std::string pub_blob = Field("ssh-ed25519") + Field(pub);
    std::string private_section = check + check + Field("ssh-ed25519") + Field(pub) + Field(secret + pub) + Field("ci");
    for (char pad = 1; private_section.size() % 8 != 0; ++pad) private_section += pad;
    const std::string blob = std::string("openssh-key-v1") + '\0' + Field("none") + Field("none") + Field("") +
                             std::string("\0\0\0\1", 4) + Field(pub_blob) + Field(private_section);
    return Armor("OPENSSH PRIVATE KEY", blob, 70);
  }

  static std::string Armor(std::string_view label, std::string_view der, size_t width) {
    const std::string b64 = Base64Encode(der);
    std::string out = "-----BEGIN " + std::string(label) + "-----\n";
    for (size_t i = 0; i < b64.size(); i += width) out += b64.substr(i, width) + "\n";
    return out + "-----END " + std::string(label) + "-----\n";
  }

  static std::string EscapeNewlines(std::string_view s) {
    std::string out;
    for (char c : s) out += c == '\n' ? std::string("\\n") : std::string(1, c);
    return out;
  }

  static std::string Indent(std::string_view s, std::string_view pad) {
    std::string out;
    for (char c : s) {
      out += c;
      if (c == '\n') out += pad;
    }
    return out;
  }

  static std::shared_ptr<const RulesDatabase> db_;
  std::mt19937 rng_{1515};
};

std::shared_ptr<const RulesDatabase> PrivateKeyRegression::db_;

TEST_F(PrivateKeyRegression, Issue15ShortEd25519OpenSshKeyFileIsFound) {
  const std::string key = OpenSshEd25519();
  ASSERT_EQ(std::count(key.begin(), key.end(), '\n'), 7);  // the 7-line key file of the report
  EXPECT_TRUE(Found(key, "pem.openssh-private-key")) << key;
}

TEST_F(PrivateKeyRegression, Issue15Pkcs8Ed25519KeyOfOneLineIsFound) {
  // 48 bytes: the PKCS#8 header of an Ed25519 key and its 32-byte seed.
  const std::string der =
      std::string("\x30\x2e\x02\x01\x00\x30\x05\x06\x03\x2b\x65\x70\x04\x22\x04\x20", 16) + RandomBytes(32);
  EXPECT_TRUE(Found(Armor("PRIVATE KEY", der, 64), "pem.pkcs8-private-key"));
}

TEST_F(PrivateKeyRegression, Issue15PemBlocksInStringsHeredocsAndFences) {
  const std::string key = Armor("RSA PRIVATE KEY", "\x30\x82\x04\xa4" + RandomBytes(600), 64);
  const std::vector<std::string> shapes = {
      "{\"private_key\": \"" + EscapeNewlines(key) + "\"}\n",
      "PRIVATE_KEY=\"" + EscapeNewlines(key) + "\"\n",
      "resource \"tls_cert\" \"x\" {\n  key = <<-EOT\n    " + Indent(key, "    ") + "EOT\n}\n",
      "cat > key.pem <<'EOF'\n" + key + "EOF\n",
      "Use:\n\n```\n" + key + "```\n",
      "tls:\n  key: |\n    " + Indent(key, "    ") + "\n",
  };
  for (const std::string& text : shapes) EXPECT_TRUE(Found(text, "pem.rsa-private-key")) << text;
}

TEST_F(PrivateKeyRegression, Issue15PgpBlockInAnEscapedString) {
  std::string armor = "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n";
  const std::string b64 = Base64Encode("\x95\x01\xd8" + RandomBytes(300));
  for (size_t i = 0; i < b64.size(); i += 64) armor += b64.substr(i, 64) + "\n";
  armor += "-----END PGP PRIVATE KEY BLOCK-----\n";
  EXPECT_TRUE(Found("GPG_KEY=\"" + EscapeNewlines(armor) + "\"", "pgp.private-key-block"));
  EXPECT_TRUE(Found("signing:\n  key: |\n    " + Indent(armor, "    "), "pgp.private-key-block"));
}

TEST_F(PrivateKeyRegression, ProseBetweenPemMarkersIsNotAKey) {
  EXPECT_TRUE(RulesFound("-----BEGIN PRIVATE KEY-----\nthe base64 encoded key material goes in this block of the "
                         "file\n-----END PRIVATE KEY-----\n")
                  .empty());
}

}  // namespace
}  // namespace rekey
