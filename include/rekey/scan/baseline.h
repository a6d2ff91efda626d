// Baseline: findings a team has accepted, stored by fingerprint so that a
// suppression survives moves, renames and rebases. The file
// (.rekey-baseline.json, schema/baseline.schema.json) never holds a secret:
//
//   {"version": 1, "entries": [{"fingerprint": "<sha256 hex>", "rule_id": "…",
//                               "path": "…", "line": N}, …]}
//
// path and line are for reviewers only; matching uses the fingerprint alone, so
// one entry suppresses that secret wherever it appears.
//
// Thread-safety: Load/ToJson are pure; Suppresses marks entries used and must
// be called from one thread.
//
//   Result<Baseline> baseline = Baseline::Load(".rekey-baseline.json");
//   if (baseline->Suppresses(finding.fingerprint)) continue;
//   for (const BaselineEntry& e : baseline->Unused()) Note(e);
#ifndef REKEY_SCAN_BASELINE_H_
#define REKEY_SCAN_BASELINE_H_

#include <set>
#include <string>
#include <vector>

#include "rekey/base/result.h"

namespace rekey {

struct Finding;

struct BaselineEntry {
  std::string fingerprint;
  std::string rule_id;
  std::string path;
  int line = 0;

  friend bool operator==(const BaselineEntry&, const BaselineEntry&) = default;
};

class Baseline {
 public:
  Baseline() = default;

  // Reads and validates a baseline file. Errors name the file and the problem.
  static Result<Baseline> Load(const std::string& path);
  static Result<Baseline> Parse(const std::string& text, const std::string& path);

  // One entry per finding, sorted by path, line, rule id.
  static Baseline FromFindings(const std::vector<Finding>& findings);

  std::string ToJson() const;

  // True when `fingerprint` is in the baseline; marks its entries used.
  bool Suppresses(const std::string& fingerprint);

  // Entries whose fingerprint no call to Suppresses asked about.
  std::vector<BaselineEntry> Unused() const;

  const std::vector<BaselineEntry>& entries() const { return entries_; }

 private:
  std::vector<BaselineEntry> entries_;
  std::set<std::string, std::less<>> fingerprints_;
  std::set<std::string, std::less<>> used_;
};

}  // namespace rekey

#endif  // REKEY_SCAN_BASELINE_H_
