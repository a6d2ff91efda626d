// RK-INV-008: a key found hardcoded whose provider has no inventory entry at
// all cannot be rotated by rekey; it has to be brought under management.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  for (const Exposure& e : ctx.options().exposures) {
    if (!e.key.empty()) continue;
    ctx.Report(nullptr, e.where, e.provider + " (unmanaged)",
               "a " + e.provider + " key is hardcoded here (" + e.rule_id + ", " + e.secret_redacted +
                   ") and no inventory key has provider " + Quote(e.provider),
               "add it to the inventory so it is rotated (`rekey scan --inventory FILE` prints a stub to fill in), "
               "rotate it at the provider, then remove it from the file");
  }
}

}  // namespace

extern const Check kCheckInv008 = {
    "RK-INV-008",
    Severity::kWarning,
    "Keys found hardcoded are in the inventory",
    "A leaked key of a provider the inventory does not know has no owner, no schedule and no rollback: nobody "
    "rotates it.",
    "Add an api_keys entry for it (rekey scan --inventory prints a stub with the fields to fill), rotate it, and "
    "remove it from the file. Runs when `rekey check --scan PATH` is given.",
    "",
    Run};

}  // namespace rekey
