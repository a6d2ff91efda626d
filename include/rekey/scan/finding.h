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

#include "rekey/matcher/rule_match.h"
#include "rekey/rules/rule.h"

namespace rekey {

struct Finding {
  std::string rule_id;
  std::string rule_name;
  RuleSeverity severity = RuleSeverity::kHigh;
  std::string provider;
  std::string path;
  int line = 0;
  int column = 0;
  int end_line = 0;
  int end_column = 0;
  std::string secret_redacted;  // "sk_l…(32 chars)": safe to print and store
  std::string secret;           // clear text; empty unless ScanOptions::show_secrets
  std::string fingerprint;      // sha256(rule_id ":" secret), lowercase hex
  Validation validation = Validation::kNone;
  std::string commit;  // git sources only
  std::string author;
  std::string date;
  int commit_count = 0;  // git sources only: commits that contain this blob at this path
  std::string inventory_key;  // set when a later step links the finding to the inventory
};

// Deterministic report order: path, line, column, rule id, then fingerprint.
bool FindingLess(const Finding& a, const Finding& b);

// True when `severity` is `threshold` or worse (kCritical is the worst).
inline bool AtOrAbove(RuleSeverity severity, RuleSeverity threshold) { return severity <= threshold; }

}  // namespace rekey

#endif  // REKEY_SCAN_FINDING_H_
