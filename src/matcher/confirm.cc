#include "matcher/confirm.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstddef>

#include "matcher/validators.h"
#include "rekey/rules/published_examples.h"

namespace rekey {
namespace {

// Lowercase words that mark a value as a stand-in, not a credential.
constexpr std::array<std::string_view, 9> kPlaceholderWords = {
    "example", "sample", "placeholder", "changeme", "redacted", "dummy", "your_", "your-", "here"};

// Template syntax, and the ellipsis of docs that shorten a key (sk-...).
constexpr std::array<std::string_view, 7> kTemplateMarkers = {"${", "{{", "%(", "$(", "#{", "...", "\xe2\x80\xa6"};

// Words in a value that mark it, under a generic name, as a fixture or a
// name rather than a credential (lowercase; matched ignoring case).
constexpr std::array<std::string_view, 16> kFixtureWords = {"test",  "fake",   "mock",     "invalid", "secret", "passw",
                                                            "token", "apikey", "api_key",  "api-key", "xxxx",   "admin",
                                                            "guest", "demo",   "changeit", "default"};

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// A run of one byte that fills the value as a placeholder does: 6 or more
// bytes, and at least a quarter of the value (sk_live_XXXXXXXX...). Binary
// formats have shorter zero runs of their own (an OpenSSH key's header has
// nine 'A's in a 400-byte body) that are no sign of a placeholder.
bool HasPlaceholderRun(std::string_view s) {
  constexpr size_t kMinRun = 6;
  // Longer runs of anything but 'A' (zero bits in base64) are typed in:
  // MIIEvQ...AoIBAQXXXXXXXXXX.
  constexpr size_t kTypedRun = 8;
  const size_t needed = std::max(kMinRun, s.size() / 4);
  size_t length = 1;
  for (size_t i = 1; i < s.size(); ++i) {
    // Indentation is layout, not a placeholder.
    length = (s[i] == s[i - 1] && s[i] != ' ' && s[i] != '\t') ? length + 1 : 1;
    if (length >= needed || (length >= kTypedRun && s[i] != 'A')) return true;
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

namespace {

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// True when every lower-case run that follows a capital is 2 letters or
// more, or spells a two-letter word (SignOnProvider): the words of a name
// (NSURLCredentialStorage, LRUCache); random letters break it (kSaPeOD).
bool HasWordRuns(std::string_view letters) {
  constexpr std::string_view kTwoLetterWords = "AsAtByDoGoIdIfInIsItMeMyNoOfOkOnOrSoToUpUsWe";
  for (size_t i = 1; i < letters.size(); ++i) {
    const bool one_letter_run =
        IsUpper(letters[i - 1]) && IsLower(letters[i]) && (i + 1 == letters.size() || !IsLower(letters[i + 1]));
    if (!one_letter_run) continue;
    bool word = false;
    for (size_t w = 0; w + 1 < kTwoLetterWords.size(); w += 2) {
      word = word || (kTwoLetterWords[w] == letters[i - 1] && kTwoLetterWords[w + 1] == letters[i]);
    }
    if (!word) return false;
  }
  return true;
}

// One part of an identifier: a word (lower, UPPER, Capitalized, camelCase)
// with optional digits after it (x509, LIBSSH2, get1), or a number. Random
// text mixes case and digits in ways words do not (kSaPeOD, fd4b3c27).
// Acronyms in a word (LRUCache) count when `acronyms`: in a name of several
// parts (e.LRUCache), where a random token's parts would fail anyway.
bool IsWordPart(std::string_view part, bool acronyms) {
  size_t end = part.size();
  while (end > 0 && IsDigit(part[end - 1])) --end;
  const std::string_view word = part.substr(0, end);
  if (word.empty()) return true;  // a number
  if (!std::all_of(word.begin(), word.end(), IsLetter)) return false;
  if (std::all_of(word.begin(), word.end(), IsLower) || std::all_of(word.begin(), word.end(), IsUpper)) return true;
  if (acronyms) return HasWordRuns(word);
  // camelCase / PascalCase: no two capitals in a row, none at the end.
  for (size_t i = 0; i < word.size(); ++i) {
    if (IsUpper(word[i]) && (i + 1 == word.size() || IsUpper(word[i + 1]))) return false;
  }
  return true;
}

}  // namespace

// What joins the words of a name: identifiers (_ . -), paths (/), scopes
// (::), minified chains (a.b=c.d) and generated names (Token$1).
bool IsNameSeparator(char c) {
  return c == '_' || c == '.' || c == '-' || c == '/' || c == ':' || c == '=' || c == '$';
}

bool LooksLikeLetterName(std::string_view secret) {
  // Letters and separators without a digit whose words read as words:
  // acronyms may run on (NSURLCredentialStorage, init.useURLCredentials), but
  // every lower-case run after a capital is 2 letters or more. Random letters
  // break that within a few characters (meEIPbFInEVfnD): only 7% of random
  // 20-letter strings pass, and random base62 tokens have digits anyway.
  if (!secret.empty() &&
      std::all_of(secret.begin(), secret.end(),
                  [](char c) { return IsLetter(c) || c == '_' || c == '.' || c == '-' || c == '/'; }) &&
      std::any_of(secret.begin(), secret.end(), IsLetter)) {
    std::string letters;
    for (char c : secret) {
      if (IsLetter(c)) letters += c;
    }
    return HasWordRuns(letters);
  }
  return false;
}

bool LooksLikeIdentifier(std::string_view secret) {
  const bool several_parts = std::any_of(secret.begin(), secret.end(), IsNameSeparator);
  bool letters = false;
  size_t start = 0;
  for (size_t i = 0; i <= secret.size(); ++i) {
    if (i < secret.size() && !IsNameSeparator(secret[i])) {
      if (!IsLetter(secret[i]) && !IsDigit(secret[i])) return false;
      letters = letters || IsLetter(secret[i]);
      continue;
    }
    if (!IsWordPart(secret.substr(start, i - start), several_parts)) return false;
    start = i + 1;
  }
  return letters;
}

namespace {

// /run/secrets/db, ./certs/client.key, ~/.aws/credentials: a path (and no
// '+' or '=', which base64 has and paths seldom do).
bool LooksLikePath(std::string_view s) {
  if (!(s.starts_with("/") || s.starts_with("./") || s.starts_with("../") || s.starts_with("~/"))) return false;
  if (std::count(s.begin(), s.end(), '/') < 2) return false;
  return s.find_first_of("+=") == std::string_view::npos;
}

// True when removing the fixture words found (and separators) from `s`
// leaves less than a token: test-api-key-1, password123, my-secret; but not
// a vendor format that spells a word before its random part
// (secret_live_<32>, sk_test_<40>).
bool IsWordsAndLittleElse(std::string_view s, size_t words_found, size_t word_chars) {
  constexpr size_t kTokenRest = 16;
  size_t rest = 0;
  for (char c : s) rest += (c != '_' && c != '-' && c != '.') ? 1 : 0;
  return words_found > 0 && rest - std::min(rest, word_chars) < kTokenRest;
}

// a=1&b=2: the rest of a URL's query string, not one value.
bool LooksLikeQueryString(std::string_view s) {
  for (size_t amp = s.find('&'); amp != std::string_view::npos; amp = s.find('&', amp + 1)) {
    size_t i = amp + 1;
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
    if (i > amp + 1 && i < s.size() && s[i] == '=') return true;
  }
  return false;
}

// A URL with a long random path segment (a webhook's secret part).
bool HasRandomPathSegment(std::string_view url) {
  constexpr size_t kMinSegment = 20;
  size_t slash = url.find("://");
  if (slash == std::string_view::npos) return false;
  slash = url.find('/', slash + 3);
  while (slash != std::string_view::npos) {
    const size_t end = url.find_first_of("/?#", slash + 1);
    const std::string_view segment =
        url.substr(slash + 1, (end == std::string_view::npos ? url.size() : end) - slash - 1);
    const bool digits = std::any_of(segment.begin(), segment.end(), IsDigit);
    const bool letters = std::any_of(segment.begin(), segment.end(), IsLetter);
    if (segment.size() >= kMinSegment && digits && letters) return true;
    slash = (end != std::string_view::npos && url[end] == '/') ? end : std::string_view::npos;
  }
  return false;
}

// Six characters in a row, each the next of the one before (0123456, abcdef).
bool HasAscendingRun(std::string_view s) {
  constexpr size_t kRun = 6;
  size_t length = 1;
  for (size_t i = 1; i < s.size(); ++i) {
    length = (s[i] == s[i - 1] + 1 && std::isalnum(static_cast<unsigned char>(s[i]))) ? length + 1 : 1;
    if (length >= kRun) return true;
  }
  return false;
}

}  // namespace

bool NamesNoSecret(std::string_view full_match) {
  // Anti-CSRF tokens and nonces are per-session or per-request values that
  // pages and tests carry in the open, not credentials.
  for (std::string_view word : {"csrf", "xsrf", "nonce"}) {
    if (ContainsKeyword(full_match, word)) return true;
  }
  return false;
}

bool IsGenericNonSecret(std::string_view secret, bool assignment) {
  if (LooksLikeIdentifier(secret) || LooksLikePath(secret) || HasAscendingRun(secret)) return true;
  if (assignment && LooksLikeLetterName(secret)) return true;
  if (secret.starts_with("arn:")) return true;
  if (secret.find("://") != std::string_view::npos && !HasRandomPathSegment(secret)) return true;
  if (secret.starts_with("$")) return true;                             // $VAR, $GITHUB_TOKEN: a variable
  if (secret.starts_with("@") || secret.starts_with(":")) return true;  // what follows a name (user:pw@, <pw>@)
  if (secret.starts_with("!")) return true;                             // !!config.withCredentials
  if (LooksLikeQueryString(secret)) return true;
  size_t words_found = 0, word_chars = 0;
  for (std::string_view word : kFixtureWords) {
    if (ContainsKeyword(secret, word)) {
      ++words_found;
      word_chars += word.size();
    }
  }
  return IsWordsAndLittleElse(secret, words_found, word_chars);
}

Confirmation Confirm(const Rule& rule, std::string_view full_match, std::string_view secret, std::string_view before) {
  // A generic rule's value that the match shows to go on as a call, an
  // index or a template (password = derive(...), token = tokens[0],
  // TOKEN=abc${REST}) is an expression, not a literal. (Generic values end
  // before a '<' only at a closing tag: "abc<rest>" does not match at all.)
  const bool expression =
      !full_match.empty() && std::string_view("([${").find(full_match.back()) != std::string_view::npos;
  if (!rule.keywords.empty()) {
    bool found = false;
    for (const std::string& k : rule.keywords) found = found || ContainsKeyword(full_match, k);
    if (!found) return {Verdict::kNotApplicable};
  }
  const std::optional<double> threshold = EntropyThreshold(rule, secret);
  if (threshold && ShannonEntropy(secret) < *threshold) return {Verdict::kRejected};
  if (IsPlaceholder(secret)) return {Verdict::kRejected};
  // The start of the name the match's context is part of (csrf_ of csrf_token).
  size_t name_start = before.size();
  while (name_start > 0 && (std::isalnum(static_cast<unsigned char>(before[name_start - 1])) ||
                            before[name_start - 1] == '_' || before[name_start - 1] == '-')) {
    --name_start;
  }
  const std::string_view name_head = before.substr(name_start);
  // A generic rule without context starts at a word of its own (an
  // Authorization header, not ASAuthorizationProvider); `_` may precede it
  // (HTTP_AUTHORIZATION). In the pattern this boundary would cost the rule
  // its literal prefix, and RE2 a reverse program.
  const bool inside_word = rule.context.empty() && !before.empty() && !full_match.empty() &&
                           std::isalnum(static_cast<unsigned char>(before.back())) &&
                           std::isalnum(static_cast<unsigned char>(full_match.front()));
  if (IsGenericRule(rule) && (inside_word || expression || IsGenericNonSecret(secret, !rule.context.empty()) ||
                              NamesNoSecret(full_match) || NamesNoSecret(name_head))) {
    return {Verdict::kRejected};
  }
  const std::optional<Validation> validation = Validate(rule.validate, secret);
  if (!validation) return {Verdict::kRejected};
  return {Verdict::kFinding, *validation};
}

}  // namespace rekey
