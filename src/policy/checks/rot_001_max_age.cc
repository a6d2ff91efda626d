// RK-ROT-001: the longest a credential can live (interval + grace) stays within
// the maximum age for its criticality.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  const Model& model = ctx.model();
  for (size_t i = 0; i < model.keys.size(); ++i) {
    const ApiKey& key = model.keys[i];
    const ScheduleFacts* f = ctx.facts().ForKey(i);
    if (f == nullptr || !f->cadence || !f->cadence->fires || f->cadence->fire_count < 2) continue;
    const Duration grace = f->schedule->grace_period.value_or(Duration());
    const Duration age = f->cadence->max_gap + grace;
    const Duration limit = ctx.DurationOf("max_age", &key, Duration::Days(365));
    if (age <= limit) continue;
    const std::string crit = key.criticality ? std::string(CriticalityName(*key.criticality)) + " " : "";
    ctx.Report(&key, f->schedule->LocOf("schedule"), key.name,
               "max credential age " + age.ToString() + " of " + KeyLabel(key) + " exceeds " + limit.ToString() +
                   " for " + crit + "keys (interval " + f->cadence->max_gap.ToString() + " from " +
                   ExprLabel(*f->schedule) + " + grace " + grace.ToString() + ")",
               "rotate more often (e.g. twice a month: \"0 2 1,15 * *\") or raise max_age for this criticality");
  }
}

}  // namespace

extern const Check kCheckRot001 = {
    "RK-ROT-001",
    Severity::kError,
    "Credential age stays within the maximum for its criticality",
    "A leaked key is usable until it is rotated: the longest gap between rotations plus the grace period is the "
    "worst-case exposure. Limits follow CIS/AWS Config (90 d) and tighten with criticality.",
    "Schedule rotations so that max gap + grace fits max_age (see by_criticality in the policy).",
    "max_age",
    Run};

}  // namespace rekey
