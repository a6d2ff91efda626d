#include "rekey/base/text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace rekey {

int EditDistance(std::string_view a, std::string_view b) {
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> SuggestClosest(std::string_view word, const std::vector<std::string>& candidates) {
  const int limit = std::max<int>(2, static_cast<int>(word.size()) / 3);
  std::optional<std::string> best;
  int best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    const int distance = EditDistance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string NormalizeName(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

bool SameName(std::string_view a, std::string_view b) { return NormalizeName(a) == NormalizeName(b); }

namespace {

// One token between separators: long, mixed, dense.
bool SecretToken(std::string_view token) {
  if (token.size() < 16) return false;
  bool lower = false, upper = false, digit = false;
  int counts[256] = {};
  for (unsigned char c : token) {
    lower = lower || std::islower(c);
    upper = upper || std::isupper(c);
    digit = digit || std::isdigit(c);
    ++counts[c];
  }
  double bits = 0;
  for (int n : counts) {
    if (n == 0) continue;
    const double p = static_cast<double>(n) / static_cast<double>(token.size());
    bits -= p * std::log2(p);
  }
  return (lower || upper) && (digit || (lower && upper)) && bits >= 3.5;
}

// Calls `f` on each part of `value` between separators until it returns true.
// Paths, URLs and sentences are split into their parts; a credential is one dense part.
template <typename F>
bool AnyPart(std::string_view value, F f) {
  size_t start = 0;
  for (size_t i = 0; i <= value.size(); ++i) {
    if (i < value.size() && std::string_view("/.: ,;@?&=#\"'\\").find(value[i]) == std::string_view::npos) continue;
    if (f(value.substr(start, i - start))) return true;
    start = i + 1;
  }
  return false;
}

std::string Redacted(std::string_view value) {
  return std::string(value.substr(0, 4)) + "\u2026(" + std::to_string(value.size()) + " chars)";
}

}  // namespace

bool LooksLikeSecret(std::string_view value) { return AnyPart(value, SecretToken); }

std::string RedactIfSecret(std::string_view value) {
  return LooksLikeSecret(value) ? Redacted(value) : std::string(value);
}

void CollectSecretTokens(std::string_view value, std::vector<std::string>& out) {
  AnyPart(value, [&](std::string_view part) {
    if (SecretToken(part) && std::find(out.begin(), out.end(), part) == out.end()) out.emplace_back(part);
    return false;
  });
}

std::string RedactTokens(std::string text, const std::vector<std::string>& tokens) {
  for (const std::string& token : tokens) {
    const std::string redacted = Redacted(token);
    for (size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + redacted.size())) {
      text.replace(at, token.size(), redacted);
    }
  }
  return text;
}

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace rekey
