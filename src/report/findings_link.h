// How the findings writers print a finding's InventoryLink and the
// unmanaged-key report, so text, json, sarif and github say the same thing.
#ifndef REKEY_REPORT_FINDINGS_LINK_H_
#define REKEY_REPORT_FINDINGS_LINK_H_

#include <nlohmann/json.hpp>
#include <string>

#include "rekey/policy/exposure.h"
#include "rekey/scan/finding.h"

namespace rekey {

// "stripe-api-key (production; used by payment-service, billing-service)",
// "stripe-a or stripe-b", "unmanaged: no Twilio key", ...; "" when not linked.
std::string LinkHeadline(const InventoryLink& link);

// null when not linked, else {"status","provider","keys":[...],"services","environment","reason"}.
nlohmann::ordered_json LinkToJson(const InventoryLink& link);

// The unmanaged-key report as JSON: [{"provider","findings":[...],"stub"}].
nlohmann::ordered_json UnmanagedToJson(const std::vector<UnmanagedProvider>& unmanaged);

}  // namespace rekey

#endif  // REKEY_REPORT_FINDINGS_LINK_H_
