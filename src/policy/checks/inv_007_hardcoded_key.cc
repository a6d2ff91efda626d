// RK-INV-007: a managed key must never be hardcoded (the seed guide's first
// rule). Fed by `rekey check --scan PATH`: the link step hands policy the
// findings it tied to inventory keys as Exposures.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

std::string Where(const Exposure& e) {
  return e.where.path + ":" + std::to_string(e.where.line) + ":" + std::to_string(e.where.column);
}

void Run(CheckContext& ctx) {
  for (const Exposure& e : ctx.options().exposures) {
    if (e.key.empty()) continue;  // unmanaged: RK-INV-008
    const ApiKey* key = ctx.model().FindKey(e.key);
    if (key == nullptr) continue;  // linked against another inventory
    std::string message =
        KeyLabel(*key) + " is hardcoded at " + Where(e) + " (" + e.rule_id + ", " + e.secret_redacted + ")";
    if (e.ambiguous) message += "; it may be this key or another " + e.provider + " key: " + e.reason;
    const std::string vault = key->vault_path ? " and read it from the vault at " + *key->vault_path : "";
    ctx.Report(key, e.where, key->name, std::move(message),
               "treat it as leaked: rotate now (`rekey plan --emergency " + key->name +
                   "`, or `rekey scan --plan` for every leak), then remove it from the file" + vault);
  }
}

}  // namespace

extern const Check kCheckInv007 = {
    "RK-INV-007",
    Severity::kError,
    "Managed keys are not hardcoded",
    "The seed guide's first rule: never hardcode API keys. A key in a file is in every clone, backup and CI log of "
    "it, and stays in git history after it is deleted; only rotation makes it worthless.",
    "Rotate the key at once (rekey plan --emergency KEY), then read it from the vault instead of the file. Runs "
    "when `rekey check --scan PATH` is given.",
    "",
    Run};

}  // namespace rekey
