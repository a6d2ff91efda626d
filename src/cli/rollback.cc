// `rekey rollback KEY`: the seed's rollback of KEY's latest rotation — the
// previous vault version restored as primary and the new key revoked, only
// while the previous key is still valid (else "rotate forward").
#include "cli/apply_setup.h"

namespace rekey {

void AddRollbackCommand(CLI::App& app, CommandContext& ctx) {
  auto o = std::make_shared<ApplyCliOptions>();
  CLI::App* cmd = app.add_subcommand("rollback", "Roll back KEY's latest rotation (restore the previous key)");
  cmd->add_option("key", o->key, "Inventory key name")->required()->type_name("KEY");
  AddRotationOptions(*cmd, *o);
  cmd->add_option("--reason", o->reason, "Why, recorded in the journal (default: manual rollback)")->type_name("TEXT");
  cmd->footer("Exit: 0 rolled back, 1 rollback impossible (rotate forward) or failed, 2 input error.");
  cmd->callback([o, &ctx] {
    ApplyCliOptions options = *o;
    options.mode = ApplyMode::kRollback;
    ctx.exit_code = RunApplyCommand(options, ctx.global);
  });
}

}  // namespace rekey
