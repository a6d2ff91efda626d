// A temporary directory tree for filesystem tests, removed on destruction.
#ifndef REKEY_TESTS_SOURCE_TEMP_TREE_H_
#define REKEY_TESTS_SOURCE_TEMP_TREE_H_

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace rekey {

class TempTree {
 public:
  TempTree() {
    std::string templ = (std::filesystem::temp_directory_path() / "rekey-test-XXXXXX").string();
    root_ = mkdtemp(templ.data());
  }
  ~TempTree() {
    std::error_code ec;
    std::filesystem::permissions(root_, std::filesystem::perms::owner_all, ec);
    std::filesystem::remove_all(root_, ec);
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;

  // Writes `content` to root/relative, creating parent directories.
  std::string Write(const std::string& relative, const std::string& content) const {
    const std::filesystem::path path = root_ / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }
  std::string Path(const std::string& relative = "") const {
    return relative.empty() ? root_.string() : (root_ / relative).string();
  }

 private:
  std::filesystem::path root_;
};

}  // namespace rekey

#endif  // REKEY_TESTS_SOURCE_TEMP_TREE_H_
