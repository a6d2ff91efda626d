#include "rekey/source/glob.h"

#include <gtest/gtest.h>

namespace rekey {
namespace {

struct GlobCase {
  const char* pattern;
  const char* path;
  bool match;
};

TEST(Glob, Table) {
  const GlobCase cases[] = {
      {"*.cc", "a.cc", true},
      {"*.cc", "dir/a.cc", false},  // '*' stops at '/'
      {"a?c", "abc", true},
      {"a?c", "a/c", false},
      {"[a-c]x", "bx", true},
      {"[!a-c]x", "bx", false},
      {"[^a-c]x", "dx", true},
      {"\\*x", "*x", true},
      {"\\*x", "ax", false},
      {"**/foo", "foo", true},
      {"**/foo", "a/b/foo", true},
      {"a/**/b", "a/b", true},
      {"a/**/b", "a/x/y/b", true},
      {"a/**", "a/x/y", true},
      {"a/**", "b/x", false},
      {"src/**/*.cc", "src/a/b.cc", true},
      {"src/**/*.cc", "src/b.cc", true},
      {"[unterminated", "[unterminated", true},
      {"", "", true},
      {"abc", "abcd", false},
  };
  for (const GlobCase& c : cases) {
    EXPECT_EQ(GlobMatch(c.pattern, c.path), c.match) << c.pattern << " vs " << c.path;
  }
}

}  // namespace
}  // namespace rekey
