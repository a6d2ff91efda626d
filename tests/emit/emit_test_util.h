// Helpers of the emit tests: models and policies from text.
#ifndef REKEY_TESTS_EMIT_EMIT_TEST_UTIL_H_
#define REKEY_TESTS_EMIT_EMIT_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "rekey/base/timestamp.h"
#include "rekey/model/loader.h"
#include "rekey/policy/policy.h"

namespace rekey {

inline Timestamp At(const char* text) { return *ParseRfc3339(text); }

inline Model LoadModel(const std::string& yaml) {
  Model model;
  Diagnostics diags;
  LoadModelText(yaml, "model.yaml", model, diags);
  EXPECT_FALSE(diags.HasErrors()) << (diags.empty() ? "" : FormatDiagnostic(diags.items().front()));
  ResolveSchedules(model);
  return model;
}

inline void AddAudit(Model& model, const std::string& jsonl) {
  Diagnostics diags;
  LoadAuditLogText(jsonl, "audit.jsonl", model, diags);
  EXPECT_FALSE(diags.HasErrors()) << (diags.empty() ? "" : FormatDiagnostic(diags.items().front()));
}

// The default policy extended by `yaml` (written to a temporary file).
inline Policy PolicyFrom(const std::string& yaml) {
  char path[] = "/tmp/rekey-emit-policy-XXXXXX";
  const int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  close(fd);
  std::ofstream(path) << yaml;
  Diagnostics diags;
  Policy policy = LoadPolicy(path, diags);
  unlink(path);
  EXPECT_FALSE(diags.HasErrors()) << (diags.empty() ? "" : FormatDiagnostic(diags.items().front()));
  return policy;
}

}  // namespace rekey

#endif  // REKEY_TESTS_EMIT_EMIT_TEST_UTIL_H_
