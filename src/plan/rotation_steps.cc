// The steps of one rotation: the seed guide's dual-key pattern (create, store
// keeping the previous version, wait, verify, revoke, clean up), restarts of
// consumers that read the key at startup before the revoke, and the
// maintenance-window variant for providers that allow one active key.
#include <algorithm>
#include <set>
#include <string>

#include "plan/plan_internal.h"
#include "rekey/base/text.h"

namespace rekey {
namespace {

const PlanConsumer* FindConsumer(const KeyPlan& k, const std::string& name) {
  for (const PlanConsumer& c : k.consumers) {
    if (c.service == name) return &c;
  }
  return nullptr;
}

std::string SlowestText(const KeyPlan& k) {
  const PlanConsumer* c = FindConsumer(k, k.slowest_consumer);
  return k.slowest_consumer + " (" + c->reads_via + ", refresh " + c->refresh.ToString() + ", " + c->refresh_source +
         ")";
}

// The wait between store and revoke, and why it is (not) long enough.
Duration ChooseGrace(const KeyPlan& k, const RotationInput& in, std::string& reason, bool first,
                     std::vector<PlanWarning>& warnings) {
  const bool cached = !k.slowest_consumer.empty();
  const Duration floor = cached ? k.slowest_refresh : kMinEmergencyGrace;
  std::string restarts = k.restarts.empty() ? "" : "; " + Join(k.restarts, ", ") + " restarted before it";
  if (in.emergency) {
    reason = (cached ? "shortest safe wait = the slowest consumer refresh: " + SlowestText(k)
                     : "no consumer caches the key; time for restarts to come up") +
             restarts;
    return floor > Duration() ? floor : kMinEmergencyGrace;
  }
  if (!in.declared_grace) {
    if (first) {
      warnings.push_back(
          {"RK-PLAN-005", k.key,
           "no grace_period declared; the plan waits " + floor.ToString() + " (the slowest consumer refresh)"});
    }
    reason = "no grace_period declared; waiting the slowest consumer refresh" + restarts;
    return floor;
  }
  const Duration grace = *in.declared_grace;
  if (!cached) {
    reason = "no consumer caches the key" + restarts;
  } else if (grace > k.slowest_refresh) {
    reason = "longer than the slowest consumer refresh: " + SlowestText(k) + restarts;
  } else {
    reason = "NOT longer than the slowest consumer refresh: " + SlowestText(k) + restarts;
    if (first) {
      warnings.push_back({"RK-PLAN-003", k.key,
                          "grace " + grace.ToString() + " is not longer than the slowest consumer refresh " +
                              k.slowest_refresh.ToString() + " (" + k.slowest_consumer +
                              "): instances may still use the old key when it is revoked"});
    }
  }
  return grace;
}

class StepWriter {
 public:
  StepWriter(const Zone& zone, std::vector<PlanStep>& steps) : zone_(zone), steps_(steps) {}
  void Add(char symbol, const char* action, Timestamp at, std::string detail) {
    steps_.push_back({symbol, action, at, zone_.is_utc() ? "" : zone_.FormatLocal(at), std::move(detail)});
  }

 private:
  const Zone& zone_;
  std::vector<PlanStep>& steps_;
};

std::string RestartDetail(const KeyPlan& k, const std::string& service) {
  const PlanConsumer* c = FindConsumer(k, service);
  const std::string how = c == nullptr || c->restart_how.empty() ? ""
                          : c->restart_how == "automatic"        ? "; automatic rolling restart"
                                                                 : "; manual restart: page the service owner";
  const bool holder = std::find(k.leak_holders.begin(), k.leak_holders.end(), service) != k.leak_holders.end();
  if (!holder) return "restart " + service + " (reads_via env: reads the key only at startup" + how + ")";
  std::vector<std::string> copies;
  for (const Exposure& e : k.exposures) {
    if (std::find(e.services.begin(), e.services.end(), service) != e.services.end())
      copies.push_back(ExposureWhere(e));
  }
  const std::string reads = c == nullptr          ? ""
                            : c->restart_required ? "; reads_via env" + how
                                                  : "; reads_via " + c->reads_via;
  return "redeploy " + service + " without its hardcoded copy (" + Join(copies, ", ") +
         ") so it reads the new key from the vault, before the revoke" + reads;
}

// Leak responses: every hardcoded copy is deleted; git history keeps it, which
// is why the revoke, not the deletion, ends the exposure.
void AddRemoveSteps(const KeyPlan& k, Timestamp t, StepWriter& w) {
  std::set<std::string> seen;
  for (const Exposure& e : k.exposures) {
    const std::string where = ExposureWhere(e);
    if (!seen.insert(where).second) continue;
    w.Add('~', "remove", t,
          "delete the hardcoded key at " + where + " (" + e.rule_id + ", " + e.secret_redacted +
              (e.commit.empty() ? "" : ", since commit " + e.commit.substr(0, 12)) +
              "); git history keeps it, so only the revoke ends the exposure");
  }
}

// How the verify step confirms the new key is used (the schedule's `verify:`).
std::string VerifyHow(const std::optional<Verify>& verify) {
  if (!verify) return "";
  std::string how = verify->method == VerifyMethod::kProviderLastUsed ? " (provider last-used telemetry"
                    : verify->method == VerifyMethod::kMetrics        ? " (metrics"
                                                                      : " (manual check";
  if (verify->timeout) how += ", give up after " + verify->timeout->ToString() + " and keep the old key";
  return how + ")";
}

std::string ConsumerList(const KeyPlan& k) {
  std::vector<std::string> names;
  for (const PlanConsumer& c : k.consumers) names.push_back(c.service);
  return names.empty() ? "its consumers (used_by not declared)" : Join(names, ", ");
}

void AddDualKeySteps(const KeyPlan& k, const Rotation& r, const std::string& verify_how, StepWriter& w) {
  const std::string api = k.provider_api.empty() ? "the provider (provider_api not declared)" : k.provider_api;
  const std::string vault = k.vault_path.empty() ? "the vault (vault_path not declared)" : k.vault_path;
  const Timestamp t = r.fire;
  const Timestamp end = t + r.grace;
  w.Add(
      '+', "create", t,
      std::string(r.emergency ? "EMERGENCY: " : "") + "create a new key at " + api + " with the old key's permissions");
  w.Add('~', "store", t, "store the new key in the vault at " + vault + " as primary, keep the previous version");
  AddRemoveSteps(k, t, w);
  for (const std::string& s : k.restarts) {
    w.Add('~', "restart", t, RestartDetail(k, s));
  }
  w.Add('~', "wait", t, "wait " + r.grace.ToString() + " until " + end.ToRfc3339() + ": " + r.grace_reason);
  w.Add('~', "verify", end,
        "verify the new key is in use by " + ConsumerList(k) + verify_how +
            " and the old key is idle; do not revoke otherwise");
  w.Add('-', "revoke", end, "revoke the old key at " + api + "; rollback is impossible after this");
  w.Add('~', "cleanup", end, "clean up vault metadata at " + vault + " (previous key id, revocation time)");
}

void AddSingleKeySteps(const KeyPlan& k, const Rotation& r, const std::string& verify_how, StepWriter& w) {
  const std::string api = k.provider_api.empty() ? "the provider (provider_api not declared)" : k.provider_api;
  const std::string vault = k.vault_path.empty() ? "the vault (vault_path not declared)" : k.vault_path;
  const Timestamp t = r.fire;
  const Timestamp end = t + r.grace;
  w.Add('~', "maintenance", t,
        std::string(r.emergency ? "EMERGENCY: " : "") + "open a maintenance window until " + end.ToRfc3339() +
            ": the provider allows one active key" + (k.downtime_accepted ? " (downtime accepted)" : ""));
  w.Add('-', "revoke", t, "revoke the old key at " + api + "; consumers fail until they hold the new key");
  w.Add('+', "create", t, "create a new key at " + api + " with the old key's permissions");
  w.Add('~', "store", t, "store the new key in the vault at " + vault + " as primary");
  AddRemoveSteps(k, t, w);
  for (const std::string& s : k.restarts) {
    w.Add('~', "restart", t, RestartDetail(k, s));
  }
  w.Add('~', "wait", t, "wait " + r.grace.ToString() + " until " + end.ToRfc3339() + ": " + r.grace_reason);
  w.Add('~', "verify", end, "verify the new key is in use by " + ConsumerList(k) + verify_how + "; close the window");
  w.Add('~', "cleanup", end, "clean up vault metadata at " + vault);
}

}  // namespace

Rotation MakeRotation(const KeyPlan& k, const RotationInput& in, bool first, std::vector<PlanWarning>& warnings) {
  Rotation r;
  r.key = k.key;
  r.zone = in.zone->name();
  r.fire = in.fire;
  r.fire_local = in.zone->is_utc() ? "" : in.zone->FormatLocal(in.fire);
  r.dst = "none";
  r.emergency = in.emergency;
  r.dual_key = k.dual_key;
  r.grace = ChooseGrace(k, in, r.grace_reason, first, warnings);
  StepWriter writer(*in.zone, r.steps);
  if (k.dual_key) {
    AddDualKeySteps(k, r, VerifyHow(in.verify), writer);
    r.rollback_until = r.fire + r.grace;
  } else {
    AddSingleKeySteps(k, r, VerifyHow(in.verify), writer);
    r.rollback_until = r.fire;
    if (first && !k.downtime_accepted) {
      warnings.push_back({"RK-PLAN-004", k.key,
                          "supports_dual_key is not true: each rotation revokes the old key before consumers "
                          "hold the new one; agree a maintenance window (then set downtime_accepted: true)"});
    }
  }
  return r;
}

}  // namespace rekey
