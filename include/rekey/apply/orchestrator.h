// Orchestrator: the rotation state machine of `rekey apply` (README "Running
// rotations"). It carries one rotation as far as it can go now and stops:
//
//   planned -> locked -> created -> stored -> propagating (until not_before)
//   -> verified -> revoke_due -> revoked -> done, or failed / rolled_back / blocked
//
// Every transition is appended to the journal (fsync'ed) before the external
// action it announces, and every action is idempotent given the journal and
// the vault: create looks for the key labelled with the rotation id first,
// store is detected by the rotation id in the vault data, revoke of a gone key
// succeeds. So a process killed anywhere and resumed (Resume with the record
// Replay gives) finishes or rolls back without a second key, and:
//   - at least one valid key is in the vault and at the provider at all times;
//   - nothing is revoked before not_before (store time + grace) nor before
//     verification succeeded; the old key is revoked only while the vault's
//     primary is the new key;
//   - a rollback restores the previous vault version only while the old key
//     still validates, else it fails with "rotate forward".
// The process never sleeps through a grace period: a rotation that must wait
// returns kWaiting and `rekey apply --resume` continues it later.
//
// Thread-safety: one Orchestrator per thread; the journal may be shared.
//
//   Orchestrator o(journal, store, providers, metrics, notifier, clock, {});
//   StepReport r = o.Start(spec);                  // a new rotation
//   for (const RotationRecord& rec : Replay(events)) o.Resume(rec, SpecFor(rec.key));
#ifndef REKEY_APPLY_ORCHESTRATOR_H_
#define REKEY_APPLY_ORCHESTRATOR_H_

#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>

#include "rekey/apply/journal.h"
#include "rekey/apply/ports.h"
#include "rekey/apply/rotation.h"
#include "rekey/base/clock.h"
#include "rekey/model/model.h"
#include "rekey/provider/provider.h"

namespace rekey {

// What to rotate, from the inventory key and its schedule (or the plan).
struct RotationSpec {
  std::string key;  // inventory name
  std::string vault_path;
  std::string provider_api;
  Duration grace = Duration::Hours(1);
  std::optional<Verify> verify;     // nullopt: the new key validates and is the vault's primary
  bool rollback_on_failure = true;  // the schedule's rollback_on_failure (absent = true)
  bool emergency = false;
};

// The provider that manages `key`, or nullptr (the key's provider has no api: block).
using ProviderLookup = std::function<KeyProvider*(const std::string& key)>;

struct OrchestratorOptions {
  std::string actor = "rekey apply";
  Duration default_verify_timeout = Duration::Hours(24);  // verify.timeout when not declared
  Duration min_lock_lease = Duration::Minutes(15);
  std::ostream* log = nullptr;  // progress lines ("stripe-api-key: created key k_123"); never a secret
};

enum class Outcome {
  kDone,           // the rotation finished (old key revoked, vault cleaned up)
  kWaiting,        // deferred: grace period or verification pending; --resume continues
  kRetryLater,     // a transient error; nothing half-done, --resume retries
  kSkipped,        // another process holds the key's lock, or nothing to do
  kFailed,         // failed cleanly (old key active) or needs a person
  kRolledBack,     // previous version restored, new key revoked
  kBlocked,        // a policy error or a pending earlier rotation blocks it
  kVerifyTimeout,  // verification did not succeed within verify.timeout (alerted; failed)
};
std::string_view OutcomeName(Outcome o);
// kFailed, kRolledBack, kBlocked, kVerifyTimeout, kRetryLater make `rekey apply` exit 1.
bool IsProblem(Outcome o);

struct StepReport {
  std::string key;
  std::string rotation_id;
  RotationState state = RotationState::kPlanned;
  Outcome outcome = Outcome::kDone;
  std::string message;  // one line, never a secret
};

class Orchestrator {
 public:
  Orchestrator(Journal& journal, SecretStore& store, ProviderLookup providers, MetricsSource* metrics,
               Notifier* notifier, const Clock& clock, OrchestratorOptions options);

  // A new rotation of spec.key (the caller checked that none is in progress).
  StepReport Start(const RotationSpec& spec);
  // Continues a rotation the journal left unfinished (or releases its lock).
  StepReport Resume(const RotationRecord& record, const RotationSpec& spec);
  // Records a manual approval (`--approve KEY`), then continues.
  StepReport Approve(const RotationRecord& record, const RotationSpec& spec, const std::string& approver);
  // The seed's rollback: previous version restored as primary, new key revoked.
  StepReport Rollback(const RotationRecord& record, const RotationSpec& spec, const std::string& reason);
  // A rotation the plan blocks (policy errors): `planned` then `blocked`, no action.
  StepReport RecordBlocked(const RotationSpec& spec, const std::string& reason);
  // The requests a new rotation would make, secrets redacted (--dry-run).
  std::string DryRun(const RotationSpec& spec) const;

 private:
  using Step = std::optional<StepReport>;  // nullopt: continue with the next state

  StepReport Advance(RotationRecord& r, const RotationSpec& spec);
  Step TakeLock(RotationRecord& r, const RotationSpec& spec);
  Step CreateKey(RotationRecord& r, const RotationSpec& spec);
  Step StoreKey(RotationRecord& r, const RotationSpec& spec);
  Step VerifyUsage(RotationRecord& r, const RotationSpec& spec);
  Step RevokeOld(RotationRecord& r, const RotationSpec& spec);
  Step Cleanup(RotationRecord& r, const RotationSpec& spec);
  Step OnNewKeyFailure(RotationRecord& r, const RotationSpec& spec, const std::string& why);
  Step DoRollback(RotationRecord& r, const RotationSpec& spec, const std::string& why);
  Step FinishRollback(RotationRecord& r, const RotationSpec& spec, const std::string& why);
  Step DiscardNewKey(RotationRecord& r, const RotationSpec& spec, const std::string& why);
  VerifyResult Check(const RotationRecord& r, const RotationSpec& spec, KeyProvider& provider);

  // Appends (and folds into `r`) one event; nullopt on success, else the failure to report.
  Step Emit(RotationRecord& r, AuditEventType type, AuditEvent fields = {});
  Step Fail(RotationRecord& r, const RotationSpec& spec, Outcome outcome, const std::string& reason);
  StepReport Report(const RotationRecord& r, Outcome outcome, std::string message) const;
  void ReleaseLock(RotationRecord& r, const RotationSpec& spec);
  Step Fence(RotationRecord& r, const RotationSpec& spec);
  Duration Lease(const RotationSpec& spec) const;
  Duration VerifyTimeout(const RotationSpec& spec) const;
  KeyRef Ref(const RotationRecord& r, const RotationSpec& spec) const;
  void Log(const RotationRecord& r, const std::string& line) const;

  Journal& journal_;
  SecretStore& store_;
  ProviderLookup providers_;
  MetricsSource* metrics_;
  Notifier* notifier_;
  const Clock& clock_;
  OrchestratorOptions options_;
  std::map<std::string, std::string> new_values_;  // rotation id -> new key value, this process only
};

}  // namespace rekey

#endif  // REKEY_APPLY_ORCHESTRATOR_H_
