// The rotation plan: every scheduled rotation in a horizon with the seed
// guide's dual-key steps at absolute UTC times, the consumers that must pick up
// the new key, each key's rollback procedure and the instant after which
// rollback is impossible (the old key is revoked), and what blocks a rotation.
// Like `terraform plan`, the plan is data reviewed in pull requests; it never
// holds a secret value.
//
// BuildPlan is pure and deterministic: the same model, violations and options
// give the same plan. Error-severity violations (from policy Evaluate) block the
// keys they concern, so `rekey plan` and `rekey check` never disagree.
//
// Time semantics: fire times come from the cron module (DST gaps fire at the
// first instant after the gap, repeated hours fire once); every wait is real
// elapsed seconds added to a UTC instant, never wall-clock arithmetic.
//
// Thread-safety: plain values; BuildPlan is a pure function.
// Errors: none. A schedule that cannot be evaluated blocks its key (RK-PLAN-001);
// the caller rejects an unknown emergency key before planning.
//
// Leaked keys (PlanOptions::exposures, from the link step): one emergency
// rotation of every exposed key, most urgent first — worst finding severity,
// then blast radius: environment (production first), criticality, number of
// consumers. The consumers that hold the hardcoded copy are redeployed first.
//
//   PlanOptions options{.from = now};
//   RotationPlan plan = BuildPlan(model, Evaluate(model, policy, now), options);
//   for (const Rotation& r : plan.rotations) Use(r.key, r.fire, r.rollback_until);
#ifndef REKEY_PLAN_PLAN_H_
#define REKEY_PLAN_PLAN_H_

#include <optional>
#include <string>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/base/duration.h"
#include "rekey/base/timestamp.h"
#include "rekey/model/model.h"
#include "rekey/policy/check.h"
#include "rekey/policy/exposure.h"

namespace rekey {

inline constexpr char kPlanFormatVersion[] = "1.0";
inline constexpr Duration kDefaultPlanHorizon = Duration::Days(90);
// Shortest wait of an emergency rotation when no consumer caches the key:
// time for restarted env consumers to come up on the new key.
inline constexpr Duration kMinEmergencyGrace = Duration::Minutes(5);

struct PlanOptions {
  Timestamp from;                            // recorded in the plan; the policy's "now"
  Duration horizon = kDefaultPlanHorizon;    // rotations fire in [from, from + horizon]
  std::optional<std::string> emergency_key;  // set: one immediate rotation of this key, nothing else
  // A leak response: one immediate rotation of every key `exposures` name
  // (Exposure::key), most urgent first, nothing else. Exposures naming no
  // inventory key are ignored; unmanaged keys go in `unmanaged`.
  bool leak_response = false;
  std::vector<Exposure> exposures;
  std::vector<UnmanagedProvider> unmanaged;
  std::string findings_source;  // the findings file the exposures came from ("" = a scan)
};

// One consumer of a key and how fast it sees a new one.
struct PlanConsumer {
  std::string service;
  std::string reads_via;  // ReadsViaName, "unknown" when the service is not declared
  // Declared refresh, else the default for reads_via (the same as policy's): vault-agent
  // 5m, csi 2m, sdk-cache / external-secrets / unknown 1h; 0 for env (restart instead).
  Duration refresh;
  std::string refresh_source;     // "declared" | "default for <reads_via>" | "service not declared" | "restart"
  bool restart_required = false;  // reads_via env: reads the key at startup only
  std::string restart_how;        // env only: "automatic" | "manual" | "" (undeclared)
};

// Symbols: '+' create, '~' store / wait / restart / verify / cleanup / maintenance,
// '-' revoke, '!' blocked.
struct PlanStep {
  char symbol = '~';
  std::string action;  // create | store | restart | wait | verify | revoke | cleanup | maintenance
  Timestamp at;        // UTC
  std::string local;   // FormatLocal in the schedule's zone; empty when the zone is UTC
  std::string detail;  // one line, never a secret
};

// What a key's rotations have in common: metadata, consumers, rollback.
struct KeyPlan {
  std::string key;
  std::string provider, environment, owner, criticality, vault_path, provider_api;  // "" when absent
  bool dual_key = false;  // supports_dual_key; false also when undeclared
  bool downtime_accepted = false;
  std::vector<PlanConsumer> consumers;  // in used_by order
  std::string slowest_consumer;         // the non-env consumer with the longest refresh; "" if none
  Duration slowest_refresh;
  std::vector<std::string> restarts;  // restarted before revoke: leak holders first, then env consumers
  std::vector<std::string> rollback;  // the rollback procedure, one step per line
  // Leak responses only:
  std::vector<Exposure> exposures;        // where the key was found hardcoded, by location
  std::vector<std::string> leak_holders;  // consumers whose paths hold a hardcoded copy (redeployed first)
  int priority = 0;                       // 1 = most urgent; 0 in scheduled and single-key emergency plans
  std::string priority_reason;            // "critical finding, production, criticality high, 2 consumers"
};

struct Rotation {
  std::string key;          // KeyPlan::key
  std::string schedule;     // the cron expression text; "emergency" for an emergency rotation
  std::string description;  // CronExpr::Describe()
  std::string zone;         // "UTC" or the IANA name
  Timestamp fire;
  std::string fire_local;  // empty when the zone is UTC
  std::string dst;         // DstName: none | shifted-from-gap | first-of-repeated
  bool emergency = false;
  int priority = 0;          // KeyPlan::priority: orders a leak response's rotations (all fire now)
  bool dual_key = true;      // false: maintenance window, the old key dies before the new one is live
  Duration grace;            // the wait between store and revoke (real elapsed time)
  std::string grace_reason;  // why the wait is long enough, or why it is not
  Timestamp rollback_until;  // the revoke instant: rollback is impossible after it
  std::vector<PlanStep> steps;
};

struct BlockReason {
  std::string id;  // violation or RK-PLAN id
  Severity severity = Severity::kError;
  std::string message, hint;
  SourceLoc loc;
};

// A key (or an unresolved schedule secret; "" for model-wide problems) whose
// rotations the plan will not schedule until the reasons are fixed.
struct BlockedKey {
  std::string key;
  std::vector<BlockReason> reasons;
  std::vector<Timestamp> would_fire;  // the first kMaxListedBlockedFires fires the block suppresses
  size_t would_fire_total = 0;        // all of them
};

inline constexpr size_t kMaxListedBlockedFires = 12;
// A schedule firing more often than this in the horizon is cut short (RK-PLAN-007):
// a plan is for people to read, and policy's interval checks flag such schedules.
inline constexpr size_t kMaxRotationsPerSchedule = 500;

// Plan-level ids (violations keep theirs):
//   RK-PLAN-001 (block)    schedule expression or time zone cannot be evaluated
//   RK-PLAN-002 (warning)  a fire lands in a DST transition and was shifted / de-duplicated
//   RK-PLAN-003 (warning)  grace period not longer than the slowest consumer refresh
//   RK-PLAN-004 (warning)  single-key provider: rotation needs a maintenance window
//   RK-PLAN-005 (warning)  no grace_period declared; the slowest consumer refresh is used
//   RK-PLAN-006 (warning)  a schedule does not fire within the horizon
//   RK-PLAN-007 (warning)  a schedule fires more than kMaxRotationsPerSchedule times; the rest are left out
//   RK-PLAN-008 (warning)  a leaked secret could be several keys: every candidate is rotated
struct PlanWarning {
  std::string id;
  std::string key;
  std::string message;
};

// A rotation `rekey apply` started and has not finished, as the audit log's
// journal events tell it (README "Running rotations"): shown so reviewers see
// the key in flight before approving the next change to it.
struct InProgressRotation {
  std::string key;
  std::string rotation_id;
  std::string state;  // planned | locked | created | stored | propagating | verified | revoke_due | revoked
  Timestamp since;    // the planned event
  std::optional<Timestamp> not_before;  // earliest revocation of the old key, once stored
  std::string new_key_id, old_key_id;
  bool emergency = false;
};

// The unfinished rotations in `audit` (events with a rotation_id), in the order they started.
std::vector<InProgressRotation> RotationsInProgress(const std::vector<AuditEvent>& audit);

struct PlanInputs {
  std::vector<std::string> files;  // Model::files, as given
  std::string model_sha256;        // Sha256Hex(NormalizeModel(model))
};

struct RotationPlan {
  std::string format_version = kPlanFormatVersion;
  Timestamp from;
  Duration horizon;
  std::string tzdata_version;
  std::optional<std::string> emergency_key;
  bool leak_response = false;                // built from exposures (rekey plan --from-findings, rekey scan --plan)
  std::string findings_source;               // leak responses: the findings file ("" = a scan)
  std::vector<UnmanagedProvider> unmanaged;  // leak responses: keys found that no inventory entry manages
  PlanInputs inputs;
  std::vector<KeyPlan> keys;                    // keys with a rotation or a block, in inventory order
  std::vector<Rotation> rotations;              // by fire, then key
  std::vector<BlockedKey> blocked;              // by key
  std::vector<PlanWarning> warnings;            // by key, id, message
  std::vector<InProgressRotation> in_progress;  // rotations rekey apply has not finished

  Timestamp until() const { return from + horizon; }
  const KeyPlan* FindKey(const std::string& name) const;
  size_t RotatedKeyCount() const;  // distinct keys in rotations
};

RotationPlan BuildPlan(const Model& model, const std::vector<Violation>& violations, const PlanOptions& options);

// The model as canonical text: keys, services, schedules and audit events with
// every field that can change a plan, sorted, one field per line; no source
// locations, comments, quoting styles or file order. Its SHA-256 is the plan's
// input hash, so reformatting a file does not make a committed plan stale.
std::string NormalizeModel(const Model& model);

// "Plan: 4 rotations of 2 keys in 90d from 2026-11-25; 1 blocked; 0 warnings."
// (EMERGENCY plans: "Plan: EMERGENCY rotation of KEY now (2026-...Z); ...";
//  leak responses: "Plan: EMERGENCY rotation of 1 leaked key now (...); 1 unmanaged provider; ...")
std::string PlanSummaryLine(const RotationPlan& plan);

// "2026-11-25" when the instant is a UTC midnight, else RFC 3339.
std::string FormatPlanInstant(Timestamp t);

}  // namespace rekey

#endif  // REKEY_PLAN_PLAN_H_
