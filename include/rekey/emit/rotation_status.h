// What the audit log (the journal `rekey apply` writes) says about each key
// right now, by the journal contract's rules, and the policy thresholds the
// alerts compare it with. Shared by `rekey metrics` (the values) and
// `rekey compile prometheus` (the thresholds).
//
//   key age            since the last `activated`, else the inventory's last_rotated
//   last result        the last of done | failed | rolled_back | blocked | verify_timeout
//   old key pending    an `activated` whose previous key (previous_key_id, else the key
//                      id activated before it) has no later `revoked` nor `rolled_back`;
//                      due at the rotation's not_before, else activation + grace
//
// Thread-safety: plain values; the functions are pure.
//
//   std::vector<KeyStatus> status = ComputeKeyStatus(model);
//   if (status[0].last_result == RotationResult::kFailed) Page();
#ifndef REKEY_EMIT_ROTATION_STATUS_H_
#define REKEY_EMIT_ROTATION_STATUS_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/duration.h"
#include "rekey/base/timestamp.h"
#include "rekey/cron/cron_expr.h"
#include "rekey/cron/zone.h"
#include "rekey/model/model.h"
#include "rekey/policy/policy.h"

namespace rekey {

enum class RotationResult { kDone, kFailed, kRolledBack, kBlocked, kVerifyTimeout };
inline constexpr std::array<RotationResult, 5> kRotationResults = {
    RotationResult::kDone, RotationResult::kFailed, RotationResult::kRolledBack, RotationResult::kBlocked,
    RotationResult::kVerifyTimeout};
std::string_view RotationResultName(RotationResult r);  // the journal's event name
// Every result but done needs a person: the old key may be valid, the new one half-stored.
inline bool IsFailure(RotationResult r) { return r != RotationResult::kDone; }

// The grace assumed when a key has no schedule or no grace_period (as RK-AGE-003).
inline constexpr Duration kDefaultAlertGrace = Duration::Hours(1);

struct PendingRevocation {
  std::string old_key_id;
  Timestamp since;  // the activation that replaced it
  Timestamp due;    // when it should be revoked
};

struct KeyStatus {
  size_t index = 0;                    // into Model::keys
  const Schedule* schedule = nullptr;  // the first schedule resolving to the key
  Duration grace = kDefaultAlertGrace;
  std::optional<Timestamp> activated;
  std::optional<RotationResult> last_result;
  Timestamp last_result_time;
  std::optional<PendingRevocation> pending;
  // The schedule, parsed; nullopt when it does not parse or its zone is unknown
  // (RK-SCH-001/004 say why).
  std::optional<CronExpr> expr;
  Zone zone = Zone::Utc();
};

// One status per inventory key, in inventory order. Events naming no key (or
// several) are ignored here; RK-AGE-005 reports them.
std::vector<KeyStatus> ComputeKeyStatus(const Model& model);

// The next scheduled rotation: the schedule's first fire after `now`, or for
// `rate(...)` the last activation + the rate (in the past when overdue).
// nullopt without a usable schedule, or for a rate schedule never activated.
std::optional<Timestamp> NextRotation(const KeyStatus& status, Timestamp now);

// The policy's numbers for one key's alerts (its criticality and environment
// overrides applied).
struct AlertThresholds {
  double age_alert_factor = 1.5;                 // RK-AGE-001
  std::optional<Duration> age_limit;             // factor x rotation_frequency; nullopt without a frequency
  std::optional<Duration> max_age;               // RK-ROT-001 max_age
  Duration age_for = Duration::Minutes(15);      // RK-AGE-001 alert_for
  Duration failed_for;                           // RK-AGE-002 alert_for
  Duration old_key_for = Duration::Minutes(10);  // RK-AGE-003 alert_for
};
AlertThresholds ThresholdsFor(const ApiKey& key, const Policy& policy);

}  // namespace rekey

#endif  // REKEY_EMIT_ROTATION_STATUS_H_
