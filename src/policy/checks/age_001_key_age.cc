// RK-AGE-001: the key's age since its last activation (audit log, else
// last_rotated) against its rotation_frequency: warning past 1x, error past
// age_alert_factor x (the seed's "API key approaching max age" rule).
#include "policy/checks/audit_util.h"
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  const Model& model = ctx.model();
  const KeyHistory history = HistoryOf(model);
  for (size_t i = 0; i < model.keys.size(); ++i) {
    const ApiKey& key = model.keys[i];
    if (!key.rotation_frequency) continue;
    auto it = history.by_key.find(static_cast<int>(i));
    const AuditEvent* activated = it == history.by_key.end() ? nullptr : Last(it->second, AuditEventType::kActivated);
    std::optional<Timestamp> since = activated ? std::optional(activated->time) : key.last_rotated;
    if (!since) continue;
    const Duration age = ctx.now() - *since;
    const Duration freq = *key.rotation_frequency;
    const double factor = ctx.Number("age_alert_factor", &key, 1.5);
    if (age <= freq) continue;
    const SourceLoc loc = activated ? activated->loc : key.LocOf("last_rotated");
    const std::string message = KeyLabel(key) + " is " + age.ToString() + " old (last " +
                                (activated ? "activated " : "rotated ") + since->ToRfc3339() + "), over " +
                                (age > freq.Scaled(factor) ? FormatNumber(factor) + " x " : "") +
                                "rotation_frequency " + freq.ToString();
    const std::string hint = "check the rotation job: rekey plan shows the next rotation; rotate now if it failed";
    if (age > freq.Scaled(factor))
      ctx.ReportAt(Severity::kError, &key, loc, key.name, message, hint);
    else
      ctx.Report(&key, loc, key.name, message, hint);
  }
}

}  // namespace

extern const Check kCheckAge001 = {
    "RK-AGE-001",
    Severity::kWarning,
    "Key age within its rotation frequency",
    "The seed's monitoring rule: alert when key_age > rotation_frequency x 1.5. Past 1x the rotation is late.",
    "Find why the scheduled rotation did not happen and rotate.",
    "age_alert_factor,alert_for",
    Run};

}  // namespace rekey
