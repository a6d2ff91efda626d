// Org-wide scans over the one scan pipeline (scanner.h):
//   - many repositories in one run (`rekey scan --repos FILE|DIR`), each in
//     full history or as a working tree, every finding carrying its
//     repository (a RepositoryOrigin outermost in its provenance); a
//     repository that cannot be scanned is a RepositoryResult with an error
//     (the run exits 2) and the others go on; findings reach the sink one
//     repository at a time, so nothing is held past a repository;
//   - a stable share of the work (`--shard I/N`): whole repositories with
//     --repos, else units of the one source (git blobs by object id, files by
//     path); the report says which share it is, for `rekey merge`;
//   - incremental history scans (`--state`, scan_state.h): only commits not
//     reachable from the tips the last complete scan started from are
//     walked, blobs read clean under the same rules are not read again, and
//     blobs with findings are read again at their old and new places, so the
//     report is as complete as a full scan's.
//
// Errors: a repository's problems are in its RepositoryResult and in the
// summary's errors (exit 2); an Error only for what stops the run (a damaged
// state file, unless `ignore_damaged_state`).
//
// Thread-safety: one ScanRepositories at a time per sink.
//
//   Result<std::vector<RepoEntry>> repos = ListRepositories("mirrors/");
//   OrgScanOptions org;  org.shard = *ParseShard("1/4");
//   Result<ScanSummary> summary = ScanRepositories(db, ScanOptions{}, *repos, org, sink);
#ifndef REKEY_SCAN_REPO_SCAN_H_
#define REKEY_SCAN_REPO_SCAN_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/result.h"
#include "rekey/matcher/rules_database.h"
#include "rekey/scan/finding_sink.h"
#include "rekey/scan/scanner.h"

namespace rekey {

struct RepoEntry {
  std::string name;  // unique; the list file's path as written, or the path below the --repos directory
  std::string path;  // where to read it
  std::string url;   // a list file's optional second column (where the clone comes from; --print-repos)
};

// A list file (one repository per line: PATH [URL]; blank lines and '#'
// comments skipped; PATH relative to the file's directory), or a directory
// whose subdirectories (three levels down, not inside a repository) are
// clones or bare repositories. Sorted by name. An Error when the file cannot
// be read, a name repeats, or nothing is listed.
Result<std::vector<RepoEntry>> ListRepositories(const std::string& file_or_dir);

struct Shard {
  unsigned index = 0;
  unsigned count = 1;
};
// "I/N" with 0 <= I < N <= 10000, or "/N" taking I from JOB_COMPLETION_INDEX
// (Kubernetes Indexed Jobs).
Result<Shard> ParseShard(std::string_view text);
// Stable: a key lands in the same shard whatever else is listed (FNV-1a 64).
bool InShard(std::string_view key, const Shard& shard);

struct OrgScanOptions {
  bool history = true;  // false: each repository's working tree
  std::vector<std::string> refs;
  std::vector<std::string> excludes;
  bool allow_shallow = false;
  bool use_ignore_files = true;
  std::uint64_t max_file_size = 0;
  std::vector<std::string> tree_paths;  // plain tree scans: the paths to walk
  // One repository named the way a plain scan names it (not --repos): its
  // findings carry no repository and the report has no repository list.
  bool plain = false;
  Shard shard;
  std::string state;  // --state: a file, or a directory (one file per repository); "" = none
  bool ignore_damaged_state = false;
  // What decides a blob's findings besides the rules (scan options, the rekey
  // version): part of the state's key and of the shards' run id.
  std::string identity;
};

// The rules' identity for incremental state: a hash over every field of
// every rule that decides what it matches.
std::string RulesIdentity(const RulesDatabase& db);

Result<ScanSummary> ScanRepositories(std::shared_ptr<const RulesDatabase> db, ScanOptions options,
                                     const std::vector<RepoEntry>& repos, const OrgScanOptions& org, FindingSink& sink);

// Totals of a multi-repository run: the sum of the repositories' counts.
ScanStats SumRepositoryStats(const std::vector<RepositoryResult>& repositories);

}  // namespace rekey

#endif  // REKEY_SCAN_REPO_SCAN_H_
