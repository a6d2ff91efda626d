// AtomicFile: every file rekey writes (plans, baselines, -o outputs, compiled
// files, hook scripts, metrics) goes through here, so that a crash, a full disk
// or a concurrent writer never leaves a truncated or mixed file. Bytes go to a
// temp file created (O_EXCL) in the target's directory; Commit() checks every
// write, fsyncs the file, closes it (checked), renames it over the target and
// fsyncs the directory. Two writers: the last rename wins, whole. Without
// Commit() (an error, an early return), the temp file is removed.
//
// A target that is a symlink is refused unless `follow_symlink` (the user named
// that path on the command line): a committed dangling `.rekey-baseline.json`
// symlink must not make rekey write outside the repository.
//
// Errors are values (Status); nothing throws. Thread-safety: one writer per
// object.
//
//   AtomicFile out(path, {.mode = 0644});
//   if (Status s = out.Open(); !s) return s.error();
//   out.Write(text);
//   if (Status s = out.Commit(); !s) return s.error();
//
//   Status s = WriteFileAtomic("plan.md", text);  // the one-shot form
#ifndef REKEY_BASE_ATOMIC_FILE_H_
#define REKEY_BASE_ATOMIC_FILE_H_

#include <string>
#include <string_view>

#include "rekey/base/result.h"

namespace rekey {

struct AtomicFileOptions {
  unsigned mode = 0644;         // permissions of the new file (0600 for anything sensitive)
  bool follow_symlink = false;  // write through a symlink target (named explicitly by the user)
};

class AtomicFile {
 public:
  explicit AtomicFile(std::string path, AtomicFileOptions options = {});
  ~AtomicFile();  // removes the temp file unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  Status Open();
  // Appends bytes; the first failure is kept and reported by Commit().
  void Write(std::string_view bytes);
  Status Commit();

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string target_;  // path_ or, with follow_symlink, where the link points
  std::string temp_;
  AtomicFileOptions options_;
  int fd_ = -1;
  int write_errno_ = 0;
  bool committed_ = false;
};

Status WriteFileAtomic(const std::string& path, std::string_view bytes, AtomicFileOptions options = {});

}  // namespace rekey

#endif  // REKEY_BASE_ATOMIC_FILE_H_
