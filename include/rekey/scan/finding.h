// Finding: one confirmed secret at one place — a RuleMatch plus provenance,
// location, redaction and fingerprint (the DESIGN.md findings contract). The
// secret itself is only carried when the user asked for it (--show-secrets).
//
// Locations are 1-based; columns count bytes. line:column is the first byte of
// the secret, end_line:end_column the position just past its last byte (the
// SARIF region convention).
//
// Thread-safety: plain value type.
//
//   std::sort(findings.begin(), findings.end(), FindingLess);
//   if (AtOrAbove(finding.severity, RuleSeverity::kHigh)) fail = true;
#ifndef REKEY_SCAN_FINDING_H_
#define REKEY_SCAN_FINDING_H_

#include <string>
#include <string_view>
#include <vector>

#include "rekey/matcher/rule_match.h"
#include "rekey/rules/rule.h"
#include "rekey/source/provenance.h"

namespace rekey {

// What the link step (rekey/link) concluded about a finding. The scanner
// leaves it kNotLinked: it never learns about inventories.
//   kLinked          one inventory key is the most likely one
//   kAmbiguous       several keys are equally likely (all listed)
//   kUnmanaged       no inventory key has the finding's provider at all
//   kUnknownProvider a generic rule: the secret does not say whose it is
enum class LinkStatus { kNotLinked, kLinked, kAmbiguous, kUnmanaged, kUnknownProvider };

inline std::string_view LinkStatusName(LinkStatus status) {
  switch (status) {
    case LinkStatus::kNotLinked:
      return "not-linked";
    case LinkStatus::kLinked:
      return "linked";
    case LinkStatus::kAmbiguous:
      return "ambiguous";
    case LinkStatus::kUnmanaged:
      return "unmanaged";
    case LinkStatus::kUnknownProvider:
      return "unknown-provider";
  }
  return "not-linked";
}

// An inventory key a finding may be, with what a responder needs at once.
struct LinkedKey {
  std::string name;
  std::string environment;             // as the inventory writes it; "" = not declared
  std::vector<std::string> consumers;  // its used_by
};

struct InventoryLink {
  LinkStatus status = LinkStatus::kNotLinked;
  std::string provider;               // the provider's catalog name ("" when not linked)
  std::vector<LinkedKey> keys;        // kLinked: one; kAmbiguous: every candidate
  std::vector<std::string> services;  // services whose paths globs hold the finding's path
  std::string environment;            // the environment the path suggests ("" = none)
  std::string reason;                 // why, in one line
};

struct Finding {
  std::string repository;  // org-wide scans (--repos): the repository's name; "" otherwise
  std::string rule_id;
  std::string rule_name;
  RuleSeverity severity = RuleSeverity::kHigh;
  std::string provider;
  // DisplayPath(provenance): "src/app.env", "build/app.jar!/BOOT-INF/classes/app.properties".
  std::string path;
  // Lines and columns are in the innermost text (an archive entry's own lines;
  // for a decoded span, where the encoded text is in its parent).
  int line = 0;
  int column = 0;
  int end_line = 0;
  int end_column = 0;
  std::string secret_redacted;  // "sk_l…(32 chars)": safe to print and store
  std::string secret;           // clear text; empty unless ScanOptions::show_secrets
  std::string fingerprint;      // sha256(rule_id ":" secret), lowercase hex
  Validation validation = Validation::kNone;
  std::string commit;  // git sources only (GitOf(provenance))
  std::string author;
  std::string date;
  int commit_count = 0;   // git sources only: commits that contain this blob at this path
  Provenance provenance;  // where it was found, outermost first
  InventoryLink link;     // filled by the link step (rekey scan --inventory); plain values
};

// Deterministic report order: repository, path, line, column, rule id,
// fingerprint, then commit.
bool FindingLess(const Finding& a, const Finding& b);

// True when `severity` is `threshold` or worse (kCritical is the worst).
inline bool AtOrAbove(RuleSeverity severity, RuleSeverity threshold) { return severity <= threshold; }

}  // namespace rekey

#endif  // REKEY_SCAN_FINDING_H_
