// RK-SCH-009: the rotations of one provider's keys never create keys faster
// than the provider's documented key-creation limit (provider catalog fact
// key_creation_limit): a rotation whose create step is throttled stalls with
// the old key still live.
#include <algorithm>
#include <map>

#include "policy/checks/check_util.h"

namespace rekey {
namespace {

struct Create {
  Timestamp at;
  const ScheduleFacts* facts;
};

void Run(CheckContext& ctx) {
  if (ctx.options().providers.empty()) return;
  const Timestamp until = ctx.now() + ctx.options().herd_horizon;
  std::map<const ProviderFacts*, std::vector<Create>> by_provider;
  for (const ScheduleFacts& f : ctx.facts().schedules) {
    if (f.key == nullptr || !f.key->provider) continue;
    const ProviderFacts* facts = FindProviderFacts(ctx.options().providers, *f.key->provider);
    if (facts == nullptr || !facts->key_creation_limit) continue;
    for (const Fire& fire : f.upcoming()) {
      if (fire.at > until) break;
      by_provider[facts].push_back({fire.at, &f});
    }
  }
  for (auto& [facts, creates] : by_provider) {
    const KeyCreationRate& limit = *facts->key_creation_limit;
    std::stable_sort(creates.begin(), creates.end(), [](const Create& a, const Create& b) { return a.at < b.at; });
    // Sliding window: creates[first..i] all fall within `per` of creates[i].
    for (size_t first = 0, i = 0; i < creates.size(); ++i) {
      while (creates[i].at - creates[first].at >= limit.per) ++first;
      const size_t in_window = i - first + 1;
      if (in_window <= static_cast<size_t>(limit.count)) continue;
      const ScheduleFacts& f = *creates[i].facts;
      ctx.Report(f.key, f.schedule->LocOf("schedule"), f.key->name,
                 std::to_string(in_window) + " rotations of " + facts->name + " keys create keys within " +
                     limit.per.ToString() + " up to " + creates[i].at.ToRfc3339() + ", but " + facts->name +
                     " allows " + std::to_string(limit.count) + " per " + limit.per.ToString() + CiteFacts(*facts),
                 "stagger the schedules of " + facts->name + " keys so at most " + std::to_string(limit.count) +
                     " rotations start within any " + limit.per.ToString());
      break;  // one report per provider
    }
  }
}

}  // namespace

extern const Check kCheckSch009 = {
    "RK-SCH-009",
    Severity::kError,
    "Rotations respect the provider's key-creation limit",
    "Providers throttle key creation; when rotations of many keys start together the later create steps fail and "
    "those rotations stall with the old key live. Limits come from the provider catalog (documented facts only).",
    "Stagger the schedules of the provider's keys.",
    "",
    Run};

}  // namespace rekey
