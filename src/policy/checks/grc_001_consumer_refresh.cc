// RK-GRC-001: the grace period lets every consumer pick up the new key:
// grace >= factor x slowest consumer refresh + propagation.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  for (const ScheduleFacts& f : ctx.facts().schedules) {
    if (f.key == nullptr || !f.schedule->grace_period) continue;
    const ConsumerRefresh refresh = RefreshOf(ctx.model(), *f.key);
    if (refresh.slowest_service.empty()) continue;
    const double factor = ctx.Number("refresh_factor", f.key, 2);
    const Duration propagation = ctx.DurationOf("propagation", f.key, Duration());
    const Duration needed = refresh.slowest.Scaled(factor) + propagation;
    const Duration grace = *f.schedule->grace_period;
    if (grace >= needed) continue;
    const Service* service = ctx.model().FindService(refresh.slowest_service);
    const std::string how = service == nullptr ? "not declared in services:, assumed 1h"
                            : service->refresh ? "refresh " + service->refresh->ToString()
                                               : std::string(ReadsViaName(service->reads_via)) + " default";
    ctx.Report(
        f.key, f.schedule->LocOf("grace_period"), f.key->name,
        "grace_period " + grace.ToString() + " of " + KeyLabel(*f.key) + " is shorter than " + FormatNumber(factor) +
            " x slowest consumer refresh (" + refresh.slowest_service + ": " + refresh.slowest.ToString() + ", " + how +
            ")" + (propagation.seconds() ? " + propagation " + propagation.ToString() : "") + " = " + needed.ToString(),
        "raise grace_period to at least " + needed.ToString() + ", or make the consumer refresh faster");
  }
}

}  // namespace

extern const Check kCheckGrc001 = {
    "RK-GRC-001",
    Severity::kError,
    "Grace period covers every consumer's refresh",
    "Revoking the old key before a consumer's cache refreshes causes the outage the dual-key pattern exists to "
    "prevent. Defaults: vault-agent 5m, csi 2m, sdk-cache/external-secrets/unknown 1h.",
    "Make grace_period >= factor x the slowest refresh among used_by services.",
    "refresh_factor,propagation",
    Run};

}  // namespace rekey
