// `rekey compile prometheus`: the seed's monitoring rules as Prometheus
// alerting rules. rekey's own metrics (`rekey metrics`) drive the rotation
// alerts; the application's counters, named by `monitoring:` selectors in the
// inventory, drive the auth-failure, revoked-key and old-key-use alerts.
// Thresholds are compiled in: keys sharing one (threshold, for, owner) share a
// rule whose `key=~` matcher lists them.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "emit/compile_internal.h"
#include "emit/yaml_value.h"
#include "rekey/base/text.h"
#include "rekey/emit/rotation_status.h"

namespace rekey {
namespace {

// A seed monitoring rule: its alert name, severity and action, and the seed's description.
struct SeedRule {
  const char* alert;
  const char* severity;
  const char* action;
  const char* description;
};

constexpr SeedRule kRotationFailed = {"RekeyRotationFailed", "critical", "page_on_call_engineer",
                                      "Key rotation failed. Old key may not be revoked. Manual intervention required."};
constexpr SeedRule kKeyAge = {"RekeyKeyAgeOverLimit", "high", "alert_security_team",
                              "Key has not been rotated within expected window."};
constexpr SeedRule kOldKeyUsed = {"RekeyOldKeyUsedAfterGrace", "warning", "alert_application_team",
                                  "Application instances still using the old key. May indicate deployment issue."};
constexpr SeedRule kOldKeyNotRevoked = {
    "RekeyOldKeyNotRevoked", "warning", "alert_application_team",
    "The previous key is still valid after the grace period: a consumer may not have picked up the new key, or "
    "the revocation step is stuck. Two valid keys double the exposure."};
constexpr SeedRule kAuthSpike = {"RekeyAuthFailureSpike", "critical", "page_on_call_engineer",
                                 "Spike in API auth failures. May indicate rotation issue or key compromise."};
constexpr SeedRule kRevokedUse = {
    "RekeyRevokedKeyUse", "high", "alert_security_team",
    "Attempt to use a revoked key. May indicate compromise or misconfigured application."};
constexpr SeedRule kMetricsAbsent = {
    "RekeyMetricsAbsent", "high", "alert_security_team",
    "rekey's metrics are missing, so no rotation alert can fire (the seed's \"rotation fails silently\"). Check the "
    "`rekey metrics` textfile job or the `rekey metrics --listen` endpoint."};

// The seed: auth failures over `baseline * 3`; the rate window and the baseline it is compared with.
constexpr int kSpikeFactor = 3;
constexpr char kRateWindow[] = "5m";
constexpr char kBaselineWindow[] = "1d";

// "1.5", "2": a factor as a person writes it.
std::string FormatFactor(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Literal text inside an annotation, which Prometheus expands as a Go template.
std::string TemplateLiteral(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i + 1 < text.size() && (text.substr(i, 2) == "{{" || text.substr(i, 2) == "}}")) {
      out += text.substr(i, 2) == "{{" ? "{{ \"{{\" }}" : "{{ \"}}\" }}";
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

using Labels = std::vector<std::pair<std::string, std::string>>;

// `extra`: the threshold the rule compiles in (age_limit, grace), so rules of
// one alert differ in their labels as well as in their keys.
YamlValue Rule(const SeedRule& seed, const std::string& expr, Duration for_duration, const std::string& owner,
               const std::string& summary, const std::string& runbook, const Labels& extra = {}) {
  YamlValue rule = YamlValue::Map();
  rule.Set("alert", seed.alert).Set("expr", expr).Set("for", YamlValue::Plain(for_duration.ToString()));
  YamlValue labels = YamlValue::Map();
  labels.Set("severity", seed.severity).Set("action", seed.action);
  if (!owner.empty()) labels.Set("owner", owner);
  for (const auto& [name, value] : extra) labels.Set(name, value);
  rule.Set("labels", std::move(labels));
  YamlValue annotations = YamlValue::Map();
  annotations.Set("summary", summary).Set("description", seed.description).Set("runbook", runbook);
  rule.Set("annotations", std::move(annotations));
  return rule;
}

// Keys grouped by what their rule compiles in: (threshold seconds, for seconds, owner).
using GroupKey = std::tuple<int64_t, int64_t, std::string>;
using Groups = std::map<GroupKey, std::vector<std::string>>;

// The rules of one alert. Two with the same labels would be duplicates to
// Prometheus (promtool's lint): when only their `for:` tells them apart
// (per-criticality alert_for), it becomes a label too.
class AlertRules {
 public:
  void Add(YamlValue rule, const Labels& labels, Duration for_duration) {
    std::string identity;
    for (const auto& [name, value] : labels) identity += name + "=" + value + "\n";
    duplicate_ = duplicate_ || !identities_.insert(identity).second;
    rules_.push_back({std::move(rule), for_duration});
  }
  void MoveInto(YamlValue& out) {
    for (auto& [rule, for_duration] : rules_) {
      if (duplicate_) rule.At("labels").Set("alert_for", for_duration.ToString());
      out.Push(std::move(rule));
    }
  }

 private:
  std::vector<std::pair<YamlValue, Duration>> rules_;
  std::set<std::string> identities_;
  bool duplicate_ = false;
};

struct KeyFacts {
  const ApiKey* key;
  const KeyStatus* status;
  AlertThresholds thresholds;
};

std::vector<KeyFacts> SortedKeys(const Model& model, const Policy& policy, const std::vector<KeyStatus>& status) {
  std::vector<KeyFacts> keys;
  for (const KeyStatus& s : status)
    keys.push_back({&model.keys[s.index], &s, ThresholdsFor(model.keys[s.index], policy)});
  std::stable_sort(keys.begin(), keys.end(),
                   [](const KeyFacts& a, const KeyFacts& b) { return a.key->name < b.key->name; });
  return keys;
}

void AddRotationFailed(const std::vector<KeyFacts>& keys, YamlValue& rules, std::vector<std::string>& notes) {
  Groups groups;
  std::vector<std::string> silenced;
  for (const KeyFacts& k : keys) {
    if (k.status->schedule && k.status->schedule->alert_on_failure == false) {
      silenced.push_back(k.key->name);
      continue;
    }
    groups[{0, k.thresholds.failed_for.seconds(), k.key->owner.value_or("")}].push_back(k.key->name);
  }
  if (!silenced.empty()) {
    notes.push_back(std::string(kRotationFailed.alert) + " leaves out " + NameList(silenced) +
                    " (alert_on_failure: false)");
  }
  AlertRules out;
  for (const auto& [group, names] : groups) {
    const Duration for_duration = Duration::Seconds(std::get<1>(group));
    const std::string& owner = std::get<2>(group);
    out.Add(Rule(kRotationFailed, "rekey_key_last_rotation_result{" + KeyMatcher(names) + ",result!=\"done\"} == 1",
                 for_duration, owner, "Rotation of {{ $labels.key }} ended {{ $labels.result }}",
                 "rekey explain RK-AGE-002; then `rekey rotate {{ $labels.key }}` again or `rekey rollback "
                 "{{ $labels.key }}`; if the key may be compromised: `rekey rotate --emergency {{ $labels.key }}`"),
            {{"owner", owner}}, for_duration);
  }
  out.MoveInto(rules);
}

void AddKeyAge(const std::vector<KeyFacts>& keys, YamlValue& rules, std::vector<std::string>& notes) {
  std::map<std::tuple<int64_t, int64_t, std::string, std::string>, std::vector<std::string>> groups;
  std::vector<std::string> no_frequency;
  for (const KeyFacts& k : keys) {
    if (!k.thresholds.age_limit) {
      no_frequency.push_back(k.key->name);
      continue;
    }
    // The limit's reading ("1.5 x rotation_frequency 30d") is part of the group: it is in the summary.
    const std::string reading =
        FormatFactor(k.thresholds.age_alert_factor) + " x rotation_frequency " + k.key->rotation_frequency->ToString();
    groups[{k.thresholds.age_limit->seconds(), k.thresholds.age_for.seconds(), k.key->owner.value_or(""), reading}]
        .push_back(k.key->name);
  }
  if (!no_frequency.empty()) {
    notes.push_back(std::string(kKeyAge.alert) + " leaves out " + NameList(no_frequency) + " (no rotation_frequency)");
  }
  AlertRules out;
  for (const auto& [group, names] : groups) {
    const auto& [limit, for_seconds, owner, reading] = group;
    const Labels extra = {{"age_limit", Duration::Seconds(limit).ToString()}};
    out.Add(Rule(kKeyAge,
                 "time() - rekey_key_activated_timestamp_seconds{" + KeyMatcher(names) + "} > " + std::to_string(limit),
                 Duration::Seconds(for_seconds), owner,
                 "{{ $labels.key }} was last rotated {{ $value | humanizeDuration }} ago, over " + reading + " = " +
                     Duration::Seconds(limit).ToString(),
                 "rekey explain RK-AGE-001; `rekey plan` shows when it should have rotated; rotate now: "
                 "`rekey rotate --emergency {{ $labels.key }}`",
                 extra),
            {{"owner", owner}, extra[0]}, Duration::Seconds(for_seconds));
  }
  out.MoveInto(rules);
}

// Time since the new key was activated, past each key's grace, for `keys`.
std::string PendingPastGrace(const std::vector<const KeyFacts*>& keys) {
  std::map<int64_t, std::vector<std::string>> by_grace;
  for (const KeyFacts* k : keys) by_grace[k->status->grace.seconds()].push_back(k->key->name);
  std::string expr;
  for (const auto& [grace, names] : by_grace) {
    if (!expr.empty()) expr += " or ";
    expr += "(time() - rekey_key_old_key_pending_revocation_since_timestamp_seconds{" + KeyMatcher(names) + "} > " +
            std::to_string(grace) + ")";
  }
  return by_grace.size() > 1 ? "(" + expr + ")" : expr;
}

void AddOldKeyNotRevoked(const std::vector<KeyFacts>& keys, YamlValue& rules, std::vector<std::string>& notes) {
  Groups groups;
  std::vector<std::string> assumed;
  for (const KeyFacts& k : keys) {
    if (!k.status->schedule || !k.status->schedule->grace_period) assumed.push_back(k.key->name);
    groups[{k.status->grace.seconds(), k.thresholds.old_key_for.seconds(), k.key->owner.value_or("")}].push_back(
        k.key->name);
  }
  if (!assumed.empty()) {
    notes.push_back(std::string(kOldKeyNotRevoked.alert) + " assumes a grace of " + kDefaultAlertGrace.ToString() +
                    " for " + NameList(assumed) + " (no schedule grace_period)");
  }
  AlertRules out;
  for (const auto& [group, names] : groups) {
    const auto& [grace, for_seconds, owner] = group;
    const Labels extra = {{"grace", Duration::Seconds(grace).ToString()}};
    out.Add(Rule(kOldKeyNotRevoked,
                 "time() - rekey_key_old_key_pending_revocation_since_timestamp_seconds{" + KeyMatcher(names) + "} > " +
                     std::to_string(grace),
                 Duration::Seconds(for_seconds), owner,
                 "The previous key {{ $labels.key_id }} of {{ $labels.key }} is still valid {{ $value | "
                 "humanizeDuration }} after the new key was activated (grace " +
                     Duration::Seconds(grace).ToString() + ")",
                 "rekey explain RK-AGE-003; `rekey apply --resume` finishes due revocations; find the consumers "
                 "still on the old key before revoking it",
                 extra),
            {{"owner", owner}, extra[0]}, Duration::Seconds(for_seconds));
  }
  out.MoveInto(rules);
}

// ---- the application's own counters (monitoring: selectors) ----------------

// Whose selectors a rule watches: one key, or one service and the keys it uses.
struct Watched {
  std::string label_name;  // "key" | "service"
  std::string name;
  std::string owner;                  // keys only
  std::vector<const KeyFacts*> keys;  // the key, or the service's keys
  const Monitoring* monitoring = nullptr;
};

std::string KeyIdUse(const Monitoring& m) {
  const std::string rate = "rate(" + *m.key_use + "[" + kRateWindow + "])";
  if (m.key_id_label == "key_id") return "sum by (key_id) (" + rate + ") > 0";
  return "label_replace(sum by (" + m.key_id_label + ") (" + rate + "), \"key_id\", \"$1\", \"" + m.key_id_label +
         "\", \"(.*)\") > 0";
}

std::string Subject(const Watched& w) {
  if (w.label_name == "key") return TemplateLiteral(w.name);
  std::vector<std::string> names;
  for (const KeyFacts* k : w.keys) names.push_back(k->key->name);
  return TemplateLiteral(w.name) + " (keys " + TemplateLiteral(NameList(names, 6)) + ")";
}

void AddApplicationRules(const Watched& w, YamlValue& rules) {
  const Monitoring& m = *w.monitoring;
  const std::string emergency =
      "`rekey rotate --emergency " + (w.label_name == "key" ? TemplateLiteral(w.name) : std::string("KEY")) + "`";
  const auto with_subject = [&w](YamlValue rule) {
    YamlValue& labels = rule.At("labels");
    labels.Set(w.label_name, w.name);
    return rule;
  };
  if (m.auth_failures) {
    // The baseline averages the 5m rate over the day before (a subquery), so a
    // counter with less than a day of history is compared with what it has.
    const std::string now = "sum(rate(" + *m.auth_failures + "[" + kRateWindow + "]))";
    const std::string baseline = "(avg_over_time(" + now + "[" + kBaselineWindow + ":" + kRateWindow + "] offset " +
                                 kRateWindow + ") or vector(0))";
    rules.Push(with_subject(Rule(kAuthSpike, now + " > " + std::to_string(kSpikeFactor) + " * " + baseline,
                                 Duration::Minutes(5), w.owner,
                                 "API auth failures of " + Subject(w) + " at {{ $value | humanize }}/s, over " +
                                     std::to_string(kSpikeFactor) + " x the rate of the day before",
                                 "rekey explain RK-AGE-002; check the last rotation (`rekey plan`, the audit log); "
                                 "if the key may be compromised: " +
                                     emergency)));
  }
  if (m.revoked_key_use) {
    rules.Push(with_subject(
        Rule(kRevokedUse, "sum(increase(" + *m.revoked_key_use + "[" + kRateWindow + "])) > 0", Duration(), w.owner,
             "{{ $value | humanize }} attempts with a revoked key of " + Subject(w) + " in the last " + kRateWindow,
             "find the caller (a consumer left on a revoked key, or someone holding a leaked "
             "copy); if compromise is possible: " +
                 emergency)));
  }
  if (m.key_use) {
    Duration for_duration = Duration::Minutes(10);
    if (!w.keys.empty()) for_duration = w.keys.front()->thresholds.old_key_for;
    rules.Push(with_subject(Rule(kOldKeyUsed, PendingPastGrace(w.keys) + " and on (key_id) (" + KeyIdUse(m) + ")",
                                 for_duration, w.owner,
                                 "The previous key {{ $labels.key_id }} of {{ $labels.key }} is still used "
                                 "after the grace period (" +
                                     Subject(w) + ")",
                                 "rekey explain RK-AGE-003; restart or fix the consumers still on the old key, "
                                 "then `rekey apply --resume` revokes it")));
  }
}

void AddApplication(const Model& model, const std::vector<KeyFacts>& keys, YamlValue& rules,
                    std::vector<std::string>& notes) {
  std::map<std::string, const KeyFacts*> by_name;
  for (const KeyFacts& k : keys) by_name[k.key->name] = &k;
  // Which keys a service's selectors cover: those naming it in used_by.
  std::map<std::string, std::vector<const KeyFacts*>> users;
  for (const KeyFacts& k : keys) {
    for (const std::string& s : k.key->used_by.value_or(std::vector<std::string>{})) users[s].push_back(&k);
  }
  std::map<std::string, std::set<std::string>> covered;  // selector field -> keys watched
  const auto cover = [&covered](const Monitoring& m, const std::vector<const KeyFacts*>& ks) {
    for (const KeyFacts* k : ks) {
      if (m.auth_failures) covered["auth_failures"].insert(k->key->name);
      if (m.revoked_key_use) covered["revoked_key_use"].insert(k->key->name);
      if (m.key_use) covered["key_use"].insert(k->key->name);
    }
  };
  for (const KeyFacts& k : keys) {
    if (!k.key->monitoring) continue;
    Watched w{"key", k.key->name, k.key->owner.value_or(""), {&k}, &*k.key->monitoring};
    AddApplicationRules(w, rules);
    cover(*w.monitoring, w.keys);
  }
  std::vector<const Service*> services;
  for (const Service& s : model.services) services.push_back(&s);
  std::stable_sort(services.begin(), services.end(),
                   [](const Service* a, const Service* b) { return a->name < b->name; });
  for (const Service* s : services) {
    if (!s->monitoring) continue;
    Watched w{"service", s->name, "", users[s->name], &*s->monitoring};
    AddApplicationRules(w, rules);
    cover(*w.monitoring, w.keys);
  }
  for (const auto& [field, alert] :
       {std::pair{"auth_failures", kAuthSpike.alert}, std::pair{"revoked_key_use", kRevokedUse.alert},
        std::pair{"key_use", kOldKeyUsed.alert}}) {
    std::vector<std::string> missing;
    for (const KeyFacts& k : keys) {
      if (!covered[field].count(k.key->name)) missing.push_back(k.key->name);
    }
    if (missing.empty()) continue;
    notes.push_back(std::string(alert) + " omitted for " + NameList(missing) + ": no monitoring." + field +
                    " selector on the key or a service using it");
  }
}

YamlValue Group(const std::string& name, YamlValue rules) {
  YamlValue group = YamlValue::Map();
  group.Set("name", name).Set("rules", std::move(rules));
  return group;
}

}  // namespace

CompileOutput CompilePrometheusRules(const Model& model, const Policy& policy, const CompileStamp& stamp) {
  const std::vector<KeyStatus> status = ComputeKeyStatus(model);
  const std::vector<KeyFacts> keys = SortedKeys(model, policy, status);
  std::vector<std::string> notes;
  YamlValue rotation = YamlValue::Seq();
  AddRotationFailed(keys, rotation, notes);
  AddKeyAge(keys, rotation, notes);
  AddOldKeyNotRevoked(keys, rotation, notes);
  YamlValue application = YamlValue::Seq();
  AddApplication(model, keys, application, notes);
  YamlValue meta = YamlValue::Seq();
  meta.Push(Rule(kMetricsAbsent, "absent(rekey_build_info)", Duration::Minutes(15), "",
                 "No rekey metrics: rotation alerts cannot fire",
                 "check the job that runs `rekey metrics -o` (node_exporter textfile collector) or the `rekey metrics "
                 "--listen` target in Prometheus"));

  YamlValue groups = YamlValue::Seq();
  if (!rotation.empty()) groups.Push(Group("rekey-rotation", std::move(rotation)));
  if (!application.empty()) groups.Push(Group("rekey-application", std::move(application)));
  groups.Push(Group("rekey-meta", std::move(meta)));
  YamlValue doc = YamlValue::Map();
  doc.Set("groups", std::move(groups));
  const std::string header = YamlHeader(
      stamp, "Prometheus alerting rules for the API-key rotation inventory (the seed's monitoring rules).", notes);
  return {{{DefaultFileName(CompileTarget::kPrometheus), RedactTokens(header + doc.Emit(), model.sensitive)}}};
}

}  // namespace rekey
