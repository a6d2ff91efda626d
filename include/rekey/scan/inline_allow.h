// Inline allows: a comment in the scanned file that accepts a finding.
//
//   token = "rekey:allow"                 accepts every rule's match
//         | "rekey:allow" ids             accepts only these rules
//   ids   = id ("," id)*                  rule ids as in rules/*.yaml (contain a '.')
//
// The marker counts on the line where the secret starts or on the line before
// (for languages where a trailing comment is awkward). A word after the marker
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
