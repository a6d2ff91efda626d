// PublishedExamples: credentials printed in vendors' documentation, RFCs and
// SDK samples (AWS's ...EXAMPLE keys, RFC 6749's client credentials, the
// jwt.io sample token...). They are in every tutorial and copied into every
// test suite; they are never anyone's live secret, so the matcher drops a
// capture that is one of them (or contains one of 16 characters or more).
//
// The list is rules/allow/published-examples.yaml, each entry with the page
// it was published on; it is embedded at build time (no parsing at start-up).
//
// Diagnostic ids: RK-RULE-014 an entry without value or source, or a value
// under 8 characters (too short to name one credential); plus RK-YAML-*.
//
// Thread-safety: plain values; BuiltinPublishedExamples() is a constant.
//
//   for (const PublishedExample& e : BuiltinPublishedExamples()) Print(e.source);
#ifndef REKEY_RULES_PUBLISHED_EXAMPLES_H_
#define REKEY_RULES_PUBLISHED_EXAMPLES_H_

#include <string_view>
#include <vector>

namespace rekey {

struct PublishedExample {
  std::string_view value;   // the credential as published
  std::string_view source;  // URL of the page or document that publishes it
};

// A value this long or longer is also dropped when it is part of a capture
// (a published JWT payload inside a token with another signature).
inline constexpr std::size_t kPublishedSubstringMin = 16;

const std::vector<PublishedExample>& BuiltinPublishedExamples();

}  // namespace rekey

#endif  // REKEY_RULES_PUBLISHED_EXAMPLES_H_
