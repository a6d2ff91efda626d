#include "rekey/scan/inline_allow.h"

#include <gtest/gtest.h>

#include <string>

namespace rekey {
namespace {

struct AllowCase {
  const char* text;  // "@" marks where the secret starts
  const char* rule;
  bool foreign;
  bool allowed;
};

TEST(InlineAllow, Table) {
  const AllowCase cases[] = {
      {"key = @SECRET  # rekey:allow", "x.y", false, true},
      {"key = @SECRET  # rekey:allow x.y", "x.y", false, true},
      {"key = @SECRET  # rekey:allow a.b,x.y", "x.y", false, true},
      {"key = @SECRET  # rekey:allow a.b", "x.y", false, false},
      {"key = @SECRET  # rekey:allow test fixture", "x.y", false, true},  // free text
      {"key = @SECRET  # rekey:allowed", "x.y", false, false},
      {"# rekey:allow\nkey = @SECRET", "x.y", false, true},     // line before
      {"# rekey:allow\n\nkey = @SECRET", "x.y", false, false},  // two lines up
      {"key = @SECRET\n# rekey:allow", "x.y", false, false},    // line after
      {"key = @SECRET  # gitleaks:allow", "x.y", false, false},
      {"key = @SECRET  # gitleaks:allow", "x.y", true, true},
      {"key = @SECRET  # pragma: allowlist secret", "x.y", true, true},
      {"# gitleaks:allow\nkey = @SECRET", "x.y", true, false},  // same line only
      {"# pragma: allowlist nextline secret\nkey = @SECRET", "x.y", true, true},
      {"@SECRET", "x.y", false, false},
      // Issue #21.3: a trailing marker silences its own line only.
      {"x = 1 # rekey:allow\r\n@SECRET", "x.y", false, false},
      {"a = other  # rekey:allow x.y\nkey = @SECRET", "x.y", false, false},  // the rule it names, another line
      {"a = OTHER  # rekey:allow\nkey = @SECRET", "x.y", false, false},
      {"  // rekey:allow\n  key = @SECRET", "x.y", false, true},
      {"    -- rekey:allow x.y\nkey = @SECRET", "x.y", false, true},
      {"<!-- rekey:allow -->\n<key>@SECRET</key>", "x.y", false, true},
      {"# rekey:allow a.b\nkey = @SECRET", "x.y", false, false},  // names another rule
  };
  for (const AllowCase& c : cases) {
    std::string text = c.text;
    const std::size_t at = text.find('@');
    text.erase(at, 1);
    AllowOptions options;
    options.foreign_markers = c.foreign;
    EXPECT_EQ(IsAllowedInline(text, at, c.rule, options), c.allowed) << c.text;
  }
}

}  // namespace
}  // namespace rekey
