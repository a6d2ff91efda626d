// `rekey checks` lists the catalogue under the active policy; `rekey explain
// ID` prints one check's rationale, thresholds and fix.
#include <iostream>

#include "cli/command.h"
#include "cli/model_inputs.h"
#include "rekey/base/text.h"
#include "rekey/policy/check.h"

namespace rekey {
namespace {

std::string Thresholds(const Policy& policy, const Check& check) {
  const CheckSettings* s = policy.Find(check.id);
  if (s == nullptr) return "";
  std::string out;
  for (const auto& [name, value] : s->params) out += (out.empty() ? "" : ", ") + name + "=" + value;
  for (const auto& [crit, o] : s->by_criticality) {
    for (const auto& [name, value] : o.params) out += (out.empty() ? "" : ", ") + crit + ":" + name + "=" + value;
  }
  for (const auto& [env, o] : s->by_environment) {
    for (const auto& [name, value] : o.params) out += (out.empty() ? "" : ", ") + env + ":" + name + "=" + value;
    if (o.severity) out += (out.empty() ? "" : ", ") + env + ":severity=" + std::string(SeverityName(*o.severity));
  }
  return out;
}

int RunChecks(const std::string& policy_path) {
  Diagnostics diags;
  const Policy policy = LoadPolicy(policy_path, diags);
  PrintDiagnostics(diags);
  if (diags.HasErrors()) return kExitInputError;
  for (const Check* check : AllChecks()) {
    const std::string state =
        policy.Enabled(check->id) ? std::string(SeverityName(policy.SeverityOf(check->id))) : "off";
    const std::string id = check->id;
    std::string line =
        id + std::string(12 - id.size(), ' ') + state + std::string(8 - state.size(), ' ') + check->title;
    const std::string t = Thresholds(policy, *check);
    if (!t.empty()) line += "  [" + t + "]";
    std::cout << line << "\n";
  }
  return kExitClean;
}

int RunExplain(const std::string& id, const std::string& policy_path) {
  const Check* check = FindCheck(id);
  if (check == nullptr) {
    std::vector<std::string> ids;
    for (const Check* c : AllChecks()) ids.push_back(c->id);
    std::optional<std::string> guess = SuggestClosest(id, ids);
    PrintUsageError("unknown check id " + Quote(id),
                    guess ? "did you mean " + *guess + "?" : "`rekey checks` lists the ids");
    return kExitInputError;
  }
  Diagnostics diags;
  const Policy policy = LoadPolicy(policy_path, diags);
  PrintDiagnostics(diags);
  if (diags.HasErrors()) return kExitInputError;
  std::cout << check->id << ": " << check->title << "\n\n"
            << "Severity:   " << (policy.Enabled(check->id) ? SeverityName(policy.SeverityOf(check->id)) : "off")
            << " (default " << SeverityName(check->default_severity) << ", policy: " << policy.source() << ")\n";
  const std::string t = Thresholds(policy, *check);
  if (!t.empty()) std::cout << "Thresholds: " << t << "\n";
  std::cout << "\nWhy: " << check->rationale << "\n\nFix: " << check->fix << "\n\n"
            << "Silence one occurrence: # rekey:ignore " << check->id
            << " reason=\"...\" until=YYYY-MM-DD (on the key's line or the line above it)\n";
  return kExitClean;
}

}  // namespace

void AddChecksCommand(CLI::App& app, CommandContext& ctx) {
  auto policy = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("checks", "List every policy check with its severity under the active policy");
  cmd->add_option("--policy", *policy, "Policy file extending the built-in default, or `strict`");
  cmd->callback([policy, &ctx] { ctx.exit_code = RunChecks(*policy); });
}

void AddExplainCommand(CLI::App& app, CommandContext& ctx) {
  auto id = std::make_shared<std::string>();
  auto policy = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("explain", "Print a check's rationale, thresholds and fix");
  cmd->add_option("id", *id, "Check id, e.g. RK-ROT-003")->required();
  cmd->add_option("--policy", *policy, "Policy file extending the built-in default, or `strict`");
  cmd->callback([id, policy, &ctx] { ctx.exit_code = RunExplain(*id, *policy); });
}

}  // namespace rekey
