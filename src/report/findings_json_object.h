// The JSON object of one finding, shared by the json and jsonl writers so the
// two never drift apart (schema/findings.schema.json, "finding").
#ifndef REKEY_REPORT_FINDINGS_JSON_OBJECT_H_
#define REKEY_REPORT_FINDINGS_JSON_OBJECT_H_

#include <nlohmann/json.hpp>

#include "rekey/scan/finding.h"

namespace rekey {

nlohmann::ordered_json FindingToJson(const Finding& finding);

}  // namespace rekey

#endif  // REKEY_REPORT_FINDINGS_JSON_OBJECT_H_
