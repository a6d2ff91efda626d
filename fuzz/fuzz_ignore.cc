// Fuzz target: .gitignore parsing and matching (rekey/source/ignore.h, glob.h).
// A scanned repository supplies its own .gitignore files, so their patterns
// are hostile input too. Input: ignore-file text, a NUL byte, then one path a
// line (a trailing '/' marks a directory).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rekey/source/ignore.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const rekey::IgnoreList list = rekey::IgnoreList::Parse(input.substr(0, nul));
  std::string_view paths = nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1);
  while (!paths.empty()) {
    const size_t eol = paths.find('\n');
    std::string_view path = paths.substr(0, eol);
    paths = eol == std::string_view::npos ? std::string_view() : paths.substr(eol + 1);
    const bool is_dir = !path.empty() && path.back() == '/';
    if (is_dir) path.remove_suffix(1);
    (void)list.Match(path, is_dir);
  }
  return 0;
}
