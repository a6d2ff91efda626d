// RK-SCH-008: the schedule can be expressed on the platform that runs it,
// recognised from the key's vault (AWS Secrets Manager) or provider_api's host
// (research/rotation.md §1 limits).
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

std::string Host(const std::string& url) {
  const size_t start = url.find("://");
  if (start == std::string::npos) return "";
  const size_t end = url.find_first_of("/:?#", start + 3);
  return url.substr(start + 3, end == std::string::npos ? std::string::npos : end - start - 3);
}

bool Contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

// The first platform limit the schedule breaks, or "".
std::string Problem(const ScheduleFacts& f, const ApiKey& key, const std::string& host) {
  const Schedule& s = *f.schedule;
  const Duration min_gap = f.cadence && f.cadence->fire_count >= 2 ? f.cadence->min_gap : Duration::Days(100000);
  const bool aws_vault = key.EffectiveVault() == VaultKind::kAwsSecretsManager;
  if (aws_vault || (Contains(host, "secretsmanager.") && Contains(host, "amazonaws.com"))) {
    if (s.dialect != ScheduleDialect::kAws) {
      // `rekey compile aws` writes the cron(...) form of a POSIX schedule that has one.
      Result<std::string> translated = ToAwsCron(*f.expr);
      if (!translated)
        return "AWS Secrets Manager takes cron(...) or rate(...), and this has no AWS form: " +
               translated.error().message;
    }
    if (f.zone && !f.zone->is_utc()) return "AWS Secrets Manager schedules run in UTC only";
    if (s.grace_period && *s.grace_period > Duration::Hours(24)) return "AWS rotation windows are at most 24h";
    if (min_gap < Duration::Hours(4)) return "AWS Secrets Manager rotates at most every 4h";
  } else if (Contains(host, "secretmanager.googleapis.com")) {
    if (min_gap < Duration::Hours(1)) return "Google Secret Manager rotation_period is at least 1h";
  } else if (Contains(host, "vault.azure.net")) {
    if (min_gap < Duration::Days(7)) return "Azure Key Vault rotates at least 7 days apart";
  } else if (s.dialect == ScheduleDialect::kAws) {
    return "dialect aws is only for AWS Secrets Manager (provider_api " + host + ")";
  }
  return "";
}

void Run(CheckContext& ctx) {
  for (const ScheduleFacts& f : ctx.facts().schedules) {
    if (f.key == nullptr || !f.expr) continue;
    if (!f.key->provider_api && f.key->EffectiveVault() != VaultKind::kAwsSecretsManager) continue;
    const std::string problem = Problem(f, *f.key, f.key->provider_api ? Host(*f.key->provider_api) : "");
    if (problem.empty()) continue;
    ctx.Report(f.key, f.schedule->LocOf("schedule"), f.key->name,
               "schedule " + ExprLabel(*f.schedule) + " of " + KeyLabel(*f.key) + " cannot run as written: " + problem,
               "adapt the schedule to the platform's limits");
  }
}

}  // namespace

extern const Check kCheckSch008 = {
    "RK-SCH-008",
    Severity::kError,
    "Schedule is expressible on its platform",
    "AWS needs minute 0, year *, UTC and >= 4h; Google >= 1h; Azure >= 7 days. A schedule the platform rejects "
    "never rotates.",
    "Rewrite the schedule within the platform's limits.",
    "",
    Run};

}  // namespace rekey
