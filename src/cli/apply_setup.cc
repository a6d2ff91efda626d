// RunApplyCommand: flags -> journal, clients, orchestrator -> RunApply.
#include "cli/apply_setup.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli/leak_link.h"
#include "cli/output.h"
#include "rekey/apply/journal.h"
#include "rekey/base/clock.h"
#include "rekey/base/read_file.h"
#include "rekey/base/text.h"
#include "rekey/config/config.h"
#include "rekey/policy/check.h"
#include "rekey/report/check_report.h"

namespace rekey {
namespace {

int InputError(const std::string& message, const std::string& hint = "") {
  PrintUsageError(message, hint);
  return kExitInputError;
}

// The config file's apply settings and audit log (flags win).
void AdoptConfig(ApplyCliOptions& o, Diagnostics& diags) {
  std::optional<std::string> path = o.model.config.empty() ? FindConfigFile(".") : o.model.config;
  if (!path) return;
  const Config config = LoadConfig(*path, diags);
  if (o.model.audit_log.empty()) o.model.audit_log = config.audit_log;
  if (o.notify.empty()) o.notify = config.apply.notify;
  if (o.providers.empty()) o.providers = config.apply.providers;
}

// Due rotations are looked for back to 1.5 x the longest rotation_frequency.
Duration Lookback(const Model& model) {
  Duration longest = Duration::Days(31);
  for (const ApiKey& k : model.keys) {
    if (k.rotation_frequency && *k.rotation_frequency > longest) longest = *k.rotation_frequency;
  }
  return std::min(longest.Scaled(1.5), Duration::Days(400));
}

// The plan apply acts on: the committed file, the emergency plan, or the model's.
std::optional<RotationPlan> MakePlan(const ApplyCliOptions& o, const LoadedModel& loaded, Timestamp now) {
  if (!o.plan_file.empty()) {
    Result<std::string> text = ReadRegularFile(o.plan_file, {});
    if (!text) {
      InputError("cannot read plan " + o.plan_file + ": " + text.error().message);
      return std::nullopt;
    }
    Result<RotationPlan> plan = ReadPlanJson(*text);
    if (!plan) {
      InputError(o.plan_file + ": " + plan.error().message, plan.error().hint);
      return std::nullopt;
    }
    return std::move(*plan);
  }
  PlanOptions options;
  std::vector<Violation> violations = Evaluate(loaded.model, loaded.policy, now, PolicyEvaluateOptions());
  // The RK-AGE checks judge the rotation history (a failed or late rotation):
  // the rotation apply is about to run is their remedy, so they do not block it.
  std::erase_if(violations, [](const Violation& v) { return v.id.rfind("RK-AGE-", 0) == 0; });
  if (o.mode == ApplyMode::kRotate && o.emergency) {
    options.from = now;
    options.emergency_key = o.key;
  } else {
    options.horizon = Lookback(loaded.model);
    options.from = now - options.horizon;
  }
  return BuildPlan(loaded.model, violations, options);
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

}  // namespace

void AddRotationOptions(CLI::App& cmd, ApplyCliOptions& o) {
  AddModelOptions(cmd, o.model);
  cmd.add_flag("--dry-run", o.dry_run, "Print every request it would make (secrets redacted); change nothing");
  cmd.add_option("--notify", o.notify,
                 "Alert hook: run CMD (sh -c) with the failed/rolled_back/verify_timeout event as JSON on stdin")
      ->type_name("CMD");
  cmd.add_option("--providers", o.providers,
                 "Provider catalog with api: blocks (repeatable; searched before the built-in catalog)")
      ->type_name("FILE");
  cmd.add_option("--http-timeout", o.http_timeout, "Timeout of one HTTP request to Vault or a provider (default 15s)")
      ->type_name("DURATION");
}

int RunApplyCommand(ApplyCliOptions o, const GlobalOptions& global) {
  Diagnostics config_diags;
  AdoptConfig(o, config_diags);
  PrintDiagnostics(config_diags);
  if (config_diags.HasErrors()) return kExitInputError;
  if (o.model.audit_log.empty()) {
    return InputError("rekey " + std::string(o.mode == ApplyMode::kRollback ? "rollback" : "apply") +
                          " needs the audit log, its journal",
                      "pass --audit-log FILE or set audit_log: in .rekey.yaml");
  }
  Result<Duration> catch_up = ParseDuration(o.catch_up);
  if (!catch_up) return InputError("--catch-up: " + catch_up.error().message, catch_up.error().hint);
  Result<Duration> http_timeout = ParseDuration(o.http_timeout);
  if (!http_timeout || http_timeout->seconds() <= 0) {
    return InputError("--http-timeout: " + (http_timeout ? std::string("must be > 0") : http_timeout.error().message));
  }
  // The journal first: it is created here, and everything below reads it.
  // A dry run writes nothing: its journal is /dev/null, and a missing audit log is an empty one.
  if (o.dry_run && !std::filesystem::exists(o.model.audit_log)) o.model.audit_log.clear();
  Result<Journal> journal = Journal::Open(o.dry_run ? "/dev/null" : o.model.audit_log);
  if (!journal) return InputError(journal.error().message, journal.error().hint);
  // The model, its policy and the plan, as `rekey plan` would compute them.
  LoadedModel loaded = LoadModelInputs(o.model);
  std::cerr << RedactTokens(RenderDiagnosticsText(loaded.diags.items(), UseColor(global.color, stderr)),
                            loaded.model.sensitive);
  if (loaded.diags.HasErrors()) return kExitInputError;
  std::optional<RotationPlan> plan = MakePlan(o, loaded, loaded.now);
  if (!plan) return kExitInputError;
  // Provider catalogs: the team's first, then the built-in one.
  std::vector<ProviderCatalog> extra(o.providers.size());
  std::vector<const ProviderCatalog*> catalogs;
  Diagnostics catalog_diags;
  for (size_t i = 0; i < o.providers.size(); ++i) {
    extra[i].AddFile(o.providers[i], catalog_diags);
    catalogs.push_back(&extra[i]);
  }
  PrintDiagnostics(catalog_diags);
  if (catalog_diags.HasErrors()) return kExitInputError;
  catalogs.push_back(&ProviderCatalog::Builtin());
  // Clients: Vault (VAULT_CACERT) and providers / Prometheus (system CAs, rate limits).
  Result<VaultConfig> vault_config = VaultConfigFromEnv();
  if (!vault_config && !o.dry_run) return InputError(vault_config.error().message, vault_config.error().hint);
  VaultConfig vc = vault_config ? *vault_config : VaultConfig{"$VAULT_ADDR", "", "", ""};
  TransportOptions transport;
  transport.timeout = std::chrono::seconds(http_timeout->seconds());
  transport.connect_timeout = std::min(transport.timeout, std::chrono::milliseconds(5000));
  HttpClient provider_http(MakeCurlTransport(transport));
  transport.ca_file = vc.ca_file;
  HttpClient vault_http(MakeCurlTransport(transport));
  if (global.verbose > 1) {
    auto log = [](const std::string& line) { std::cerr << "rekey: http: " << line << "\n"; };
    vault_http.SetLogger(log);
    provider_http.SetLogger(log);
  }
  VaultKv kv(vault_http, vc);
  VaultStore store(kv);
  ProviderRegistry providers(loaded.model, catalogs, provider_http, store);
  std::unique_ptr<MetricsSource> metrics = MakePrometheusSource(provider_http);
  std::unique_ptr<Notifier> notifier = o.notify.empty() ? nullptr : MakeCommandNotifier(o.notify);
  std::unique_ptr<Clock> clock;
  if (o.model.now.empty())
    clock = std::make_unique<SystemClock>();
  else
    clock = std::make_unique<FixedClock>(loaded.now);
  OrchestratorOptions oo;
  oo.actor = o.mode == ApplyMode::kRollback ? "rekey rollback"
             : o.mode == ApplyMode::kRotate ? "rekey rotate"
                                            : "rekey apply";
  oo.log = global.quiet ? nullptr : &std::cerr;
  Orchestrator orchestrator(
      *journal, store, [&providers](const std::string& key) { return providers.For(key); }, metrics.get(),
      notifier.get(), *clock, oo);
  ApplyRequest request;
  request.mode = o.mode;
  request.key = o.key;
  request.emergency = o.emergency;
  request.dry_run = o.dry_run;
  request.approver = o.approver.empty() ? (Env("USER").empty() ? "unknown" : Env("USER")) : o.approver;
  request.reason = o.reason;
  request.now = loaded.now;
  request.catch_up = *catch_up;
  const std::vector<RotationRecord> records = Replay(loaded.model.audit);
  std::ostringstream out;
  ApplySummary summary = RunApply(request, loaded.model, *plan, records, orchestrator, out);
  std::cout << out.str();
  if (summary.input_error) return InputError(summary.error);
  for (const StepReport& r : summary.reports) {
    if (r.outcome == Outcome::kFailed && r.message.find("no api: block") != std::string::npos)
      std::cerr << "  hint: " << providers.Missing(r.key) << "\n";
  }
  if (global.verbose > 0) {
    const HttpStats p = provider_http.stats(), v = vault_http.stats();
    std::cerr << "rekey: http: provider " << p.requests << " requests, " << p.retries << " retries, "
              << p.rate_limit_wait_s << " s waiting on rate limits, " << p.backoff_wait_s << " s backing off; vault "
              << v.requests << " requests\n";
  }
  if (!global.quiet && !o.dry_run && summary.reports.empty()) std::cerr << "rekey: nothing to do\n";
  return summary.exit_code();
}

}  // namespace rekey
