#include "rekey/model/model.h"

namespace rekey {

std::string_view CriticalityName(Criticality c) {
  switch (c) {
    case Criticality::kCritical:
      return "critical";
    case Criticality::kHigh:
      return "high";
    case Criticality::kMedium:
      return "medium";
    case Criticality::kLow:
      return "low";
  }
  return "low";
}

std::string_view ReadsViaName(ReadsVia r) {
  switch (r) {
    case ReadsVia::kVaultAgent:
      return "vault-agent";
    case ReadsVia::kSdkCache:
      return "sdk-cache";
    case ReadsVia::kCsi:
      return "csi";
    case ReadsVia::kExternalSecrets:
      return "external-secrets";
    case ReadsVia::kEnv:
      return "env";
    case ReadsVia::kUnknown:
      return "unknown";
  }
  return "unknown";
}

Duration DefaultRefresh(ReadsVia via) {
  switch (via) {
    case ReadsVia::kVaultAgent:
      return Duration::Minutes(5);
    case ReadsVia::kCsi:
      return Duration::Minutes(2);
    case ReadsVia::kEnv:
      return Duration();
    case ReadsVia::kSdkCache:
    case ReadsVia::kExternalSecrets:
    case ReadsVia::kUnknown:
      return Duration::Hours(1);
  }
  return Duration::Hours(1);
}

std::string_view AuditEventTypeName(AuditEventType t) {
  switch (t) {
    case AuditEventType::kCreated:
      return "created";
    case AuditEventType::kActivated:
      return "activated";
    case AuditEventType::kRevoked:
      return "revoked";
    case AuditEventType::kFailed:
      return "failed";
    case AuditEventType::kRolledBack:
      return "rolled_back";
    case AuditEventType::kPlanned:
      return "planned";
    case AuditEventType::kLocked:
      return "locked";
    case AuditEventType::kPropagating:
      return "propagating";
    case AuditEventType::kVerified:
      return "verified";
    case AuditEventType::kApproved:
      return "approved";
    case AuditEventType::kVerifyTimeout:
      return "verify_timeout";
    case AuditEventType::kRevokeDue:
      return "revoke_due";
    case AuditEventType::kDone:
      return "done";
    case AuditEventType::kBlocked:
      return "blocked";
    case AuditEventType::kUnlocked:
      return "unlocked";
  }
  return "created";
}

namespace {
// The last field of that name wins, as it did when FieldLocs was a map (only
// fields without a scalar name, all named "", can repeat).
SourceLoc Lookup(const FieldLocs& fields, const SourceLoc& fallback, std::string_view field) {
  for (auto it = fields.rbegin(); it != fields.rend(); ++it) {
    if (it->name == field) return {fallback.path, it->line, it->column};
  }
  return fallback;
}
}  // namespace

SourceLoc ApiKey::LocOf(std::string_view field) const { return Lookup(fields, loc, field); }
SourceLoc Service::LocOf(std::string_view field) const { return Lookup(fields, loc, field); }
SourceLoc Schedule::LocOf(std::string_view field) const { return Lookup(fields, loc, field); }

const Service* Model::FindService(std::string_view name) const {
  if (service_index.size() == services.size()) {
    auto it = service_index.find(std::string(name));
    return it == service_index.end() ? nullptr : &services[it->second];
  }
  for (const Service& s : services) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const ApiKey* Model::FindKey(std::string_view name) const {
  for (const ApiKey& k : keys) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

}  // namespace rekey
