// `rekey compile aws`: an AWS::SecretsManager::RotationSchedule per key kept
// in AWS Secrets Manager, in a CloudFormation JSON template. The schedule
// becomes RotationRules: an AWS cron(...) or rate(N hours) as written, a POSIX
// cron translated when AWS can express it (ToAwsCron), rate(N days) as
// AutomaticallyAfterDays (both count from the previous rotation); the grace
// period becomes the rotation window Duration.
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>

#include "emit/compile_internal.h"
#include "rekey/base/sha256.h"
#include "rekey/base/text.h"
#include "rekey/cron/cron_expr.h"

namespace rekey {
namespace {

using Json = nlohmann::ordered_json;

constexpr int64_t kMinAwsIntervalHours = 4;  // Secrets Manager rotates at most every 4 hours

// "StripeApiKeyRotationSchedule": logical ids are alphanumeric.
std::string LogicalId(const std::string& key, std::set<std::string>& used) {
  std::string id;
  bool upper = true;
  for (char c : key) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (!std::isalnum(u)) {
      upper = true;
      continue;
    }
    id += upper ? static_cast<char>(std::toupper(u)) : c;
    upper = false;
  }
  if (id.empty() || std::isdigit(static_cast<unsigned char>(id[0]))) id = "Key" + id;
  id += "RotationSchedule";
  if (id.size() > 200) id.resize(200);
  if (!used.insert(id).second) {
    id += Sha256Hex(key).substr(0, 8);
    used.insert(id);
  }
  return id;
}

// Hours between window starts on one day and into the next (a cron's hour set).
int MinHourGap(uint32_t hours) {
  std::vector<int> set;
  for (int h = 0; h < 24; ++h) {
    if (hours >> h & 1u) set.push_back(h);
  }
  if (set.empty()) return 24;
  int gap = 24 - set.back() + set.front();
  for (size_t i = 1; i < set.size(); ++i) gap = std::min(gap, set[i] - set[i - 1]);
  return gap;
}

struct Rules {
  Json json = Json::object();
  std::string note;  // why the window differs from the grace period, if it does
};

// The rotation window from the grace period: whole hours, at least 1, within
// `max_hours` (the next window or the end of the UTC day).
void SetDuration(Rules& rules, Duration grace, int max_hours, const std::string& key) {
  int64_t hours = std::max<int64_t>(1, (grace.seconds() + 3599) / 3600);
  if (hours > max_hours) {
    rules.note = key + ": rotation window " + std::to_string(max_hours) + "h, not the grace period " +
                 grace.ToString() + ": an AWS window may not reach the next window or the next UTC day";
    hours = max_hours;
  }
  rules.json["Duration"] = std::to_string(hours) + "h";
}

struct AwsCompiler {
  const Model& model;
  Diagnostics& diags;
  std::vector<std::string> notes;

  std::optional<Rules> RulesFor(const ApiKey& key, const Schedule& s) {
    const Duration grace = s.grace_period.value_or(Duration::Hours(1));
    const bool aws = s.dialect == ScheduleDialect::kAws;
    Result<CronExpr> expr = ParseCron(s.expression, aws ? CronDialect::kAws : CronDialect::kPosix);
    if (!expr) return Fail(s, key, "does not parse: " + expr.error().message, "rekey check reports it (RK-SCH-001)");
    Rules rules;
    if (expr->kind() == CronExpr::Kind::kRate) {
      const int64_t hours = expr->rate().seconds() / 3600;
      if (hours % 24 == 0) {
        rules.json["AutomaticallyAfterDays"] = hours / 24;
        rules.note = key.name + ": rate(" + std::to_string(hours / 24) +
                     " days) counts from the previous rotation, as AutomaticallyAfterDays does; AWS opens no "
                     "window for it, so the grace period " +
                     grace.ToString() + " is not a Duration";
        return rules;
      }
      rules.json["ScheduleExpression"] = s.expression;
      SetDuration(rules, grace, static_cast<int>(std::min<int64_t>(hours, 24)), key.name);
      return rules;
    }
    std::string text = s.expression;
    if (!aws) {
      if (s.timezone && *s.timezone != "UTC" && *s.timezone != "Etc/UTC") {
        return Fail(s, key, "runs in " + *s.timezone + ", and AWS Secrets Manager schedules run in UTC",
                    "write the schedule in UTC (drop timezone:) for a key in AWS Secrets Manager");
      }
      Result<std::string> translated = ToAwsCron(*expr);
      if (!translated) return Fail(s, key, "has no AWS form: " + translated.error().message, translated.error().hint);
      text = *translated;
    }
    const int gap = MinHourGap(expr->hours());
    if (gap < kMinAwsIntervalHours) {
      return Fail(s, key,
                  "fires " + std::to_string(gap) + "h apart; AWS Secrets Manager rotates at most every " +
                      std::to_string(kMinAwsIntervalHours) + "h",
                  "fire at most every 4 hours");
    }
    int last_hour = 0;
    for (int h = 0; h < 24; ++h) {
      if (expr->hours() >> h & 1u) last_hour = h;
    }
    rules.json["ScheduleExpression"] = text;
    SetDuration(rules, grace, std::min(gap, 24 - last_hour), key.name);
    return rules;
  }

  std::optional<Rules> Fail(const Schedule& s, const ApiKey& key, const std::string& problem, const std::string& hint) {
    diags.Error(s.LocOf("schedule"), "RK-EMIT-002",
                "schedule " + Quote(s.expression) + " of " + Quote(key.name) + " (AWS Secrets Manager) " + problem,
                hint);
    return std::nullopt;
  }
};

}  // namespace

CompileOutput CompileCloudFormation(const Model& model, const CompileStamp& stamp, Diagnostics& diags) {
  AwsCompiler c{model, diags, {}};
  std::vector<const Schedule*> schedules;
  for (const Schedule& s : model.schedules) {
    if (s.resolution.status != Resolution::Status::kResolved) continue;
    if (model.keys[s.resolution.key].EffectiveVault() == VaultKind::kAwsSecretsManager) schedules.push_back(&s);
  }
  std::stable_sort(schedules.begin(), schedules.end(), [&model](const Schedule* a, const Schedule* b) {
    return model.keys[a->resolution.key].name < model.keys[b->resolution.key].name;
  });
  std::vector<std::string> unscheduled;
  for (const ApiKey& k : model.keys) {
    if (k.EffectiveVault() != VaultKind::kAwsSecretsManager) continue;
    bool has = false;
    for (const Schedule* s : schedules) has = has || &model.keys[s->resolution.key] == &k;
    if (!has) unscheduled.push_back(k.name);
  }
  if (!unscheduled.empty()) c.notes.push_back("no rotation schedule for " + NameList(unscheduled) + " (RK-INV-003)");

  Json resources = Json::object();
  std::set<std::string> ids;
  std::set<size_t> seen;
  for (const Schedule* s : schedules) {
    const ApiKey& key = model.keys[s->resolution.key];
    if (!seen.insert(static_cast<size_t>(s->resolution.key)).second) continue;  // one schedule per secret
    if (!key.vault_path) {
      diags.Error(key.loc, "RK-EMIT-003",
                  "api key " + Quote(key.name) + " is in AWS Secrets Manager but has no vault_path",
                  "set vault_path to the secret's name or ARN (the RotationSchedule's SecretId)");
      continue;
    }
    std::optional<Rules> rules = c.RulesFor(key, *s);
    if (!rules) continue;
    if (!rules->note.empty()) c.notes.push_back(rules->note);
    Json props = Json::object();
    props["SecretId"] = *key.vault_path;
    props["RotationLambdaARN"] = Json{{"Ref", "RotationLambdaArn"}};
    props["RotateImmediatelyOnUpdate"] = s->rotate_immediately.value_or(false);
    props["RotationRules"] = rules->json;
    resources[LogicalId(key.name, ids)] =
        Json{{"Type", "AWS::SecretsManager::RotationSchedule"}, {"Properties", props}};
  }
  if (schedules.empty() && unscheduled.empty()) {
    diags.Error({}, "RK-EMIT-004", "no api key is kept in AWS Secrets Manager: nothing to compile for aws",
                "mark keys with vault: aws-secrets-manager (or give an arn:aws:secretsmanager: vault_path)");
    return {};
  }
  if (resources.empty()) {
    if (!diags.HasErrors()) {
      diags.Error({}, "RK-EMIT-004", "no api key in AWS Secrets Manager has a rotation schedule: nothing to compile",
                  "add a rotation_schedules entry for " + NameList(unscheduled));
    }
    return {};
  }

  Json doc = Json::object();
  doc["AWSTemplateFormatVersion"] = "2010-09-09";
  doc["Description"] =
      "Secrets Manager rotation schedules for the API keys of the rekey inventory. Generated by `rekey compile aws`; "
      "do not edit. CI: `rekey compile aws --check -o <this file>`.";
  Json meta = Json::object();
  meta["rekey-compile"] = Json::parse(StampJson(stamp));
  if (!c.notes.empty()) meta["rekey-notes"] = c.notes;
  doc["Metadata"] = meta;
  doc["Parameters"] =
      Json{{"RotationLambdaArn",
            Json{{"Type", "String"},
                 {"Description", "ARN of the rotation Lambda function Secrets Manager invokes for these secrets"}}}};
  doc["Resources"] = resources;
  return {{{DefaultFileName(CompileTarget::kAws), RedactTokens(doc.dump(2) + "\n", model.sensitive)}}};
}

}  // namespace rekey
