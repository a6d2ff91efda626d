// ScanRepositories: one scan per repository (or the one plain source), in
// name order, each through the Scanner; shards, incremental state and the
// repository in every finding around it.
#include "rekey/scan/repo_scan.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <set>

#include "rekey/base/hash.h"
#include "rekey/base/read_file.h"
#include "rekey/source/git_source.h"
#include "rekey/source/tree_source.h"
#include "scan/scan_state.h"

namespace rekey {
namespace {

namespace fs = std::filesystem;

constexpr int kRepoSearchDepth = 3;
constexpr unsigned kMaxShards = 10000;

bool IsRepository(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir / ".git", ec)) return true;
  return fs::is_regular_file(dir / "HEAD", ec) && fs::is_directory(dir / "objects", ec) &&
         fs::is_directory(dir / "refs", ec);
}

bool IsBare(const fs::path& dir) {
  std::error_code ec;
  return !fs::exists(dir / ".git", ec) && IsRepository(dir);
}

void FindRepositories(const fs::path& root, const fs::path& dir, int depth, std::vector<RepoEntry>& out) {
  std::error_code ec;
  std::vector<fs::path> subdirs;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_directory(ec) && !entry.is_symlink(ec) && entry.path().filename() != ".git") {
      subdirs.push_back(entry.path());
    }
  }
  std::sort(subdirs.begin(), subdirs.end());
  for (const fs::path& sub : subdirs) {
    if (IsRepository(sub)) {
      out.push_back({sub.lexically_relative(root).generic_string(), sub.lexically_normal().string(), ""});
    } else if (depth < kRepoSearchDepth) {
      FindRepositories(root, sub, depth + 1, out);
    }
  }
}

Result<std::vector<RepoEntry>> ReadRepoList(const std::string& file) {
  Result<std::string> text = ReadRegularFile(file, {});
  if (!text) return Error{file + ": " + text.error().message, text.error().hint};
  const fs::path base = fs::path(file).parent_path();
  std::vector<RepoEntry> repos;
  std::set<std::string> names;
  int line_no = 0;
  for (std::size_t at = 0; at < text->size();) {
    std::size_t end = text->find('\n', at);
    if (end == std::string::npos) end = text->size();
    std::string line = text->substr(at, end - at);
    at = end + 1;
    ++line_no;
    const std::size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    line = line.substr(first);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    const std::size_t space = line.find_first_of(" \t");
    RepoEntry entry;
    entry.name = line.substr(0, space);
    if (space != std::string::npos) {
      const std::size_t url = line.find_first_not_of(" \t", space);
      entry.url = line.substr(url);
      if (entry.url.find_first_of(" \t") != std::string::npos) {
        return Error{file + ":" + std::to_string(line_no) + ":1: expected PATH [URL], got more",
                     "one repository per line: a path to a clone, optionally where it is cloned from"};
      }
    }
    while (entry.name.size() > 1 && entry.name.back() == '/') entry.name.pop_back();
    entry.path = fs::path(entry.name).is_absolute() ? entry.name : (base / entry.name).string();
    if (!names.insert(entry.name).second) {
      return Error{file + ":" + std::to_string(line_no) + ":1: repository " + entry.name + " is listed twice",
                   "list each repository once"};
    }
    repos.push_back(std::move(entry));
  }
  return repos;
}

// Units of a source whose key (git: the blob id; files: the path) falls in
// the shard; what the listing counted is kept for `rekey merge`, which takes
// it once instead of once per shard.
class ShardedSource : public Source {
 public:
  ShardedSource(std::unique_ptr<Source> inner, Shard shard, ListingStats& listing)
      : inner_(std::move(inner)), shard_(shard), listing_(listing) {}

  Result<SourceListing> List() override {
    Result<SourceListing> listed = inner_->List();
    if (!listed) return listed;
    SourceListing& l = *listed;
    listing_.commits = l.commits;
    listing_.files_skipped_special = l.skipped_special;
    listing_.files_skipped_ignored = l.skipped_ignored;
    listing_.objects_missing = l.objects_missing;
    listing_.units = l.units.size();
    std::uint64_t appearances = 0;
    std::vector<SourceUnit> kept;
    for (SourceUnit& unit : l.units) {
      const std::string key = unit.content_id.empty() ? DisplayPath(unit.places.front().provenance) : unit.content_id;
      if (!InShard(key, shard_)) continue;
      for (const Place& place : unit.places) {
        const GitOrigin* git = GitOf(place.provenance);
        appearances += git != nullptr && git->commits > 0 ? static_cast<std::uint64_t>(git->commits) : 1;
      }
      kept.push_back(std::move(unit));
    }
    l.units = std::move(kept);
    if (l.appearances > 0) l.appearances = appearances;
    return listed;
  }
  std::unique_ptr<UnitReader> NewReader() override { return inner_->NewReader(); }

 private:
  std::unique_ptr<Source> inner_;
  Shard shard_;
  ListingStats& listing_;
};

// Forwards one repository's findings with the repository outermost in their
// provenance (and working-tree paths made relative to it), counting the
// run's distinct secrets; the run's Finish is ScanRepositories' own.
class RepositorySink : public FindingSink {
 public:
  explicit RepositorySink(FindingSink& next) : next_(next) {}

  void Begin(const RepoEntry* repo, std::string strip) {
    repo_ = repo;
    strip_ = std::move(strip);
  }
  void Add(const Finding& finding) override {
    fingerprints_.insert(finding.fingerprint);
    if (repo_ == nullptr) {
      next_.Add(finding);
      return;
    }
    Finding f = finding;
    if (!f.provenance.chain.empty()) {
      if (auto* file = std::get_if<FileOrigin>(&f.provenance.chain.front())) file->path = Strip(file->path);
    }
    f.provenance.chain.insert(f.provenance.chain.begin(), RepositoryOrigin{repo_->name, repo_->path});
    f.repository = repo_->name;
    f.path = DisplayPath(f.provenance);
    next_.Add(f);
  }
  void Finish(const ScanSummary&) override {}

  std::string Strip(const std::string& path) const {
    if (!strip_.empty() && path.size() > strip_.size() && path.compare(0, strip_.size(), strip_) == 0 &&
        path[strip_.size()] == '/') {
      return path.substr(strip_.size() + 1);
    }
    return path;
  }
  std::size_t secrets() const { return fingerprints_.size(); }

 private:
  FindingSink& next_;
  const RepoEntry* repo_ = nullptr;
  std::string strip_;
  std::set<std::string> fingerprints_;
};

// "./a/b/" -> "a/b": how the walk prints a root.
std::string WalkPrefix(std::string root) {
  while (root.size() >= 2 && root.compare(0, 2, "./") == 0) root.erase(0, 2);
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  return root == "." ? "" : root;
}

void AddStats(ScanStats& total, const ScanStats& s) {
  total.files_scanned += s.files_scanned;
  total.files_skipped_binary += s.files_skipped_binary;
  total.files_skipped_too_large += s.files_skipped_too_large;
  total.files_skipped_special += s.files_skipped_special;
  total.files_skipped_ignored += s.files_skipped_ignored;
  total.bytes_scanned += s.bytes_scanned;
  total.archives += s.archives;
  total.archive_entries += s.archive_entries;
  total.decoded_spans += s.decoded_spans;
  total.decode_skipped += s.decode_skipped;
  total.findings_capped += s.findings_capped;
  total.findings += s.findings;
  total.suppressed_inline += s.suppressed_inline;
  total.suppressed_baseline += s.suppressed_baseline;
  total.commits += s.commits;
  total.blobs_deduplicated += s.blobs_deduplicated;
  total.objects_missing += s.objects_missing;
}

// Where a repository's state lives: one shared file, or one file per
// repository in a directory (shards then share the directory safely).
std::string StatePath(const std::string& state, const std::string& name, bool& per_repository) {
  std::error_code ec;
  per_repository = state.ends_with("/") || fs::is_directory(state, ec);
  if (!per_repository) return state;
  fs::create_directories(state, ec);  // a first run (an empty CI cache) creates it
  std::string safe;
  for (char c : name) safe += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ? c : '_';
  if (safe.size() > 64) safe.resize(64);
  return (fs::path(state) / (safe + "-" + Hex64(Fnv1a64(name)).substr(0, 8) + ".rekey-state")).string();
}

// What one repository's incremental scan learns about its blobs.
class StateRecorder {
 public:
  void On(const SourceUnit& unit, UnitFate fate) {
    ObjectId id;
    if (!ParseObjectId(unit.content_id, id)) return;
    std::lock_guard<std::mutex> lock(mutex_);
    if (fate == UnitFate::kClean) clean_.push_back(id);
    if (fate == UnitFate::kFindings) {
      RepoState::FindingBlob blob{id, {}};
      for (const Place& place : unit.places) {
        if (const GitOrigin* git = GitOf(place.provenance)) blob.places.push_back(*git);
      }
      findings_.push_back(std::move(blob));
    }
  }

  RepoState Next(const RepoState* prev, const GitListing& listing, bool complete) {
    RepoState next;
    next.clean = std::move(clean_);
    if (prev != nullptr) next.clean.insert(next.clean.end(), prev->clean.begin(), prev->clean.end());
    std::sort(next.clean.begin(), next.clean.end());
    next.clean.erase(std::unique(next.clean.begin(), next.clean.end()), next.clean.end());
    next.findings = std::move(findings_);
    std::sort(next.findings.begin(), next.findings.end(),
              [](const RepoState::FindingBlob& a, const RepoState::FindingBlob& b) { return a.id < b.id; });
    next.complete = complete;
    for (const std::string& hex : listing.tips) {
      ObjectId id;
      if (ParseObjectId(hex, id)) next.tips.push_back(id);
    }
    next.commits = listing.incremental && prev != nullptr ? prev->commits + listing.commits : listing.commits;
    return next;
  }

 private:
  std::mutex mutex_;
  std::vector<ObjectId> clean_;
  std::vector<RepoState::FindingBlob> findings_;
};

struct RunContext {
  std::shared_ptr<const RulesDatabase> db;
  ScanOptions options;
  const OrgScanOptions& org;
  std::string identity;
  ListingStats listing;
};

// Lists one repository (its state applied), scans it into `sink`; the
// repository's result, its errors into `errors`.
RepositoryResult ScanOne(RunContext& run, const RepoEntry& repo, ScanState* shared_state, RepositorySink& sink,
                         ScanSummary& total) {
  std::vector<SourceError>& errors = total.errors;
  RepositoryResult result{repo.name, repo.path, run.org.history ? "history" : "tree", "", false, {}};
  const auto fail = [&](const std::string& message) {
    result.error = message;
    errors.push_back({run.org.plain ? "" : repo.name, message});
    return result;
  };
  // The state: the shared file's entry, or the repository's own file.
  std::optional<ScanState> own_state;
  ScanState* state = shared_state;
  bool per_repository = false;
  const std::string state_path = run.org.state.empty() ? "" : StatePath(run.org.state, repo.name, per_repository);
  if (per_repository) {
    Result<ScanState> loaded = ScanState::Load(state_path, run.identity);
    if (!loaded && !run.org.ignore_damaged_state) return fail(loaded.error().message);
    if (!loaded)
      total.warnings.push_back(loaded.error().message + ": everything is read again (--ignore-damaged-state)");
    own_state = loaded ? std::move(*loaded) : ScanState::Empty(run.identity);
    state = &*own_state;
  }
  const RepoState* prev = state != nullptr ? state->Find(repo.name) : nullptr;

  std::unique_ptr<Source> source;
  GitListing listed;
  StateRecorder recorder;
  if (run.org.history) {
    GitSourceOptions git;
    git.repo = repo.path;
    git.refs = run.org.refs;
    git.excludes = run.org.excludes;
    git.allow_shallow = run.org.allow_shallow;
    if (prev != nullptr) {
      git.skip = [prev](const std::string& hex) {
        ObjectId id;
        return ParseObjectId(hex, id) && prev->IsClean(id);
      };
      if (prev->complete) {
        for (const ObjectId& tip : prev->tips) git.hide.push_back(ObjectIdHex(tip));
        for (const RepoState::FindingBlob& blob : prev->findings)
          git.carried.push_back({ObjectIdHex(blob.id), blob.places});
      }
    }
    Result<GitListing> listing = ListGitBlobs(git);
    if (!listing)
      return fail(listing.error().message + (listing.error().hint.empty() ? "" : " (" + listing.error().hint + ")"));
    result.incremental = listing->incremental;
    listed.tips = listing->tips;
    listed.commits = listing->commits;
    listed.incremental = listing->incremental;
    source = MakeGitSource(std::move(*listing), {run.org.max_file_size, false});
  } else {
    if (!run.org.plain && IsBare(repo.path)) {
      return fail("a bare repository has no working tree: scan it with --history");
    }
    TreeSourceOptions tree;
    tree.walk.paths = run.org.plain ? run.org.tree_paths : std::vector<std::string>{repo.path};
    tree.walk.use_ignore_files = run.org.use_ignore_files;
    tree.walk.excludes = run.org.excludes;
    tree.max_file_size = run.org.max_file_size;
    source = MakeTreeSource(std::move(tree));
  }
  if (run.org.plain && run.org.shard.count > 1) {
    source = std::make_unique<ShardedSource>(std::move(source), run.org.shard, run.listing);
  }
  ScanOptions options = run.options;
  if (state != nullptr)
    options.on_unit = [&recorder](const SourceUnit& unit, UnitFate fate) { recorder.On(unit, fate); };
  sink.Begin(run.org.plain ? nullptr : &repo, run.org.history ? "" : WalkPrefix(repo.path));
  Result<ScanSummary> summary = Scanner(run.db, options).Run(*source, sink);
  if (!summary) return fail(summary.error().message);
  result.stats = summary->stats;
  for (SourceError& e : summary->errors) {
    if (!run.org.plain) e.path = repo.name + ":" + sink.Strip(e.path);
    errors.push_back(std::move(e));
  }
  for (std::string& w : summary->warnings) total.warnings.push_back(run.org.plain ? w : repo.name + ": " + w);
  if (state != nullptr && run.org.history) {
    RepoState next = recorder.Next(prev, listed, summary->errors.empty());
    result.stats.commits = next.commits;  // the whole history's, not only the new commits'
    state->Put(repo.name, std::move(next));
    if (per_repository) {
      if (Status saved = own_state->Save(state_path); !saved) errors.push_back({repo.name, saved.error().message});
    }
  }
  return result;
}

}  // namespace

Result<std::vector<RepoEntry>> ListRepositories(const std::string& file_or_dir) {
  std::error_code ec;
  std::vector<RepoEntry> repos;
  if (fs::is_directory(file_or_dir, ec)) {
    FindRepositories(file_or_dir, file_or_dir, 1, repos);
  } else {
    Result<std::vector<RepoEntry>> listed = ReadRepoList(file_or_dir);
    if (!listed) return listed;
    repos = std::move(*listed);
  }
  if (repos.empty()) {
    return Error{file_or_dir + " lists no repository",
                 "--repos takes a file (one clone or bare mirror per line) or a directory of clones"};
  }
  std::sort(repos.begin(), repos.end(), [](const RepoEntry& a, const RepoEntry& b) { return a.name < b.name; });
  return repos;
}

Result<Shard> ParseShard(std::string_view text) {
  const std::size_t slash = text.find('/');
  const Error usage{"--shard " + std::string(text) + " is not I/N",
                    "e.g. --shard 0/4 (shards are numbered from 0), or --shard /4 with JOB_COMPLETION_INDEX set"};
  if (slash == std::string_view::npos) return usage;
  std::string index(text.substr(0, slash));
  const std::string count(text.substr(slash + 1));
  if (index.empty()) {
    const char* env = std::getenv("JOB_COMPLETION_INDEX");
    if (env == nullptr || *env == '\0') {
      return Error{"--shard /N takes the shard from JOB_COMPLETION_INDEX, which is not set",
                   "set it (Kubernetes Indexed Jobs do), or name the shard: --shard I/N"};
    }
    index = env;
  }
  const auto number = [](const std::string& s, unsigned& out) {
    if (s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos) return false;
    out = static_cast<unsigned>(std::stoul(s));
    return true;
  };
  Shard shard;
  if (!number(index, shard.index) || !number(count, shard.count)) return usage;
  if (shard.count == 0 || shard.count > kMaxShards || shard.index >= shard.count) {
    return Error{"--shard " + index + "/" + count + ": the shard must be 0.." + std::to_string(shard.count - 1) +
                     " of 1.." + std::to_string(kMaxShards) + " shards",
                 "shards are numbered from 0 (JOB_COMPLETION_INDEX, a matrix index)"};
  }
  return shard;
}

bool InShard(std::string_view key, const Shard& shard) {
  return shard.count <= 1 || Fnv1a64(key) % shard.count == shard.index;
}

std::string RulesIdentity(const RulesDatabase& db) {
  std::string material;
  for (const Rule& rule : db.rules()) {
    material += rule.id + '\0' + rule.pattern + '\0' + rule.context + '\0' + rule.value_pattern + '\0';
    for (const std::string& k : rule.keywords) material += k + ',';
    material += '\0' + (rule.min_entropy ? std::to_string(*rule.min_entropy) : "-") + '\0';
    material += std::string(ValidatorName(rule.validate)) + '\0' + rule.name + '\0' + rule.provider + '\0';
    material += std::string(RuleSeverityName(rule.severity)) + '\n';
  }
  return Hex64(Fnv1a64(material));
}

ScanStats SumRepositoryStats(const std::vector<RepositoryResult>& repositories) {
  ScanStats total;
  for (const RepositoryResult& r : repositories) AddStats(total, r.stats);
  return total;
}

Result<ScanSummary> ScanRepositories(std::shared_ptr<const RulesDatabase> db, ScanOptions options,
                                     const std::vector<RepoEntry>& repos, const OrgScanOptions& org,
                                     FindingSink& sink) {
  const auto started = std::chrono::steady_clock::now();
  std::string identity_material = org.identity + "\n" + RulesIdentity(*db) + "\n" + (org.history ? "history" : "tree");
  for (const std::string& r : org.refs) identity_material += "\nref " + r;
  for (const std::string& e : org.excludes) identity_material += "\nexclude " + e;
  identity_material += "\nmax " + std::to_string(org.max_file_size) + (org.allow_shallow ? " shallow" : "");
  RunContext run{std::move(db), std::move(options), org, Hex64(Fnv1a64(identity_material)), {}};

  ScanSummary total;
  // A shared state file is read once, up front: damage stops the run here.
  std::optional<ScanState> shared_state;
  bool per_repository = false;
  if (!org.state.empty()) StatePath(org.state, "", per_repository);
  if (!org.state.empty() && !per_repository) {
    Result<ScanState> loaded = ScanState::Load(org.state, run.identity);
    if (!loaded && !org.ignore_damaged_state) return loaded.error();
    if (!loaded)
      total.warnings.push_back(loaded.error().message + ": everything is read again (--ignore-damaged-state)");
    shared_state = loaded ? std::move(*loaded) : ScanState::Empty(run.identity);
  }

  RepositorySink forward(sink);
  std::string names;
  for (const RepoEntry& repo : repos) names += repo.name + "\n";
  for (const RepoEntry& repo : repos) {
    if (!org.plain && !InShard(repo.name, org.shard)) continue;
    RepositoryResult result = ScanOne(run, repo, shared_state ? &*shared_state : nullptr, forward, total);
    if (org.plain) {
      total.stats = result.stats;
    } else {
      total.repositories.push_back(std::move(result));
    }
  }
  if (!org.plain) total.stats = SumRepositoryStats(total.repositories);
  total.stats.secrets = forward.secrets();
  if (shared_state) {
    if (Status saved = shared_state->Save(org.state); !saved)
      total.errors.push_back({org.state, saved.error().message});
  }
  std::sort(total.errors.begin(), total.errors.end(), [](const SourceError& a, const SourceError& b) {
    return std::tie(a.path, a.message) < std::tie(b.path, b.message);
  });
  total.errors.erase(std::unique(total.errors.begin(), total.errors.end(),
                                 [](const SourceError& a, const SourceError& b) {
                                   return a.path == b.path && a.message == b.message;
                                 }),
                     total.errors.end());
  if (run.options.baseline != nullptr) total.unused_baseline = run.options.baseline->Unused();
  if (org.shard.count > 1) {
    ShardInfo shard;
    shard.index = org.shard.index;
    shard.count = org.shard.count;
    shard.by = !org.plain ? "repository" : org.history ? "blob" : "path";
    shard.run = Hex64(Fnv1a64(run.identity + "\n" + names + std::to_string(org.shard.count) + shard.by));
    shard.listing = run.listing;
    for (const BaselineEntry& e : total.unused_baseline) shard.baseline_unused.push_back(e.fingerprint);
    std::sort(shard.baseline_unused.begin(), shard.baseline_unused.end());
    total.shard = std::move(shard);
  }
  total.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  sink.Finish(total);
  return total;
}

}  // namespace rekey
