// `rekey rotate KEY`: one rotation of KEY now (policy errors block it, as in
// the plan); `--emergency`: the emergency plan — the shortest safe grace,
// policy errors do not block (the seed's single command for a leaked key).
#include "cli/apply_setup.h"

namespace rekey {

void AddRotateCommand(CLI::App& app, CommandContext& ctx) {
  auto o = std::make_shared<ApplyCliOptions>();
  CLI::App* cmd = app.add_subcommand("rotate", "Rotate one key now (--emergency: a compromised key)");
  cmd->add_option("key", o->key, "Inventory key name")->required()->type_name("KEY");
  AddRotationOptions(*cmd, *o);
  cmd->add_flag("--emergency", o->emergency, "Emergency rotation: shortest safe grace, policy errors do not block");
  cmd->footer(
      "The rotation stops at the grace period; `rekey apply --resume` verifies and revokes the old key later.\n"
      "Exit: 0 started (waiting) or done, 1 failed / blocked / rolled back, 2 input error.\n"
      "Example: rekey rotate --emergency stripe-api-key --notify ./page-oncall.sh");
  cmd->callback([o, &ctx] {
    ApplyCliOptions options = *o;
    options.mode = ApplyMode::kRotate;
    ctx.exit_code = RunApplyCommand(options, ctx.global);
  });
}

}  // namespace rekey
