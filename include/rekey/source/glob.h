// Glob matching with gitignore semantics, shared by .gitignore files, --exclude
// and the .rekey.yaml excludes.
//
// `*` and `?` never match '/'; `[a-z]`, `[!x]` and `[^x]` are classes; `\x`
// is a literal x; `**` matches across '/', and `**/` matches zero or more whole
// directories ("a/**/b" matches "a/b" and "a/x/y/b").
//
// Thread-safety: pure function.
//
//   GlobMatch("src/**/*.cc", "src/a/b.cc");  // true
//   GlobMatch("*.cc", "src/b.cc");           // false: '*' stops at '/'
#ifndef REKEY_SOURCE_GLOB_H_
#define REKEY_SOURCE_GLOB_H_

#include <string_view>

namespace rekey {

bool GlobMatch(std::string_view pattern, std::string_view path);

}  // namespace rekey

#endif  // REKEY_SOURCE_GLOB_H_
