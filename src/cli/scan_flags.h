// What `rekey scan` and `rekey baseline` share: the flags that choose what to
// walk and which rules to run, the `.rekey.yaml` scan section joined under
// them, and turning both into a rules database plus ScanOptions.
#ifndef REKEY_CLI_SCAN_FLAGS_H_
#define REKEY_CLI_SCAN_FLAGS_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rekey/config/config.h"
#include "rekey/matcher/rules_database.h"
#include "rekey/scan/scanner.h"
#include "rekey/source/source.h"

namespace rekey {

struct ScanFlags {
  std::vector<std::string> paths;
  std::vector<std::string> rules;
  std::vector<std::string> disable_rules;
  std::vector<std::string> rulesets;  // --ruleset (empty: scan.rulesets, else "default")
  bool no_ignore = false;
  bool include_vendored = false;  // scan node_modules/, vendor/, ... too
  std::vector<std::string> excludes;
  std::string max_file_size;  // "" = no limit
  std::string stdin_name = "-";
  unsigned threads = 0;
  std::uint64_t max_findings_per_file = 1000;
  // Archives and encoded spans inside what is scanned.
  bool no_archives = false;
  unsigned archive_depth = 3;
  std::string archive_max_bytes = "4GiB";
  std::uint64_t archive_max_entries = 100000;
  std::uint64_t archive_max_ratio = 250;
  bool no_decode = false;
  unsigned decode_depth = 2;
  bool no_cache = false;
  bool allow_foreign_markers = false;
  std::string config;  // --config: .rekey.yaml to read instead of discovering one
  // Git sources (at most one mode; the one positional path is then the repository).
  bool history = false;
  std::vector<std::string> refs;  // --ref: history from these revisions only
  std::string range;              // --range A..B
  bool staged = false;
  bool whole_files = false;
  bool allow_shallow = false;  // scan a shallow clone's partial history (else exit 2)
  std::string image;           // --image: a docker save tarball or OCI layout directory
  // Org-wide scans (scan_org.h): many repositories, a shard, incremental state.
  std::string repos;  // --repos FILE|DIR
  std::string shard;  // --shard I/N
  std::string state;  // --state FILE|DIR
  bool ignore_damaged_state = false;
  bool print_repos = false;
  bool report_only = false;  // exit 0 on findings (a shard: the merge judges)
};

// Registers the `paths` positional and the shared options on `cmd`.
void AddPathsFlag(CLI::App& cmd, ScanFlags& flags);
void AddScanFlags(CLI::App& cmd, ScanFlags& flags);

// Joins the `.rekey.yaml` scan section under the flags (lists: config first;
// foreign markers: either). Returns the section for command-specific fields
// (the baseline path), or nullopt when the config has errors (printed).
std::optional<ScanConfig> MergeScanConfig(ScanFlags& flags);

// The rules database and the walk/thread/allow options the flags describe, or
// nullopt after printing what is wrong (a bad --max-file-size, rule errors,
// conflicting git modes, not a repository, an unknown revision). Git modes
// list their blobs here, so a bad revision fails before any matching.
struct PreparedScan {
  std::shared_ptr<const RulesDatabase> db;
  ScanOptions options;
  std::unique_ptr<Source> source;  // null for org-wide scans (scan_org.h lists their sources)
  std::uint64_t max_file_size = 0;
};
std::optional<PreparedScan> PrepareScan(const ScanFlags& flags);

// The excludes a scan applies: the vendored directories (unless
// --include-vendored), then the flags' and the config's.
std::vector<std::string> EffectiveExcludes(const ScanFlags& flags);

}  // namespace rekey

#endif  // REKEY_CLI_SCAN_FLAGS_H_
