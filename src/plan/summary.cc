// Small RotationPlan accessors and the one greppable summary line.
#include <set>
#include <string>

#include "rekey/plan/plan.h"

namespace rekey {

const KeyPlan* RotationPlan::FindKey(const std::string& name) const {
  for (const KeyPlan& k : keys) {
    if (k.key == name) return &k;
  }
  return nullptr;
}

size_t RotationPlan::RotatedKeyCount() const {
  std::set<std::string> names;
  for (const Rotation& r : rotations) names.insert(r.key);
  return names.size();
}

std::string FormatPlanInstant(Timestamp t) { return t.unix_seconds() % 86400 == 0 ? t.ToDate() : t.ToRfc3339(); }

namespace {

std::string Count(size_t n, const char* singular, const char* plural) {
  return std::to_string(n) + " " + (n == 1 ? singular : plural);
}

}  // namespace

std::string PlanSummaryLine(const RotationPlan& plan) {
  const std::string tail = "; " + std::to_string(plan.blocked.size()) + " blocked; " +
                           Count(plan.warnings.size(), "warning", "warnings") + ".";
  if (plan.leak_response) {
    std::string unmanaged;
    if (!plan.unmanaged.empty()) {
      unmanaged = "; " + Count(plan.unmanaged.size(), "unmanaged provider", "unmanaged providers");
    }
    return "Plan: EMERGENCY rotation of " + Count(plan.RotatedKeyCount(), "leaked key", "leaked keys") + " now (" +
           plan.from.ToRfc3339() + ")" + unmanaged + tail;
  }
  if (plan.emergency_key) {
    return "Plan: EMERGENCY rotation of " + *plan.emergency_key + " now (" + plan.from.ToRfc3339() + ")" + tail;
  }
  return "Plan: " + Count(plan.rotations.size(), "rotation", "rotations") + " of " +
         Count(plan.RotatedKeyCount(), "key", "keys") + " in " + plan.horizon.ToString() + " from " +
         FormatPlanInstant(plan.from) + tail;
}

}  // namespace rekey
