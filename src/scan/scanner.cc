#include "rekey/scan/scanner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <tuple>

#include "rekey/scan/redact.h"
#include "rekey/scan/thread_pool.h"
#include "rekey/source/file_reader.h"
#include "scan/scan_stats.h"

namespace rekey {
namespace {

// Compiles the rules ahead of their first hits (RulesDatabase::Prepare) on
// a thread of its own while it lives: the walk keeps one core busy with
// system calls, and the scan would compile them anyway on the rules' first
// hits. It waits kDelay first: a walk that ends sooner (an empty or tiny
// tree) will hit few rules, if any, and should not wait for a compile it
// does not need. The destructor stops it after the rule in progress.
class CompileAhead {
 public:
  explicit CompileAhead(const RulesDatabase& db)
      : thread_([this, &db] {
          {
            std::unique_lock<std::mutex> lock(mutex_);
            if (stop_signal_.wait_for(lock, kDelay, [this] { return stop_.load(); })) return;
          }
          db.Prepare(stop_);
        }) {}
  ~CompileAhead() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    stop_signal_.notify_one();
    thread_.join();
  }
  CompileAhead(const CompileAhead&) = delete;
  CompileAhead& operator=(const CompileAhead&) = delete;

 private:
  static constexpr std::chrono::milliseconds kDelay{2};
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable stop_signal_;
  std::thread thread_;  // last: starts once the members it uses exist
};

// Turns byte offsets into 1-based line/column, moving forward only (matches
// arrive sorted by start), so a file is walked for newlines at most once.
class LineCursor {
 public:
  explicit LineCursor(std::string_view content) : content_(content) {}

  // Line and column of `offset`; offsets must not decrease between calls.
  std::pair<int, int> Locate(std::size_t offset) {
    Advance(offset);
    return {line_, static_cast<int>(offset - line_start_) + 1};
  }

  // Same for an offset at or after the last Locate, without moving the cursor.
  std::pair<int, int> Peek(std::size_t offset) const {
    LineCursor copy = *this;
    return copy.Locate(offset);
  }

 private:
  void Advance(std::size_t offset) {
    while (pos_ < offset) {
      const void* nl = std::memchr(content_.data() + pos_, '\n', offset - pos_);
      if (nl == nullptr) {
        pos_ = offset;
        break;
      }
      pos_ = static_cast<std::size_t>(static_cast<const char*>(nl) - content_.data()) + 1;
      ++line_;
      line_start_ = pos_;
    }
  }

  std::string_view content_;
  std::size_t pos_ = 0;
  std::size_t line_start_ = 0;
  int line_ = 1;
};

struct Worker {
  Worker(std::shared_ptr<const RulesDatabase> db, std::uint64_t max_file_size)
      : matcher(std::move(db)), reader(max_file_size) {}
  Matcher matcher;
  FileReader reader;
  std::vector<RuleMatch> scratch;
  ScanStats stats;
};

// What one file produced: its findings, or why it was not scanned.
struct FileOutcome {
  std::vector<Finding> findings;
  std::optional<std::string> error;
};

void ScanFile(Worker& worker, const FileEntry& file, const ScanOptions& options, FileOutcome& outcome) {
  const FileRead read = worker.reader.Read(file.path);
  switch (read.status) {
    case ReadStatus::kOk: {
      Provenance provenance;
      provenance.path = file.path;
      worker.stats.suppressed_inline +=
          ScanBlob(worker.matcher, Blob{read.content, &provenance}, options, worker.scratch, outcome.findings);
      ++worker.stats.files_scanned;
      worker.stats.bytes_scanned += read.content.size();
      break;
    }
    case ReadStatus::kBinary:
      ++worker.stats.files_skipped_binary;
      break;
    case ReadStatus::kTooLarge:
      ++worker.stats.files_skipped_too_large;
      break;
    case ReadStatus::kSpecial:
      ++worker.stats.files_skipped_special;
      break;
    case ReadStatus::kError:
      outcome.error = read.error;
      break;
  }
  if (options.progress != nullptr) {
    options.progress->files_done.fetch_add(1, std::memory_order_relaxed);
    options.progress->bytes_done.fetch_add(read.content.size(), std::memory_order_relaxed);
  }
}

// Several rules can capture the very same bytes (a provider rule and a generic
// assignment rule): that is one secret, reported once, under the most severe
// rule (ties: a vendor rule over a generic one, then the earlier rule). Leaves
// `matches` sorted by secret start.
void KeepOneMatchPerSecret(const RulesDatabase& db, std::vector<RuleMatch>& matches) {
  auto key = [&db](const RuleMatch& m) {
    const Rule& rule = db.rule(m.rule);
    return std::make_tuple(m.secret_start, m.secret_end, rule.severity, IsGenericRule(rule), m.rule);
  };
  std::sort(matches.begin(), matches.end(), [&key](const RuleMatch& a, const RuleMatch& b) { return key(a) < key(b); });
  matches.erase(std::unique(matches.begin(), matches.end(),
                            [](const RuleMatch& a, const RuleMatch& b) {
                              return a.secret_start == b.secret_start && a.secret_end == b.secret_end;
                            }),
                matches.end());
}

}  // namespace

bool FindingLess(const Finding& a, const Finding& b) {
  return std::tie(a.path, a.line, a.column, a.rule_id, a.fingerprint, a.commit) <
         std::tie(b.path, b.line, b.column, b.rule_id, b.fingerprint, b.commit);
}

std::uint64_t ScanBlob(Matcher& matcher, const Blob& blob, const ScanOptions& options, std::vector<RuleMatch>& scratch,
                       std::vector<Finding>& out) {
  matcher.Scan(blob.content, scratch);
  const RulesDatabase& db = matcher.database();
  KeepOneMatchPerSecret(db, scratch);
  LineCursor cursor(blob.content);
  std::uint64_t allowed = 0;
  const std::size_t first = out.size();
  for (const RuleMatch& match : scratch) {
    const Rule& rule = db.rule(match.rule);
    // An imported gitleaks rule's allowlist covers it: not a finding.
    if (db.has_allowlists() && db.Allowlisted(match, blob.content, blob.provenance->path, blob.provenance->commit)) {
      continue;
    }
    if (IsAllowedInline(blob.content, match.secret_start, rule.id, options.allow)) {
      ++allowed;
      continue;
    }
    const std::string_view secret = blob.content.substr(match.secret_start, match.secret_end - match.secret_start);
    Finding finding;
    finding.rule_id = rule.id;
    finding.rule_name = rule.name;
    finding.severity = rule.severity;
    finding.provider = rule.provider;
    finding.path = blob.provenance->path;
    std::tie(finding.line, finding.column) = cursor.Locate(match.secret_start);
    std::tie(finding.end_line, finding.end_column) = cursor.Peek(match.secret_end);
    finding.secret_redacted = RedactedSecret(secret);
    if (options.show_secrets) finding.secret = std::string(secret);
    finding.fingerprint = SecretFingerprint(rule.id, secret);
    finding.validation = match.validation;
    finding.commit = blob.provenance->commit;
    finding.author = blob.provenance->author;
    finding.date = blob.provenance->date;
    out.push_back(std::move(finding));
  }
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(), FindingLess);
  return allowed;
}

Scanner::Scanner(std::shared_ptr<const RulesDatabase> db, ScanOptions options)
    : db_(std::move(db)), options_(std::move(options)) {}

void EmitFindings(const std::vector<Finding>& findings, const ScanOptions& options, FindingSink& sink,
                  ScanSummary& summary, std::set<std::string>& secrets) {
  for (const Finding& finding : findings) {
    if (options.baseline != nullptr && options.baseline->Suppresses(finding.fingerprint)) {
      ++summary.stats.suppressed_baseline;
      continue;
    }
    ++summary.stats.findings;
    secrets.insert(finding.fingerprint);
    sink.Add(finding);
  }
}

ScanSummary Scanner::Run(FindingSink& sink) {
  if (options_.git) return RunGit(sink);
  const auto started = std::chrono::steady_clock::now();
  ScanSummary summary;
  // 1. List the files (ignore files, excludes, no special files), compiling
  //    the rules' confirmation regexes on the idle core meanwhile.
  const unsigned wanted = ResolveThreadCount(options_.threads);
  WalkResult walk;
  {
    std::optional<CompileAhead> ahead;
    if (wanted > 1) ahead.emplace(*db_);
    walk = Walk(options_.walk);
  }
  summary.stats.files_skipped_special = walk.skipped_special;
  if (options_.progress != nullptr) options_.progress->files_total = walk.files.size();

  // 2. Read and match every file; each worker keeps its own Matcher and buffer.
  const unsigned threads = std::min<std::size_t>(wanted, std::max<std::size_t>(walk.files.size(), 1));
  std::vector<std::unique_ptr<Worker>> workers;
  for (unsigned i = 0; i < threads; ++i) {
    workers.push_back(std::make_unique<Worker>(db_, options_.walk.max_file_size));
  }
  std::vector<FileOutcome> outcomes(walk.files.size());
  ParallelFor(walk.files.size(), threads, [&](unsigned worker, std::size_t index) {
    ScanFile(*workers[worker], walk.files[index], options_, outcomes[index]);
  });
  for (const auto& worker : workers) AddStats(summary.stats, worker->stats);

  // 3. Merge in path order, dropping baselined fingerprints, and report.
  summary.errors = std::move(walk.errors);
  std::set<std::string> secrets;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (outcomes[i].error) summary.errors.push_back({walk.files[i].path, *outcomes[i].error});
    EmitFindings(outcomes[i].findings, options_, sink, summary, secrets);
  }
  std::sort(summary.errors.begin(), summary.errors.end(),
            [](const SourceError& a, const SourceError& b) { return a.path < b.path; });
  summary.stats.secrets = secrets.size();
  if (options_.baseline != nullptr) summary.unused_baseline = options_.baseline->Unused();
  summary.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  sink.Finish(summary);
  return summary;
}

}  // namespace rekey
