// Private pieces of BuildPlan: the per-key facts (consumers, rollback) and the
// steps of one rotation. See rekey/plan/plan.h for the contract.
#ifndef REKEY_PLAN_PLAN_INTERNAL_H_
#define REKEY_PLAN_PLAN_INTERNAL_H_

#include <optional>
#include <span>
#include <vector>

#include "rekey/cron/zone.h"
#include "rekey/plan/plan.h"

namespace rekey {

// First rollback step of every emergency rotation.
inline constexpr char kCompromisedRollbackNote[] =
    "rolling back restores the COMPROMISED key: do it only to restore service, then rotate again at once";

// Consumers, slowest refresh, restart list and rollback procedure of `key`.
// With `exposures` (a leak response): the consumers whose paths hold a
// hardcoded copy lead the restarts, and the rollback warns it restores a
// compromised key.
KeyPlan MakeKeyPlan(const ApiKey& key, const Model& model, std::span<const Exposure> exposures = {});

// Leak responses: one rotation per exposed key, most urgent first; fills
// priority and priority_reason. Keys not in the model are skipped.
struct ExposedKey {
  const ApiKey* key = nullptr;
  std::vector<Exposure> exposures;
};
std::vector<ExposedKey> RankExposedKeys(const Model& model, const std::vector<Exposure>& exposures);
// "critical finding, production, criticality high, 2 consumers": why a key ranks where it does.
std::string PriorityReason(const ExposedKey& exposed);

// "payment-service/config/prod.env:2:19"
std::string ExposureWhere(const Exposure& e);

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
