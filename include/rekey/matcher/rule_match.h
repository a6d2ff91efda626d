// RuleMatch: one confirmed hit of one rule in one buffer — byte offsets of the
// full match and of the secret (the rule's capture group), and how strongly the
// secret's structure was checked offline. No location, provenance or redaction:
// the scan module turns a RuleMatch into a Finding.
//
// Thread-safety: plain value types.
//
//   for (const RuleMatch& m : matches)
//     std::string_view secret = data.substr(m.secret_start, m.secret_end - m.secret_start);
//   std::string_view v = ValidationName(m.validation);  // "checksum-valid"
#ifndef REKEY_MATCHER_RULE_MATCH_H_
#define REKEY_MATCHER_RULE_MATCH_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace rekey {

// kChecksumValid: an embedded checksum (github-crc32, npm-crc32) verified.
// kFormatValid: a structural validator passed without a checksum (jwt).
// kNone: the rule has no validator.
enum class Validation { kNone, kChecksumValid, kFormatValid };
std::string_view ValidationName(Validation validation);  // "none" | "checksum-valid" | "format-valid"

struct RuleMatch {
  uint32_t rule = 0;                             // index into RulesDatabase::rules()
  std::size_t start = 0, end = 0;                // full match [start, end)
  std::size_t secret_start = 0, secret_end = 0;  // capture group [secret_start, secret_end)
  Validation validation = Validation::kNone;

  friend bool operator==(const RuleMatch&, const RuleMatch&) = default;
};

}  // namespace rekey

#endif  // REKEY_MATCHER_RULE_MATCH_H_
