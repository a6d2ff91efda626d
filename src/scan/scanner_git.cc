// The git half of Scanner::Run: read each unique blob of a GitListing once,
// match it, and repeat its findings at every place that holds it, with that
// place's provenance (and, for staged listings, only on added lines).
#include <algorithm>
#include <chrono>
#include <optional>
#include <set>
#include <tuple>

#include "rekey/scan/scanner.h"
#include "rekey/base/parallel_for.h"
#include "scan/scan_stats.h"

namespace rekey {
namespace {

struct GitWorker {
  GitWorker(std::shared_ptr<const RulesDatabase> db, const std::string& repo_dir, std::uint64_t max_file_size)
      : matcher(std::move(db)), reader(repo_dir, max_file_size) {}
  Matcher matcher;
  GitBlobReader reader;
  std::vector<RuleMatch> scratch;
  std::vector<Finding> once;  // the blob's findings at its first place
  ScanStats stats;
  std::uint64_t missing = 0;
};

struct BlobOutcome {
  std::vector<Finding> findings;
  std::optional<std::string> error;
};

bool OnAddedLine(const Finding& finding, const std::vector<LineSpan>& added) {
  return std::any_of(added.begin(), added.end(), [&finding](const LineSpan& span) {
    return finding.line <= span.last && finding.end_line >= span.first;
  });
}

void ScanGitBlob(GitWorker& worker, const GitBlob& blob, const ScanOptions& options, bool staged,
                 BlobOutcome& outcome) {
  const GitRead read = worker.reader.Read(blob.id);
  switch (read.status) {
    case ReadStatus::kOk:
      ++worker.stats.files_scanned;
      worker.stats.bytes_scanned += read.content.size();
      break;
    case ReadStatus::kBinary:
      ++worker.stats.files_skipped_binary;
      return;
    case ReadStatus::kTooLarge:
      ++worker.stats.files_skipped_too_large;
      return;
    case ReadStatus::kSpecial:
      ++worker.stats.files_skipped_special;
      return;
    case ReadStatus::kError:
      if (read.missing) ++worker.missing;
      outcome.error = read.error;
      return;
  }
  worker.once.clear();
  worker.stats.suppressed_inline += ScanBlob(worker.matcher, Blob{read.content, &blob.places.front().provenance},
                                             options, worker.scratch, worker.once);
  for (const GitPlace& place : blob.places) {
    for (const Finding& found : worker.once) {
      if (staged && !options.whole_files && !OnAddedLine(found, place.added)) continue;
      Finding finding = found;
      finding.path = place.provenance.path;
      finding.commit = place.provenance.commit;
      finding.author = place.provenance.author;
      finding.date = place.provenance.date;
      finding.commit_count = place.provenance.commits;
      outcome.findings.push_back(std::move(finding));
    }
  }
}

}  // namespace

ScanSummary Scanner::RunGit(FindingSink& sink) {
  const auto started = std::chrono::steady_clock::now();
  const GitListing& listing = *options_.git;
  const bool staged = listing.mode == GitMode::kStaged;
  ScanSummary summary;
  summary.stats.commits = listing.commits;
  summary.stats.blobs_deduplicated = listing.appearances - listing.blobs.size();
  summary.errors = listing.errors;
  if (options_.progress != nullptr) options_.progress->files_total = listing.blobs.size();

  // 1. Read and match every unique blob; each worker has its own repository handle.
  const unsigned threads =
      std::min<std::size_t>(ResolveThreadCount(options_.threads), std::max<std::size_t>(listing.blobs.size(), 1));
  std::vector<std::unique_ptr<GitWorker>> workers;
  for (unsigned i = 0; i < threads; ++i) {
    workers.push_back(std::make_unique<GitWorker>(db_, listing.repo_dir, options_.walk.max_file_size));
  }
  std::vector<BlobOutcome> outcomes(listing.blobs.size());
  ParallelFor(listing.blobs.size(), threads, [&](unsigned worker, std::size_t index) {
    ScanGitBlob(*workers[worker], listing.blobs[index], options_, staged, outcomes[index]);
    if (options_.progress != nullptr) options_.progress->files_done.fetch_add(1, std::memory_order_relaxed);
  });
  std::uint64_t missing = 0;
  for (const auto& worker : workers) {
    AddStats(summary.stats, worker->stats);
    missing += worker->missing;
  }
  summary.stats.objects_missing = listing.objects_missing + missing;

  // 2. Blobs came in discovery order: sort all findings, then report.
  std::vector<Finding> findings;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (outcomes[i].error)
      summary.errors.push_back({listing.blobs[i].places.front().provenance.path, *outcomes[i].error});
    for (Finding& finding : outcomes[i].findings) findings.push_back(std::move(finding));
  }
  std::sort(findings.begin(), findings.end(), FindingLess);
  std::sort(summary.errors.begin(), summary.errors.end(), [](const SourceError& a, const SourceError& b) {
    return std::tie(a.path, a.message) < std::tie(b.path, b.message);
  });
  std::set<std::string> secrets;
  EmitFindings(findings, options_, sink, summary, secrets);
  summary.stats.secrets = secrets.size();
  if (options_.baseline != nullptr) summary.unused_baseline = options_.baseline->Unused();
  summary.stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() + listing.seconds;
  sink.Finish(summary);
  return summary;
}

}  // namespace rekey
