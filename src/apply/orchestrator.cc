// The rotation state machine: one step per state, each appending its event
// before the action it announces (orchestrator.h has the invariants).
#include "rekey/apply/orchestrator.h"

namespace rekey {
namespace {

std::string Field(const SecretData& data, const char* name) {
  auto it = data.find(name);
  return it == data.end() ? "" : it->second;
}

}  // namespace

std::string_view OutcomeName(Outcome o) {
  static constexpr std::string_view kNames[] = {"done",   "waiting",     "retry-later", "skipped",
                                                "failed", "rolled-back", "blocked",     "verify-timeout"};
  return kNames[static_cast<int>(o)];
}

bool IsProblem(Outcome o) {
  return o == Outcome::kFailed || o == Outcome::kRolledBack || o == Outcome::kBlocked || o == Outcome::kVerifyTimeout ||
         o == Outcome::kRetryLater;
}

Orchestrator::Orchestrator(Journal& journal, SecretStore& store, ProviderLookup providers, MetricsSource* metrics,
                           Notifier* notifier, const Clock& clock, OrchestratorOptions options)
    : journal_(journal),
      store_(store),
      providers_(std::move(providers)),
      metrics_(metrics),
      notifier_(notifier),
      clock_(clock),
      options_(std::move(options)) {}

StepReport Orchestrator::Start(const RotationSpec& spec) {
  RotationRecord r;
  r.rotation_id = MakeRotationId(spec.key, clock_.Now());
  r.key = spec.key;
  AuditEvent planned;
  planned.emergency = spec.emergency;
  planned.actor = options_.actor;
  if (Step stop = Emit(r, AuditEventType::kPlanned, planned)) return *stop;
  Log(r, std::string(spec.emergency ? "EMERGENCY rotation " : "rotation ") + r.rotation_id + " planned (grace " +
             spec.grace.ToString() + ")");
  return Advance(r, spec);
}

StepReport Orchestrator::RecordBlocked(const RotationSpec& spec, const std::string& reason) {
  RotationRecord r;
  r.rotation_id = MakeRotationId(spec.key, clock_.Now());
  r.key = spec.key;
  AuditEvent planned;
  planned.emergency = spec.emergency;
  planned.actor = options_.actor;
  if (Step stop = Emit(r, AuditEventType::kPlanned, planned)) return *stop;
  AuditEvent blocked;
  blocked.reason = reason;
  if (Step stop = Emit(r, AuditEventType::kBlocked, blocked)) return *stop;
  Log(r, "blocked: " + reason);
  return Report(r, Outcome::kBlocked, reason);
}

StepReport Orchestrator::Resume(const RotationRecord& record, const RotationSpec& spec) {
  RotationRecord r = record;
  if (r.terminal()) {
    // Ended before a crash let it release its lock: release it, report nothing new.
    ReleaseLock(r, spec);
    return Report(r, Outcome::kSkipped, "lock of the finished rotation released");
  }
  return Advance(r, spec);
}

StepReport Orchestrator::Approve(const RotationRecord& record, const RotationSpec& spec, const std::string& approver) {
  RotationRecord r = record;
  if (r.terminal()) {
    return Report(r, Outcome::kSkipped,
                  "rotation " + r.rotation_id + " is already " + std::string(RotationStateName(r.state)) +
                      "; nothing to approve");
  }
  AuditEvent approved;
  approved.actor = approver;
  approved.key_id = r.new_key_id;
  if (Step stop = Emit(r, AuditEventType::kApproved, approved)) return *stop;
  Log(r, "approval by " + approver + " recorded");
  return Advance(r, spec);
}

StepReport Orchestrator::Advance(RotationRecord& r, const RotationSpec& spec) {
  while (true) {
    Step step;
    switch (r.state) {
      case RotationState::kPlanned:
        step = TakeLock(r, spec);
        break;
      case RotationState::kLocked:
        step = CreateKey(r, spec);
        break;
      case RotationState::kCreated:
        step = StoreKey(r, spec);
        break;
      case RotationState::kStored: {
        AuditEvent e;
        e.not_before = r.not_before;
        step = Emit(r, AuditEventType::kPropagating, e);
        break;
      }
      case RotationState::kPropagating:
        step = VerifyUsage(r, spec);
        break;
      case RotationState::kVerified:
        step = Emit(r, AuditEventType::kRevokeDue);
        break;
      case RotationState::kRevokeDue:
        step = RevokeOld(r, spec);
        break;
      case RotationState::kRevoked:
        step = Cleanup(r, spec);
        break;
      case RotationState::kDone:
      case RotationState::kFailed:
      case RotationState::kRolledBack:
      case RotationState::kBlocked: {
        ReleaseLock(r, spec);
        const Outcome o = r.state == RotationState::kDone         ? Outcome::kDone
                          : r.state == RotationState::kRolledBack ? Outcome::kRolledBack
                          : r.state == RotationState::kBlocked    ? Outcome::kBlocked
                          : r.verify_timed_out                    ? Outcome::kVerifyTimeout
                                                                  : Outcome::kFailed;
        return Report(r, o, r.state == RotationState::kDone ? "done: key " + r.new_key_id + " in service" : r.reason);
      }
    }
    if (step) return *step;
  }
}

// planned -> locked: the vault lock (cas), unless another rotation holds it or
// an earlier rotation's old key still waits for revocation.
Orchestrator::Step Orchestrator::TakeLock(RotationRecord& r, const RotationSpec& spec) {
  Result<LockState> lock = store_.Lock(spec.vault_path, r.rotation_id, clock_.Now(), Lease(spec));
  if (!lock) return Fail(r, spec, Outcome::kFailed, "vault unavailable: " + lock.error().message);
  if (lock->rotation_id != r.rotation_id) {
    // Another process is rotating this key right now: not a failure of ours.
    AuditEvent e;
    e.reason = "locked by " + lock->rotation_id + " until " + lock->expires_at.ToRfc3339() + " (another rekey process)";
    if (Step stop = Emit(r, AuditEventType::kBlocked, e)) return stop;
    return Report(r, Outcome::kSkipped, e.reason);
  }
  r.locked = true;  // ours in the vault; released by every path below
  Result<SecretMetadata> meta = store_.ReadMetadata(spec.vault_path);
  if (!meta) return Fail(r, spec, Outcome::kFailed, "vault unavailable: " + meta.error().message);
  const std::string pending = Field(meta->custom, "previous_key_id");
  const std::string owner = Field(meta->custom, "rotation_id");
  if (!pending.empty() && owner != r.rotation_id) {
    return Fail(r, spec, Outcome::kBlocked,
                "rotation " + owner + " has not revoked key " + pending +
                    " yet (vault metadata); finish it (rekey apply --resume / rekey rollback) first");
  }
  return Emit(r, AuditEventType::kLocked);
}

// locked -> created: the new key at the provider, labelled with the rotation id.
Orchestrator::Step Orchestrator::CreateKey(RotationRecord& r, const RotationSpec& spec) {
  Result<SecretVersion> current = store_.Read(spec.vault_path, 0);
  if (!current) return Fail(r, spec, Outcome::kFailed, "vault unavailable: " + current.error().message);
  const std::string old_id = Field(current->data, "key_id");
  if (current->exists && old_id.empty()) {
    return Fail(
        r, spec, Outcome::kFailed,
        "the vault secret at " + spec.vault_path + " has no key_id field: rekey cannot tell which key to revoke");
  }
  KeyProvider* provider = providers_(spec.key);
  if (provider == nullptr) return Fail(r, spec, Outcome::kFailed, "the key's provider has no api: block");
  r.old_key_id = old_id;
  Result<ProviderKey> made = provider->Create(Ref(r, spec));
  if (!made) return Fail(r, spec, Outcome::kFailed, "provider: " + made.error().message + "; the old key stays active");
  new_values_[r.rotation_id] = made->value;
  AuditEvent e;
  e.key_id = made->id;
  e.previous_key_id = old_id;
  if (Step stop = Emit(r, AuditEventType::kCreated, e)) return stop;
  Log(r, "created key " + made->id + (old_id.empty() ? "" : " (replacing " + old_id + ")"));
  return std::nullopt;
}

// created -> stored: the new key written as the vault's new primary version (cas).
Orchestrator::Step Orchestrator::StoreKey(RotationRecord& r, const RotationSpec& spec) {
  KeyProvider* provider = providers_(spec.key);
  if (provider == nullptr) return Report(r, Outcome::kRetryLater, "the key's provider has no api: block");
  Result<SecretVersion> current = store_.Read(spec.vault_path, 0);
  if (!current) return DiscardNewKey(r, spec, "vault unavailable: " + current.error().message);
  const Timestamp now = clock_.Now();
  const bool already = current->exists && Field(current->data, "rotation_id") == r.rotation_id;
  if (!already) {
    std::string value = new_values_[r.rotation_id];
    if (value.empty() && provider->Supports(ProviderOp::kList)) {
      Result<std::optional<ProviderKey>> found = provider->Find(Ref(r, spec));
      if (found && *found && (*found)->id == r.new_key_id) value = (*found)->value;
    }
    if (value.empty()) return DiscardNewKey(r, spec, "the new key's value was lost before it was stored (crash)");
    if (provider->Supports(ProviderOp::kValidate)) {
      KeyRef ref = Ref(r, spec);
      ref.key_id = r.new_key_id;
      ref.key_value = value;
      Result<bool> valid = provider->Validate(ref);
      if (valid && !*valid) return DiscardNewKey(r, spec, "the new key failed validation before it was stored");
    }
    if (Step lost = Fence(r, spec)) return DiscardNewKey(r, spec, lost->message);
    const SecretData data = {
        {"key", value}, {"key_id", r.new_key_id}, {"rotation_id", r.rotation_id}, {"rotated_at", now.ToRfc3339()}};
    Result<std::optional<int>> written = store_.Write(spec.vault_path, data, current->exists ? current->version : 0);
    if (!written) return DiscardNewKey(r, spec, "vault unavailable: " + written.error().message);
    if (!*written) return DiscardNewKey(r, spec, "the vault secret changed during the rotation (check-and-set failed)");
    new_values_.erase(r.rotation_id);
    current->version = **written - 1;  // the previous version, for the metadata
  } else {
    current->version -= 1;
  }
  const Timestamp not_before = now + spec.grace;
  const SecretData custom = {{"key_id", r.new_key_id},
                             {"previous_key_id", r.old_key_id},
                             {"previous_version", std::to_string(current->version)},
                             {"rotation_id", r.rotation_id},
                             {"previous_key_revocation_at", not_before.ToRfc3339()}};
  if (Status meta = store_.WriteMetadata(spec.vault_path, custom); !meta) {
    // The data is stored: consumers may read the new key already, so it stays.
    return Report(r, Outcome::kRetryLater,
                  "vault metadata not written (" + meta.error().message + "); --resume retries");
  }
  AuditEvent e;
  e.key_id = r.new_key_id;
  e.previous_key_id = r.old_key_id;
  e.not_before = not_before;
  if (Step stop = Emit(r, AuditEventType::kActivated, e)) return stop;
  Log(r, "stored key " + r.new_key_id + " as primary; old key " + r.old_key_id + " stays valid until at least " +
             not_before.ToRfc3339());
  return std::nullopt;
}

// propagating -> verified, once not_before has passed and usage is confirmed.
Orchestrator::Step Orchestrator::VerifyUsage(RotationRecord& r, const RotationSpec& spec) {
  const Timestamp now = clock_.Now();
  if (!r.not_before || now < *r.not_before) {
    return Report(r, Outcome::kWaiting,
                  "grace period: old and new key valid until " + (r.not_before ? r.not_before->ToRfc3339() : "?"));
  }
  KeyProvider* provider = providers_(spec.key);
  if (provider == nullptr) return Report(r, Outcome::kRetryLater, "the key's provider has no api: block");
  Result<SecretVersion> current = store_.Read(spec.vault_path, 0);
  if (!current) return Report(r, Outcome::kRetryLater, "vault unavailable: " + current.error().message);
  const std::string primary = Field(current->data, "key_id");
  if (primary != r.new_key_id) {
    if (!r.old_key_id.empty() && primary == r.old_key_id) {
      return FinishRollback(r, spec, "the vault's primary was restored to the previous key");
    }
    return Fail(r, spec, Outcome::kFailed,
                "the vault's primary is key " + primary + ", not the new key " + r.new_key_id + ": revocation aborted");
  }
  const VerifyResult result = Check(r, spec, *provider);
  if (result.verdict == VerifyResult::Verdict::kFailed) return OnNewKeyFailure(r, spec, result.detail);
  if (result.verdict == VerifyResult::Verdict::kConfirmed) {
    AuditEvent e;
    e.key_id = r.new_key_id;
    e.method = result.detail;
    Log(r, "new key usage verified (" + result.detail + ")");
    return Emit(r, AuditEventType::kVerified, e);
  }
  const Duration timeout = VerifyTimeout(spec);
  if (now < *r.not_before + timeout) {
    return Report(r, Outcome::kWaiting,
                  "verification pending (" + result.detail + "); checked again at the next --resume until " +
                      (*r.not_before + timeout).ToRfc3339());
  }
  AuditEvent e;
  e.key_id = r.new_key_id;
  e.reason = "no confirmed usage of the new key within " + timeout.ToString() + ": " + result.detail;
  if (Step stop = Emit(r, AuditEventType::kVerifyTimeout, e)) return stop;
  return Fail(r, spec, Outcome::kVerifyTimeout,
              e.reason + "; both keys stay valid: check the consumers, then revoke " + r.old_key_id +
                  " by hand or run rekey rollback " + spec.key);
}

// revoke_due -> revoked: the old key, only while the vault's primary is the new one.
Orchestrator::Step Orchestrator::RevokeOld(RotationRecord& r, const RotationSpec& spec) {
  const Timestamp now = clock_.Now();
  if (r.verified_by.empty()) {
    return Fail(r, spec, Outcome::kFailed,
                "revoke_due without a verified event: journal inconsistent, revocation aborted");
  }
  if (!r.not_before || now < *r.not_before) {  // a clock behind the one that verified
    return Report(r, Outcome::kWaiting, "old key revocable from " + (r.not_before ? r.not_before->ToRfc3339() : "?"));
  }
  if (r.old_key_id.empty()) return Cleanup(r, spec);  // the first key this vault path held
  KeyProvider* provider = providers_(spec.key);
  if (provider == nullptr) return Report(r, Outcome::kRetryLater, "the key's provider has no api: block");
  Result<SecretVersion> current = store_.Read(spec.vault_path, 0);
  if (!current) return Report(r, Outcome::kRetryLater, "vault unavailable: " + current.error().message);
  if (Field(current->data, "key_id") != r.new_key_id) {
    return Fail(
        r, spec, Outcome::kFailed,
        "the vault's primary is not the new key " + r.new_key_id + ": revocation of " + r.old_key_id + " aborted");
  }
  if (Step lost = Fence(r, spec)) return lost;
  KeyRef ref = Ref(r, spec);
  ref.key_id = r.old_key_id;
  if (Status revoked = provider->Revoke(ref); !revoked) {
    if (IsTransient(revoked.error()))
      return Report(r, Outcome::kRetryLater, "revoke: " + revoked.error().message + "; --resume retries");
    return Fail(r, spec, Outcome::kFailed,
                "revoke of the old key failed: " + revoked.error().message + "; it stays valid");
  }
  AuditEvent e;
  e.key_id = r.old_key_id;
  if (Step stop = Emit(r, AuditEventType::kRevoked, e)) return stop;
  Log(r, "revoked old key " + r.old_key_id);
  return std::nullopt;
}

// revoked -> done: the previous-key fields leave the vault metadata (the seed's cleanup).
Orchestrator::Step Orchestrator::Cleanup(RotationRecord& r, const RotationSpec& spec) {
  const SecretData custom = {{"key_id", r.new_key_id},
                             {"rotation_id", r.rotation_id},
                             {"rotated_at", r.activated_at.value_or(r.started).ToRfc3339()}};
  if (Status meta = store_.WriteMetadata(spec.vault_path, custom); !meta) {
    return Report(r, Outcome::kRetryLater, "vault metadata cleanup: " + meta.error().message + "; --resume retries");
  }
  AuditEvent e;
  e.key_id = r.new_key_id;
  if (Step stop = Emit(r, AuditEventType::kDone, e)) return stop;
  return std::nullopt;
}

}  // namespace rekey
