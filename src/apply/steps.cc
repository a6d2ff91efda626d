// Shared helpers of the state machine: journal appends, reports, the lock.
#include <algorithm>

#include "rekey/apply/orchestrator.h"

namespace rekey {

Orchestrator::Step Orchestrator::Emit(RotationRecord& r, AuditEventType type, AuditEvent e) {
  e.time = clock_.Now();
  e.secret = r.key;
  e.type = type;
  e.rotation_id = r.rotation_id;
  if (e.actor.empty() && type == AuditEventType::kPlanned) e.actor = options_.actor;
  if (Status appended = journal_.Append(e); !appended) {
    // Nothing is done without its journal line: stop here, the action never ran.
    return Report(r, Outcome::kRetryLater, "journal: " + appended.error().message);
  }
  ApplyEvent(r, e);
  if (notifier_ != nullptr && (type == AuditEventType::kFailed || type == AuditEventType::kRolledBack ||
                               type == AuditEventType::kVerifyTimeout)) {
    notifier_->Notify(e);
  }
  return std::nullopt;
}

StepReport Orchestrator::Report(const RotationRecord& r, Outcome outcome, std::string message) const {
  return StepReport{r.key, r.rotation_id, r.state, outcome, std::move(message)};
}

void Orchestrator::ReleaseLock(RotationRecord& r, const RotationSpec& spec) {
  if (!r.lock_pending()) return;
  if (Status released = store_.Unlock(spec.vault_path, r.rotation_id, clock_.Now()); !released) {
    Log(r, "lock not released (" + released.error().message + "); it expires with its lease");
    return;
  }
  Emit(r, AuditEventType::kUnlocked);
}

// Renews the lease; a holder whose lease another process took over must stop.
Orchestrator::Step Orchestrator::Fence(RotationRecord& r, const RotationSpec& spec) {
  Result<LockState> lock = store_.Lock(spec.vault_path, r.rotation_id, clock_.Now(), Lease(spec));
  if (!lock) return Report(r, Outcome::kRetryLater, "vault unavailable: " + lock.error().message);
  if (lock->rotation_id != r.rotation_id) {
    r.unlocked = true;  // not ours any more: never release it
    return Report(r, Outcome::kFailed, "lost the lock to " + lock->rotation_id + " (lease expired)");
  }
  return std::nullopt;
}

// Long enough to cover the grace period and verification between two runs.
Duration Orchestrator::Lease(const RotationSpec& spec) const {
  return std::max(options_.min_lock_lease, spec.grace + VerifyTimeout(spec) + Duration::Hours(1));
}

Duration Orchestrator::VerifyTimeout(const RotationSpec& spec) const {
  return spec.verify && spec.verify->timeout ? *spec.verify->timeout : options_.default_verify_timeout;
}

KeyRef Orchestrator::Ref(const RotationRecord& r, const RotationSpec& spec) const {
  KeyRef ref;
  ref.key_name = spec.key;
  ref.provider_api = spec.provider_api;
  ref.rotation_id = r.rotation_id;
  ref.label = r.rotation_id;
  ref.key_id = r.new_key_id;
  ref.old_key_id = r.old_key_id;
  return ref;
}

void Orchestrator::Log(const RotationRecord& r, const std::string& line) const {
  if (options_.log != nullptr) *options_.log << r.key << ": " << line << "\n";
}

}  // namespace rekey
