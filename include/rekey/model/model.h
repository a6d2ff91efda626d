// The typed rotation model: API keys (the inventory), the services that consume
// them, their rotation schedules and, optionally, the rotation audit log. Built
// by the loaders in loader.h; every value keeps the file:line:col it came from
// so checks can point at the offending field.
//
// Fields the inventory contract requires but whose absence is a *policy* matter
// (RK-INV-001) are std::optional; identity fields (a key's name, a schedule's
// secret and expression) are required by the loader itself.
//
// Thread-safety: plain values; share const.
//
//   Model model = LoadModel(inputs, diags);
//   for (const ApiKey& key : model.keys) Use(key.name, key.rotation_frequency);
#ifndef REKEY_MODEL_MODEL_H_
#define REKEY_MODEL_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/base/duration.h"
#include "rekey/base/timestamp.h"

namespace rekey {

enum class Criticality { kCritical, kHigh, kMedium, kLow };
std::string_view CriticalityName(Criticality c);

// How a service reads a key, which decides how fast it sees a new one.
enum class ReadsVia { kVaultAgent, kSdkCache, kCsi, kExternalSecrets, kEnv, kUnknown };
std::string_view ReadsViaName(ReadsVia r);
// How long a consumer of each kind may keep serving an old key (research
// rotation.md §0): vault-agent 5m, csi 2m, sdk-cache / external-secrets /
// unknown 1h; env reads only at startup (0: a restart, not a refresh).
Duration DefaultRefresh(ReadsVia r);

enum class ScheduleDialect { kPosix, kAws };

// Where a key is stored (the seed's "secrets vault"). Only AWS Secrets Manager
// changes what rekey emits (`rekey compile aws`); the default is Vault/OpenBao KV v2.
enum class VaultKind { kHashicorpVault, kOpenBao, kAwsSecretsManager, kAzureKeyVault, kGoogleSecretManager };
std::string_view VaultKindName(VaultKind v);

// PromQL vector selectors of the application's own counters, for the seed's
// alerts that rekey's audit log cannot see (`rekey compile prometheus`). Each
// is checked by the loader to be one instant-vector selector
// (`name{label="value",...}`): rekey wraps it in rate()/increase().
struct Monitoring {
  std::optional<std::string> auth_failures;    // API calls rejected for authentication (401/403)
  std::optional<std::string> revoked_key_use;  // attempts to use a revoked key
  std::optional<std::string> key_use;          // API calls, labelled by the id of the key they used
  std::string key_id_label = "key_id";         // the label of key_use holding the key id
  SourceLoc loc;
};

// Where one field's value is; the path is the record's own.
struct FieldLoc {
  std::string name;
  int line = 0;
  int column = 0;
};
// Every field present in the record, in file order. A vector, not a map with a
// SourceLoc each: a 10,000-key model has 300,000 of them, and a map node plus
// a heap copy of the path per field was a fifth of the memory `rekey check` touched.
using FieldLocs = std::vector<FieldLoc>;

struct ApiKey {
  std::string name;
  std::optional<std::string> provider;
  std::optional<std::string> environment;
  std::optional<std::vector<std::string>> used_by;
  std::optional<std::string> vault_path;
  std::optional<Duration> rotation_frequency;
  std::optional<bool> supports_dual_key;
  std::optional<std::string> provider_api;  // an absolute URL
  std::optional<Criticality> criticality;
  std::optional<std::string> owner;
  std::optional<Timestamp> last_rotated;
  std::optional<Timestamp> expires_at;
  bool downtime_accepted = false;
  std::optional<int> max_active_keys;
  std::optional<Duration> notify_before;  // alert this long before expires_at
  std::optional<int> vault_max_versions;  // Vault KV v2 max_versions (0 = keep 10)
  std::optional<Duration> vault_delete_version_after;
  std::optional<bool> reports_last_use;  // provider exposes key last-used telemetry
  std::optional<VaultKind> vault;        // undeclared: an AWS Secrets Manager ARN in vault_path, else Vault
  std::optional<Monitoring> monitoring;

  // AWS Secrets Manager when declared so or when vault_path is its ARN.
  VaultKind EffectiveVault() const;
  // Vault path of the admin credential `rekey apply` uses to create and revoke
  // this key at the provider (the provider's api: block, auth: admin).
  std::optional<std::string> admin_vault_path;

  SourceLoc loc;  // the record itself ("- name: ...")
  FieldLocs fields;
  SourceLoc LocOf(std::string_view field) const;
};

enum class RestartMode { kUndeclared, kAutomatic, kManual };

struct Service {
  std::string name;
  ReadsVia reads_via = ReadsVia::kUnknown;
  bool reads_via_declared = false;
  std::optional<Duration> refresh;  // cache TTL / refresh interval
  std::optional<std::string> environment;
  std::vector<std::string> paths;                   // globs of the service's source directories
  RestartMode restart = RestartMode::kUndeclared;   // how an env consumer gets restarted
  std::optional<std::string> kubernetes_namespace;  // `namespace:` of the service's workloads
  std::optional<Monitoring> monitoring;             // selectors for every key the service uses
  SourceLoc loc;
  FieldLocs fields;
  SourceLoc LocOf(std::string_view field) const;
};

// How a schedule's `secret` resolved against the inventory (DESIGN.md rules).
struct Resolution {
  enum class Status { kResolved, kUnresolved, kAmbiguous } status = Status::kUnresolved;
  int key = -1;                           // index into Model::keys when resolved
  std::vector<std::string> candidates;    // key names when ambiguous
  std::optional<std::string> suggestion;  // closest key name when unresolved
  std::string matched_by;                 // "name" | "vault_path" | "vault_path without mount" | "<env>/<name>"
};

// A recurring local-time window ("Sat-Sun 01:00-05:00") in the schedule's zone.
struct TimeWindow {
  uint8_t days = 0x7f;   // bit 0 = Sunday ... bit 6 = Saturday
  int start_minute = 0;  // minutes after local midnight, inclusive
  int end_minute = 0;    // exclusive; end <= start means "until the next day"
  SourceLoc loc;
};

// An absolute period in which no rotation may run (freezes, launches).
struct Blackout {
  Timestamp from;
  Timestamp until;
  std::string reason;
  SourceLoc loc;
};

enum class VerifyMethod { kProviderLastUsed, kMetrics, kManual };

struct Verify {
  VerifyMethod method = VerifyMethod::kManual;
  std::optional<Duration> timeout;
  // method: metrics. A Prometheus instant query ({{new_key_id}} / {{old_key_id}}
  // substituted), the comparison its value must pass ("> 0", ">= 1", "== 0"),
  // and the Prometheus base URL (else $PROMETHEUS_URL).
  std::string query;
  std::string expect = "> 0";
  std::string prometheus;
};

struct Schedule {
  std::string secret;
  std::optional<std::string> provider;
  std::string expression;     // cron text, parsed by the cron module
  int expression_column = 0;  // 1-based column of its first character (after a quote)
  ScheduleDialect dialect = ScheduleDialect::kPosix;
  std::optional<std::string> timezone;  // IANA name
  std::optional<Duration> grace_period;
  std::optional<bool> alert_on_failure;
  std::optional<bool> rollback_on_failure;
  std::vector<TimeWindow> windows;         // fire + grace must fall inside one (when any are given)
  std::vector<Blackout> blackouts;         // fire .. fire + grace must avoid all
  bool allow_business_hours = false;       // critical keys may rotate Mon-Fri 08:00-18:00 local
  bool day_match_any = false;              // accepts POSIX "either day field" matching explicitly
  std::optional<Verify> verify;            // how new-key usage is confirmed before revoke
  std::optional<bool> rotate_immediately;  // acknowledged first-enable behaviour
  Resolution resolution;

  SourceLoc loc;
  FieldLocs fields;
  SourceLoc LocOf(std::string_view field) const;
};

// The audit log is also `rekey apply`'s journal (README "Running rotations"):
// the first five are the original events, the rest the rotation state machine's.
enum class AuditEventType {
  kCreated,
  kActivated,
  kRevoked,
  kFailed,
  kRolledBack,
  kPlanned,
  kLocked,
  kPropagating,
  kVerified,
  kApproved,
  kVerifyTimeout,
  kRevokeDue,
  kDone,
  kBlocked,
  kUnlocked,
};
std::string_view AuditEventTypeName(AuditEventType t);

struct AuditEvent {
  Timestamp time;
  std::string secret;
  AuditEventType type = AuditEventType::kCreated;
  std::string key_id;  // the provider's id of the key the event is about ("" = none)
  // Journal fields (optional; never a secret value):
  std::string rotation_id;              // "rot-<key>-<yyyymmddThhmmssZ>-<8 hex>"
  std::string previous_key_id;          // the key being replaced
  std::string state;                    // the state reached, when it differs from the event name
  std::optional<Timestamp> not_before;  // earliest revocation instant
  std::string reason;                   // failed / rolled_back / blocked / verify_timeout: one line
  std::string method;                   // verified: how
  bool emergency = false;
  std::string actor;  // "rekey apply" | "rekey rotate" | "rekey rollback" | an approver
  SourceLoc loc;      // path:line of the JSON line
};

// `# rekey:ignore RK-XXX-NNN[,RK-...] reason="..." until=YYYY-MM-DD` in an
// inventory or schedule file. Binds to the record on the comment's line, or to
// the next record when the comment stands on its own line.
struct Suppression {
  std::vector<std::string> ids;
  std::string reason;              // required; empty = invalid suppression
  std::optional<Timestamp> until;  // expiry; past it the suppression is a violation itself
  SourceLoc loc;                   // the comment
  int first_line = 0;              // lines of the record it covers (same file)
  int last_line = 0;
  std::string record;  // name of the covered key / schedule secret / service
};

struct Model {
  std::vector<ApiKey> keys;
  std::vector<Service> services;
  std::vector<Schedule> schedules;
  std::vector<AuditEvent> audit;
  std::vector<Suppression> suppressions;
  std::vector<std::string> files;  // every input file read, in load order
  // Credential-like parts of any value or field name in the inputs
  // (CollectSecretTokens): every check and plan output is passed through
  // RedactTokens with them, so a key pasted where a name belongs is never
  // echoed, whichever message quotes the field.
  std::vector<std::string> sensitive;
  // name -> index into services; filled by ResolveSchedules (the link step)
  std::unordered_map<std::string, size_t> service_index;

  const Service* FindService(std::string_view name) const;
  const ApiKey* FindKey(std::string_view name) const;
};

}  // namespace rekey

#endif  // REKEY_MODEL_MODEL_H_
