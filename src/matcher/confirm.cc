#include "matcher/confirm.h"

#include <array>
#include <cmath>
#include <cstddef>
#include <nlohmann/json.hpp>

namespace rekey {
namespace {

constexpr std::string_view kBase62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// Lowercase words that mark a value as a stand-in, not a credential.
constexpr std::array<std::string_view, 9> kPlaceholderWords = {
    "example", "sample", "placeholder", "changeme", "redacted", "dummy", "your_", "your-", "here"};

// Keys printed in vendors' documentation (AWS IAM guide, Stripe API reference,
// jwt.io); they are in every tutorial and never live credentials.
constexpr std::array<std::string_view, 6> kDocumentedExamples = {
    "AKIAIOSFODNN7EXAMPLE",
    "AKIAI44QH8DHBEXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",  // signature of jwt.io's sample token
};

constexpr std::array<std::string_view, 5> kTemplateMarkers = {"${", "{{", "%(", "$(", "#{"};

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsBase62(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

bool HasLongRun(std::string_view s, size_t run) {
  size_t length = 1;
  for (size_t i = 1; i < s.size(); ++i) {
    length = s[i] == s[i - 1] ? length + 1 : 1;
    if (length >= run) return true;
  }
  return false;
}

bool HasAngleTemplate(std::string_view s) {
  const size_t open = s.find('<');
  return open != std::string_view::npos && s.find('>', open + 1) != std::string_view::npos;
}

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

std::optional<std::string> DecodeBase64Url(std::string_view in) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '-' || c == '+')
      v = 62;
    else if (c == '_' || c == '/')
      v = 63;
    else if (c == '=')
      break;
    else
      return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

}  // namespace

std::string_view ValidationName(Validation validation) {
  switch (validation) {
    case Validation::kNone:
      return "none";
    case Validation::kChecksumValid:
      return "checksum-valid";
    case Validation::kFormatValid:
      return "format-valid";
  }
  return "none";
}

double ShannonEntropy(std::string_view s) {
  if (s.empty()) return 0;
  std::array<size_t, 256> counts{};
  for (char c : s) ++counts[static_cast<unsigned char>(c)];
  double entropy = 0;
  const double n = static_cast<double>(s.size());
  for (size_t count : counts) {
    if (count == 0) continue;
    const double p = static_cast<double>(count) / n;
    entropy -= p * std::log2(p);
  }
  return entropy;
}

bool ContainsKeyword(std::string_view text, std::string_view keyword) {
  if (keyword.empty()) return true;
  if (keyword.size() > text.size()) return false;
  for (size_t i = 0; i + keyword.size() <= text.size(); ++i) {
    size_t k = 0;
    while (k < keyword.size() && Lower(text[i + k]) == keyword[k]) ++k;
    if (k == keyword.size()) return true;
  }
  return false;
}

bool IsPlaceholder(std::string_view secret) {
  for (std::string_view marker : kTemplateMarkers) {
    if (secret.find(marker) != std::string_view::npos) return true;
  }
  if (HasAngleTemplate(secret) || HasLongRun(secret, 6)) return true;
  for (std::string_view word : kPlaceholderWords) {
    if (ContainsKeyword(secret, word)) return true;
  }
  for (std::string_view example : kDocumentedExamples) {
    if (secret.find(example) != std::string_view::npos) return true;
  }
  return false;
}

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
    if (!DecodeBase64Url(part)) return false;
  }
  std::optional<std::string> header = DecodeBase64Url(secret.substr(0, dot1));
  if (!header) return false;
  const nlohmann::json json = nlohmann::json::parse(*header, nullptr, /*allow_exceptions=*/false);
  return json.is_object() && json.contains("alg") && json["alg"].is_string();
}

std::optional<Validation> Confirm(const Rule& rule, std::string_view full_match, std::string_view secret) {
  if (rule.min_entropy && ShannonEntropy(secret) < *rule.min_entropy) return std::nullopt;
  if (IsPlaceholder(secret)) return std::nullopt;
  if (!rule.keywords.empty()) {
    bool found = false;
    for (const std::string& k : rule.keywords) found = found || ContainsKeyword(full_match, k);
    if (!found) return std::nullopt;
  }
  switch (rule.validate) {
    case Validator::kNone:
      return Validation::kNone;
    case Validator::kGithubCrc32:
      return IsValidGithubToken(secret) ? std::optional(Validation::kChecksumValid) : std::nullopt;
    case Validator::kNpmCrc32:
      return IsValidNpmToken(secret) ? std::optional(Validation::kChecksumValid) : std::nullopt;
    case Validator::kJwt:
      return IsWellFormedJwt(secret) ? std::optional(Validation::kFormatValid) : std::nullopt;
  }
  return std::nullopt;
}

}  // namespace rekey
