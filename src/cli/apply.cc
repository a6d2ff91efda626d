// `rekey apply [PLAN.json]`: run the rotations that are due (from a committed
// JSON plan, or from the model as `rekey plan` computes it at --now), after
// continuing every unfinished one; `--resume` only continues; `--approve KEY`
// records a manual verification. Run it from cron / a CronJob every few minutes.
#include "cli/apply_setup.h"

namespace rekey {

void AddApplyCommand(CLI::App& app, CommandContext& ctx) {
  auto o = std::make_shared<ApplyCliOptions>();
  CLI::App* cmd =
      app.add_subcommand("apply", "Carry out the rotations that are due (create, store, wait, verify, revoke)");
  cmd->add_option("plan", o->plan_file, "A committed JSON plan (rekey plan --format json); default: the model's plan")
      ->type_name("PLAN.json");
  AddRotationOptions(*cmd, *o);
  cmd->add_flag("--resume", o->resume, "Only continue unfinished rotations whose next step has come due, then exit");
  cmd->add_option("--approve", o->key, "Record a manual approval of KEY's new-key usage (verify.method: manual)")
      ->type_name("KEY");
  cmd->add_option("--actor", o->approver, "Who approves (--approve; default $USER)")->type_name("NAME");
  cmd->add_option("--catch-up", o->catch_up,
                  "A key with no rotation history rotates only if its fire is this recent (default 1h)")
      ->type_name("DURATION");
  cmd->footer(
      "Environment: VAULT_ADDR, VAULT_TOKEN (or VAULT_TOKEN_FILE, ~/.vault-token), VAULT_NAMESPACE, VAULT_CACERT;\n"
      "PROMETHEUS_URL for verify.method: metrics. The audit log (--audit-log / audit_log:) is the journal.\n"
      "Exit: 0 done or waiting, 1 a rotation failed, rolled back, was blocked or must be retried, 2 input error.\n"
      "Example (cron, every 5 minutes): rekey apply --config /etc/rekey/.rekey.yaml --notify /usr/local/bin/page");
  cmd->callback([o, &ctx] {
    ApplyCliOptions options = *o;
    if (!options.key.empty()) {
      options.mode = ApplyMode::kApprove;
    } else if (options.resume) {
      options.mode = ApplyMode::kResume;
    }
    ctx.exit_code = RunApplyCommand(options, ctx.global);
  });
}

}  // namespace rekey
