// Rule: one detection rule as written in a rules/*.yaml file — what a secret of
// one provider looks like (a regex with exactly one capture group = the secret),
// how bad a leak is, and the examples that prove the pattern. Plain data: the
// rules module knows the syntax, never an engine (the matcher compiles patterns).
//
// Thread-safety: a plain value type.
//
//   const Rule& rule = rule_set.rules()[0];
//   std::cout << rule.id << " " << RuleSeverityName(rule.severity) << "\n";
//   for (const RuleExample& e : rule.examples) Check(e.text);
#ifndef REKEY_RULES_RULE_H_
#define REKEY_RULES_RULE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/diagnostics.h"

namespace rekey {

// How bad a leak of this kind of secret is. Order matters: lower is worse.
enum class RuleSeverity { kCritical, kHigh, kMedium, kLow };
std::string_view RuleSeverityName(RuleSeverity severity);  // "critical" | "high" | "medium" | "low"

// Offline structural check of a captured secret (`validate:` in YAML; the
// formats are described in rules/README.md and src/matcher/validators.h).
//   kGithubCrc32:     gh[pousr]_ + 30 base62 + 6-char base62 CRC32 of the 30 (GitHub).
//   kNpmCrc32:        npm_ + the same body/checksum scheme.
//   kJwt:             three base64url parts whose header is JSON with an "alg" member.
//   kGitlabRoutable:  GitLab routable token (base36 CRC32 suffix, payload length).
//   kGrafanaCrc32:    gl<id>_<secret>_<hex CRC32, little-endian> (Grafana service accounts).
//   kAtlassianCrc32:  ...=<hex CRC32 of everything before> (Atlassian API tokens).
//   kSentryOrgToken:  sntrys_<base64 JSON with "iat">_<secret>.
//   kPypiMacaroon:    pypi-<base64url binary macaroon v2>.
//   kBech32:          Bech32/Bech32m checksum (age keys, nsec keys).
//   kBase58Check:     Base58Check (WIF keys, BIP-32 extended keys).
//   kBasicAuth:       base64 of printable "user:password".
enum class Validator {
  kNone,
  kGithubCrc32,
  kNpmCrc32,
  kJwt,
  kGitlabRoutable,
  kGrafanaCrc32,
  kAtlassianCrc32,
  kSentryOrgToken,
  kPypiMacaroon,
  kBech32,
  kBase58Check,
  kBasicAuth,
};
// "none" | "github-crc32" | "npm-crc32" | "jwt" | "gitlab-routable" | "grafana-crc32" |
// "atlassian-crc32" | "sentry-org-token" | "pypi-macaroon" | "bech32" | "base58check" | "basic-auth"
std::string_view ValidatorName(Validator validator);
// The validators' YAML names in enum order, kNone excluded.
const std::vector<std::string>& ValidatorNames();

// The rule set a rule belongs to when its file does not say (`ruleset:`).
// Only the default set runs unless --ruleset / scan.rulesets selects others.
inline constexpr std::string_view kDefaultRuleset = "default";

// An example or negative example string with where it is written (for `rules check`).
struct RuleExample {
  std::string text;
  SourceLoc loc;
};

// An allowlist of an imported gitleaks rule (`[[rules.allowlists]]`, or a
// global `[[allowlists]]` that applies to it): a match it covers is not a
// finding. With `all` (gitleaks' condition = "AND") every criterion present
// must hold, else any one of them.
struct RuleAllowlist {
  enum class Target { kSecret, kMatch, kLine };
  Target target = Target::kSecret;     // what `regexes` are matched against
  std::vector<std::string> regexes;    // RE2 syntax
  std::vector<std::string> stopwords;  // lowercase; the secret contains one (ignoring case)
  std::vector<std::string> paths;      // RE2 syntax, searched in the file's path
  std::vector<std::string> commits;    // commit ids (git scans)
  bool all = false;
  SourceLoc loc;
};

struct Rule {
  std::string id;        // [a-z0-9.-]+, unique in a RuleSet (e.g. "stripe.secret-key")
  std::string name;      // human title
  std::string provider;  // links to inventory providers (matched with SameName)
  RuleSeverity severity = RuleSeverity::kHigh;
  std::string pattern;  // RE2 + Hyperscan common dialect, exactly one capture group
  // `context:` — a regex of the name the secret must be assigned to ("" = the
  // pattern stands alone). Then `value_pattern` is the pattern as written and
  // `pattern` is AssignmentPattern(context, value_pattern) (rules/assignment.h).
  std::string context;
  std::string value_pattern;
  std::vector<std::string> keywords;  // lowercase; one must occur in the full match (if any)
  std::optional<double> min_entropy;  // Shannon bits/byte of the capture, 0..8
  // The threshold for a capture made only of hex digits (at most 4 bits per
  // character, where base62/base64 reach ~6); min_entropy when absent.
  std::optional<double> hex_min_entropy;
  // `context_strict:` the strict assignment grammar (rules/assignment.h): the
  // name ends where `context` ends, and an unquoted value only follows `=`,
  // `:` and the like. For generic names (password, token), which code uses
  // for much besides secrets.
  bool context_strict = false;
  std::string ruleset{kDefaultRuleset};  // "default" | "hashes" | "assets" | a user's set
  Validator validate = Validator::kNone;
  std::vector<RuleExample> examples;           // >= 1; each must match this rule
  std::vector<RuleExample> negative_examples;  // >= 1; none may match this rule
  std::vector<std::string> references;
  std::vector<RuleAllowlist> allowlists;  // imported gitleaks rules only
  SourceLoc loc;                          // the rule's "- id:" mapping
  SourceLoc pattern_loc;                  // the pattern value, for engine compile errors
  bool builtin = false;                   // embedded in the binary (vs. added from a user file)
};

// Generic rules (passwords, assignments, PEM blocks: the secret does not say
// whose it is) name the provider "Generic"; a vendor rule that captures the
// same bytes is the better report.
inline bool IsGenericRule(const Rule& rule) { return rule.provider == "Generic"; }

}  // namespace rekey

#endif  // REKEY_RULES_RULE_H_
