// History and range listings: walk the commits, expand each distinct
// (tree, directory) once with counts and the oldest commit flowing down, and
// group the resulting (path, blob) places by blob.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "rekey/base/read_file.h"
#include "rekey/base/timestamp.h"
#include "source/git_listing.h"

namespace rekey::git {
namespace {

using OidSet = std::unordered_set<git_oid, OidHash, OidEqual>;

struct CommitInfo {
  git_oid id;
  git_oid tree;
  std::int64_t time = 0;
  std::string author;  // "Name <email>"
};

// How many walked commits hold a node, and the oldest of them (ties: the
// smaller id, so the choice does not depend on walk order).
struct Reach {
  std::uint32_t count = 0;
  std::uint32_t oldest = 0;  // index into the commit list
};

class ReachMerger {
 public:
  explicit ReachMerger(const std::vector<CommitInfo>& commits) : commits_(commits) {}
  void Merge(Reach& into, const Reach& from) const {
    if (into.count == 0 || Older(from.oldest, into.oldest)) into.oldest = from.oldest;
    into.count += from.count;
  }

 private:
  bool Older(std::uint32_t a, std::uint32_t b) const {
    const CommitInfo& x = commits_[a];
    const CommitInfo& y = commits_[b];
    if (x.time != y.time) return x.time < y.time;
    return git_oid_cmp(&x.id, &y.id) < 0;
  }
  const std::vector<CommitInfo>& commits_;
};

// Directories are interned: nodes are (object id, directory index).
struct NodeKey {
  git_oid id;
  std::uint32_t dir;
  bool operator==(const NodeKey& o) const { return dir == o.dir && git_oid_equal(&id, &o.id); }
};
struct NodeKeyHash {
  std::size_t operator()(const NodeKey& k) const { return OidHash()(k.id) * 31 + k.dir; }
};

// An insertion-ordered map from node to Reach.
class NodeLevel {
 public:
  std::uint32_t IndexOf(const NodeKey& key) {
    auto [it, inserted] = index_.try_emplace(key, static_cast<std::uint32_t>(keys_.size()));
    if (inserted) {
      keys_.push_back(key);
      reach_.emplace_back();
    }
    return it->second;
  }
  Reach& At(const NodeKey& key) { return reach_[IndexOf(key)]; }
  Reach& ReachAt(std::uint32_t index) { return reach_[index]; }
  std::size_t size() const { return keys_.size(); }
  const NodeKey& key(std::size_t i) const { return keys_[i]; }
  const Reach& reach(std::size_t i) const { return reach_[i]; }

 private:
  std::unordered_map<NodeKey, std::uint32_t, NodeKeyHash> index_;
  std::vector<NodeKey> keys_;
  std::vector<Reach> reach_;
};

class HistoryLister {
 public:
  HistoryLister(git_repository* repo, const GitSourceOptions& options, RepoFiles files)
      : repo_(repo), options_(options), excluder_(options.excludes), files_(std::move(files)) {}

  Result<GitListing> Run();

 private:
  Result<std::vector<git_oid>> Starts(const std::vector<std::string>& revs, bool all_refs);
  void AddRef(git_reference* ref, std::vector<git_oid>& starts);
  void AddObject(const std::string& name, git_oid id, std::vector<git_oid>& starts);
  void ListDirectRefs(BlobGrouper& grouper);
  Status CheckWholeHistory();
  bool WalkNewCommits(const std::vector<git_oid>& starts);
  bool Skipped(const git_oid& blob);
  void AddCarried(const std::unordered_map<std::string, std::vector<std::pair<std::string, Reach>>>& reached,
                  BlobGrouper& grouper);
  void ReadShallowGrafts();
  void WalkCommits(const std::vector<git_oid>& starts, const OidSet* hidden, std::vector<CommitInfo>* out,
                   OidSet& seen);
  void ExpandTrees(NodeLevel& leaves);
  std::set<std::pair<std::string, std::string>> IntroducedInRange();
  // One entry of the tree last expanded at a directory: its id, interned
  // path, and node (in the next level for a subtree, in leaves for a blob).
  struct SeenEntry {
    git_oid id;
    std::uint32_t path;
    std::uint32_t node;
  };
  void ExpandTree(const NodeKey& key, const Reach& reach, const ReachMerger& merger, NodeLevel& next,
                  NodeLevel& leaves);
  std::uint32_t Child(std::uint32_t parent, const char* name, bool is_dir, const std::vector<SeenEntry>& previous,
                      std::size_t& cursor, const SeenEntry*& seen);
  void MissingObject(const git_oid& id, const std::string& what, const std::string& where);

  // A ref naming a tree or a blob directly (no commit).
  struct DirectRef {
    std::string name;
    git_oid id;
    bool is_tree = false;
  };

  git_repository* repo_;
  const GitSourceOptions& options_;
  PathExcluder excluder_;
  RepoFiles files_;
  OidSet shallow_;
  std::vector<git_oid> truncated_;  // walked commits whose parents this (shallow) clone lacks
  std::vector<DirectRef> direct_;
  std::unordered_map<std::string, std::int64_t> commit_times_;  // carried places' commits
  std::vector<CommitInfo> commits_;
  // Interned repository paths: dirs_[0] is the root "", directories end in
  // '/'; excluded_ says whether an exclude matches the path. Child() runs for
  // every entry of every distinct tree, so it first tries the entries of the
  // tree last expanded at the same directory, in order (versions of a
  // directory mostly hold the same names, and the same ids: then the node is
  // known too), then a (parent index, name) map keyed in a reused buffer.
  std::unordered_map<std::string, std::uint32_t> child_index_;
  std::string child_key_;
  std::vector<std::string> dirs_{""};
  std::vector<bool> excluded_{false};
  std::vector<std::vector<SeenEntry>> last_entries_;  // by directory index
  std::vector<SeenEntry> entries_scratch_;
  GitListing listing_;
};

Result<std::vector<git_oid>> HistoryLister::Starts(const std::vector<std::string>& revs, bool all_refs) {
  std::vector<git_oid> starts;
  for (const std::string& rev : revs) {
    git_object* raw = nullptr;
    if (git_revparse_single(&raw, repo_, rev.c_str()) != 0) {
      return Error{"unknown revision '" + rev + "': " + LastError(),
                   "name a branch, tag or commit that exists here (shallow CI clones may need fetch-depth: 0)"};
    }
    Object object(raw);
    const std::size_t errors = listing_.errors.size();
    AddObject(rev, *git_object_id(object.get()), starts);
    if (listing_.errors.size() > errors) {
      Error error{"'" + rev + "': " + listing_.errors.back().message, "name a branch, tag or commit that can be read"};
      listing_.errors.resize(errors);
      return error;
    }
  }
  if (!all_refs) return starts;
  // Every ref (branches, tags, remotes, stash) and HEAD. A ref that names a
  // tree or a blob (`git tag t HEAD^{tree}`) is scanned as that content; one
  // that cannot be read is an error, never a silent skip.
  std::set<std::string> listed;
  git_reference_iterator* raw_iter = nullptr;
  if (git_reference_iterator_new(&raw_iter, repo_) != 0) {
    listing_.errors.push_back({"refs", "cannot list the refs: " + LastError()});
  } else {
    RefIterator iter(raw_iter);
    git_reference* raw_ref = nullptr;
    int rc = 0;
    int failures = 0;
    while ((rc = git_reference_next(&raw_ref, iter.get())) != GIT_ITEROVER) {
      if (rc != 0) {
        listing_.errors.push_back({"refs", "cannot read a ref: " + LastError()});
        if (++failures >= 16) break;  // an iterator that keeps failing would never end
        continue;
      }
      Reference ref(raw_ref);
      listed.insert(git_reference_name(ref.get()));
      AddRef(ref.get(), starts);
    }
  }
  // libgit2's iterator passes over a loose ref file it cannot parse without a
  // word: each file on disk that it did not list is looked up to say why.
  for (const std::string& name : files_.loose_refs) {
    if (listed.count(name) > 0) continue;
    git_reference* raw_ref = nullptr;
    if (git_reference_lookup(&raw_ref, repo_, name.c_str()) != 0) {
      listing_.errors.push_back({name, "cannot read the ref: " + LastError()});
      continue;
    }
    Reference ref(raw_ref);
    AddRef(ref.get(), starts);
  }
  if (git_repository_head_unborn(repo_) != 1) {
    git_reference* raw_head = nullptr;
    if (git_repository_head(&raw_head, repo_) != 0) {
      listing_.errors.push_back({"HEAD", "cannot resolve HEAD: " + LastError()});
    } else {
      Reference head(raw_head);
      AddObject("HEAD", *git_reference_target(head.get()), starts);
    }
  }
  return starts;
}

void HistoryLister::AddRef(git_reference* ref, std::vector<git_oid>& starts) {
  const std::string name = git_reference_name(ref);
  git_reference* raw = nullptr;
  if (git_reference_resolve(&raw, ref) != 0) {
    // A symbolic ref to a branch that does not exist (refs/remotes/origin/HEAD
    // after the branch went) names no object: nothing to read.
    if (git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC) return;
    listing_.errors.push_back({name, "cannot resolve the ref: " + LastError()});
    return;
  }
  Reference resolved(raw);
  const git_oid* target = git_reference_target(resolved.get());
  if (target == nullptr) {
    listing_.errors.push_back({name, "the ref names no object"});
    return;
  }
  AddObject(name, *target, starts);
}

void HistoryLister::AddObject(const std::string& name, git_oid id, std::vector<git_oid>& starts) {
  constexpr int kMaxTagChain = 64;
  for (int depth = 0; depth < kMaxTagChain; ++depth) {
    git_object* raw = nullptr;
    if (git_object_lookup(&raw, repo_, &id, GIT_OBJECT_ANY) != 0) {
      MissingObject(id, "object", name);
      return;
    }
    Object object(raw);
    switch (git_object_type(object.get())) {
      case GIT_OBJECT_COMMIT:
        starts.push_back(id);
        return;
      case GIT_OBJECT_TREE:
      case GIT_OBJECT_BLOB:
        direct_.push_back({name, id, git_object_type(object.get()) == GIT_OBJECT_TREE});
        return;
      case GIT_OBJECT_TAG:
        id = *git_tag_target_id(reinterpret_cast<const git_tag*>(object.get()));
        continue;
      default:
        listing_.errors.push_back({name, "names object " + Hex(id) + " of an unknown type"});
        return;
    }
  }
  listing_.errors.push_back({name, "a chain of more than 64 tags"});
}

// Commits listed in .git/shallow have parents this clone does not hold: they
// are history roots, not missing objects. The file is the repository's
// (hostile) content: a link to /dev/zero or a FIFO there is refused, not read.
void HistoryLister::ReadShallowGrafts() {
  if (git_repository_is_shallow(repo_) != 1) return;
  const std::string path = std::string(git_repository_commondir(repo_)) + "shallow";
  Result<std::string> text = ReadRegularFile(path, {.follow_symlinks = false});
  if (!text) {
    listing_.errors.push_back({path, text.error().message});
    return;
  }
  git_oid id;
  for (std::size_t start = 0; start < text->size();) {
    std::size_t end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    const std::string_view line(text->data() + start, end - start);
    if (git_oid_fromstrn(&id, line.data(), std::min<std::size_t>(line.size(), GIT_OID_HEXSZ)) == 0) {
      shallow_.insert(id);
    }
    start = end + 1;
  }
}

void HistoryLister::MissingObject(const git_oid& id, const std::string& what, const std::string& where) {
  ++listing_.objects_missing;
  listing_.errors.push_back({where, "missing or corrupt " + what + " " + Hex(id) + ": " + LastError()});
}

// Depth-first over parents; `hidden` commits (the A of A..B) stop the walk.
void HistoryLister::WalkCommits(const std::vector<git_oid>& starts, const OidSet* hidden, std::vector<CommitInfo>* out,
                                OidSet& seen) {
  std::vector<git_oid> stack(starts.rbegin(), starts.rend());
  while (!stack.empty()) {
    const git_oid id = stack.back();
    stack.pop_back();
    if (hidden != nullptr && hidden->count(id) > 0) continue;
    if (!seen.insert(id).second) continue;
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo_, &id) != 0) {
      MissingObject(id, "commit", "commit " + Hex(id));
      continue;
    }
    Commit commit(raw);
    if (out != nullptr) {
      CommitInfo info;
      info.id = id;
      info.tree = *git_commit_tree_id(commit.get());
      info.time = git_commit_time(commit.get());
      const git_signature* author = git_commit_author(commit.get());
      if (author != nullptr) {
        info.author = std::string(author->name ? author->name : "") + " <" + (author->email ? author->email : "") + ">";
      }
      out->push_back(std::move(info));
    }
    if (shallow_.count(id) > 0) {
      if (out != nullptr) truncated_.push_back(id);
      continue;
    }
    const unsigned parents = git_commit_parentcount(commit.get());
    for (unsigned i = parents; i > 0; --i) stack.push_back(*git_commit_parent_id(commit.get(), i - 1));
  }
}

std::uint32_t HistoryLister::Child(std::uint32_t parent, const char* name, bool is_dir,
                                   const std::vector<SeenEntry>& previous, std::size_t& cursor,
                                   const SeenEntry*& seen) {
  const std::size_t name_size = std::strlen(name);
  const std::size_t path_size = dirs_[parent].size() + name_size + (is_dir ? 1 : 0);
  // The next two entries of the last version: same name, or one deleted.
  seen = nullptr;
  for (std::size_t probe = cursor; probe < previous.size() && probe < cursor + 2; ++probe) {
    const std::string& path = dirs_[previous[probe].path];
    if (path.size() == path_size && (path.back() == '/') == is_dir &&
        std::memcmp(path.data() + dirs_[parent].size(), name, name_size) == 0) {
      cursor = probe + 1;
      seen = &previous[probe];
      return seen->path;
    }
  }
  child_key_.assign(reinterpret_cast<const char*>(&parent), sizeof parent);
  child_key_.append(name);
  child_key_.push_back(is_dir ? '/' : '\0');
  const auto found = child_index_.find(child_key_);
  if (found != child_index_.end()) return found->second;
  std::string path = dirs_[parent] + name;
  excluded_.push_back(is_dir ? excluder_.ExcludesDir(path) : excluder_.ExcludesFile(path));
  if (is_dir) path.push_back('/');
  dirs_.push_back(std::move(path));
  const auto index = static_cast<std::uint32_t>(dirs_.size() - 1);
  child_index_.emplace(child_key_, index);
  return index;
}

// Level by level from the root trees: a node at directory depth d is only
// reachable from nodes at depth d-1, so every parent's Reach is final before
// its children are expanded.
void HistoryLister::ExpandTrees(NodeLevel& leaves) {
  const ReachMerger merger(commits_);
  NodeLevel level;
  const std::uint32_t root = 0;
  for (std::uint32_t i = 0; i < commits_.size(); ++i) merger.Merge(level.At({commits_[i].tree, root}), Reach{1, i});
  while (level.size() > 0) {
    NodeLevel next;
    for (std::size_t n = 0; n < level.size(); ++n) ExpandTree(level.key(n), level.reach(n), merger, next, leaves);
    level = std::move(next);
  }
}

// Merges one tree's reach into its subtrees (in `next`) and blobs (in
// `leaves`). Every version of a directory is expanded in the same level, so
// the nodes remembered from its last version are still in `next`.
void HistoryLister::ExpandTree(const NodeKey& key, const Reach& reach, const ReachMerger& merger, NodeLevel& next,
                               NodeLevel& leaves) {
  git_tree* raw = nullptr;
  if (git_tree_lookup(&raw, repo_, &key.id) != 0) {
    const std::string dir = dirs_[key.dir];
    MissingObject(key.id, "tree", dir.empty() ? "/" : dir);
    return;
  }
  Tree tree(raw);
  const std::size_t count = git_tree_entrycount(tree.get());
  if (last_entries_.size() <= key.dir) last_entries_.resize(dirs_.size());
  const std::vector<SeenEntry>& previous = last_entries_[key.dir];
  std::vector<SeenEntry>& entries = entries_scratch_;  // swapped in below: no allocation per tree
  entries.clear();
  std::size_t cursor = 0;
  for (std::size_t e = 0; e < count; ++e) {
    const git_tree_entry* entry = git_tree_entry_byindex(tree.get(), e);
    const git_object_t type = git_tree_entry_type(entry);
    const bool is_dir = type == GIT_OBJECT_TREE;
    // Submodule commits and symlink targets hold no content to scan.
    if (!is_dir && (type != GIT_OBJECT_BLOB || git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK)) continue;
    const SeenEntry* seen = nullptr;
    const std::uint32_t path = Child(key.dir, git_tree_entry_name(entry), is_dir, previous, cursor, seen);
    if (excluded_[path]) continue;
    const git_oid& id = *git_tree_entry_id(entry);
    NodeLevel& into = is_dir ? next : leaves;
    const std::uint32_t node = seen != nullptr && git_oid_equal(&seen->id, &id) ? seen->node : into.IndexOf({id, path});
    merger.Merge(into.ReachAt(node), reach);
    entries.push_back({id, path, node});
  }
  std::swap(last_entries_[key.dir], entries);
}

// (path, blob id) pairs that some range commit adds or changes relative to
// every one of its parents (a root commit adds its whole tree).
std::set<std::pair<std::string, std::string>> HistoryLister::IntroducedInRange() {
  std::set<std::pair<std::string, std::string>> introduced;
  for (const CommitInfo& info : commits_) {
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo_, &info.id) != 0) continue;
    Commit commit(raw);
    git_tree* raw_tree = nullptr;
    if (git_commit_tree(&raw_tree, commit.get()) != 0) continue;
    Tree tree(raw_tree);
    const unsigned parents = shallow_.count(info.id) > 0 ? 0 : git_commit_parentcount(commit.get());
    std::set<std::pair<std::string, std::string>> common;
    for (unsigned p = 0; p < std::max(parents, 1u); ++p) {
      Tree parent_tree;
      if (parents > 0) {
        git_commit* raw_parent = nullptr;
        if (git_commit_parent(&raw_parent, commit.get(), p) != 0) continue;
        Commit parent(raw_parent);
        git_tree* raw_parent_tree = nullptr;
        if (git_commit_tree(&raw_parent_tree, parent.get()) != 0) continue;
        parent_tree.reset(raw_parent_tree);
      }
      git_diff* raw_diff = nullptr;
      if (git_diff_tree_to_tree(&raw_diff, repo_, parent_tree.get(), tree.get(), nullptr) != 0) continue;
      Diff diff(raw_diff);
      std::set<std::pair<std::string, std::string>> changed;
      for (std::size_t d = 0; d < git_diff_num_deltas(diff.get()); ++d) {
        const git_diff_delta* delta = git_diff_get_delta(diff.get(), d);
        if (delta->status == GIT_DELTA_DELETED) continue;
        changed.emplace(delta->new_file.path, Hex(delta->new_file.id));
      }
      if (p == 0) {
        common = std::move(changed);
      } else {
        std::set<std::pair<std::string, std::string>> both;
        std::set_intersection(common.begin(), common.end(), changed.begin(), changed.end(),
                              std::inserter(both, both.begin()));
        common = std::move(both);
      }
    }
    introduced.insert(common.begin(), common.end());
  }
  return introduced;
}

// A shallow clone holds commits whose parents it never fetched: scanning it
// as the whole history would call clean what was never read.
Status HistoryLister::CheckWholeHistory() {
  if (truncated_.empty()) return Ok{};
  std::vector<std::string> ids;
  for (const git_oid& id : truncated_) ids.push_back(Hex(id));
  std::sort(ids.begin(), ids.end());
  std::string list;
  for (std::size_t i = 0; i < ids.size() && i < 3; ++i) list += (i == 0 ? "" : ", ") + ids[i];
  if (ids.size() > 3) list += " and " + std::to_string(ids.size() - 3) + " more";
  const std::string message = "shallow repository: history truncated at " + list;
  if (!options_.allow_shallow) {
    return Error{message,
                 "fetch the whole history (git fetch --unshallow; actions/checkout: fetch-depth: 0; GitLab: GIT_DEPTH: "
                 "\"0\"), or pass --allow-shallow (scan.allow_shallow) to scan only what the clone holds"};
  }
  listing_.warnings.push_back(message + " (--allow-shallow: older commits are not scanned)");
  return Ok{};
}

// Refs that name a tree or a blob directly: every blob in the tree (or the
// blob itself), placed at the ref ("refs/tags/t" + its path in the tree).
void HistoryLister::ListDirectRefs(BlobGrouper& grouper) {
  std::set<std::pair<std::string, std::string>> done;
  for (const DirectRef& ref : direct_) {
    if (!done.insert({ref.name, Hex(ref.id)}).second) continue;
    if (!ref.is_tree) {
      if (Skipped(ref.id)) continue;
      GitPlace place;
      place.origin.ref = ref.name;
      ++listing_.appearances;
      grouper.Add(ref.id, std::move(place));
      continue;
    }
    std::vector<std::pair<git_oid, std::string>> stack{{ref.id, ""}};
    while (!stack.empty()) {
      const auto [id, prefix] = stack.back();
      stack.pop_back();
      git_tree* raw = nullptr;
      if (git_tree_lookup(&raw, repo_, &id) != 0) {
        MissingObject(id, "tree", ref.name + ":" + prefix);
        continue;
      }
      Tree tree(raw);
      for (std::size_t e = 0; e < git_tree_entrycount(tree.get()); ++e) {
        const git_tree_entry* entry = git_tree_entry_byindex(tree.get(), e);
        const git_object_t type = git_tree_entry_type(entry);
        const std::string path = prefix + git_tree_entry_name(entry);
        if (type == GIT_OBJECT_TREE) {
          if (!excluder_.ExcludesDir(path)) stack.push_back({*git_tree_entry_id(entry), path + "/"});
          continue;
        }
        if (type != GIT_OBJECT_BLOB || git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK) continue;
        if (excluder_.ExcludesFile(path) || Skipped(*git_tree_entry_id(entry))) continue;
        GitPlace place;
        place.origin.path = path;
        place.origin.ref = ref.name;
        ++listing_.appearances;
        grouper.Add(*git_tree_entry_id(entry), std::move(place));
      }
    }
  }
}

bool HistoryLister::Skipped(const git_oid& blob) { return options_.skip && options_.skip(Hex(blob)); }

// Commits reachable from the starts and not from `hide` (libgit2's revwalk
// stops as soon as only hidden commits are left), if every hidden commit is
// still reachable from the starts: else history was rewritten, and false.
bool HistoryLister::WalkNewCommits(const std::vector<git_oid>& starts) {
  git_revwalk* raw = nullptr;
  if (git_revwalk_new(&raw, repo_) != 0) return false;
  Revwalk walk(raw);
  for (const git_oid& start : starts) {
    if (git_revwalk_push(walk.get(), &start) != 0) return false;
  }
  std::vector<git_oid> hidden;
  for (const std::string& hex : options_.hide) {
    git_oid id;
    if (git_oid_fromstrn(&id, hex.data(), hex.size()) != 0 || git_revwalk_hide(walk.get(), &id) != 0) return false;
    hidden.push_back(id);
  }
  OidSet parents;
  git_oid id;
  int rc = 0;
  while ((rc = git_revwalk_next(&id, walk.get())) == 0) {
    git_commit* raw_commit = nullptr;
    if (git_commit_lookup(&raw_commit, repo_, &id) != 0) return false;
    Commit commit(raw_commit);
    if (shallow_.count(id) > 0) return false;  // the full walk says what a shallow clone lacks
    CommitInfo info;
    info.id = id;
    info.tree = *git_commit_tree_id(commit.get());
    info.time = git_commit_time(commit.get());
    if (const git_signature* author = git_commit_author(commit.get())) {
      info.author = std::string(author->name ? author->name : "") + " <" + (author->email ? author->email : "") + ">";
    }
    commits_.push_back(std::move(info));
    for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i)
      parents.insert(*git_commit_parent_id(commit.get(), i));
  }
  if (rc != GIT_ITEROVER) return false;
  const OidSet start_set(starts.begin(), starts.end());
  for (git_oid& h : hidden) {
    if (start_set.count(h) > 0 || parents.count(h) > 0) continue;
    if (git_graph_reachable_from_any(repo_, &h, starts.data(), starts.size()) != 1) return false;
  }
  return true;
}

// The places of blobs an earlier scan found something in: each old place
// merged with what the new commits add at the same path.
void HistoryLister::AddCarried(
    const std::unordered_map<std::string, std::vector<std::pair<std::string, Reach>>>& reached, BlobGrouper& grouper) {
  for (const GitCarriedBlob& blob : options_.carried) {
    git_oid blob_id;
    if (git_oid_fromstrn(&blob_id, blob.id.data(), blob.id.size()) != 0) continue;
    std::map<std::string, GitPlace> places;
    for (const GitOrigin& old : blob.places) {
      if (!old.ref.empty()) continue;  // refs naming trees and blobs are listed again each time
      git_oid commit_id;
      git_commit* raw = nullptr;
      if (git_oid_fromstrn(&commit_id, old.commit.data(), old.commit.size()) != 0 ||
          git_commit_lookup(&raw, repo_, &commit_id) != 0) {
        MissingObject(commit_id, "commit", old.path);
        continue;
      }
      Commit commit(raw);
      GitPlace& place = places[old.path];
      place.origin = old;
      const git_signature* author = git_commit_author(commit.get());
      place.origin.author = author == nullptr ? ""
                                              : std::string(author->name ? author->name : "") + " <" +
                                                    (author->email ? author->email : "") + ">";
      place.origin.date = Timestamp::FromUnixSeconds(git_commit_time(commit.get())).ToRfc3339();
      commit_times_[old.commit] = git_commit_time(commit.get());
    }
    const auto found = reached.find(blob.id);
    if (found != reached.end()) {
      for (const auto& [path, reach] : found->second) {
        const CommitInfo& oldest = commits_[reach.oldest];
        const std::string hex = Hex(oldest.id);
        GitPlace& place = places[path];
        const bool known = !place.origin.commit.empty();
        const std::int64_t known_time = known ? commit_times_[place.origin.commit] : 0;
        const bool newer_is_older =
            !known || oldest.time < known_time || (oldest.time == known_time && hex < place.origin.commit);
        place.origin.path = path;
        place.origin.commits += static_cast<int>(reach.count);
        if (newer_is_older) {
          place.origin.commit = hex;
          place.origin.author = oldest.author;
          place.origin.date = Timestamp::FromUnixSeconds(oldest.time).ToRfc3339();
        }
        listing_.appearances += reach.count;
      }
    }
    for (auto& [path, place] : places) grouper.Add(blob_id, std::move(place));
  }
}

Result<GitListing> HistoryLister::Run() {
  ReadShallowGrafts();
  // 1. The commits: reachable from the starts, minus those reachable from A.
  OidSet seen;
  if (options_.mode == GitMode::kRange) {
    const std::size_t dots = options_.range.find("..");
    if (dots == std::string::npos || options_.range.find("...") != std::string::npos) {
      return Error{"--range '" + options_.range + "' is not A..B", "e.g. --range origin/main..HEAD"};
    }
    std::string from = options_.range.substr(0, dots);
    std::string to = options_.range.substr(dots + 2);
    // "..B" would walk B's whole history as if it were the pull request's:
    // an empty base is a mistake (an unset CI variable), not a request.
    if (from.empty()) {
      return Error{"--range '" + options_.range + "' has no base commit",
                   "name it (--range origin/main..HEAD); a CI variable that should hold it may be empty; "
                   "--history scans everything"};
    }
    if (to.empty()) to = "HEAD";
    Result<std::vector<git_oid>> base = Starts({from}, false);
    if (!base) return base.error();
    Result<std::vector<git_oid>> tip = Starts({to}, false);
    if (!tip) return tip.error();
    if (!direct_.empty()) {
      return Error{"--range '" + options_.range + "': " + direct_.front().name + " names a " +
                       (direct_.front().is_tree ? "tree" : "blob") + ", not a commit",
                   "a range is between two commits"};
    }
    OidSet hidden;
    WalkCommits(*base, nullptr, nullptr, hidden);
    WalkCommits(*tip, &hidden, &commits_, seen);
  } else {
    Result<std::vector<git_oid>> starts = Starts(options_.refs, options_.refs.empty());
    if (!starts) return starts.error();
    for (const git_oid& id : *starts) listing_.tips.push_back(Hex(id));
    std::sort(listing_.tips.begin(), listing_.tips.end());
    listing_.tips.erase(std::unique(listing_.tips.begin(), listing_.tips.end()), listing_.tips.end());
    if (!options_.hide.empty()) {
      listing_.incremental = WalkNewCommits(*starts);
      listing_.rewritten = !listing_.incremental;
      if (listing_.rewritten) commits_.clear();
    }
    if (!listing_.incremental) WalkCommits(*starts, nullptr, &commits_, seen);
  }
  listing_.commits = commits_.size();
  if (Status whole = CheckWholeHistory(); !whole) return whole.error();

  // 2. Every (path, blob) place with its reach; a range keeps what it introduced.
  NodeLevel leaves;
  ExpandTrees(leaves);
  std::set<std::pair<std::string, std::string>> introduced;
  if (options_.mode == GitMode::kRange) introduced = IntroducedInRange();

  // 3. Group places under unique blobs; an incremental listing leaves out
  // blobs read clean before and merges the places of blobs with findings.
  BlobGrouper grouper;
  std::unordered_map<std::string, std::vector<std::pair<std::string, Reach>>> carried_reach;
  std::unordered_set<std::string> carried_ids;
  if (listing_.incremental) {
    for (const GitCarriedBlob& blob : options_.carried) carried_ids.insert(blob.id);
  }
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    const NodeKey& key = leaves.key(i);
    const Reach& reach = leaves.reach(i);
    if (Skipped(key.id)) continue;
    if (!carried_ids.empty()) {
      std::string hex = Hex(key.id);
      if (carried_ids.count(hex) > 0) {
        carried_reach[std::move(hex)].emplace_back(dirs_[key.dir], reach);
        continue;
      }
    }
    GitPlace place;
    place.origin.path = dirs_[key.dir];
    if (options_.mode == GitMode::kRange && introduced.count({place.origin.path, Hex(key.id)}) == 0) continue;
    const CommitInfo& oldest = commits_[reach.oldest];
    place.origin.commit = Hex(oldest.id);
    place.origin.author = oldest.author;
    place.origin.date = Timestamp::FromUnixSeconds(oldest.time).ToRfc3339();
    place.origin.commits = static_cast<int>(reach.count);
    listing_.appearances += reach.count;
    grouper.Add(key.id, std::move(place));
  }
  if (listing_.incremental) AddCarried(carried_reach, grouper);
  ListDirectRefs(grouper);
  listing_.blobs = grouper.Take(listing_.places);
  listing_.repo_dir = git_repository_path(repo_);
  return std::move(listing_);
}

}  // namespace

PathExcluder::PathExcluder(const std::vector<std::string>& globs) {
  for (const std::string& glob : globs) list_.Add(glob);
}

bool PathExcluder::ExcludesDir(std::string_view dir) const {
  return !list_.empty() && list_.Match(dir, true) == IgnoreMatch::kIgnored;
}

bool PathExcluder::ExcludesFile(std::string_view path) const {
  if (list_.empty()) return false;
  for (std::size_t slash = path.find('/'); slash != std::string_view::npos; slash = path.find('/', slash + 1)) {
    if (ExcludesDir(path.substr(0, slash))) return true;
  }
  return list_.Match(path, false) == IgnoreMatch::kIgnored;
}

void BlobGrouper::Add(const git_oid& blob, GitPlace place) {
  auto [it, inserted] = index_.try_emplace(blob, blobs_.size());
  if (inserted) blobs_.push_back({Hex(blob), {}});
  blobs_[it->second].places.push_back(std::move(place));
}

std::vector<GitBlob> BlobGrouper::Take(std::uint64_t& places) {
  places = 0;
  for (GitBlob& blob : blobs_) {
    std::sort(blob.places.begin(), blob.places.end(), [](const GitPlace& a, const GitPlace& b) {
      return std::tie(a.origin.path, a.origin.commit) < std::tie(b.origin.path, b.origin.commit);
    });
    places += blob.places.size();
  }
  index_.clear();
  return std::move(blobs_);
}

}  // namespace rekey::git

namespace rekey {

Result<GitListing> ListGitBlobs(const GitSourceOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  std::string error;
  git::RepoFiles files;
  git::Repository repo = git::OpenChecked(options.repo, error, &files);
  if (!repo) {
    return Error{options.repo + ": " + error, "git modes (--history, --range, --staged) need a git repository"};
  }
  Result<GitListing> listing = GitListing{};
  if (options.mode == GitMode::kStaged) {
    listing = git::ListStagedBlobs(repo.get(), options);
  } else if (options.mode == GitMode::kHistory && options.refs.empty() && git_repository_is_empty(repo.get()) == 1) {
    listing->repo_dir = git_repository_path(repo.get());  // no commits yet: nothing to list
  } else {
    listing = git::HistoryLister(repo.get(), options, std::move(files)).Run();
  }
  if (!listing) return listing;
  listing->mode = options.mode;
  listing->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return listing;
}

}  // namespace rekey
