#include "rekey/base/diagnostics.h"

#include <gtest/gtest.h>

namespace rekey {
namespace {

TEST(Diagnostics, FormatsLocationIdAndHint) {
  Diagnostic d{Severity::kError, {"inv.yaml", 3, 5}, "RK-YAML-004", "unknown field", "did you mean x?"};
  EXPECT_EQ(FormatDiagnostic(d), "inv.yaml:3:5: error[RK-YAML-004]: unknown field\n  hint: did you mean x?");
  Diagnostic whole{Severity::kWarning, {"inv.yaml", 0, 0}, "RK-YAML-002", "empty file", ""};
  EXPECT_EQ(FormatDiagnostic(whole), "inv.yaml: warning[RK-YAML-002]: empty file");
}

TEST(Diagnostics, CountsErrorsAndSortsByLocation) {
  Diagnostics diags;
  diags.Warning({"b.yaml", 1, 1}, "W", "w");
  diags.Error({"a.yaml", 9, 1}, "E", "e");
  diags.Error({"a.yaml", 2, 7}, "E", "e2");
  EXPECT_EQ(diags.error_count(), 2u);
  diags.Sort();
  EXPECT_EQ(diags.items()[0].message, "e2");
  EXPECT_EQ(diags.items()[2].loc.path, "b.yaml");
}

}  // namespace
}  // namespace rekey
