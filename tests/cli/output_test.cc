#include "cli/output.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace rekey {
namespace {

TEST(Output, ColorFollowsModeNoColorAndTty) {
  EXPECT_TRUE(UseColor(ColorMode::kAlways, stdout));
  EXPECT_FALSE(UseColor(ColorMode::kNever, stdout));
  setenv("NO_COLOR", "1", 1);
  EXPECT_FALSE(UseColor(ColorMode::kAuto, stdout));
  unsetenv("NO_COLOR");
  std::FILE* file = std::tmpfile();
  EXPECT_FALSE(UseColor(ColorMode::kAuto, file));  // not a TTY
  std::fclose(file);
}

}  // namespace
}  // namespace rekey
