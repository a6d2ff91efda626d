// A rotation as the journal tells it: Replay folds the events of each
// rotation_id, in journal order, into the state the state machine reached
// and the facts it recorded (key ids, not_before, approvals, whether the lock
// was released). Replaying the same journal always gives the same records, so
// `--resume` needs nothing but the journal and the vault.
//
// States (README "Running rotations"): planned -> locked -> created -> stored
// -> propagating -> verified -> revoke_due -> revoked -> done, or failed /
// rolled_back / blocked. `approved`, `verify_timeout` and `unlocked` are
// recorded without changing the state (verify_timeout is followed by failed).
//
// Thread-safety: pure functions over plain values.
//
//   std::vector<RotationRecord> all = Replay(journal.ReadAll(diags));
//   for (const RotationRecord& r : all) if (!r.terminal()) Resume(r);
#ifndef REKEY_APPLY_ROTATION_H_
#define REKEY_APPLY_ROTATION_H_

#include <optional>
#include <string>
#include <vector>

#include "rekey/base/timestamp.h"
#include "rekey/model/model.h"

namespace rekey {

enum class RotationState {
  kPlanned,
  kLocked,
  kCreated,
  kStored,
  kPropagating,
  kVerified,
  kRevokeDue,
  kRevoked,
  kDone,
  kFailed,
  kRolledBack,
  kBlocked,
};
std::string_view RotationStateName(RotationState s);

struct RotationRecord {
  std::string rotation_id;
  std::string key;  // inventory key name (the events' "secret")
  RotationState state = RotationState::kPlanned;
  Timestamp started;  // the planned event's time
  Timestamp updated;  // the last event's time
  std::string old_key_id;
  std::string new_key_id;
  std::optional<Timestamp> activated_at;
  std::optional<Timestamp> not_before;
  bool emergency = false;
  bool locked = false;    // the lock was taken at some point
  bool unlocked = false;  // ... and released
  bool new_key_revoked = false;
  bool old_key_revoked = false;
  std::string approved_by;  // "" = no manual approval recorded
  std::string verified_by;  // the verification method that succeeded
  bool verify_timed_out = false;
  std::string reason;  // of failed / rolled_back / blocked
  std::string actor;   // of the planned event

  bool terminal() const {
    return state == RotationState::kDone || state == RotationState::kFailed || state == RotationState::kRolledBack ||
           state == RotationState::kBlocked;
  }
  // Holds a lock that must still be released.
  bool lock_pending() const { return locked && !unlocked; }
  // The new key is in the vault as primary (until a rollback).
  bool stored() const;
};

// Folds one event into its rotation's record (what Replay does per event).
void ApplyEvent(RotationRecord& record, const AuditEvent& event);

// Records in the order their rotations were planned. Events without a
// rotation_id (the original audit-log events, written by other tools) are ignored.
std::vector<RotationRecord> Replay(const std::vector<AuditEvent>& events);

// The latest record of `key`, or nullptr.
const RotationRecord* LatestFor(const std::vector<RotationRecord>& records, const std::string& key);

// "rot-<key>-<yyyymmddThhmmssZ>-<8 hex>" (the hex from /dev/urandom).
std::string MakeRotationId(const std::string& key, Timestamp now);

}  // namespace rekey

#endif  // REKEY_APPLY_ROTATION_H_
