// Small text helpers shared by loaders and reports: "did you mean" suggestions,
// the case/punctuation-insensitive name comparison used for providers, joining.
//
// Thread-safety: pure functions.
//
//   SuggestClosest("rotation_frequncy", {"rotation_frequency", "name"});  // "rotation_frequency"
//   SameName("Internal API Gateway", "internal-api-gateway");           // true
#ifndef REKEY_BASE_TEXT_H_
#define REKEY_BASE_TEXT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rekey {

// Levenshtein distance over bytes.
int EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is plausibly a typo: distance at most
// max(2, |word| / 3). Ties go to the earliest candidate.
std::optional<std::string> SuggestClosest(std::string_view word, const std::vector<std::string>& candidates);

// Lowercase ASCII letters and digits only: "Internal API Gateway" -> "internalapigateway".
std::string NormalizeName(std::string_view name);
bool SameName(std::string_view a, std::string_view b);

// Input values echoed in diagnostics may be credentials pasted in the wrong
// place. A value with a part (between / . : space and similar) that reads like
// key material (>= 16 bytes, letters with digits or mixed case, >= 3.5 bits of
// entropy per byte) is shown as its first 4 bytes and its length:
// "sk_l…(32 chars)". Other values come back as given.
bool LooksLikeSecret(std::string_view value);
std::string RedactIfSecret(std::string_view value);

// The parts of `value` LooksLikeSecret objects to, appended to `out` (each
// once). Inputs whose values reach output verbatim (a key named by a pasted
// token, an owner field holding one) collect them so that every output can be
// passed through RedactTokens at the end.
void CollectSecretTokens(std::string_view value, std::vector<std::string>& out);
// `text` with every occurrence of each token replaced by its redacted form
// ("ghp_…(40 chars)"). Tokens are matched as written; `text` is returned
// unchanged when `tokens` is empty.
std::string RedactTokens(std::string text, const std::vector<std::string>& tokens);

std::string Join(const std::vector<std::string>& parts, std::string_view separator);
std::string Quote(std::string_view text);  // wraps in double quotes, escaping " and control bytes

}  // namespace rekey

#endif  // REKEY_BASE_TEXT_H_
