// `rekey merge`: the reports of the N shards of one scan (`rekey scan
// --shard I/N`, JSON or SARIF) combined into the report a single process
// would have written for the same input, byte for byte:
//   - every shard of the run must be there (0..N-1; same run id, count and
//     split), each once — a shard given twice (re-run) must have the same
//     content, and counts once, so merging is idempotent;
//   - the order the shards arrive in does not matter: findings are ordered as
//     the scan orders them (by repository; by path, line, column, rule,
//     fingerprint, commit);
//   - stats are the union: per-unit counts add up, what every blob shard's
//     listing counted alike (commits, ignored paths, missing commits) is
//     taken once, distinct secrets are counted over the merged findings,
//     errors are the union, a baseline entry is unused when no shard used it.
// JSON shards can also be rendered in another findings format (text, jsonl,
// github, sarif); SARIF shards merge into SARIF.
//
// Errors (an Error naming the input): not a rekey findings report, not a
// shard, shards of different runs, a shard missing, a shard twice with
// different content, inventory links (link the merged report instead).
//
// Thread-safety: pure function.
//
//   Result<std::string> merged = MergeFindingsReports({{"s0.json", text0}, {"s1.json", text1}}, {});
#ifndef REKEY_REPORT_FINDINGS_MERGE_H_
#define REKEY_REPORT_FINDINGS_MERGE_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rekey/base/result.h"
#include "rekey/report/findings_writer.h"

namespace rekey {

struct MergeInput {
  std::string name;  // for messages
  std::string text;
};

struct MergeOptions {
  std::optional<FindingsFormat> format;  // default: the inputs' (json or sarif)
  FindingsWriterOptions writer;
};

Result<std::string> MergeFindingsReports(const std::vector<MergeInput>& inputs, const MergeOptions& options);

}  // namespace rekey

#endif  // REKEY_REPORT_FINDINGS_MERGE_H_
