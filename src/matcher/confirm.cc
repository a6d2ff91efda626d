#include "matcher/confirm.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

#include "matcher/validators.h"
#include "rekey/rules/published_examples.h"

namespace rekey {
namespace {

// Lowercase words that mark a value as a stand-in, not a credential.
constexpr std::array<std::string_view, 9> kPlaceholderWords = {
    "example", "sample", "placeholder", "changeme", "redacted", "dummy", "your_", "your-", "here"};

constexpr std::array<std::string_view, 5> kTemplateMarkers = {"${", "{{", "%(", "$(", "#{"};

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// A run of one byte that fills the value as a placeholder does: 6 or more
// bytes, and at least a quarter of the value (sk_live_XXXXXXXX...). Binary
// formats have shorter zero runs of their own (an OpenSSH key's header has
// nine 'A's in a 400-byte body) that are no sign of a placeholder.
bool HasPlaceholderRun(std::string_view s) {
  constexpr size_t kMinRun = 6;
  const size_t needed = std::max(kMinRun, s.size() / 4);
  size_t length = 1;
  for (size_t i = 1; i < s.size(); ++i) {
    length = s[i] == s[i - 1] ? length + 1 : 1;
    if (length >= needed) return true;
  }
  return false;
}

bool HasAngleTemplate(std::string_view s) {
  const size_t open = s.find('<');
  return open != std::string_view::npos && s.find('>', open + 1) != std::string_view::npos;
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

bool IsAllHex(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    const char l = Lower(c);
    if (!((l >= '0' && l <= '9') || (l >= 'a' && l <= 'f'))) return false;
  }
  return true;
}

std::optional<double> EntropyThreshold(const Rule& rule, std::string_view secret) {
  if (rule.hex_min_entropy && IsAllHex(secret)) return rule.hex_min_entropy;
  return rule.min_entropy;
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

bool IsPublishedExample(std::string_view secret) {
  for (const PublishedExample& example : BuiltinPublishedExamples()) {
    if (secret == example.value) return true;
    if (example.value.size() >= kPublishedSubstringMin && secret.find(example.value) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

bool IsPlaceholder(std::string_view secret) {
  for (std::string_view marker : kTemplateMarkers) {
    if (secret.find(marker) != std::string_view::npos) return true;
  }
  if (HasAngleTemplate(secret) || HasPlaceholderRun(secret)) return true;
  for (std::string_view word : kPlaceholderWords) {
    if (ContainsKeyword(secret, word)) return true;
  }
  return IsPublishedExample(secret);
}

bool LooksLikeIdentifier(std::string_view secret) {
  bool separator = false;
  for (size_t i = 0; i < secret.size(); ++i) {
    const char c = secret[i];
    if (IsLetter(c)) continue;
    // A separator between letters, not at either end.
    if ((c == '_' || c == '.' || c == '-') && i > 0 && i + 1 < secret.size()) {
      separator = true;
      continue;
    }
    return false;
  }
  return separator;
}

Confirmation Confirm(const Rule& rule, std::string_view full_match, std::string_view secret) {
  if (!rule.keywords.empty()) {
    bool found = false;
    for (const std::string& k : rule.keywords) found = found || ContainsKeyword(full_match, k);
    if (!found) return {Verdict::kNotApplicable};
  }
  const std::optional<double> threshold = EntropyThreshold(rule, secret);
  if (threshold && ShannonEntropy(secret) < *threshold) return {Verdict::kRejected};
  if (IsPlaceholder(secret)) return {Verdict::kRejected};
  if (IsGenericRule(rule) && LooksLikeIdentifier(secret)) return {Verdict::kRejected};
  const std::optional<Validation> validation = Validate(rule.validate, secret);
  if (!validation) return {Verdict::kRejected};
  return {Verdict::kFinding, *validation};
}

}  // namespace rekey
