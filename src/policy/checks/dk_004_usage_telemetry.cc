// RK-DK-004: a provider that cannot report key usage needs a manual gate
// before revoke.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  for (const ScheduleFacts& f : ctx.facts().schedules) {
    if (f.key == nullptr || f.key->reports_last_use != false) continue;
    const std::optional<Verify>& verify = f.schedule->verify;
    if (verify && verify->method != VerifyMethod::kProviderLastUsed) continue;
    ctx.Report(f.key, f.key->LocOf("reports_last_use"), f.key->name,
               "provider of " + KeyLabel(*f.key) + " reports no key usage, so revoke cannot wait for it" +
                   (verify ? " (verify.method is provider-last-used)" : ""),
               "verify with metrics or a manual approval: verify: {method: metrics, timeout: 30m}");
  }
}

}  // namespace

extern const Check kCheckDk004 = {
    "RK-DK-004",
    Severity::kWarning,
    "Revoke is gated when the provider has no usage telemetry",
    "Without last-used data nobody knows whether the old key is still in use when it is revoked (AWS IAM "
    "guidance: check last-used before deactivating).",
    "Use metrics or manual verification for such providers.",
    "",
    Run};

}  // namespace rekey
