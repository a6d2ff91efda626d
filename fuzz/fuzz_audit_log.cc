// Fuzz target: the JSON Lines audit-log reader (LoadAuditLogText), then the
// audit-state checks (RK-AGE) over the seed inventory with those events.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "rekey/base/diagnostics.h"
#include "rekey/model/loader.h"
#include "rekey/policy/check.h"
#include "rekey/policy/policy.h"

namespace {

const rekey::Model& SeedModel() {
  static const rekey::Model model = [] {
    rekey::ModelInputs inputs;
    inputs.inventory = {REKEY_SOURCE_DIR "/testdata/seed/inventory.yaml"};
    inputs.schedules = {REKEY_SOURCE_DIR "/testdata/seed/schedules.yaml"};
    rekey::Diagnostics diags;
    rekey::Model loaded = rekey::LoadModel(inputs, diags);
    if (diags.HasErrors()) std::abort();
    return loaded;
  }();
  return model;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const rekey::Policy policy = rekey::DefaultPolicy();
  rekey::Model model = SeedModel();
  rekey::Diagnostics diags;
  rekey::LoadAuditLogText(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.jsonl", model, diags);
  for (const rekey::Diagnostic& d : diags.items()) {
    if (d.loc.line < 1) std::abort();  // every audit problem names its line
  }
  if (diags.HasErrors()) return 0;
  rekey::EvaluateOptions options;
  options.cadence_horizon = rekey::Duration::Days(62);
  options.upcoming_horizon = rekey::Duration::Days(31);
  options.herd_horizon = rekey::Duration::Days(31);
  (void)rekey::Evaluate(model, policy, rekey::Timestamp::FromUnixSeconds(1795651200), options);
  return 0;
}
