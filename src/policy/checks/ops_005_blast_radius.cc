// RK-OPS-005: not too many rotations on one day.
#include <map>

#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  const Timestamp until = ctx.now() + ctx.options().herd_horizon;
  std::map<int64_t, std::vector<const ApiKey*>> by_day;
  for (const ScheduleFacts& f : ctx.facts().schedules) {
    if (f.key == nullptr) continue;
    for (const Fire& fire : f.upcoming()) {
      if (fire.at > until) break;
      by_day[fire.at.unix_seconds() / 86400].push_back(f.key);
    }
  }
  for (const auto& [day, keys] : by_day) {
    const double limit = ctx.Number("max_per_day", nullptr, 5);
    if (static_cast<double>(keys.size()) <= limit) continue;
    ctx.Report(nullptr, keys.front()->loc, keys.front()->name,
               std::to_string(keys.size()) + " rotations on " + Timestamp::FromUnixSeconds(day * 86400).ToDate() +
                   " (limit " + FormatNumber(limit) + "), e.g. " + KeyLabel(*keys.front()),
               "spread schedules over more days; a bad day should not take every key with it");
    break;  // the first such day is enough to act on
  }
}

}  // namespace

extern const Check kCheckOps005 = {
    "RK-OPS-005",
    Severity::kWarning,
    "Limited rotations per day",
    "Atlantis-style per-change limits: one failure mode (provider outage, vault outage) should not hit every key "
    "on the same day.",
    "Stagger schedules across days.",
    "max_per_day",
    Run};

}  // namespace rekey
