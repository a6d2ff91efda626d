// WriteFileAtomically: replaces a file so a reader sees the old bytes or the
// new ones, never half of them, and a crash leaves one of the two — the rule
// for every file rekey writes (metrics for node_exporter's textfile collector
// are read while they are rewritten). A temporary file in the same directory
// is written (every write checked), fsync'ed and closed, then renamed over
// `path`, and the directory is fsync'ed so the rename is durable.
//
// Thread-safety: reentrant. Errors: an Error naming the step that failed
// (errno text); the temporary file is removed and `path` is untouched.
//
//   Status ok = WriteFileAtomically("/var/lib/node_exporter/rekey.prom", text);
//   if (!ok) Report(ok.error().message);
#ifndef REKEY_BASE_WRITE_FILE_H_
#define REKEY_BASE_WRITE_FILE_H_

#include <string>
#include <string_view>

#include "rekey/base/result.h"

namespace rekey {

// `mode` is the new file's permission bits (0644: node_exporter runs as another user).
Status WriteFileAtomically(const std::string& path, std::string_view text, unsigned mode = 0644);

}  // namespace rekey

#endif  // REKEY_BASE_WRITE_FILE_H_
