// FindingSink: where a scan pushes its findings. The scanner knows this
// interface only; each output format (report/findings_*.h) implements it, and
// so do tests that collect findings in memory.
//
// Protocol: Add is called once per finding in FindingLess order; calls never
// overlap (they may come from different threads, one at a time); then Finish
// once with the summary. Notes that are not findings
// (unreadable files, unused baseline entries) arrive in the summary.
//
//   class CollectingSink : public FindingSink {
//     void Add(const Finding& f) override { findings.push_back(f); }
//     void Finish(const ScanSummary&) override {}
//   };
#ifndef REKEY_SCAN_FINDING_SINK_H_
#define REKEY_SCAN_FINDING_SINK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rekey/scan/baseline.h"
#include "rekey/scan/finding.h"
#include "rekey/source/walk.h"

namespace rekey {

struct ScanStats {
  std::uint64_t files_scanned = 0;
  std::uint64_t files_skipped_binary = 0;
  std::uint64_t files_skipped_too_large = 0;
  std::uint64_t files_skipped_special = 0;  // symlinks, FIFOs, sockets, devices
  std::uint64_t files_skipped_ignored = 0;  // untracked paths .gitignore or --exclude matched
  std::uint64_t bytes_scanned = 0;
  std::uint64_t archives = 0;             // archives unpacked (nested ones too)
  std::uint64_t archive_entries = 0;      // their regular entries scanned
  std::uint64_t decoded_spans = 0;        // encoded spans decoded and scanned again
  std::uint64_t decode_skipped = 0;       // spans not decoded: a unit's decode budget was spent
  std::uint64_t findings_capped = 0;      // findings dropped past --max-findings-per-file
  std::uint64_t findings = 0;             // reported (after allows and baseline)
  std::uint64_t secrets = 0;              // distinct fingerprints among them
  std::uint64_t suppressed_inline = 0;    // rekey:allow (and foreign markers)
  std::uint64_t suppressed_baseline = 0;  // fingerprint in --baseline
  // git sources only (--history, --range, --staged)
  std::uint64_t commits = 0;             // commits walked
  std::uint64_t blobs_deduplicated = 0;  // (commit, path) appearances not rescanned: blob already read
  std::uint64_t objects_missing = 0;     // missing or corrupt objects (also in errors)
  double seconds = 0;                    // wall time of the scan
};

// What one repository of an org-wide scan (--repos) gave: every finding of
// the run is in exactly one repository, and the run's stats are the sum of
// the repositories' (distinct secrets aside), so shard reports merge exactly.
struct RepositoryResult {
  std::string name;
  std::string path;
  std::string mode;          // "history" | "tree"
  std::string error;         // "" = scanned; else why it could not be (the run exits 2)
  bool incremental = false;  // --state: only what was new since the last run was read
  ScanStats stats;
};

// What a blob shard's listing counts like every other shard's (the whole
// history is walked by each): merge takes these once, not N times.
struct ListingStats {
  std::uint64_t commits = 0;
  std::uint64_t files_skipped_special = 0;
  std::uint64_t files_skipped_ignored = 0;
  std::uint64_t objects_missing = 0;
  std::uint64_t units = 0;  // units the whole listing holds (each shard reads its share)
};

// A report of one shard (--shard I/N, I < N): `rekey merge` combines all N.
struct ShardInfo {
  unsigned index = 0;
  unsigned count = 1;
  std::string by;        // "repository" | "blob"
  std::string run;       // hash of what decides the result (rules, options, repositories): shards of one run agree
  ListingStats listing;  // by blob
  std::vector<std::string> baseline_unused;  // fingerprints of baseline entries this shard did not use
};

struct ScanSummary {
  ScanStats stats;
  std::vector<SourceError> errors;             // what could not be read (files, objects, archives): exit 2
  std::vector<std::string> warnings;           // said once (excludes removed everything, names escaping an archive)
  std::vector<BaselineEntry> unused_baseline;  // entries that matched nothing
  std::vector<RepositoryResult> repositories;  // --repos: one per repository, by name
  std::optional<ShardInfo> shard;              // --shard I/N with N > 1
};

class FindingSink {
 public:
  virtual ~FindingSink() = default;
  virtual void Add(const Finding& finding) = 0;
  virtual void Finish(const ScanSummary& summary) = 0;
};

}  // namespace rekey

#endif  // REKEY_SCAN_FINDING_SINK_H_
