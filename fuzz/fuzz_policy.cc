// Fuzz target: the policy loader (LoadPolicy: a user policy over the embedded
// default), then every check under that policy on the plan fixture (keys,
// services, schedules), so fuzzed thresholds reach the code that uses them.
// LoadPolicy reads a path, so each input goes through one temporary file.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "rekey/base/diagnostics.h"
#include "rekey/model/loader.h"
#include "rekey/policy/check.h"
#include "rekey/policy/policy.h"

namespace {

const rekey::Model& FixtureModel() {
  static const rekey::Model model = [] {
    rekey::ModelInputs inputs;
    inputs.inventory = {REKEY_SOURCE_DIR "/testdata/plan/inventory.yaml"};
    inputs.services = {REKEY_SOURCE_DIR "/testdata/plan/services.yaml"};
    inputs.schedules = {REKEY_SOURCE_DIR "/testdata/plan/schedules.yaml"};
    rekey::Diagnostics diags;
    rekey::Model loaded = rekey::LoadModel(inputs, diags);
    if (diags.HasErrors()) std::abort();
    return loaded;
  }();
  return model;
}

// One file per process, removed at exit.
class TempFile {
 public:
  TempFile()
      : path_((std::filesystem::temp_directory_path() / ("rekey-fuzz-policy-" + std::to_string(::getpid()) + ".yaml"))
                  .string()) {}
  ~TempFile() { ::unlink(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

const std::string& TempPath() {
  static const TempFile file;
  return file.path();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  {
    std::ofstream out(TempPath(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  rekey::Diagnostics diags;
  const rekey::Policy policy = rekey::LoadPolicy(TempPath(), diags);
  if (diags.HasErrors()) return 0;
  rekey::EvaluateOptions options;
  options.cadence_horizon = rekey::Duration::Days(62);
  options.upcoming_horizon = rekey::Duration::Days(31);
  options.herd_horizon = rekey::Duration::Days(31);
  (void)rekey::Evaluate(FixtureModel(), policy, rekey::Timestamp::FromUnixSeconds(1795651200), options);
  return 0;
}
