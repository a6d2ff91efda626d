// The JSON object of one finding, shared by the json and jsonl writers so the
// two never drift apart (schema/findings.schema.json, "finding").
#ifndef REKEY_REPORT_FINDINGS_JSON_OBJECT_H_
#define REKEY_REPORT_FINDINGS_JSON_OBJECT_H_

#include <nlohmann/json.hpp>

#include "rekey/base/result.h"
#include "rekey/scan/finding.h"

namespace rekey {

nlohmann::ordered_json FindingToJson(const Finding& finding);

// The provenance chain as a JSON array, outermost first: {"kind": "file" |
// "stdin" | "git" | "archive_entry" | "decoded" | "image_layer", ...fields}.
nlohmann::ordered_json ProvenanceToJson(const Provenance& provenance);

// The inverse of FindingToJson and ProvenanceToJson (rekey merge re-renders
// shard reports with the writers): an Error naming what does not read.
// Inventory links are not read back (merge refuses linked reports).
Result<Finding> FindingFromJson(const nlohmann::ordered_json& item);
Result<Provenance> ProvenanceFromJson(const nlohmann::ordered_json& chain);

// "decoded base64 at 3:5; layer sha256:ab12cd34ef56 (RUN ...), deleted in a
// later layer": what a location line does not say ("" for a plain file or
// git place).
std::string ProvenanceNote(const Provenance& provenance);

}  // namespace rekey

#endif  // REKEY_REPORT_FINDINGS_JSON_OBJECT_H_
