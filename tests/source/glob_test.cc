#include "rekey/source/glob.h"

#include <gtest/gtest.h>

#include <string>

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
      {"*a*a*b", "xaxab", true},
      {"*a*a*b", "aab/", false},
      {"*a*a*b", "aa/b", false},  // no '*' crosses '/'
      {"a**b", "a/x/b", true},    // "**" not before '/' matches across '/'
      {"**/", "a/b/", true},
      {"**/", "a/b", false},
      {"a/**/", "a/", true},
      {"**/**/x", "x", true},
      {"**/**/x", "a/b/x", true},
      {"a/**/**/b", "a/b", true},
      {"*/", "a/", true},
      {"*\\", "a\\", true},  // a trailing backslash is a literal
      {"[a-]x", "-x", true},
      {"[]]x", "]x", true},
      {"[/]x", "/x", false},  // a class never matches '/'
  };
  for (const GlobCase& c : cases) {
    EXPECT_EQ(GlobMatch(c.pattern, c.path), c.match) << c.pattern << " vs " << c.path;
  }
}

// Patterns of 64 bytes and more take the general state set (shorter ones fit
// a bitmask): the same answers.
TEST(Glob, LongPatterns) {
  const std::string dirs = "d0/d1/d2/d3/d4/d5/d6/d7/d8/d9/da/db/dc/dd/de/df/dg/dh/di/dj/dk/";
  EXPECT_TRUE(GlobMatch(dirs + "*.cc", dirs + "x.cc"));
  EXPECT_FALSE(GlobMatch(dirs + "*.cc", dirs + "x/y.cc"));
  EXPECT_TRUE(GlobMatch("**/" + dirs + "**/x", "top/" + dirs + "a/b/x"));
  EXPECT_TRUE(GlobMatch("**/" + dirs + "**/x", dirs + "x"));
  std::string stars;
  for (int i = 0; i < 40; ++i) stars += "*a";
  EXPECT_TRUE(GlobMatch(stars, std::string(40, 'a')));
  EXPECT_FALSE(GlobMatch(stars, std::string(39, 'a')));
}

// A backtracking matcher tries every split of the name for every '*': 2^n on
// this pair. Each call here would take hours; it must be instant.
TEST(Glob, ManyStarsDoNotBacktrackExponentially) {
  for (const int stars : {13, 30, 60, 200}) {
    std::string pattern;
    for (int i = 0; i < stars; ++i) pattern += "*a";
    EXPECT_FALSE(GlobMatch(pattern + "*b", std::string(200, 'a'))) << stars;
    EXPECT_TRUE(GlobMatch(pattern + "*b", std::string(200, 'a') + "b")) << stars;
  }
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "**/";  // once a recursion per "**/"
  EXPECT_TRUE(GlobMatch(deep + "x", "a/b/x"));
}

}  // namespace
}  // namespace rekey
