// Private: rewrites of another tool's regex into rekey's rule dialect, for the
// rule importers (gitleaks TOML, Nosey Parker YAML). Pure string functions
// that know the regex grammar only as far as these rewrites need: escapes,
// character classes, groups and comments.
#ifndef REKEY_RULES_REGEX_REWRITE_H_
#define REKEY_RULES_REGEX_REWRITE_H_

#include <string>
#include <string_view>

namespace rekey {

// The number of capturing groups of `pattern` ((...), (?P<n>...), (?<n>...)).
int CountCaptureGroups(std::string_view pattern);

// `pattern` with exactly one capturing group: group `keep` (1-based) stays
// (a named group becomes a plain one), every other becomes (?:...). With no
// group to keep (`keep` == 0) the whole pattern is wrapped in one.
std::string KeepOneCaptureGroup(std::string_view pattern, int keep);

// A pattern written in extended mode (`(?x)` at its start, as Nosey Parker's
// rules are) in the plain syntax RE2 and Hyperscan share: whitespace (also
// inside classes, as Rust's regex has it) and `#` comments removed, `\ ` and `\#` kept as
// literals, the x flag dropped from the leading flag group. Patterns without
// a leading x flag come back unchanged.
std::string StripExtendedMode(std::string_view pattern);

}  // namespace rekey

#endif  // REKEY_RULES_REGEX_REWRITE_H_
