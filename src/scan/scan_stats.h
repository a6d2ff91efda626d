// Per-worker scan counters folded into the summary (scanner.cc, scanner_git.cc).
#ifndef REKEY_SCAN_SCAN_STATS_H_
#define REKEY_SCAN_SCAN_STATS_H_

#include "rekey/scan/finding_sink.h"

namespace rekey {

inline void AddStats(ScanStats& total, const ScanStats& part) {
  total.files_scanned += part.files_scanned;
  total.files_skipped_binary += part.files_skipped_binary;
  total.files_skipped_too_large += part.files_skipped_too_large;
  total.files_skipped_special += part.files_skipped_special;
  total.bytes_scanned += part.bytes_scanned;
  total.suppressed_inline += part.suppressed_inline;
}

}  // namespace rekey

#endif  // REKEY_SCAN_SCAN_STATS_H_
