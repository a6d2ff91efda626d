// `rekey apply / rotate / rollback` as one library call: decide which
// rotations to start (due now by the plan, one key now, an emergency), which
// unfinished rotations to continue (--resume), and drive each through the
// Orchestrator. The CLI only builds the clients and prints the summary.
//
// Due rotations: for each key, the plan's latest fire at or before `now` that
// no rotation in the journal (or last_rotated, or an `activated` event of
// another tool) has answered yet. A key with no history at all is due only
// when the fire is within `catch_up` of now, or its schedule says
// rotate_immediately: true (RK-OPS-004). Keys the plan blocks get one
// `blocked` event per fire (reason = the check ids), never a rotation.
//
// Thread-safety: one call at a time per Orchestrator.
//
//   ApplySummary s = RunApply(request, model, plan, records, orchestrator, std::cout);
//   return s.exit_code();
#ifndef REKEY_APPLY_APPLY_H_
#define REKEY_APPLY_APPLY_H_

#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "rekey/apply/orchestrator.h"
#include "rekey/plan/plan.h"
#include "rekey/provider/provider.h"
#include "rekey/rules/provider_catalog.h"

namespace rekey {

enum class ApplyMode {
  kApply,     // due rotations (and, first, every unfinished one)
  kResume,    // unfinished rotations only
  kRotate,    // one rotation of `key` now (emergency: the emergency plan)
  kRollback,  // the seed's rollback of `key`'s latest rotation
  kApprove,   // record a manual approval for `key`'s rotation, then continue it
};

struct ApplyRequest {
  ApplyMode mode = ApplyMode::kApply;
  std::string key;
  bool emergency = false;
  bool dry_run = false;
  std::string approver;  // kApprove
  std::string reason;    // kRollback
  Timestamp now;
  Duration catch_up = Duration::Hours(1);
};

struct ApplySummary {
  std::vector<StepReport> reports;
  bool input_error = false;  // a key not in the inventory, nothing to roll back...
  std::string error;
  // 0 all done / waiting / skipped; 1 a rotation failed, rolled back, was
  // blocked, timed out verifying or must be retried; 2 input error.
  int exit_code() const;
};

// The rotation of `key` as the model describes it: vault path, provider API,
// grace (the plan rotation's when given), verify method, rollback_on_failure.
RotationSpec SpecFor(const Model& model, const std::string& key, const Rotation* rotation);

// A committed JSON plan (`rekey plan --format json`): its rotations and
// blocked keys, as a RotationPlan holding only what apply reads.
Result<RotationPlan> ReadPlanJson(const std::string& text);

ApplySummary RunApply(const ApplyRequest& request, const Model& model, const RotationPlan& plan,
                      const std::vector<RotationRecord>& records, Orchestrator& orchestrator, std::ostream& out);

// The KeyProvider of each inventory key: the catalog provider its `provider:`
// names, with an api: block. Catalogs are searched in order (a team's
// catalog first, so it can give a built-in provider an api: block). Admin
// credentials are read from the key's admin_vault_path on first use.
class ProviderRegistry {
 public:
  ProviderRegistry(const Model& model, std::vector<const ProviderCatalog*> catalogs, HttpClient& http,
                   SecretStore& store);
  KeyProvider* For(const std::string& key);
  // Why For(key) is nullptr, for messages.
  std::string Missing(const std::string& key) const;

 private:
  const Provider* Find(const ApiKey& key) const;

  const Model& model_;
  std::vector<const ProviderCatalog*> catalogs_;
  HttpClient& http_;
  SecretStore& store_;
  std::map<std::string, std::unique_ptr<KeyProvider>> cache_;
};

}  // namespace rekey

#endif  // REKEY_APPLY_APPLY_H_
