// Every validator with tokens built here from the vendor's public format (a
// valid one, then one broken in each way the format can break). Nothing is a
// real credential: the random parts come from a fixed-seed generator.
#include "matcher/validators.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "rekey/base/base64.h"
#include "rekey/base/sha256.h"

namespace rekey {
namespace {

constexpr std::string_view kAlnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

std::string Random(std::string_view alphabet, size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string out;
  for (size_t i = 0; i < n; ++i) out += alphabet[rng() % alphabet.size()];
  return out;
}

std::string Base36(uint64_t value, size_t width) {
  std::string out;
  do {
    out.insert(out.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[value % 36]);
    value /= 36;
  } while (value > 0);
  while (out.size() < width) out.insert(out.begin(), '0');
  return out;
}

std::string Hex8(uint32_t v, bool upper) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, upper ? "%08X" : "%08x", v);
  return buffer;
}

// Replaces the character at `i` with another of the same class.
std::string Flip(std::string s, size_t i) {
  s[i] = s[i] == 'a' ? 'b' : s[i] == '0' ? '1' : (s[i] >= 'a' && s[i] <= 'z') ? 'a' : '0';
  return s;
}

TEST(Validators, Crc32KnownVectors) {
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);  // the standard CRC-32 check value
  EXPECT_EQ(Crc32(""), 0u);
  EXPECT_EQ(Base62Crc32("123456789"), "3jZRME");
  EXPECT_EQ(Base62Crc32(""), "000000");
}

TEST(Validators, GithubAndNpm) {
  const std::string body = Random(kAlnum, 30, 1);
  const std::string token = "gh" + std::string("p_") + body + Base62Crc32(body);
  EXPECT_TRUE(IsValidGithubToken(token));
  EXPECT_FALSE(IsValidGithubToken(Flip(token, 10)));
  EXPECT_FALSE(IsValidGithubToken("ghx_" + body + Base62Crc32(body)));  // unknown type letter
  EXPECT_FALSE(IsValidGithubToken(token + "0"));                        // too long
  EXPECT_TRUE(IsValidNpmToken("np" + std::string("m_") + body + Base62Crc32(body)));
  EXPECT_FALSE(IsValidNpmToken(token));
}

TEST(Validators, Jwt) {
  EXPECT_TRUE(IsWellFormedJwt("eyJhbGciOiJub25lIn0.eyJhIjoxfQ.c2lnbmF0dXJl"));
  EXPECT_TRUE(IsWellFormedJwt("eyJhbGciOiJub25lIn0.eyJhIjoxfQ."));
  EXPECT_FALSE(IsWellFormedJwt("eyJhIjoxfQ.eyJhIjoxfQ.c2lnbmF0dXJl"));        // header has no alg
  EXPECT_FALSE(IsWellFormedJwt("eyJhbGciOiJub25lIn0.eyJhIjoxfQ"));            // two parts
  EXPECT_FALSE(IsWellFormedJwt("eyJhbGciOiJub25lIn0.eyJhIjoxfQ.a.b"));        // four parts
  EXPECT_FALSE(IsWellFormedJwt("eyJhbGciOiJub25lIn0.ey$JhIjoxfQ.c2lnbmF0"));  // not base64url
  EXPECT_FALSE(IsWellFormedJwt("bm90IGpzb24.eyJhIjoxfQ.c2lnbmF0dXJl"));       // header not JSON
}

// GitLab's routable format: prefix + base64url(16 random bytes + routing
// text + its length byte) + "." + version + "." + payload length + CRC32,
// the numbers in lowercase base36.
std::string GitlabToken(std::string_view prefix, std::string_view routing, unsigned seed) {
  std::string payload = Random(kAlnum, 16, seed) + std::string(routing);
  payload += static_cast<char>(routing.size());
  std::string encoded = Base64Encode(payload, kBase64Url);
  while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
  const std::string head = std::string(prefix) + encoded + ".01." + Base36(encoded.size(), 2);
  return head + Base36(Crc32(head), 7);
}

TEST(Validators, GitlabRoutable) {
  const std::string token = GitlabToken("glpat-", "o:1z\nu:2k", 3);
  EXPECT_TRUE(IsValidGitlabRoutableToken(token)) << token;
  EXPECT_TRUE(IsValidGitlabRoutableToken(GitlabToken("glrt-", "c:1\no:9", 4)));
  EXPECT_FALSE(IsValidGitlabRoutableToken(Flip(token, 8)));                 // payload changed
  EXPECT_FALSE(IsValidGitlabRoutableToken(Flip(token, token.size() - 1)));  // checksum changed
  // A right CRC over a wrong payload-length field.
  std::string head = token.substr(0, token.size() - 9) + "00";
  EXPECT_FALSE(IsValidGitlabRoutableToken(head + Base36(Crc32(head), 7)));
  EXPECT_FALSE(IsValidGitlabRoutableToken("glpat-" + Random(kAlnum, 20, 5)));  // the legacy format
  EXPECT_FALSE(IsValidGitlabRoutableToken("x.01.ab"));
}

TEST(Validators, Grafana) {
  const std::string key = "gl" + std::string("sa_") + Random(kAlnum, 32, 6);
  const uint32_t crc = Crc32(key);
  const uint32_t le = (crc >> 24) | ((crc >> 8) & 0xff00) | ((crc << 8) & 0xff0000) | (crc << 24);
  EXPECT_TRUE(IsValidGrafanaToken(key + "_" + Hex8(le, false)));
  EXPECT_FALSE(IsValidGrafanaToken(key + "_" + Hex8(crc, false)));  // big-endian is not the format
  EXPECT_FALSE(IsValidGrafanaToken(Flip(key, 9) + "_" + Hex8(le, false)));
  EXPECT_FALSE(IsValidGrafanaToken(key + "_x_" + Hex8(le, false)));
}

TEST(Validators, Atlassian) {
  const std::string head = "ATATT" + Random(kAlnum, 180, 7) + "=";
  const std::string token = head + Hex8(Crc32(head), true);
  EXPECT_TRUE(IsValidAtlassianToken(token));
  EXPECT_TRUE(IsValidAtlassianToken(head + Hex8(Crc32(head), false)));  // hex case does not matter
  EXPECT_FALSE(IsValidAtlassianToken(Flip(token, 20)));
  EXPECT_FALSE(IsValidAtlassianToken(head.substr(0, head.size() - 1) + Hex8(Crc32(head), true)));  // no '='
}

TEST(Validators, SentryOrgToken) {
  const std::string payload = Base64Encode(R"({"iat": 1767225600.5, "url": "https://sentry.example", "org": "acme"})");
  const std::string secret = Random(kAlnum, 43, 8);
  EXPECT_TRUE(IsValidSentryOrgToken("sntry" + std::string("s_") + payload + "_" + secret));
  EXPECT_FALSE(IsValidSentryOrgToken("sntrys_" + Base64Encode(R"({"org": "acme"})") + "_" + secret));  // no iat
  EXPECT_FALSE(IsValidSentryOrgToken("sntrys_" + Random(kAlnum, 60, 9) + "_" + secret));               // not JSON
  EXPECT_FALSE(IsValidSentryOrgToken("sntrys_" + payload + "_" + secret + "_x"));                      // 3 separators
}

std::string MacaroonField(int type, std::string_view value) {
  std::string out(1, static_cast<char>(type));
  out += static_cast<char>(value.size());  // < 128: one varint byte
  return out + std::string(value);
}

std::string PypiToken(bool with_signature, bool extra_byte) {
  std::string m(1, '\x02');
  m += MacaroonField(1, "pypi.org") + MacaroonField(2, Random(kAlnum, 36, 10)) + std::string(1, '\0');
  m += MacaroonField(2, "[1,[\"acme-app\"]]") + std::string(1, '\0');
  m += std::string(1, '\0');  // end of caveats
  if (with_signature) m += MacaroonField(6, Random(kAlnum, 32, 11));
  if (extra_byte) m += 'x';
  std::string encoded = Base64Encode(m, kBase64Url);
  while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
  return "pyp" + std::string("i-") + encoded;
}

TEST(Validators, PypiMacaroon) {
  EXPECT_TRUE(IsValidPypiMacaroon(PypiToken(true, false)));
  EXPECT_FALSE(IsValidPypiMacaroon(PypiToken(false, false)));
  EXPECT_FALSE(IsValidPypiMacaroon(PypiToken(true, true)));
  EXPECT_FALSE(IsValidPypiMacaroon("pypi-AgEIcHlwaS5vcmc" + Random(kAlnum, 120, 12)));  // random body
}

// Bech32 per BIP-173, written here independently of the validator.
std::string Bech32Encode(std::string_view hrp, const std::vector<uint8_t>& data, uint32_t constant) {
  constexpr std::string_view kCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  auto polymod = [](const std::vector<uint8_t>& v) {
    const uint32_t g[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    uint32_t chk = 1;
    for (uint8_t x : v) {
      const uint32_t top = chk >> 25;
      chk = ((chk & 0x1ffffff) << 5) ^ x;
      for (int i = 0; i < 5; ++i) chk ^= ((top >> i) & 1) ? g[i] : 0;
    }
    return chk;
  };
  std::vector<uint8_t> values;
  for (char c : hrp) values.push_back(static_cast<uint8_t>(c >> 5));
  values.push_back(0);
  for (char c : hrp) values.push_back(static_cast<uint8_t>(c & 31));
  values.insert(values.end(), data.begin(), data.end());
  for (int i = 0; i < 6; ++i) values.push_back(0);
  const uint32_t mod = polymod(values) ^ constant;
  std::string out = std::string(hrp) + "1";
  for (uint8_t d : data) out += kCharset[d];
  for (int i = 0; i < 6; ++i) out += kCharset[(mod >> (5 * (5 - i))) & 31];
  return out;
}

TEST(Validators, Bech32) {
  // BIP-173 and BIP-350 test vectors.
  EXPECT_TRUE(IsValidBech32("A12UEL5L"));
  EXPECT_TRUE(IsValidBech32("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw"));
  EXPECT_TRUE(IsValidBech32("A1LQFN3A"));
  EXPECT_FALSE(IsValidBech32("A12UeL5L"));  // mixed case
  EXPECT_FALSE(IsValidBech32("a12uel5m"));  // checksum
  // An age-style identity: 52 random 5-bit groups.
  std::mt19937 rng(13);
  std::vector<uint8_t> data;
  for (int i = 0; i < 52; ++i) data.push_back(static_cast<uint8_t>(rng() % 32));
  std::string key = Bech32Encode("age-secret-key-", data, 1);
  for (char& c : key) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(IsValidBech32(key)) << key;
  EXPECT_FALSE(IsValidBech32(Flip(key, 20)));
}

std::string Base58CheckEncode(std::string payload) {
  constexpr std::string_view kAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  auto raw_sha = [](std::string_view data) {
    const std::string hex = Sha256Hex(data);
    std::string out;
    for (size_t i = 0; i < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    return out;
  };
  payload += raw_sha(raw_sha(payload)).substr(0, 4);
  std::vector<uint8_t> digits;  // base 58, little-endian
  for (unsigned char byte : payload) {
    uint32_t carry = byte;
    for (uint8_t& d : digits) {
      carry += static_cast<uint32_t>(d) << 8;
      d = static_cast<uint8_t>(carry % 58);
      carry /= 58;
    }
    while (carry > 0) {
      digits.push_back(static_cast<uint8_t>(carry % 58));
      carry /= 58;
    }
  }
  std::string out;
  for (size_t i = 0; i < payload.size() && payload[i] == '\0'; ++i) out += '1';
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) out += kAlphabet[*it];
  return out;
}

TEST(Validators, Base58Check) {
  std::string wif(1, '\x80');
  wif += Random(kAlnum, 32, 14) + "\x01";
  const std::string key = Base58CheckEncode(wif);
  EXPECT_TRUE(IsValidBase58Check(key)) << key;
  EXPECT_TRUE(IsValidBase58Check(Base58CheckEncode(std::string(2, '\0') + "leading zero bytes")));
  EXPECT_FALSE(IsValidBase58Check(Flip(key, 10)));
  EXPECT_FALSE(IsValidBase58Check(key + "0"));  // '0' is not in the alphabet
}

TEST(Validators, BasicAuth) {
  EXPECT_TRUE(IsBasicAuthPair(Base64Encode("deploy:" + Random(kAlnum, 20, 15))));
  EXPECT_FALSE(IsBasicAuthPair(Base64Encode("no colon here")));
  EXPECT_FALSE(IsBasicAuthPair(Base64Encode(std::string("bin\x01:ary", 9))));
  EXPECT_FALSE(IsBasicAuthPair("!!notbase64!!"));
}

TEST(Validators, ValidateReportsStrength) {
  EXPECT_EQ(Validate(Validator::kNone, "anything"), Validation::kNone);
  EXPECT_EQ(Validate(Validator::kBech32, "A12UEL5L"), Validation::kChecksumValid);
  EXPECT_EQ(Validate(Validator::kBasicAuth, Base64Encode("a:b")), Validation::kFormatValid);
  EXPECT_EQ(Validate(Validator::kBech32, "A12UEL5M"), std::nullopt);
}

}  // namespace
}  // namespace rekey
