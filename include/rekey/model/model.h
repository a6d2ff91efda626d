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

#include <map>
#include <optional>
#include <string>
#include <string_view>
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

enum class ScheduleDialect { kPosix, kAws };

// Field name -> location of its value, for every field present in the record.
using FieldLocs = std::map<std::string, SourceLoc, std::less<>>;

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

  SourceLoc loc;  // the record itself ("- name: ...")
  FieldLocs fields;
  SourceLoc LocOf(std::string_view field) const;
};

struct Service {
  std::string name;
  ReadsVia reads_via = ReadsVia::kUnknown;
  bool reads_via_declared = false;
  std::optional<Duration> refresh;  // cache TTL / refresh interval
  std::optional<std::string> environment;
  std::vector<std::string> paths;  // globs of the service's source directories
  SourceLoc loc;
  FieldLocs fields;
  SourceLoc LocOf(std::string_view field) const;
};

// How a schedule's `secret` resolved against the inventory (DESIGN.md rules).
struct Resolution {
  enum class Status { kResolved, kUnresolved, kAmbiguous } status = Status::kUnresolved;
  int key = -1;                      // index into Model::keys when resolved
  std::vector<std::string> candidates;  // key names when ambiguous
  std::optional<std::string> suggestion;  // closest key name when unresolved
  std::string matched_by;            // "name" | "vault_path" | "vault_path without mount" | "<env>/<name>"
};

struct Schedule {
  std::string secret;
  std::optional<std::string> provider;
  std::string expression;  // cron text, parsed by the cron module
  ScheduleDialect dialect = ScheduleDialect::kPosix;
  std::optional<std::string> timezone;  // IANA name
  std::optional<Duration> grace_period;
  std::optional<bool> alert_on_failure;
  std::optional<bool> rollback_on_failure;
  Resolution resolution;

  SourceLoc loc;
  FieldLocs fields;
  SourceLoc LocOf(std::string_view field) const;
};

enum class AuditEventType { kCreated, kActivated, kRevoked, kFailed, kRolledBack };
std::string_view AuditEventTypeName(AuditEventType t);

struct AuditEvent {
  Timestamp time;
  std::string secret;
  AuditEventType type = AuditEventType::kCreated;
  std::string key_id;
  SourceLoc loc;  // path:line of the JSON line
};

struct Model {
  std::vector<ApiKey> keys;
  std::vector<Service> services;
  std::vector<Schedule> schedules;
  std::vector<AuditEvent> audit;
  std::vector<std::string> files;  // every input file read, in load order

  const Service* FindService(std::string_view name) const;
  const ApiKey* FindKey(std::string_view name) const;
};

}  // namespace rekey

#endif  // REKEY_MODEL_MODEL_H_
