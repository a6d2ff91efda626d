// RK-DK-005: what the inventory declares about dual keys agrees with what the
// provider documents (the provider catalog, rules/providers/*.yaml): dual-key
// declared but the provider allows one active key, or more active keys than
// the provider's cap.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  if (ctx.options().providers.empty()) return;
  for (const ApiKey& key : ctx.model().keys) {
    if (!key.provider) continue;
    const ProviderFacts* facts = FindProviderFacts(ctx.options().providers, *key.provider);
    if (facts == nullptr) continue;
    const std::string source = CiteFacts(*facts);
    const bool single = facts->dual_key == false || facts->max_active_keys == 1;
    if (key.supports_dual_key == true && single) {
      ctx.Report(&key, key.LocOf("supports_dual_key"), key.name,
                 KeyLabel(key) + " declares supports_dual_key: true, but " + facts->name +
                     (facts->max_active_keys == 1 ? " allows one active key" : " does not support two valid keys") +
                     source,
                 "rotations of this key are outages: set supports_dual_key: false and downtime_accepted: true with "
                 "windows:, or put a gateway that can hold two keys in front");
    }
    if (key.max_active_keys && facts->max_active_keys && *key.max_active_keys > *facts->max_active_keys) {
      ctx.Report(&key, key.LocOf("max_active_keys"), key.name,
                 KeyLabel(key) + " declares max_active_keys: " + std::to_string(*key.max_active_keys) + ", but " +
                     facts->name + " allows at most " + std::to_string(*facts->max_active_keys) + source,
                 "set max_active_keys: " + std::to_string(*facts->max_active_keys) +
                     " and make sure a rotation never needs more keys than that at once");
    }
    if (key.supports_dual_key == false && facts->dual_key == true && !single) {
      ctx.ReportAt(Severity::kNote, &key, key.LocOf("supports_dual_key"), key.name,
                   KeyLabel(key) + " declares supports_dual_key: false, but " + facts->name +
                       " supports two valid keys" + source,
                   "set supports_dual_key: true and rotate without downtime");
    }
  }
}

}  // namespace

extern const Check kCheckDk005 = {
    "RK-DK-005",
    Severity::kError,
    "Dual-key declarations match the provider's documentation",
    "A plan built on a second key the provider will not issue fails at the create step, mid-rotation; a provider "
    "that caps active keys makes the dual-key pattern impossible. The provider catalog records what each provider "
    "documents (rules/providers/*.yaml, with references).",
    "Declare what the provider allows: supports_dual_key: false with a maintenance window when it allows one key, "
    "max_active_keys within its cap.",
    "",
    Run};

}  // namespace rekey
