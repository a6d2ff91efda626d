// RK-DK-001: keys that matter or are shared support two valid keys at once,
// or declare that their owners accept downtime (with a maintenance window).
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  const Model& model = ctx.model();
  for (size_t i = 0; i < model.keys.size(); ++i) {
    const ApiKey& key = model.keys[i];
    if (!key.supports_dual_key || *key.supports_dual_key) continue;
    const bool shared = key.used_by && key.used_by->size() > 1;
    const bool important = AtLeast(key, Criticality::kHigh);
    const ScheduleFacts* f = ctx.facts().ForKey(i);
    if (key.downtime_accepted) {
      if (f != nullptr && f->schedule->windows.empty()) {
        ctx.ReportAt(Severity::kWarning, &key, f->schedule->loc, key.name,
                     KeyLabel(key) + " accepts downtime but its schedule declares no maintenance window",
                     "add windows: so the outage happens when it hurts least");
      }
      continue;
    }
    if (!shared && !important) continue;
    ctx.Report(&key, key.LocOf("supports_dual_key"), key.name,
               KeyLabel(key) + " does not support dual keys but is " +
                   (important ? std::string(CriticalityName(*key.criticality)) + "-criticality" : "") +
                   (important && shared ? " and " : "") +
                   (shared ? "shared by " + std::to_string(key.used_by->size()) + " services" : "") +
                   ": every rotation is an outage",
               "put an API gateway in front that can hold two keys, ask the provider for multi-key support, or "
               "declare downtime_accepted: true with a maintenance window");
  }
}

}  // namespace

extern const Check kCheckDk001 = {
    "RK-DK-001",
    Severity::kError,
    "Important or shared keys support dual keys",
    "Without two valid keys there is a moment when consumers hold a revoked key. For high/critical or shared "
    "keys that is an outage per rotation.",
    "Enable dual keys, or declare downtime_accepted: true plus windows:.",
    "",
    Run};

}  // namespace rekey
