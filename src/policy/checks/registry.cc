// The catalogue: one line per check, in id order. Each check lives in its own
// file in this directory.
#include "rekey/policy/check.h"

namespace rekey {

extern const Check kCheckInv001;
extern const Check kCheckInv002;
extern const Check kCheckInv003;

namespace {
const Check* const kAllChecks[] = {
    &kCheckInv001,
    &kCheckInv002,
    &kCheckInv003,
};
}  // namespace

std::span<const Check* const> AllChecks() { return kAllChecks; }

}  // namespace rekey
