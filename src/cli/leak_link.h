// The link step as the commands use it (DESIGN.md: a small step above scan
// and plan, handing plain values down): a scan's findings collected in report
// order, joined to the rotation model's keys (rekey scan --inventory, rekey
// plan --from-findings, rekey check --scan), and the EvaluateOptions every
// policy evaluation shares, so check and plan judge the same facts.
#ifndef REKEY_CLI_LEAK_LINK_H_
#define REKEY_CLI_LEAK_LINK_H_

#include <vector>

#include "cli/scan_flags.h"
#include "rekey/link/exposures.h"
#include "rekey/model/model.h"
#include "rekey/policy/check.h"
#include "rekey/scan/finding_sink.h"

namespace rekey {

struct CollectedScan {
  std::vector<Finding> findings;  // FindingLess order
  ScanSummary summary;
};

// Runs the prepared scan to the end, keeping every finding.
CollectedScan CollectScan(PreparedScan prepared, ScanProgress* progress);

// Links every finding to `model` in place (Finding::link) and returns the
// exposures for policy and plan, with the unmanaged keys grouped by provider.
LinkedExposures LinkToModel(std::vector<Finding>& findings, const Model& model);

// The built-in detection rules (RK-INV-006) and the provider catalog's facts
// (RK-DK-004/005, RK-SCH-009); exposures are the caller's.
EvaluateOptions PolicyEvaluateOptions();

// Prints what a scan could not read (RK-SCAN-001), one diagnostic each.
void PrintScanErrors(const ScanSummary& summary);

}  // namespace rekey

#endif  // REKEY_CLI_LEAK_LINK_H_
