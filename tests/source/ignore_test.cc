#include "rekey/source/ignore.h"

#include <gtest/gtest.h>

namespace rekey {
namespace {

TEST(IgnoreList, LastMatchWinsAndNegationReincludes) {
  const IgnoreList list = IgnoreList::Parse("# comment\n\n*.log\n!keep.log\n");
  EXPECT_EQ(list.Match("x.log", false), IgnoreMatch::kIgnored);
  EXPECT_EQ(list.Match("deep/dir/x.log", false), IgnoreMatch::kIgnored);
  EXPECT_EQ(list.Match("keep.log", false), IgnoreMatch::kIncluded);
  EXPECT_EQ(list.Match("x.txt", false), IgnoreMatch::kNone);
}

TEST(IgnoreList, DirOnlyPatternsSkipFiles) {
  const IgnoreList list = IgnoreList::Parse("build/\n");
  EXPECT_EQ(list.Match("build", true), IgnoreMatch::kIgnored);
  EXPECT_EQ(list.Match("a/build", true), IgnoreMatch::kIgnored);
  EXPECT_EQ(list.Match("build", false), IgnoreMatch::kNone);
}

TEST(IgnoreList, SlashAnchorsToTheListDirectory) {
  const IgnoreList list = IgnoreList::Parse("/top.txt\ndoc/*.md\n");
  EXPECT_EQ(list.Match("top.txt", false), IgnoreMatch::kIgnored);
  EXPECT_EQ(list.Match("a/top.txt", false), IgnoreMatch::kNone);
  EXPECT_EQ(list.Match("doc/x.md", false), IgnoreMatch::kIgnored);
  EXPECT_EQ(list.Match("a/doc/x.md", false), IgnoreMatch::kNone);
}

TEST(IgnoreList, DoubleStarAndEscapes) {
  const IgnoreList list = IgnoreList::Parse("**/gen/**\n\\#literal\nspace\\ \r\ntrail   \n");
  EXPECT_EQ(list.Match("a/gen/x/y.cc", false), IgnoreMatch::kIgnored);
  EXPECT_EQ(list.Match("gen/y.cc", false), IgnoreMatch::kIgnored);
  EXPECT_EQ(list.Match("#literal", false), IgnoreMatch::kIgnored);
  EXPECT_EQ(list.Match("space ", false), IgnoreMatch::kIgnored);
  EXPECT_EQ(list.Match("trail", false), IgnoreMatch::kIgnored);
}

}  // namespace
}  // namespace rekey
