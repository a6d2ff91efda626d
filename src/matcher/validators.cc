#include "matcher/validators.h"

#include <array>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "rekey/base/base64.h"
#include "rekey/base/hash.h"
#include "rekey/base/sha256.h"

namespace rekey {
namespace {

constexpr std::string_view kBase62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

bool IsBase62(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

const std::array<uint32_t, 256>& CrcTable() {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  return table;
}

// Base64url or standard base64, with or without padding.
std::optional<std::string> DecodeAnyBase64(std::string_view in) {
  std::string text(in);
  for (char& c : text) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (!text.empty() && text.back() == '=') text.pop_back();
  while (text.size() % 4 != 0) text += '=';
  return Base64Decode(text);
}

// The value of `digits` in base 36 (0-9a-z), or nullopt.
std::optional<uint64_t> ParseBase36(std::string_view digits) {
  uint64_t value = 0;
  for (char c : digits) {
    int d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'a' && c <= 'z')
      d = c - 'a' + 10;
    else
      return std::nullopt;
    value = value * 36 + static_cast<uint64_t>(d);
  }
  return value;
}

// Eight hex digits in either case.
std::optional<uint32_t> ParseHex32(std::string_view hex) {
  if (hex.size() != 8) return std::nullopt;
  uint32_t value = 0;
  for (char c : hex) {
    const int digit = HexDigit((c >= 'A' && c <= 'F') ? static_cast<char>(c - 'A' + 'a') : c);
    if (digit < 0) return std::nullopt;
    value = value << 4 | static_cast<uint32_t>(digit);
  }
  return value;
}

std::string Sha256Bytes(std::string_view data) {
  const std::string hex = Sha256Hex(data);
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(HexDigit(hex[i]) * 16 + HexDigit(hex[i + 1]));
  return out;
}

// One macaroon v2 field at `data[pos]`: type byte, varint length, bytes.
// Returns false at the end of the data or on a malformed field.
bool ReadMacaroonField(std::string_view data, size_t& pos, int& type, std::string_view& value) {
  if (pos >= data.size()) return false;
  type = static_cast<unsigned char>(data[pos++]);
  value = {};
  if (type == 0) return true;  // end of section
  uint64_t length = 0;
  for (int shift = 0;; shift += 7) {
    if (pos >= data.size() || shift > 28) return false;
    const unsigned char b = static_cast<unsigned char>(data[pos++]);
    length |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) break;
  }
  if (length > data.size() - pos) return false;
  value = data.substr(pos, length);
  pos += length;
  return true;
}

// Reads one section (fields up to an end marker) of a macaroon; `first` is
// the type of its first field. False when the section is malformed.
bool ReadMacaroonSection(std::string_view data, size_t& pos, int& first, bool& empty) {
  int type = 0, previous = 0;
  std::string_view value;
  empty = true;
  first = -1;
  while (ReadMacaroonField(data, pos, type, value)) {
    if (type == 0) return true;
    // Fields appear in increasing type order: location 1, identifier 2, vid 4.
    if (type <= previous || (type != 1 && type != 2 && type != 4)) return false;
    if (first < 0) first = type;
    previous = type;
    empty = false;
  }
  return false;
}

uint32_t Bech32Polymod(const std::vector<uint8_t>& values) {
  constexpr std::array<uint32_t, 5> kGenerator = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  uint32_t chk = 1;
  for (uint8_t v : values) {
    const uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; ++i) {
      if ((top >> i) & 1) chk ^= kGenerator[static_cast<size_t>(i)];
    }
  }
  return chk;
}

}  // namespace

uint32_t Crc32(std::string_view data) {
  uint32_t crc = 0xFFFFFFFFu;
  for (char c : data) crc = CrcTable()[(crc ^ static_cast<unsigned char>(c)) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

std::string Base62Crc32(std::string_view data) {
  uint32_t value = Crc32(data);
  std::string out(6, '0');
  for (int i = 5; i >= 0 && value > 0; --i) {
    out[static_cast<size_t>(i)] = kBase62[value % 62];
    value /= 62;
  }
  return out;
}

bool HasValidTokenChecksum(std::string_view token, std::string_view prefix) {
  constexpr size_t kBody = 30, kChecksum = 6;
  if (token.size() != prefix.size() + kBody + kChecksum || token.substr(0, prefix.size()) != prefix) return false;
  const std::string_view body = token.substr(prefix.size(), kBody);
  const std::string_view checksum = token.substr(prefix.size() + kBody);
  for (char c : token.substr(prefix.size())) {
    if (!IsBase62(c)) return false;
  }
  return Base62Crc32(body) == checksum;
}

bool IsValidGithubToken(std::string_view secret) {
  for (std::string_view prefix : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) {
    if (HasValidTokenChecksum(secret, prefix)) return true;
  }
  return false;
}

bool IsValidNpmToken(std::string_view secret) { return HasValidTokenChecksum(secret, "npm_"); }

bool IsWellFormedJwt(std::string_view secret) {
  const size_t dot1 = secret.find('.');
  if (dot1 == std::string_view::npos || dot1 == 0) return false;
  const size_t dot2 = secret.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || dot2 == dot1 + 1) return false;
  if (secret.find('.', dot2 + 1) != std::string_view::npos) return false;
  for (std::string_view part : {secret.substr(dot1 + 1, dot2 - dot1 - 1), secret.substr(dot2 + 1)}) {
    if (!DecodeAnyBase64(part)) return false;
  }
  std::optional<std::string> header = DecodeAnyBase64(secret.substr(0, dot1));
  if (!header) return false;
  const nlohmann::json json = nlohmann::json::parse(*header, nullptr, /*allow_exceptions=*/false);
  return json.is_object() && json.contains("alg") && json["alg"].is_string();
}

bool IsValidGitlabRoutableToken(std::string_view secret) {
  constexpr size_t kCrc = 7, kLength = 2, kVersion = 2;
  // ...<payload>.<version>.<length><crc>
  if (secret.size() < kCrc + kLength + kVersion + 3) return false;
  const size_t tail = secret.size() - kCrc - kLength;
  if (secret[tail - 1] != '.' || secret[tail - kVersion - 2] != '.') return false;
  const std::optional<uint64_t> crc = ParseBase36(secret.substr(tail + kLength));
  if (!crc || *crc != Crc32(secret.substr(0, secret.size() - kCrc))) return false;
  if (!ParseBase36(secret.substr(tail - kVersion - 1, kVersion))) return false;
  const std::optional<uint64_t> length = ParseBase36(secret.substr(tail, kLength));
  const size_t payload_end = tail - kVersion - 2;
  if (!length || *length == 0 || *length > payload_end) return false;
  const std::optional<std::string> payload = DecodeAnyBase64(secret.substr(payload_end - *length, *length));
  // 16 random bytes, the routing text, and its length in one byte.
  constexpr size_t kRandom = 16;
  if (!payload || payload->size() < kRandom + 1) return false;
  const size_t routing = payload->size() - kRandom - 1;
  return static_cast<unsigned char>(payload->back()) == routing;
}

bool IsValidGrafanaToken(std::string_view secret) {
  const size_t first = secret.find('_');
  const size_t last = secret.rfind('_');
  if (!secret.starts_with("gl") || first == std::string_view::npos || first == last) return false;
  if (secret.find('_', first + 1) != last) return false;
  const std::optional<uint32_t> checksum = ParseHex32(secret.substr(last + 1));
  if (!checksum) return false;
  const uint32_t crc = Crc32(secret.substr(0, last));
  // Written as its 4 bytes little-endian, then hex: byte-swapped.
  const uint32_t swapped = (crc >> 24) | ((crc >> 8) & 0xff00) | ((crc << 8) & 0xff0000) | (crc << 24);
  return *checksum == swapped;
}

bool IsValidAtlassianToken(std::string_view secret) {
  constexpr size_t kHex = 8;
  if (secret.size() <= kHex + 1 || secret[secret.size() - kHex - 1] != '=') return false;
  const std::optional<uint32_t> checksum = ParseHex32(secret.substr(secret.size() - kHex));
  return checksum && *checksum == Crc32(secret.substr(0, secret.size() - kHex));
}

bool IsValidSentryOrgToken(std::string_view secret) {
  constexpr std::string_view kPrefix = "sntrys_";
  if (!secret.starts_with(kPrefix)) return false;
  const std::string_view rest = secret.substr(kPrefix.size());
  const size_t split = rest.find('_');
  if (split == std::string_view::npos || rest.find('_', split + 1) != std::string_view::npos) return false;
  std::optional<std::string> payload = DecodeAnyBase64(rest.substr(0, split));
  if (!payload) return false;
  const nlohmann::json json = nlohmann::json::parse(*payload, nullptr, /*allow_exceptions=*/false);
  return json.is_object() && json.contains("iat") && json["iat"].is_number() && split + 1 < rest.size();
}

bool IsValidPypiMacaroon(std::string_view secret) {
  constexpr std::string_view kPrefix = "pypi-";
  if (!secret.starts_with(kPrefix)) return false;
  const std::optional<std::string> decoded = DecodeAnyBase64(secret.substr(kPrefix.size()));
  if (!decoded || decoded->empty() || (*decoded)[0] != 2) return false;
  const std::string_view data = *decoded;
  size_t pos = 1;
  int first = 0;
  bool empty = false;
  // The macaroon's own section must hold an identifier; then caveat
  // sections until an empty one; then the 32-byte signature, last.
  if (!ReadMacaroonSection(data, pos, first, empty) || empty) return false;
  for (;;) {
    if (!ReadMacaroonSection(data, pos, first, empty)) return false;
    if (empty) break;
  }
  int type = 0;
  std::string_view signature;
  return ReadMacaroonField(data, pos, type, signature) && type == 6 && signature.size() == 32 && pos == data.size();
}

bool IsValidBech32(std::string_view secret) {
  constexpr std::string_view kCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  const size_t separator = secret.rfind('1');
  if (separator == std::string_view::npos || separator == 0 || secret.size() - separator < 7) return false;
  bool lower = false, upper = false;
  std::vector<uint8_t> values;
  const std::string_view hrp = secret.substr(0, separator);
  for (char c : hrp) {
    if (c < 33 || c > 126) return false;
    lower = lower || (c >= 'a' && c <= 'z');
    upper = upper || (c >= 'A' && c <= 'Z');
    values.push_back(static_cast<uint8_t>((c | 0x20) >> 5));
  }
  values.push_back(0);
  for (char c : hrp) values.push_back(static_cast<uint8_t>((c | 0x20) & 31));
  for (char c : secret.substr(separator + 1)) {
    lower = lower || (c >= 'a' && c <= 'z');
    upper = upper || (c >= 'A' && c <= 'Z');
    const char folded = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    const size_t v = kCharset.find(folded);
    if (v == std::string_view::npos) return false;
    values.push_back(static_cast<uint8_t>(v));
  }
  if (lower && upper) return false;
  const uint32_t polymod = Bech32Polymod(values);
  return polymod == 1 || polymod == 0x2bc830a3;  // Bech32, Bech32m
}

bool IsValidBase58Check(std::string_view secret) {
  constexpr std::string_view kAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  if (secret.empty() || secret.size() > 200) return false;
  std::vector<uint8_t> bytes;  // big-endian, grown as digits arrive
  for (char c : secret) {
    const size_t digit = kAlphabet.find(c);
    if (digit == std::string_view::npos) return false;
    uint32_t carry = static_cast<uint32_t>(digit);
    for (auto it = bytes.rbegin(); it != bytes.rend(); ++it) {
      carry += static_cast<uint32_t>(*it) * 58;
      *it = static_cast<uint8_t>(carry & 0xff);
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.insert(bytes.begin(), static_cast<uint8_t>(carry & 0xff));
      carry >>= 8;
    }
  }
  for (size_t i = 0; i < secret.size() && secret[i] == '1'; ++i) bytes.insert(bytes.begin(), 0);
  if (bytes.size() < 5) return false;
  const std::string payload(bytes.begin(), bytes.end() - 4);
  const std::string check = Sha256Bytes(Sha256Bytes(payload));
  return std::equal(bytes.end() - 4, bytes.end(), check.begin(),
                    [](uint8_t a, char b) { return a == static_cast<unsigned char>(b); });
}

bool IsBasicAuthPair(std::string_view secret) {
  const std::optional<std::string> decoded = DecodeAnyBase64(secret);
  if (!decoded || decoded->find(':') == std::string::npos) return false;
  for (char c : *decoded) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return false;  // text, not binary
  }
  return true;
}

std::optional<Validation> Validate(Validator validator, std::string_view secret) {
  auto checked = [](bool ok, Validation v) { return ok ? std::optional(v) : std::nullopt; };
  switch (validator) {
    case Validator::kNone:
      return Validation::kNone;
    case Validator::kGithubCrc32:
      return checked(IsValidGithubToken(secret), Validation::kChecksumValid);
    case Validator::kNpmCrc32:
      return checked(IsValidNpmToken(secret), Validation::kChecksumValid);
    case Validator::kJwt:
      return checked(IsWellFormedJwt(secret), Validation::kFormatValid);
    case Validator::kGitlabRoutable:
      return checked(IsValidGitlabRoutableToken(secret), Validation::kChecksumValid);
    case Validator::kGrafanaCrc32:
      return checked(IsValidGrafanaToken(secret), Validation::kChecksumValid);
    case Validator::kAtlassianCrc32:
      return checked(IsValidAtlassianToken(secret), Validation::kChecksumValid);
    case Validator::kSentryOrgToken:
      return checked(IsValidSentryOrgToken(secret), Validation::kFormatValid);
    case Validator::kPypiMacaroon:
      return checked(IsValidPypiMacaroon(secret), Validation::kFormatValid);
    case Validator::kBech32:
      return checked(IsValidBech32(secret), Validation::kChecksumValid);
    case Validator::kBase58Check:
      return checked(IsValidBase58Check(secret), Validation::kChecksumValid);
    case Validator::kBasicAuth:
      return checked(IsBasicAuthPair(secret), Validation::kFormatValid);
  }
  return std::nullopt;
}

}  // namespace rekey
