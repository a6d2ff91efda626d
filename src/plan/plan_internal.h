// Private pieces of BuildPlan: the per-key facts (consumers, rollback) and the
// steps of one rotation. See rekey/plan/plan.h for the contract.
#ifndef REKEY_PLAN_PLAN_INTERNAL_H_
#define REKEY_PLAN_PLAN_INTERNAL_H_

#include <optional>
#include <vector>

#include "rekey/cron/zone.h"
#include "rekey/plan/plan.h"

namespace rekey {

// Consumers, slowest refresh, restart list and rollback procedure of `key`.
KeyPlan MakeKeyPlan(const ApiKey& key, const Model& model);

// What decides one rotation's steps besides the key.
struct RotationInput {
  Timestamp fire;
  const Zone* zone = nullptr;
  std::optional<Duration> declared_grace;  // the schedule's grace_period
  std::optional<Verify> verify;            // the schedule's verify: how new-key usage is confirmed
  bool emergency = false;
};

// The rotation with its steps; appends RK-PLAN-003/-004/-005 warnings to `warnings`
// only for the first rotation of a key (`first`), so they are not repeated per fire.
Rotation MakeRotation(const KeyPlan& key, const RotationInput& in, bool first, std::vector<PlanWarning>& warnings);

}  // namespace rekey

#endif  // REKEY_PLAN_PLAN_INTERNAL_H_
