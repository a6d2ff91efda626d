// Private: what happens after RE2 confirms a match — the global filters that
// drop placeholders and published example credentials, the per-rule entropy
// and keyword gates, and the offline validators (validators.h). Shared by
// Matcher::Scan and the RE2-only reference engine so `rules check` and `scan`
// agree.
#ifndef REKEY_MATCHER_CONFIRM_H_
#define REKEY_MATCHER_CONFIRM_H_

#include <optional>
#include <string_view>

#include "rekey/matcher/rule_match.h"
#include "rekey/rules/rule.h"

namespace rekey {

// Shannon entropy of the bytes of `s`, in bits per byte (0..8).
double ShannonEntropy(std::string_view s);

// True when every byte of `s` is a hex digit (either case).
bool IsAllHex(std::string_view s);

// The entropy a capture must reach: hex_min_entropy for an all-hex capture
// when the rule has one, else min_entropy; nullopt when the rule has neither.
std::optional<double> EntropyThreshold(const Rule& rule, std::string_view secret);

// True for template syntax, long runs of one byte, placeholder words and
// published example credentials.
bool IsPlaceholder(std::string_view secret);

// True when `secret` is a published example credential, or contains one of
// kPublishedSubstringMin characters or more (rekey/rules/published_examples.h).
bool IsPublishedExample(std::string_view secret);

// True for letters (and separators) without a digit whose lower-case runs
// after a capital are all 2 letters or more: NSURLCredentialStorage,
// init.useURLCredentials, but not random letters (meEIPbFInEVfnD).
bool LooksLikeLetterName(std::string_view secret);

// True for a value that reads as a name, not a secret: words (lower, UPPER,
// Capitalized, camelCase, each perhaps followed by digits) and numbers
// joined by `_`, `.`, `-`, `/`, `:`, `=` or `$` (ACCESS_TOKEN, my-app-secret,
// gnutls_x509_crq_t, RequestCredentials, prod/gateway-key,
// token_type::value_string, a.b=c.d, BracketToken$1), with a letter.
bool LooksLikeIdentifier(std::string_view secret);

// True for what a generic rule (a name such as "token" or "password", an
// Authorization header) captures that is no secret: an identifier, a file
// path (/run/secrets/db, ./certs/key), a reference (a URL, an AWS ARN), a
// test fixture or a value that repeats a secret word (test-api-key-1,
// password123), a run of ascending characters (0123456789abcdef), a $VAR,
// a query string's rest (a=1&b=2), a negation (!!config.token).
// Generic rules only: a vendor's fixed format may legitimately look so.
// (Confirm also drops a generic value followed by `(` or `[`: a call.)
// `assignment`: the value was assigned to a name (a context rule); there a
// digitless run of letters (LooksLikeLetterName) is a name too. In a header,
// a URL or a command line it is judged by its words alone.
bool IsGenericNonSecret(std::string_view secret, bool assignment = true);

// True when a generic rule's match names a value that is no credential: an
// anti-CSRF token or a nonce (csrf_token, X-XSRF-TOKEN, nonce).
bool NamesNoSecret(std::string_view full_match);

// True when some keyword (already lowercase) occurs in `text`, ignoring ASCII case.
bool ContainsKeyword(std::string_view text, std::string_view lowercase_keyword);

// What a regex match of a rule amounts to.
//   kFinding:       a secret (with how strongly it was validated).
//   kRejected:      the rule recognised the token and refused it (placeholder,
//                   published example, too little entropy, failed checksum).
//   kNotApplicable: the rule's keywords are not in the match: not its token.
enum class Verdict { kFinding, kRejected, kNotApplicable };
struct Confirmation {
  Verdict verdict = Verdict::kNotApplicable;
  Validation validation = Validation::kNone;
};
// `before` is the text just before the match (a few bytes): a generic name
// matched inside a longer one (csrf_token) is judged by all of it.
Confirmation Confirm(const Rule& rule, std::string_view full_match, std::string_view secret,
                     std::string_view before = {});

}  // namespace rekey

#endif  // REKEY_MATCHER_CONFIRM_H_
