// RK-DK-004: a provider that cannot report key usage needs a manual gate
// before revoke. The key's reports_last_use wins; otherwise the provider
// catalog's documented fact decides.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  for (const ScheduleFacts& f : ctx.facts().schedules) {
    if (f.key == nullptr) continue;
    const ProviderFacts* facts =
        f.key->provider ? FindProviderFacts(ctx.options().providers, *f.key->provider) : nullptr;
    const std::optional<bool> reports = f.key->reports_last_use ? f.key->reports_last_use
                                        : facts                 ? facts->reports_last_use
                                                                : std::nullopt;
    if (reports != false) continue;
    const std::string source = f.key->reports_last_use ? "" : " (provider catalog" + CiteFacts(*facts) + ")";
    const std::optional<Verify>& verify = f.schedule->verify;
    if (verify && verify->method != VerifyMethod::kProviderLastUsed) continue;
    ctx.Report(f.key, f.key->LocOf("reports_last_use"), f.key->name,
               "provider of " + KeyLabel(*f.key) + " reports no key usage" + source + ", so revoke cannot wait for it" +
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
