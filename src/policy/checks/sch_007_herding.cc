// RK-SCH-007: rotations are staggered: at most N per provider in one hour, and
// no two keys of one consumer rotating within each other's grace period.
#include <algorithm>
#include <map>
#include <set>

#include "policy/checks/check_util.h"

namespace rekey {
namespace {

struct Rotation {
  Timestamp start, end;
  const ScheduleFacts* facts;
};

void ReportProviderBursts(CheckContext& ctx) {
  // provider -> hour bucket -> keys
  std::map<std::string, std::map<int64_t, std::set<const ApiKey*>>> buckets;
  for (const ScheduleFacts& f : ctx.facts().schedules) {
    if (f.key == nullptr || !f.key->provider) continue;
    for (const Fire& fire : f.upcoming())
      buckets[NormalizeName(*f.key->provider)][fire.at.unix_seconds() / 3600].insert(f.key);
  }
  for (const auto& [provider, hours] : buckets) {
    for (const auto& [hour, keys] : hours) {
      const ApiKey* first = *keys.begin();
      const double limit = ctx.Number("max_per_provider_hour", first, 3);
      if (static_cast<double>(keys.size()) <= limit) continue;
      std::vector<std::string> names;
      for (const ApiKey* k : keys) names.push_back(k->name);
      ctx.Report(first, first->loc, first->name,
                 std::to_string(keys.size()) + " rotations of " + *first->provider + " keys in the hour from " +
                     Timestamp::FromUnixSeconds(hour * 3600).ToRfc3339() + " (limit " + FormatNumber(limit) +
                     "): " + Join(names, ", "),
                 "stagger the schedules (different minutes or hours) so the provider's key API is not hammered");
      break;  // one report per provider
    }
  }
}

void ReportConsumerOverlaps(CheckContext& ctx) {
  const Timestamp until = ctx.now() + ctx.options().herd_horizon;
  std::map<std::string, std::vector<Rotation>> by_service;
  for (const ScheduleFacts& f : ctx.facts().schedules) {
    if (f.key == nullptr || !f.key->used_by) continue;
    const Duration grace = f.schedule->grace_period.value_or(Duration());
    for (const std::string& service : *f.key->used_by) {
      std::vector<Rotation>& list = by_service[service];
      for (const Fire& fire : f.upcoming()) {
        if (fire.at > until) break;
        list.push_back({fire.at, fire.at + grace, &f});
      }
    }
  }
  std::set<std::pair<const ApiKey*, const ApiKey*>> reported;
  for (auto& [service, rotations] : by_service) {
    std::sort(rotations.begin(), rotations.end(),
              [](const Rotation& a, const Rotation& b) { return a.start < b.start; });
    for (size_t i = 1; i < rotations.size(); ++i) {
      const Rotation& a = rotations[i - 1];
      const Rotation& b = rotations[i];
      if (a.facts->key == b.facts->key || b.start >= a.end) continue;
      if (!reported.insert({a.facts->key, b.facts->key}).second) continue;
      ctx.Report(b.facts->key, b.facts->schedule->LocOf("schedule"), b.facts->key->name,
                 KeyLabel(*b.facts->key) + " rotates at " + b.start.ToRfc3339() + " inside the grace period of " +
                     KeyLabel(*a.facts->key) + "; both are used by " + Quote(service),
                 "offset one schedule so each rotation of " + service + "'s keys finishes before the next starts");
    }
  }
}

void Run(CheckContext& ctx) {
  ReportProviderBursts(ctx);
  ReportConsumerOverlaps(ctx);
}

}  // namespace

extern const Check kCheckSch007 = {
    "RK-SCH-007",
    Severity::kWarning,
    "Rotations are staggered",
    "Two Vault roles rotated within seconds caused an outage (hashicorp/vault #18738); providers rate-limit key "
    "creation; a service whose keys rotate together loses both at once if something fails.",
    "Give schedules different minutes/hours per provider and per consumer.",
    "max_per_provider_hour",
    Run};

}  // namespace rekey
