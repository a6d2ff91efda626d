// RK-INV-004: a key nobody uses should be deleted, not rotated.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  for (const ApiKey& key : ctx.model().keys) {
    if (!key.used_by || !key.used_by->empty()) continue;
    ctx.Report(&key, key.LocOf("used_by"), key.name, KeyLabel(key) + " has no consumers (used_by is empty)",
               "delete the key at the provider instead of rotating it, or list the services that use it");
  }
}

}  // namespace

extern const Check kCheckInv004 = {
    "RK-INV-004",
    Severity::kWarning,
    "Key has consumers",
    "A key with no consumers still grants access if it leaks; rotating it keeps an unused credential alive.",
    "Revoke and delete the key, or fill in used_by.",
    "",
    Run};

}  // namespace rekey
