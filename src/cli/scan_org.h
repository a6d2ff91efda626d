// `rekey scan` over many repositories (--repos), one shard of the work
// (--shard I/N) or incrementally (--state): the flags become OrgScanOptions
// for ScanRepositories (scan/repo_scan.h), and the report is streamed to its
// destination as the repositories are done (JSON Lines holds nothing back).
#ifndef REKEY_CLI_SCAN_ORG_H_
#define REKEY_CLI_SCAN_ORG_H_

#include <string>

#include "cli/command.h"
#include "cli/scan_flags.h"
#include "rekey/report/findings_writer.h"
#include "rekey/scan/baseline.h"

namespace rekey {

// Registers --repos, --shard, --state, --ignore-damaged-state, --print-repos.
void AddOrgScanFlags(CLI::App& cmd, ScanFlags& flags);

// True when the flags ask for an org-wide, sharded or incremental scan.
bool IsOrgScan(const ScanFlags& flags);

// Usage errors of those flags (printed), before anything is read.
bool CheckOrgFlags(const ScanFlags& flags);

struct OrgReport {
  FindingsFormat format = FindingsFormat::kText;
  std::string output;  // "" or "-" = stdout
  Baseline* baseline = nullptr;
  bool show_secrets = false;
  RuleSeverity fail_on = RuleSeverity::kLow;
  std::string tool_version;
};

int RunOrgScan(PreparedScan prepared, const ScanFlags& flags, const OrgReport& report, const GlobalOptions& global);

}  // namespace rekey

#endif  // REKEY_CLI_SCAN_ORG_H_
