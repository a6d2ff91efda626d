// Scanner: the working-tree scan pipeline — walk the paths (source), read each
// file into a per-thread buffer, match it (matcher), turn matches into Findings
// (location, redaction, fingerprint, inline allows), drop baselined ones, and
// push the rest to a FindingSink in a deterministic order whatever the thread
// count (FindingLess).
//
// Errors: unreadable files and directories do not stop the scan; they come
// back in ScanSummary::errors (the CLI then exits 2).
//
// Ownership: shares the RulesDatabase; each worker thread owns a Matcher and a
// FileReader. Thread-safety: one Run at a time per Scanner.
//
//   Scanner scanner(db, options);
//   JsonFindingSink sink(out);
//   ScanSummary summary = scanner.Run(sink);
#ifndef REKEY_SCAN_SCANNER_H_
#define REKEY_SCAN_SCANNER_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "rekey/matcher/matcher.h"
#include "rekey/matcher/rules_database.h"
#include "rekey/scan/baseline.h"
#include "rekey/scan/finding.h"
#include "rekey/scan/finding_sink.h"
#include "rekey/scan/inline_allow.h"
#include "rekey/source/blob.h"
#include "rekey/source/git_source.h"
#include "rekey/source/walk.h"

namespace rekey {

// Live counters for a progress line; written by the scan threads, read by any.
struct ScanProgress {
  std::atomic<std::uint64_t> files_total{0};  // set once the walk is done
  std::atomic<std::uint64_t> files_done{0};
  std::atomic<std::uint64_t> bytes_done{0};
};

struct ScanOptions {
  WalkOptions walk;
  unsigned threads = 0;       // 0 = one per core
  bool show_secrets = false;  // fill Finding::secret (otherwise only the redacted form)
  AllowOptions allow;
  Baseline* baseline = nullptr;      // suppress by fingerprint; null = none
  ScanProgress* progress = nullptr;  // null = no live counters
  // Git sources: when set, the scan reads these blobs instead of walking
  // `walk.paths` (walk.max_file_size still applies). Each unique blob is read
  // and matched once; its findings are repeated for every place holding it.
  std::shared_ptr<const GitListing> git;
  bool whole_files = false;  // staged listings: also report lines the diff did not add
};

class Scanner {
 public:
  Scanner(std::shared_ptr<const RulesDatabase> db, ScanOptions options);

  // Runs the scan; calls sink.Add for each finding, then sink.Finish.
  ScanSummary Run(FindingSink& sink);

 private:
  ScanSummary RunGit(FindingSink& sink);

  std::shared_ptr<const RulesDatabase> db_;
  ScanOptions options_;
};

// Drops baselined findings, counts and pushes the rest to `sink` (callers
// pass findings in FindingLess order); `secrets` collects fingerprints.
void EmitFindings(const std::vector<Finding>& findings, const ScanOptions& options, FindingSink& sink,
                  ScanSummary& summary, std::set<std::string>& secrets);

// Scans one blob: matches, inline allows, locations, redaction, fingerprints.
// Bytes captured by several rules (a provider rule and a generic one) are one
// secret: only the most severe rule reports them. Appends the findings to
// `out` sorted by FindingLess and returns how many matches an inline allow
// accepted. `scratch` is reused between calls.
std::uint64_t ScanBlob(Matcher& matcher, const Blob& blob, const ScanOptions& options, std::vector<RuleMatch>& scratch,
                       std::vector<Finding>& out);

}  // namespace rekey

#endif  // REKEY_SCAN_SCANNER_H_
