// The state machine's failure paths: a clean failure (old key active), a new
// key that must be discarded, and the seed's rollback.
#include "rekey/apply/orchestrator.h"

namespace rekey {
namespace {

std::string Field(const SecretData& data, const char* name) {
  auto it = data.find(name);
  return it == data.end() ? "" : it->second;
}

}  // namespace

Orchestrator::Step Orchestrator::Fail(RotationRecord& r, const RotationSpec& spec, Outcome outcome,
                                      const std::string& reason) {
  AuditEvent e;
  e.reason = reason;
  e.key_id = r.new_key_id;
  e.previous_key_id = r.old_key_id;
  const AuditEventType type = outcome == Outcome::kBlocked ? AuditEventType::kBlocked : AuditEventType::kFailed;
  if (Step stop = Emit(r, type, e)) return stop;
  Log(r, std::string(outcome == Outcome::kBlocked ? "blocked: " : "FAILED: ") + reason);
  ReleaseLock(r, spec);
  return Report(r, outcome, reason);
}

// A created key that never became primary: revoke it (nobody can hold it),
// then fail cleanly. If the provider cannot revoke it now, the rotation stays
// `created` in the journal and --resume tries again.
Orchestrator::Step Orchestrator::DiscardNewKey(RotationRecord& r, const RotationSpec& spec, const std::string& why) {
  KeyProvider* provider = providers_(spec.key);
  KeyRef ref = Ref(r, spec);
  ref.key_id = r.new_key_id;
  Status revoked = provider ? provider->Revoke(ref) : Status(Error{"no provider", ""});
  if (!revoked) {
    Log(r, "cannot revoke the unstored new key " + r.new_key_id + " now: " + revoked.error().message);
    return Report(r, Outcome::kRetryLater,
                  why + "; the new key " + r.new_key_id + " is recorded in the journal and --resume revokes it");
  }
  AuditEvent e;
  e.key_id = r.new_key_id;
  if (Step stop = Emit(r, AuditEventType::kRevoked, e)) return stop;
  new_values_.erase(r.rotation_id);
  return Fail(r, spec, Outcome::kFailed, why + "; new key " + r.new_key_id + " revoked, the old key stays active");
}

Orchestrator::Step Orchestrator::OnNewKeyFailure(RotationRecord& r, const RotationSpec& spec, const std::string& why) {
  if (!spec.rollback_on_failure) {
    return Fail(r, spec, Outcome::kFailed,
                why + "; rollback_on_failure is off: both keys stay valid (fix the new key or run rekey rollback " +
                    spec.key + ")");
  }
  return DoRollback(r, spec, why);
}

// The seed's rollback_rotation: only while the previous key still validates.
Orchestrator::Step Orchestrator::DoRollback(RotationRecord& r, const RotationSpec& spec, const std::string& why) {
  KeyProvider* provider = providers_(spec.key);
  if (provider == nullptr) return Report(r, Outcome::kRetryLater, "the key's provider has no api: block");
  if (r.old_key_id.empty() || r.old_key_revoked) {
    return Fail(r, spec, Outcome::kFailed,
                why + "; rotate forward: the previous key " + (r.old_key_id.empty() ? "does not exist" : "is revoked") +
                    ", so there is nothing to roll back to (rekey rotate " + spec.key + ")");
  }
  Result<SecretVersion> current = store_.Read(spec.vault_path, 0);
  if (!current) return Report(r, Outcome::kRetryLater, "vault unavailable: " + current.error().message);
  if (Field(current->data, "key_id") == r.old_key_id) return FinishRollback(r, spec, why);
  if (Field(current->data, "rotation_id") != r.rotation_id) {
    return Fail(r, spec, Outcome::kFailed,
                why + "; the vault's primary was changed by someone else (rotation " +
                    Field(current->data, "rotation_id") + "): not rolling back over it");
  }
  Result<SecretVersion> previous = store_.Read(spec.vault_path, current->version - 1);
  if (!previous) return Report(r, Outcome::kRetryLater, "vault unavailable: " + previous.error().message);
  if (!previous->exists || Field(previous->data, "key_id") != r.old_key_id) {
    return Fail(r, spec, Outcome::kFailed,
                why + "; rotate forward: the vault no longer holds the previous version (max_versions?)");
  }
  if (provider->Supports(ProviderOp::kValidate)) {
    KeyRef ref = Ref(r, spec);
    ref.key_id = r.old_key_id;
    ref.key_value = Field(previous->data, "key");
    Result<bool> valid = provider->Validate(ref);
    if (!valid) return Report(r, Outcome::kRetryLater, "validate of the previous key: " + valid.error().message);
    if (!*valid) {
      return Fail(
          r, spec, Outcome::kFailed,
          why + "; rotate forward: the previous key " + r.old_key_id + " is no longer valid, rollback impossible");
    }
  }
  if (Step lost = Fence(r, spec)) return lost;
  SecretData restored = previous->data;
  restored["rolled_back_at"] = clock_.Now().ToRfc3339();
  restored["rollback_reason"] = why.substr(0, 200);
  restored["rotation_id"] = r.rotation_id + "/rollback";
  Result<std::optional<int>> written = store_.Write(spec.vault_path, restored, current->version);
  if (!written) return Report(r, Outcome::kRetryLater, "vault unavailable: " + written.error().message);
  if (!*written) return Report(r, Outcome::kRetryLater, "the vault secret changed during the rollback; retry");
  Log(r, "restored the previous version (key " + r.old_key_id + ") as primary");
  return FinishRollback(r, spec, why);
}

// The previous key is primary again: revoke the new key, record the rollback.
Orchestrator::Step Orchestrator::FinishRollback(RotationRecord& r, const RotationSpec& spec, const std::string& why) {
  // Best effort: the restored data version is what consumers read.
  if (Status meta =
          store_.WriteMetadata(spec.vault_path, {{"key_id", r.old_key_id}, {"rolled_back_rotation_id", r.rotation_id}});
      !meta) {
    Log(r, "vault metadata not updated: " + meta.error().message);
  }
  KeyProvider* provider = providers_(spec.key);
  if (!r.new_key_revoked && provider != nullptr) {
    KeyRef ref = Ref(r, spec);
    ref.key_id = r.new_key_id;
    if (Status revoked = provider->Revoke(ref); !revoked) {
      return Report(
          r, Outcome::kRetryLater,
          "previous key restored; revoking the new key failed (" + revoked.error().message + "); --resume retries");
    }
    AuditEvent e;
    e.key_id = r.new_key_id;
    if (Step stop = Emit(r, AuditEventType::kRevoked, e)) return stop;
  }
  AuditEvent e;
  e.key_id = r.new_key_id;
  e.previous_key_id = r.old_key_id;
  e.reason = why;
  if (Step stop = Emit(r, AuditEventType::kRolledBack, e)) return stop;
  Log(r, "ROLLED BACK: " + why + "; key " + r.old_key_id + " is primary again, new key " + r.new_key_id + " revoked");
  ReleaseLock(r, spec);
  return Report(r, Outcome::kRolledBack, why);
}

StepReport Orchestrator::Rollback(const RotationRecord& record, const RotationSpec& spec, const std::string& reason) {
  RotationRecord r = record;
  if (r.state == RotationState::kRolledBack) {
    ReleaseLock(r, spec);
    return Report(r, Outcome::kSkipped, "rotation " + r.rotation_id + " is already rolled back");
  }
  if (r.old_key_revoked || r.state == RotationState::kDone) {
    return Report(r, Outcome::kFailed,
                  "rotate forward: the previous key " + r.old_key_id + " of rotation " + r.rotation_id +
                      " is revoked; rollback is impossible (rekey rotate " + spec.key + ")");
  }
  if (!r.stored()) {
    if (r.terminal()) return Report(r, Outcome::kSkipped, "rotation " + r.rotation_id + " never stored a key");
    if (r.state == RotationState::kCreated) return *DiscardNewKey(r, spec, "rolled back before the key was stored");
    return *Fail(r, spec, Outcome::kFailed, "rolled back before a key was created: " + reason);
  }
  Result<LockState> lock = store_.Lock(spec.vault_path, r.rotation_id, clock_.Now(), Lease(spec));
  if (!lock) return Report(r, Outcome::kRetryLater, "vault unavailable: " + lock.error().message);
  if (lock->rotation_id != r.rotation_id) {
    return Report(r, Outcome::kSkipped, "locked by " + lock->rotation_id + " (another rekey process); try again later");
  }
  r.unlocked = false;
  r.locked = true;
  Step step = DoRollback(r, spec, reason);
  return step ? *step : Report(r, Outcome::kRolledBack, reason);
}

}  // namespace rekey
