// Fuzz target: the YAML model loader (rekey/model/loader.h) on one file, then
// what `rekey check` does with a model that loaded cleanly: resolve schedule
// secrets and evaluate the default policy (horizons shortened so one input
// stays in the millisecond range).
#include <cstddef>
#include <cstdint>
#include <string>

#include "rekey/base/diagnostics.h"
#include "rekey/model/loader.h"
#include "rekey/policy/check.h"
#include "rekey/policy/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const rekey::Policy policy = rekey::DefaultPolicy();
  const std::string text(reinterpret_cast<const char*>(data), size);
  rekey::Model model;
  rekey::Diagnostics diags;
  rekey::LoadModelText(text, "fuzz.yaml", model, diags);
  for (const rekey::Diagnostic& d : diags.items()) (void)rekey::FormatDiagnostic(d);
  if (diags.HasErrors()) return 0;
  rekey::ResolveSchedules(model);
  rekey::EvaluateOptions options;
  options.cadence_horizon = rekey::Duration::Days(62);
  options.upcoming_horizon = rekey::Duration::Days(31);
  options.herd_horizon = rekey::Duration::Days(31);
  (void)rekey::Evaluate(model, policy, rekey::Timestamp::FromUnixSeconds(1795651200), options);
  return 0;
}
