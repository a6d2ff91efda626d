#include "rekey/scan/scanner.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "rekey/base/parallel_for.h"
#include "rekey/base/text.h"
#include "scan/content_scan.h"

namespace rekey {
namespace {

// Compiles the rules ahead of their first hits (RulesDatabase::Prepare) on
// a thread of its own while the source lists its units: the listing keeps
// one core busy with system calls, and the scan would compile them anyway on
// the rules' first hits. It waits kDelay first: a listing that ends sooner (an
// empty or tiny tree) will hit few rules, if any, and should not wait for a
// compile it does not need. The destructor stops it after the rule in progress.
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

void AddStats(ScanStats& total, const ScanStats& part) {
  total.files_scanned += part.files_scanned;
  total.files_skipped_binary += part.files_skipped_binary;
  total.files_skipped_too_large += part.files_skipped_too_large;
  total.files_skipped_special += part.files_skipped_special;
  total.bytes_scanned += part.bytes_scanned;
  total.archives += part.archives;
  total.archive_entries += part.archive_entries;
  total.decoded_spans += part.decoded_spans;
  total.decode_skipped += part.decode_skipped;
  total.findings_capped += part.findings_capped;
  total.suppressed_inline += part.suppressed_inline;
  total.objects_missing += part.objects_missing;
}

// Units with the same content id are one unit with all their places.
void MergeDuplicateUnits(std::vector<SourceUnit>& units) {
  std::unordered_map<std::string, std::size_t> first;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (!units[i].content_id.empty()) {
      const auto [it, inserted] = first.try_emplace(units[i].content_id, kept);
      if (!inserted) {
        std::vector<Place>& into = units[it->second].places;
        for (Place& place : units[i].places) into.push_back(std::move(place));
        continue;
      }
    }
    if (kept != i) units[kept] = std::move(units[i]);
    ++kept;
  }
  units.resize(kept);
}

bool OnAddedLine(const ContentFinding& found, const std::vector<LineSpan>& added) {
  if (found.outer_line == 0) return true;  // inside an archive: the changed blob is what was added
  return std::any_of(added.begin(), added.end(), [&found](const LineSpan& span) {
    return found.outer_line <= span.last && found.outer_end_line >= span.first;
  });
}

struct Worker {
  Worker(std::shared_ptr<const RulesDatabase> db, const ScanOptions& options, std::unique_ptr<UnitReader> r)
      : content(std::move(db), options), reader(std::move(r)) {}
  ContentScanner content;
  std::unique_ptr<UnitReader> reader;
};

UnitFate FateOf(const Opened& opened, const UnitOutcome& out) {
  if (opened.status != OpenStatus::kOk || !out.errors.empty()) return UnitFate::kUnread;
  return out.findings.empty() ? UnitFate::kClean : UnitFate::kFindings;
}

// Reads and scans one unit into `out`.
void ScanOneUnit(Worker& worker, const SourceUnit& unit, bool record_entries, UnitOutcome& out,
                 const ScanOptions& options) {
  Opened opened = worker.reader->Open(unit);
  ScanStats& stats = worker.content.stats();
  switch (opened.status) {
    case OpenStatus::kOk:
      worker.content.ScanUnit(*opened.stream, record_entries, out);
      if (out.scanned) ++stats.files_scanned;
      break;
    case OpenStatus::kTooLarge:
      ++stats.files_skipped_too_large;
      break;
    case OpenStatus::kSpecial:
      ++stats.files_skipped_special;
      break;
    case OpenStatus::kError:
      if (opened.missing) ++stats.objects_missing;
      out.errors.push_back({"", opened.error});
      break;
  }
  if (options.on_unit) options.on_unit(unit, FateOf(opened, out));
}

// Turns unit outcomes into findings at their places, scrubbed of every secret
// the scan has seen (a key pasted into a file name, an author, an archive
// entry name must not print in clear), and pushes them to the sink past the
// baseline.
class Placer {
 public:
  Placer(const RulesDatabase& db, const ScanOptions& options, FindingSink& sink, ScanSummary& summary)
      : db_(db), options_(options), sink_(sink), summary_(summary) {}

  // The findings of `unit` at each of its places, appended to `out`.
  void Place(const SourceUnit& unit, UnitOutcome& outcome, std::vector<Finding>& out) {
    for (const ContentFinding& found : outcome.findings) Learn(found.secret);
    for (const rekey::Place& place : unit.places) {
      for (const ContentFinding& found : outcome.findings) {
        if (place.only_added && !OnAddedLine(found, place.added)) continue;
        if (db_.has_allowlists() && AllowlistedAt(found, place.provenance)) continue;
        Finding f = found.finding;
        f.provenance.chain.insert(f.provenance.chain.begin(), place.provenance.chain.begin(),
                                  place.provenance.chain.end());
        f.path = DisplayPath(f.provenance);
        // FindingLess orders by commit last: set before the findings are sorted.
        if (const GitOrigin* git = GitOf(f.provenance)) f.commit = git->commit;
        out.push_back(std::move(f));
      }
    }
    const std::string where = unit.places.empty() ? unit.name : DisplayPath(unit.places.front().provenance);
    for (SourceError& error : outcome.errors) {
      summary_.errors.push_back({Scrub(where + error.path), Scrub(error.message)});
    }
    for (std::string& warning : outcome.warnings) summary_.warnings.push_back(Scrub(where + warning));
  }

  // Fills the flat fields from the provenance, scrubs them, and reports.
  void Emit(Finding& f) {
    f.path = Scrub(DisplayPath(f.provenance));
    if (const GitOrigin* git = GitOf(f.provenance)) {
      f.commit = git->commit;
      f.author = Scrub(git->author);
      f.date = git->date;
      f.commit_count = git->commits;
    }
    for (Origin& origin : f.provenance.chain) ScrubOrigin(origin);
    if (options_.baseline != nullptr && options_.baseline->Suppresses(f.fingerprint)) {
      ++summary_.stats.suppressed_baseline;
      return;
    }
    ++summary_.stats.findings;
    fingerprints_.insert(f.fingerprint);
    sink_.Add(f);
  }

  std::size_t secrets() const { return fingerprints_.size(); }

 private:
  void Learn(const std::string& secret) {
    if (secret.size() >= 8 && known_.insert(secret).second) secrets_.push_back(secret);
  }
  std::string Scrub(std::string text) const { return RedactTokens(std::move(text), secrets_); }
  void ScrubOrigin(Origin& origin) const {
    if (auto* file = std::get_if<FileOrigin>(&origin)) file->path = Scrub(file->path);
    if (auto* git = std::get_if<GitOrigin>(&origin)) {
      git->path = Scrub(git->path);
      git->author = Scrub(git->author);
    }
    if (auto* entry = std::get_if<ArchiveEntryOrigin>(&origin)) entry->name = Scrub(entry->name);
    if (auto* layer = std::get_if<ImageLayerOrigin>(&origin)) layer->created_by = Scrub(layer->created_by);
  }

  // An imported gitleaks allowlist covers the finding at this place.
  bool AllowlistedAt(const ContentFinding& found, const Provenance& place) const {
    const GitOrigin* git = GitOf(place);
    return db_.Allowlisted(found.rule, found.secret, found.match_text, found.line_text, DisplayPath(place),
                           git != nullptr ? git->commit : "");
  }

  const RulesDatabase& db_;
  const ScanOptions& options_;
  FindingSink& sink_;
  ScanSummary& summary_;
  std::set<std::string> known_;
  std::vector<std::string> secrets_;  // every clear secret seen, for scrubbing
  std::set<std::string> fingerprints_;
};

}  // namespace

bool FindingLess(const Finding& a, const Finding& b) {
  return std::tie(a.repository, a.path, a.line, a.column, a.rule_id, a.fingerprint, a.commit) <
         std::tie(b.repository, b.path, b.line, b.column, b.rule_id, b.fingerprint, b.commit);
}

Scanner::Scanner(std::shared_ptr<const RulesDatabase> db, ScanOptions options)
    : db_(std::move(db)), options_(std::move(options)) {}

Result<ScanSummary> Scanner::Run(Source& source, FindingSink& sink) {
  const auto started = std::chrono::steady_clock::now();
  // 1. List the units, compiling the rules' confirmation regexes on the idle core meanwhile.
  const unsigned wanted = ResolveThreadCount(options_.threads);
  Result<SourceListing> listed = SourceListing{};
  {
    std::optional<CompileAhead> ahead;
    if (wanted > 1) ahead.emplace(*db_);
    listed = source.List();
  }
  if (!listed) return listed.error();
  SourceListing& listing = *listed;
  MergeDuplicateUnits(listing.units);
  ScanSummary summary;
  summary.stats.files_skipped_special = listing.skipped_special;
  summary.stats.files_skipped_ignored = listing.skipped_ignored;
  summary.stats.commits = listing.commits;
  summary.stats.objects_missing = listing.objects_missing;
  if (listing.appearances > listing.units.size()) {
    summary.stats.blobs_deduplicated = listing.appearances - listing.units.size();
  }
  summary.errors = std::move(listing.errors);
  summary.warnings = std::move(listing.warnings);
  const std::vector<SourceUnit>& units = listing.units;
  if (options_.progress != nullptr) options_.progress->files_total = units.size();

  // 2. Read and scan every unit; each worker keeps its own matcher, buffer and reader.
  const unsigned threads = std::min<std::size_t>(wanted, std::max<std::size_t>(units.size(), 1));
  std::vector<std::unique_ptr<Worker>> workers;
  for (unsigned i = 0; i < threads; ++i) {
    workers.push_back(std::make_unique<Worker>(db_, options_, source.NewReader()));
  }
  const bool record_entries = source.WantsEntryNames();
  Placer placer(*db_, options_, sink, summary);
  std::vector<UnitOutcome> outcomes(units.size());
  // A tree's findings go out as soon as a unit and every unit before it are done.
  std::mutex emit_mutex;
  std::vector<char> done(units.size(), 0);
  std::size_t next = 0;
  std::vector<Finding> placed;
  ParallelFor(units.size(), threads, [&](unsigned w, std::size_t index) {
    ScanOneUnit(*workers[w], units[index], record_entries, outcomes[index], options_);
    if (options_.progress != nullptr) options_.progress->files_done.fetch_add(1, std::memory_order_relaxed);
    if (!listing.in_report_order) return;
    std::lock_guard<std::mutex> lock(emit_mutex);
    done[index] = 1;
    for (; next < units.size() && done[next] != 0; ++next) {
      placed.clear();
      placer.Place(units[next], outcomes[next], placed);
      std::sort(placed.begin(), placed.end(), FindingLess);
      for (Finding& f : placed) placer.Emit(f);
      outcomes[next] = UnitOutcome{};
    }
  });
  for (const auto& worker : workers) AddStats(summary.stats, worker->content.stats());

  // 3. Other sources: every place of every unit, sorted, then reported.
  if (!listing.in_report_order) {
    std::vector<std::vector<std::string>> entries;
    if (record_entries) {
      for (UnitOutcome& outcome : outcomes) entries.push_back(std::move(outcome.entry_names));
    }
    for (std::size_t i = 0; i < units.size(); ++i) {
      const std::size_t first = placed.size();
      placer.Place(units[i], outcomes[i], placed);
      if (record_entries) {
        for (std::size_t f = first; f < placed.size(); ++f) source.AdjustProvenance(i, entries, placed[f].provenance);
      }
      outcomes[i] = UnitOutcome{};
    }
    if (record_entries) {
      for (Finding& f : placed) f.path = DisplayPath(f.provenance);
    }
    std::sort(placed.begin(), placed.end(), FindingLess);
    for (Finding& f : placed) placer.Emit(f);
  }
  std::sort(summary.errors.begin(), summary.errors.end(), [](const SourceError& a, const SourceError& b) {
    return std::tie(a.path, a.message) < std::tie(b.path, b.message);
  });
  summary.stats.secrets = placer.secrets();
  if (options_.baseline != nullptr) summary.unused_baseline = options_.baseline->Unused();
  summary.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  sink.Finish(summary);
  return summary;
}

}  // namespace rekey
