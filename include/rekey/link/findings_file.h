// Reads a findings file written by `rekey scan --format json`
// (schema/findings.schema.json) back into Findings, for `rekey plan
// --from-findings`. Links in the file are ignored: the plan re-links against
// the inventory it loads, so a findings file from a plain scan serves too.
// The secret is never read back, even when the file holds it.
//
// Errors: every problem goes to `diags` with file:line:col and a hint (ids
// RK-LINK-001 not a findings file, plus the yaml module's RK-YAML-*); the
// caller checkpoints with diags.HasErrors().
//
//   Diagnostics diags;
//   std::vector<Finding> findings = ReadFindingsFile("findings.json", diags);
#ifndef REKEY_LINK_FINDINGS_FILE_H_
#define REKEY_LINK_FINDINGS_FILE_H_

#include <string>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/scan/finding.h"

namespace rekey {

std::vector<Finding> ReadFindingsFile(const std::string& path, Diagnostics& diags);
// The same from text in memory; `path` names it in diagnostics.
std::vector<Finding> ReadFindingsText(std::string text, const std::string& path, Diagnostics& diags);

}  // namespace rekey

#endif  // REKEY_LINK_FINDINGS_FILE_H_
