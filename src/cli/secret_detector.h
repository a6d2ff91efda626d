// The SecretDetector `rekey check` hands to the policy (RK-INV-006): the
// scanner's built-in detection rules run over inventory field values. Lives in
// the CLI because policy may not depend on the matcher.
#ifndef REKEY_CLI_SECRET_DETECTOR_H_
#define REKEY_CLI_SECRET_DETECTOR_H_

#include "rekey/policy/check.h"

namespace rekey {

// A process-wide detector over the built-in rules (compiled database from the
// cache when present). nullptr when the rules cannot be loaded; RK-INV-006
// then falls back to its entropy test.
const SecretDetector* InventorySecretDetector();

}  // namespace rekey

#endif  // REKEY_CLI_SECRET_DETECTOR_H_
