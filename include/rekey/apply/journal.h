// The rotation journal: the audit log `check --audit-log` reads (JSON Lines),
// to which `rekey apply` appends one event per state-machine transition. Each
// Append writes one whole line under an exclusive flock, then fsyncs, before
// returning — the caller performs the external action an event announces only
// after that, so a process killed at any instant leaves a journal that says
// how far it got (README "Running rotations", the event contract).
//
// A line torn by a crash mid-write (no trailing newline: it was never
// acknowledged, so its action never ran) is cut off when the journal is opened.
//
// Test hook: REKEY_TEST_CRASH_AFTER=<event> kills the process with SIGKILL
// right after an event of that name is durable (crash-safety tests).
//
// Thread-safety: Append is safe from several threads and processes.
//
//   Result<Journal> j = Journal::Open("rotation/audit.jsonl");
//   j->Append(event);  // durable when it returns Ok
#ifndef REKEY_APPLY_JOURNAL_H_
#define REKEY_APPLY_JOURNAL_H_

#include <mutex>
#include <string>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/base/result.h"
#include "rekey/model/model.h"

namespace rekey {

// The event as one JSON object (no newline); fields that are empty are left out.
std::string JournalLine(const AuditEvent& event);

class Journal {
 public:
  // Creates the file (and fsyncs its directory) when missing; repairs a torn tail.
  static Result<Journal> Open(const std::string& path);
  Journal(Journal&& other) noexcept;
  Journal& operator=(Journal&&) = delete;
  ~Journal();

  Status Append(const AuditEvent& event);
  // Every event in the file, re-read (other processes may have appended);
  // malformed lines are diagnostics.
  std::vector<AuditEvent> ReadAll(Diagnostics& diags) const;
  const std::string& path() const { return path_; }

 private:
  Journal(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_ = -1;
  std::mutex mu_;
};

}  // namespace rekey

#endif  // REKEY_APPLY_JOURNAL_H_
