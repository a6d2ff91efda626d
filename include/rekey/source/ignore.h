// Ignore lists with .gitignore semantics: one IgnoreList per .gitignore file
// (or per set of --exclude globs), evaluated "last matching pattern wins".
//
// Pattern rules (gitignore(5)): blank lines and `#` comments are skipped;
// `!pat` re-includes; a trailing `/` matches directories only; a pattern with a
// `/` at its start or middle is anchored to the list's directory, otherwise it
// matches the last path component at any depth; `**` as in glob.h.
//
// Paths handed to Match are relative to the list's directory, '/'-separated,
// without a leading "./".
//
// Thread-safety: immutable after construction; Match is const.
//
//   IgnoreList list = IgnoreList::Parse("build/\n*.log\n!keep.log\n");
//   list.Match("a/x.log", false);     // IgnoreMatch::kIgnored
//   list.Match("keep.log", false);    // IgnoreMatch::kIncluded
#ifndef REKEY_SOURCE_IGNORE_H_
#define REKEY_SOURCE_IGNORE_H_

#include <string>
#include <string_view>
#include <vector>

namespace rekey {

enum class IgnoreMatch {
  kNone,      // no pattern matched: the decision falls to an outer list
  kIgnored,   // the last matching pattern excludes the path
  kIncluded,  // the last matching pattern is a `!` negation
};

class IgnoreList {
 public:
  IgnoreList() = default;

  // Parses .gitignore text (one pattern a line).
  static IgnoreList Parse(std::string_view text);

  // Adds one pattern line (same syntax as a .gitignore line).
  void Add(std::string_view line);

  IgnoreMatch Match(std::string_view path, bool is_dir) const;
  bool empty() const { return patterns_.empty(); }

 private:
  struct Pattern {
    std::string glob;
    bool negated = false;
    bool dir_only = false;
    bool anchored = false;  // matched against the whole path, not the last component
  };
  std::vector<Pattern> patterns_;
};

}  // namespace rekey

#endif  // REKEY_SOURCE_IGNORE_H_
