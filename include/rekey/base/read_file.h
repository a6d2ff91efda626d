// ReadRegularFile: reads one input file whole, defensively. rekey reads whatever
// a repository holds, so a path may name a FIFO (opening it for reading would
// block until a writer comes), a device (/dev/zero never ends, opening a tape
// rewinds it), a socket, or a file of gigabytes. Only regular files are read,
// none larger than `max_bytes`; everything else is an Error with a message
// that says which case it was. The file is checked with stat before it is
// opened (so a device node is never opened) and again with fstat after (so a
// path swapped in between is caught); a file that grows past the limit while
// it is read is refused too.
//
// Thread-safety: reentrant; touches only the filesystem.
//
//   Result<std::string> text = ReadRegularFile("inventory.yaml", {});
//   if (!text) diags.Error({path, 0, 0}, "RK-IO-001", text.error().message, text.error().hint);
#ifndef REKEY_BASE_READ_FILE_H_
#define REKEY_BASE_READ_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "rekey/base/page_buffer.h"
#include "rekey/base/result.h"

namespace rekey {

// The default limit for a YAML or JSON input (inventory, schedules, policy,
// rules, config): 64 MiB is ten times the 10,000-key benchmark inventory.
inline constexpr std::uint64_t kMaxInputFileSize = 64ull << 20;

struct ReadFileOptions {
  std::uint64_t max_bytes = kMaxInputFileSize;
  bool follow_symlinks = true;  // false: a symbolic link is refused, not followed
};

// The whole file, or an Error. Messages: "cannot read file" (the file is
// missing or unreadable: errno), "is a directory, expected a file", "is a FIFO,
// not a regular file" (also socket, device, symbolic link), "is larger than
// the 64 MiB input limit".
Result<std::string> ReadRegularFile(const std::string& path, const ReadFileOptions& options);

// The same checks and errors, read into `buffer` (reused, never zero-filled:
// a big file costs no page faults beyond the copy); the view is valid until
// `buffer` changes.
Result<std::string_view> ReadRegularFileInto(const std::string& path, const ReadFileOptions& options,
                                             PageBuffer& buffer);

}  // namespace rekey

#endif  // REKEY_BASE_READ_FILE_H_
