// `rekey plan`: write the rotation plan for a horizon (markdown, json, text),
// check that a committed plan is current (--check), or plan an emergency
// rotation of one key (--emergency).
#include "rekey/plan/plan.h"

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/leak_link.h"
#include "cli/model_inputs.h"
#include "cli/output.h"
#include "rekey/base/clock.h"
#include "rekey/base/read_file.h"
#include "rekey/base/text.h"
#include "rekey/link/findings_file.h"
#include "rekey/policy/check.h"
#include "rekey/report/check_report.h"
#include "rekey/report/plan_report.h"

namespace rekey {
namespace {

struct PlanCliOptions {
  ModelOptions model;
  std::string from;  // RFC 3339; empty = --now, else the clock
  std::string horizon = "90d";
  std::string format = "markdown";
  std::string output;
  std::string check;  // a committed plan to verify
  std::string emergency;
  std::string from_findings;  // findings JSON: the leak response for the keys it holds
};

// What a committed plan records about how it was made (its marker).
struct PlanStamp {
  std::string format, from, horizon, inputs_sha256, emergency;
};

// A regular file only: a committed plan path may name anything.
bool ReadFile(const std::string& path, std::string& text) {
  Result<std::string> read = ReadRegularFile(path, {});
  if (!read) return false;
  text = std::move(*read);
  return true;
}

// The stamp of a JSON plan (its top level) or of a markdown/text plan (the marker line).
std::optional<PlanStamp> ReadStamp(const std::string& text) {
  const size_t start = text.find_first_not_of(" \t\r\n");
  const bool json = start != std::string::npos && text[start] == '{';
  std::string object = text;
  if (!json) {
    const size_t at = text.find(kPlanMarkerTag);
    if (at == std::string::npos) return std::nullopt;
    const size_t begin = at + std::string_view(kPlanMarkerTag).size();
    object = text.substr(begin, text.find('\n', begin) - begin);
    if (const size_t close = object.rfind(" -->"); close != std::string::npos) object.resize(close);
  }
  nlohmann::json j = nlohmann::json::parse(object, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("from") || !j.contains("horizon")) return std::nullopt;
  auto str = [&j](const char* name) {
    return j.contains(name) && j[name].is_string() ? j[name].get<std::string>() : "";
  };
  PlanStamp stamp{json ? "json" : str("format"), str("from"), str("horizon"), str("inputs_sha256"), ""};
  if (json) {
    stamp.emergency = str("emergency_key");
    if (j.contains("inputs") && j["inputs"].is_object() && j["inputs"].contains("model_sha256")) {
      stamp.inputs_sha256 = j["inputs"]["model_sha256"].get<std::string>();
    }
  } else {
    stamp.emergency = str("emergency");
  }
  return stamp;
}

// The plan's lines minus those that only restate the input hash (reported once above).
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const bool hash_line = line.find(kPlanMarkerTag) != std::string::npos ||
                           line.find("model sha256") != std::string::npos ||
                           line.find("\"model_sha256\"") != std::string::npos;
    if (!hash_line) lines.push_back(line);
  }
  return lines;
}

// Lines of `a` that `b` lacks, counting repeats, in `a`'s order.
std::vector<std::string> Missing(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::map<std::string, int> have;
  for (const std::string& l : b) ++have[l];
  std::vector<std::string> out;
  for (const std::string& l : a) {
    if (have[l] > 0)
      --have[l];
    else
      out.push_back(l);
  }
  return out;
}

// The model flags as given, so the "regenerate" line can be pasted.
std::string ModelFlags(const ModelOptions& m) {
  std::string out;
  auto add = [&out](const char* flag, const std::string& value) {
    if (!value.empty()) out += std::string(" ") + flag + " " + value;
  };
  for (const std::string& v : m.inventory) add("--inventory", v);
  for (const std::string& v : m.schedules) add("--schedules", v);
  for (const std::string& v : m.services) add("--services", v);
  add("--audit-log", m.audit_log);
  add("--policy", m.policy);
  add("--config", m.config);
  return out;
}

std::string StaleReport(const std::string& path, const PlanStamp& stamp, const RotationPlan& plan,
                        const std::string& model_flags, const std::string& committed, const std::string& fresh) {
  const std::string old_sha = stamp.inputs_sha256.substr(0, 12);
  const std::string new_sha = plan.inputs.model_sha256.substr(0, 12);
  std::string out = "rekey plan: " + path + " is stale: ";
  out += old_sha != new_sha ? "the model changed (inputs sha256 " + old_sha + " -> " + new_sha + ")\n"
                            : "the inputs hash is unchanged, but the policy, tzdata or rekey changed the plan\n";
  const std::vector<std::string> old_lines = Lines(committed), new_lines = Lines(fresh);
  const std::vector<std::string> removed = Missing(old_lines, new_lines), added = Missing(new_lines, old_lines);
  out += "  " + std::to_string(removed.size()) + " line(s) only in the committed plan, " +
         std::to_string(added.size()) + " only in the regenerated one:\n";
  constexpr size_t kShow = 8;
  for (size_t i = 0; i < removed.size() && i < kShow; ++i) out += "  - " + removed[i] + "\n";
  if (removed.size() > kShow) out += "  - ... " + std::to_string(removed.size() - kShow) + " more\n";
  for (size_t i = 0; i < added.size() && i < kShow; ++i) out += "  + " + added[i] + "\n";
  if (added.size() > kShow) out += "  + ... " + std::to_string(added.size() - kShow) + " more\n";
  out += "  regenerate: rekey plan" + model_flags + " --from " + stamp.from + " --horizon " + stamp.horizon +
         " --format " + stamp.format + (stamp.emergency.empty() ? "" : " --emergency " + stamp.emergency) + " --out " +
         path + "\n";
  return out;
}

int InputError(const std::string& message, const std::string& hint = "") {
  PrintUsageError(message, hint);
  return kExitInputError;
}

// --check: the committed plan decides from, horizon, format and emergency key.
// Returns an exit code when FILE cannot serve.
std::optional<int> AdoptCommittedPlan(PlanCliOptions& options, std::string& committed,
                                      std::optional<PlanStamp>& stamp) {
  if (!ReadFile(options.check, committed)) return InputError("cannot read plan " + options.check);
  stamp = ReadStamp(committed);
  if (!stamp) {
    return InputError(options.check + " is not a rekey plan (no `rekey-plan:` marker or JSON plan)",
                      "write it with `rekey plan --out " + options.check + "`");
  }
  options.from = stamp->from;
  options.horizon = stamp->horizon;
  options.format = stamp->format;
  options.emergency = stamp->emergency;
  return std::nullopt;
}

// The plan's start (--from, else --now, else the clock) and horizon.
std::optional<int> ResolveWindow(const PlanCliOptions& options, PlanOptions& out) {
  out.from = SystemClock().Now();
  const std::string& from_text = options.from.empty() ? options.model.now : options.from;
  if (!from_text.empty()) {
    Result<Timestamp> parsed = ParseRfc3339(from_text);
    if (!parsed) return InputError("--from " + Quote(from_text) + ": " + parsed.error().message, parsed.error().hint);
    out.from = *parsed;
  }
  Result<Duration> horizon = ParseDuration(options.horizon);
  if (!horizon) {
    return InputError("--horizon " + Quote(options.horizon) + ": " + horizon.error().message, horizon.error().hint);
  }
  out.horizon = *horizon;
  return std::nullopt;
}

std::optional<int> ResolveEmergency(const std::string& name, const Model& model, PlanOptions& out) {
  if (name.empty()) return std::nullopt;
  if (model.FindKey(name) == nullptr) {
    std::vector<std::string> names;
    for (const ApiKey& k : model.keys) names.push_back(k.name);
    std::optional<std::string> close = SuggestClosest(name, names);
    return InputError("--emergency: no api key named " + Quote(name),
                      close ? "did you mean " + Quote(*close) + "?" : "keys: " + Join(names, ", "));
  }
  out.emergency_key = name;
  return std::nullopt;
}

// --from-findings FILE: every finding linked to the model; the plan rotates
// the keys they are, most urgent first, and lists the unmanaged ones.
std::optional<int> ResolveLeaks(const std::string& path, const Model& model, PlanOptions& out) {
  if (path.empty()) return std::nullopt;
  Diagnostics diags;
  std::vector<Finding> findings = ReadFindingsFile(path, diags);
  PrintDiagnostics(diags);
  if (diags.HasErrors()) return kExitInputError;
  LinkedExposures linked = LinkToModel(findings, model);
  out.leak_response = true;
  out.exposures = std::move(linked.exposures);
  out.unmanaged = std::move(linked.unmanaged);
  out.findings_source = path;
  return std::nullopt;
}

int RunPlan(PlanCliOptions options, const GlobalOptions& global) {
  const int modes =
      (options.check.empty() ? 0 : 1) + (options.emergency.empty() ? 0 : 1) + (options.from_findings.empty() ? 0 : 1);
  if (modes > 1) return InputError("--check, --emergency and --from-findings are different plans", "pick one");
  // --check FILE: adopt the window and format FILE was written with.
  std::string committed;
  std::optional<PlanStamp> stamp;
  if (!options.check.empty()) {
    if (std::optional<int> exit = AdoptCommittedPlan(options, committed, stamp)) return *exit;
  }
  // The window; its start is also the policy's "now", so plan and check agree.
  PlanOptions plan_options;
  if (std::optional<int> exit = ResolveWindow(options, plan_options)) return *exit;
  options.model.now = plan_options.from.ToRfc3339();
  // Load every input, collecting all problems before stopping.
  LoadedModel loaded = LoadModelInputs(options.model);
  std::cerr << RedactTokens(RenderDiagnosticsText(loaded.diags.items(), UseColor(global.color, stderr)),
                            loaded.model.sensitive);
  if (loaded.diags.HasErrors()) return kExitInputError;
  if (std::optional<int> exit = ResolveEmergency(options.emergency, loaded.model, plan_options)) return *exit;
  if (std::optional<int> exit = ResolveLeaks(options.from_findings, loaded.model, plan_options)) return *exit;
  // Policy first: error violations block the rotations they concern.
  EvaluateOptions evaluate = PolicyEvaluateOptions();
  evaluate.exposures = plan_options.exposures;
  const std::vector<Violation> violations = Evaluate(loaded.model, loaded.policy, plan_options.from, evaluate);
  const RotationPlan plan = BuildPlan(loaded.model, violations, plan_options);
  const std::string text = RedactTokens(RenderPlan(plan, options.format), loaded.model.sensitive);
  if (!stamp) return WriteOutput(options.output, text) ? kExitClean : kExitInputError;
  // --check: byte-identical means current; otherwise say what changed.
  if (text == committed) {
    if (!global.quiet)
      std::cout << "rekey plan: " << options.check << " is up to date. " << PlanSummaryLine(plan) << "\n";
    return kExitClean;
  }
  std::cout << StaleReport(options.check, *stamp, plan, ModelFlags(options.model), committed, text);
  return kExitFindings;
}

}  // namespace

void AddPlanCommand(CLI::App& app, CommandContext& ctx) {
  auto options = std::make_shared<PlanCliOptions>();
  CLI::App* cmd = app.add_subcommand("plan", "Write the rotation plan (dual-key steps, times, rollback, blocks)");
  AddModelOptions(*cmd, options->model);
  cmd->add_option("--from", options->from, "Start of the plan, RFC 3339 (default: --now, else the clock)")
      ->type_name("RFC3339");
  cmd->add_option("--horizon", options->horizon, "How far ahead to plan, e.g. 90d, 26w")
      ->type_name("DURATION")
      ->default_str("90d");
  cmd->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"markdown", "json", "text"}))
      ->default_str("markdown");
  cmd->add_option("-o,--out,--output", options->output, "Write the plan to FILE instead of stdout")->type_name("FILE");
  cmd->add_option("--check", options->check,
                  "Regenerate the plan FILE records (from, horizon, format) and fail if it differs")
      ->type_name("FILE");
  cmd->add_option("--emergency", options->emergency, "Plan an immediate rotation of KEY (compromised key)")
      ->type_name("KEY");
  cmd->add_option("--from-findings", options->from_findings,
                  "Emergency rotation of every inventory key found in FILE (`rekey scan --format json`)")
      ->type_name("FILE");
  cmd->footer(
      "Exit: 0 plan written or --check current, 1 --check found the plan stale, 2 input error.\n"
      "Example: rekey plan --from 2026-11-25T00:00:00Z --out PLAN.md; in CI: rekey plan --check PLAN.md");
  cmd->callback([options, &ctx] { ctx.exit_code = RunPlan(*options, ctx.global); });
}

}  // namespace rekey
