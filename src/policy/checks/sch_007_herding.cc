// RK-SCH-007: rotations are staggered: at most N per provider in one hour, and
// no two keys of one consumer rotating within each other's grace period.
#include <algorithm>
#include <cstdint>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <unordered_map>

#include "policy/checks/check_util.h"

namespace rekey {
namespace {

struct Rotation {
  Timestamp start;  // ends after the schedule's grace period
  const ScheduleFacts* facts;
};

// The fires of `f` up to `until` (upcoming fires are in time order).
std::span<const Fire> FiresUntil(const ScheduleFacts& f, Timestamp until) {
  const std::vector<Fire>& fires = f.upcoming();
  const auto end =
      std::upper_bound(fires.begin(), fires.end(), until, [](Timestamp t, const Fire& fire) { return t < fire.at; });
  return {fires.data(), static_cast<size_t>(end - fires.begin())};
}

void ReportProviderBursts(CheckContext& ctx) {
  // Each provider's rotations in one bucket per hour (one flat array, provider
  // and hour major); a bucket holding more distinct keys than the limit is a
  // burst. Providers in name order, hours in time order: the first burst of
  // each provider is reported.
  const std::vector<ScheduleFacts>& schedules = ctx.facts().schedules;
  const Timestamp until = ctx.now() + ctx.options().herd_horizon;
  const int64_t first_hour = ctx.now().unix_seconds() / 3600;
  const size_t hours = static_cast<size_t>(until.unix_seconds() / 3600 - first_hour + 1);
  auto bucket_of = [&](const Fire& fire) -> std::optional<size_t> {
    const int64_t h = fire.at.unix_seconds() / 3600 - first_hour;
    if (h < 0 || static_cast<size_t>(h) >= hours) return std::nullopt;
    return static_cast<size_t>(h);
  };
  std::map<std::string, size_t> providers;  // normalized name -> number
  std::vector<size_t> provider_of(schedules.size(), SIZE_MAX);
  for (size_t i = 0; i < schedules.size(); ++i) {
    const ScheduleFacts& f = schedules[i];
    if (f.key == nullptr || !f.key->provider) continue;
    provider_of[i] = providers.try_emplace(NormalizeName(*f.key->provider), providers.size()).first->second;
  }
  std::vector<size_t> offsets(providers.size() * hours + 1, 0);  // bucket b is [offsets[b], offsets[b + 1])
  for (size_t i = 0; i < schedules.size(); ++i) {
    if (provider_of[i] == SIZE_MAX) continue;
    for (const Fire& fire : FiresUntil(schedules[i], until)) {
      if (std::optional<size_t> h = bucket_of(fire)) ++offsets[provider_of[i] * hours + *h + 1];
    }
  }
  std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
  std::vector<const ApiKey*> keys(offsets.back());
  std::vector<size_t> cursor(offsets.begin(), offsets.end() - 1);
  for (size_t i = 0; i < schedules.size(); ++i) {
    if (provider_of[i] == SIZE_MAX) continue;
    for (const Fire& fire : FiresUntil(schedules[i], until)) {
      if (std::optional<size_t> h = bucket_of(fire)) keys[cursor[provider_of[i] * hours + *h]++] = schedules[i].key;
    }
  }
  for (const auto& [provider, p] : providers) {
    for (size_t h = 0; h < hours; ++h) {
      const auto from = keys.begin() + static_cast<std::ptrdiff_t>(offsets[p * hours + h]);
      const auto to = keys.begin() + static_cast<std::ptrdiff_t>(offsets[p * hours + h + 1]);
      if (from == to) continue;
      std::sort(from, to);  // keys in inventory order (they are one vector)
      const size_t n = static_cast<size_t>(std::unique(from, to) - from);
      const ApiKey* first = *from;
      const double limit = ctx.Number("max_per_provider_hour", first, 3);
      if (static_cast<double>(n) <= limit) continue;
      std::vector<std::string> names;
      for (size_t i = 0; i < n && names.size() < 10; ++i) names.push_back(from[static_cast<std::ptrdiff_t>(i)]->name);
      if (n > names.size()) names.push_back("...");
      ctx.Report(first, first->loc, first->name,
                 std::to_string(n) + " rotations of " + *first->provider + " keys in the hour from " +
                     Timestamp::FromUnixSeconds((first_hour + static_cast<int64_t>(h)) * 3600).ToRfc3339() +
                     " (limit " + FormatNumber(limit) + "): " + Join(names, ", "),
                 "stagger the schedules (different minutes or hours) so the provider's key API is not hammered");
      break;  // one report per provider
    }
  }
}

void ReportConsumerOverlaps(CheckContext& ctx) {
  const std::vector<ScheduleFacts>& schedules = ctx.facts().schedules;
  const Timestamp until = ctx.now() + ctx.options().herd_horizon;
  // Services numbered in name order (the names live in the model): reports,
  // and which pair is reported first, do not depend on hashing.
  std::vector<std::string_view> names;
  for (const ScheduleFacts& f : schedules) {
    if (f.key != nullptr && f.key->used_by) names.insert(names.end(), f.key->used_by->begin(), f.key->used_by->end());
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::unordered_map<std::string_view, uint32_t> rank;
  rank.reserve(names.size());
  for (size_t i = 0; i < names.size(); ++i) rank.emplace(names[i], static_cast<uint32_t>(i));
  // Each schedule's fires and consumers, and each service's rotation count.
  std::vector<std::span<const Fire>> fires(schedules.size());
  std::vector<std::vector<uint32_t>> consumers(schedules.size());
  std::vector<size_t> counts(names.size(), 0);
  for (size_t i = 0; i < schedules.size(); ++i) {
    const ScheduleFacts& f = schedules[i];
    if (f.key == nullptr || !f.key->used_by) continue;
    fires[i] = FiresUntil(f, until);
    for (const std::string& service : *f.key->used_by) {
      consumers[i].push_back(rank.find(service)->second);
      counts[consumers[i].back()] += fires[i].size();
    }
  }
  // Services a batch at a time, each batch's rotations in one reused buffer:
  // 10,000 keys make ~700,000 rotations, 11 MB of fresh memory all at once.
  constexpr size_t kBatchRotations = 1 << 16;
  std::vector<Rotation> rotations;
  std::vector<size_t> offsets;
  std::set<std::pair<const ApiKey*, const ApiKey*>> reported;
  for (size_t lo = 0, hi = 0; lo < names.size(); lo = hi) {
    size_t total = counts[hi++];
    while (hi < names.size() && total + counts[hi] <= kBatchRotations) total += counts[hi++];
    offsets.assign(hi - lo + 1, 0);
    for (size_t s = lo; s < hi; ++s) offsets[s - lo + 1] = offsets[s - lo] + counts[s];
    rotations.resize(total);
    std::vector<size_t> cursor(offsets.begin(), offsets.end() - 1);
    for (size_t i = 0; i < schedules.size(); ++i) {  // schedule order, then fire order: as listed
      for (uint32_t s : consumers[i]) {
        if (s < lo || s >= hi) continue;
        for (const Fire& fire : fires[i]) rotations[cursor[s - lo]++] = {fire.at, &schedules[i]};
      }
    }
    for (size_t s = lo; s < hi; ++s) {
      const auto from = rotations.begin() + static_cast<std::ptrdiff_t>(offsets[s - lo]);
      const auto to = rotations.begin() + static_cast<std::ptrdiff_t>(offsets[s - lo + 1]);
      std::sort(from, to, [](const Rotation& a, const Rotation& b) { return a.start < b.start; });
      const std::string service(names[s]);
      for (auto it = from + (from == to ? 0 : 1); it < to; ++it) {
        const Rotation& a = *(it - 1);
        const Rotation& b = *it;
        if (a.facts->key == b.facts->key || b.start >= a.start + a.facts->schedule->grace_period.value_or(Duration())) {
          continue;
        }
        if (!reported.insert({a.facts->key, b.facts->key}).second) continue;
        ctx.Report(b.facts->key, b.facts->schedule->LocOf("schedule"), b.facts->key->name,
                   KeyLabel(*b.facts->key) + " rotates at " + b.start.ToRfc3339() + " inside the grace period of " +
                       KeyLabel(*a.facts->key) + "; both are used by " + Quote(service),
                   "offset one schedule so each rotation of " + service + "'s keys finishes before the next starts");
      }
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
