// The working-tree source: the files a walk lists (walk.h), each a unit with a
// FileOrigin, in path order; "-" among the paths is standard input (a unit with
// a StdinOrigin named `stdin_name`). Files over `max_file_size` are skipped
// and counted; 0 means no limit (the scanner reads any size in bounded
// memory).
//
// Thread-safety: see source.h.
//
//   std::unique_ptr<Source> tree = MakeTreeSource({.walk = {.paths = {"."}}});
#ifndef REKEY_SOURCE_TREE_SOURCE_H_
#define REKEY_SOURCE_TREE_SOURCE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "rekey/source/source.h"
#include "rekey/source/walk.h"

namespace rekey {

struct TreeSourceOptions {
  WalkOptions walk;
  std::uint64_t max_file_size = 0;  // 0 = no limit
  std::string stdin_name = "-";     // how standard input is named in reports
};

std::unique_ptr<Source> MakeTreeSource(TreeSourceOptions options);

}  // namespace rekey

#endif  // REKEY_SOURCE_TREE_SOURCE_H_
