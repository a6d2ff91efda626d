// Inline allows: a comment in the scanned file that accepts a finding.
//
//   token = "rekey:allow"                 accepts every rule's match
//         | "rekey:allow" ids             accepts only these rules
//   ids   = id ("," id)*                  rule ids as in rules/*.yaml (contain a '.')
//
// A marker at the end of a line of code accepts what is on that line only; a
// comment that stands alone on its line (nothing but whitespace and comment
// punctuation before the marker) accepts the next line. A marker naming rule
// ids accepts only those rules. A word after the marker
// that is not a dotted rule id is free text: "# rekey:allow test fixture"
// accepts every rule. With foreign markers enabled (--allow-foreign-markers or
// `scan.allow_foreign_markers` in .rekey.yaml) `gitleaks:allow` and
// `pragma: allowlist secret` (detect-secrets) on the same line, and
// `pragma: allowlist nextline secret` on the line before, accept every rule.
//
// Thread-safety: pure function.
//
//   IsAllowedInline(text, offset, "stripe.secret-key", {});
#ifndef REKEY_SCAN_INLINE_ALLOW_H_
#define REKEY_SCAN_INLINE_ALLOW_H_

#include <cstddef>
#include <string_view>

namespace rekey {

struct AllowOptions {
  bool foreign_markers = false;
};

// True when the line holding `offset` in `content`, or the line before it,
// carries a marker that accepts `rule_id`.
bool IsAllowedInline(std::string_view content, std::size_t offset, std::string_view rule_id,
                     const AllowOptions& options);

}  // namespace rekey

#endif  // REKEY_SCAN_INLINE_ALLOW_H_
