// Scanner: the one scan pipeline, whatever the source (rekey/source/source.h):
// list the units → read each unit once, on a pool of threads, each with its
// own Matcher and reader → unpack archives (libarchive, nested to a depth)
// and scan text in bounded chunks (any file size in flat memory) → decode
// encoded spans and scan them again → RuleMatches → Findings (location,
// redaction, fingerprint, inline allows) at every place that holds the
// content → drop baselined ones → the FindingSink, in a deterministic order
// whatever the thread count (FindingLess).
//
// A working tree's findings stream to the sink as soon as a file and every
// file before it are done; other sources' findings (a git blob's places are
// spread over the whole history) are sorted first.
//
// Errors: what could not be read (a file, an object, a damaged or cut-off
// archive) does not stop the scan; it comes back in ScanSummary::errors (the
// CLI then exits 2). A source whose listing fails returns that Error.
//
// Ownership: shares the RulesDatabase. Thread-safety: one Run at a time per
// Scanner; sink calls never overlap.
//
//   Scanner scanner(db, options);
//   std::unique_ptr<Source> tree = MakeTreeSource({.walk = {.paths = {"."}}});
//   Result<ScanSummary> summary = scanner.Run(*tree, sink);
#ifndef REKEY_SCAN_SCANNER_H_
#define REKEY_SCAN_SCANNER_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "rekey/base/result.h"
#include "rekey/matcher/rules_database.h"
#include "rekey/scan/baseline.h"
#include "rekey/scan/finding.h"
#include "rekey/scan/finding_sink.h"
#include "rekey/scan/inline_allow.h"
#include "rekey/source/source.h"

namespace rekey {

// Live counters for a progress line; written by the scan threads, read by any.
struct ScanProgress {
  std::atomic<std::uint64_t> files_total{0};  // set once the listing is done
  std::atomic<std::uint64_t> files_done{0};
  std::atomic<std::uint64_t> bytes_done{0};
};

// Archives inside what is scanned (zip/jar/tar/7z/compressed streams).
// Reaching a limit stops that archive; what was cut off is an error (exit 2).
struct UnpackOptions {
  bool enabled = true;                   // --no-archives turns it off (archives are then binary)
  unsigned max_depth = 3;                // archives inside archives
  std::uint64_t max_entries = 100000;    // per archive
  std::uint64_t max_bytes = 4ull << 30;  // uncompressed bytes per archive
  std::uint64_t max_ratio = 250;         // uncompressed / compressed, checked past 16 MiB (zip bombs)
  std::chrono::seconds max_time{120};    // per outermost archive
};

// Encoded spans (base64, hex, percent, escapes) decoded and scanned again.
struct DecodeOptions {
  bool enabled = true;                    // --no-decode
  unsigned max_depth = 2;                 // decoded text inside decoded text
  std::uint64_t max_bytes = 16ull << 20;  // decoded bytes per unit; beyond it spans are counted, not decoded
};

// What became of one unit: read whole with no finding in it (inline allows
// applied, the baseline not: it may change), read with findings, or not read
// whole (an error, too large, not a regular file any more).
enum class UnitFate { kClean, kFindings, kUnread };

struct ScanOptions {
  unsigned threads = 0;       // 0 = one per core
  bool show_secrets = false;  // fill Finding::secret (otherwise only the redacted form)
  AllowOptions allow;
  Baseline* baseline = nullptr;      // suppress by fingerprint; null = none
  ScanProgress* progress = nullptr;  // null = no live counters
  UnpackOptions unpack;
  DecodeOptions decode;
  // Findings kept per unit; the rest are counted (stats.findings_capped) and
  // said in the summary. 0 = no cap.
  std::uint64_t max_findings_per_unit = 1000;
  // Told about each unit once it is scanned; called from the scanning
  // threads, concurrently (incremental scans record the content read clean).
  std::function<void(const SourceUnit&, UnitFate)> on_unit;
};

class Scanner {
 public:
  Scanner(std::shared_ptr<const RulesDatabase> db, ScanOptions options);

  // Lists the source, scans every unit, calls sink.Add for each finding and
  // then sink.Finish. An Error only when the source cannot be listed at all.
  Result<ScanSummary> Run(Source& source, FindingSink& sink);

 private:
  std::shared_ptr<const RulesDatabase> db_;
  ScanOptions options_;
};

}  // namespace rekey

#endif  // REKEY_SCAN_SCANNER_H_
