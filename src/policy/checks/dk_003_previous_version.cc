// RK-DK-003: the vault keeps the previous version long enough to roll back.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  const Model& model = ctx.model();
  for (size_t i = 0; i < model.keys.size(); ++i) {
    const ApiKey& key = model.keys[i];
    if (key.vault_max_versions && *key.vault_max_versions == 1) {
      ctx.Report(&key, key.LocOf("vault_max_versions"), key.name,
                 KeyLabel(key) + " keeps only 1 vault version: storing the new key deletes the one to roll back to",
                 "set vault_max_versions to 0 (Vault's default 10) or at least 2");
    }
    const ScheduleFacts* f = ctx.facts().ForKey(i);
    if (!key.vault_delete_version_after || key.vault_delete_version_after->seconds() == 0 || f == nullptr) continue;
    const Duration needed =
        f->schedule->grace_period.value_or(Duration()) + ctx.DurationOf("rollback_window", &key, Duration::Hours(24));
    if (*key.vault_delete_version_after >= needed) continue;
    ctx.Report(&key, key.LocOf("vault_delete_version_after"), key.name,
               "vault_delete_version_after " + key.vault_delete_version_after->ToString() + " of " + KeyLabel(key) +
                   " is shorter than grace + rollback window = " + needed.ToString(),
               "keep the previous version at least " + needed.ToString());
  }
}

}  // namespace

extern const Check kCheckDk003 = {
    "RK-DK-003",
    Severity::kError,
    "Previous version retained for rollback",
    "Rollback restores the previous vault version; if the vault has already deleted it, rollback is impossible.",
    "Keep >= 2 versions and delete_version_after >= grace + rollback window.",
    "rollback_window",
    Run};

}  // namespace rekey
