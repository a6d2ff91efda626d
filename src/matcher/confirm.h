// Private: what happens after RE2 confirms a match — the global filters that
// drop placeholders and documented example keys, the per-rule entropy and
// keyword gates, and the offline validators. Shared by Matcher::Scan and the
// RE2-only reference engine so `rules check` and `scan` agree.
#ifndef REKEY_MATCHER_CONFIRM_H_
#define REKEY_MATCHER_CONFIRM_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "rekey/matcher/rule_match.h"
#include "rekey/rules/rule.h"

namespace rekey {

// Shannon entropy of the bytes of `s`, in bits per byte (0..8).
double ShannonEntropy(std::string_view s);

// True for template syntax, long runs of one byte, placeholder words and
// vendors' documented example keys.
bool IsPlaceholder(std::string_view secret);

// True when some keyword (already lowercase) occurs in `text`, ignoring ASCII case.
bool ContainsKeyword(std::string_view text, std::string_view lowercase_keyword);

// CRC-32 (IEEE 802.3, as zlib's crc32) and its 6-char base62 form
// (alphabet 0-9A-Za-z, left-padded with '0').
uint32_t Crc32(std::string_view data);
std::string Base62Crc32(std::string_view data);

// `token` is <prefix> + 30 base62 + the 6-char base62 CRC32 of those 30
// (GitHub's token format; npm uses the same scheme with "npm_").
bool HasValidTokenChecksum(std::string_view token, std::string_view prefix);
bool IsValidGithubToken(std::string_view secret);  // ghp_ gho_ ghu_ ghs_ ghr_
bool IsValidNpmToken(std::string_view secret);
// Three base64url parts; the first decodes to a JSON object with "alg".
bool IsWellFormedJwt(std::string_view secret);

// Applies every filter; nullopt drops the match, otherwise its Validation.
std::optional<Validation> Confirm(const Rule& rule, std::string_view full_match, std::string_view secret);

}  // namespace rekey

#endif  // REKEY_MATCHER_CONFIRM_H_
