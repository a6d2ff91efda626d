// The libgit2 adapter: RAII owners for libgit2 handles, library loading and
// init, error text, and object-id helpers. Only src/source/git_*.cc include it.
//
// libgit2 is loaded when a git source is first opened (dlopen of the soname
// the build found), not linked: with its dozen dependencies (Kerberos, TLS,
// SSH, PCRE) it was 6.6 ms of every rekey start, a third of an empty scan's,
// and most commands never read a repository. Every function rekey calls is
// listed in REKEY_LIBGIT2_FUNCTIONS below and is called through Lib().
#ifndef REKEY_SOURCE_GIT_REPO_H_
#define REKEY_SOURCE_GIT_REPO_H_

#include <git2.h>

#include <cstring>
#include <functional>
#include <memory>
#include <string>

namespace rekey::git {

// X(name) for every libgit2 function rekey calls.
#define REKEY_LIBGIT2_FUNCTIONS(X)  \
  X(git_buf_dispose)                \
  X(git_commit_author)              \
  X(git_commit_free)                \
  X(git_commit_lookup)              \
  X(git_commit_parent)              \
  X(git_commit_parent_id)           \
  X(git_commit_parentcount)         \
  X(git_commit_time)                \
  X(git_commit_tree)                \
  X(git_commit_tree_id)             \
  X(git_config_free)                \
  X(git_config_get_string_buf)      \
  X(git_diff_find_similar)          \
  X(git_diff_free)                  \
  X(git_diff_get_delta)             \
  X(git_diff_num_deltas)            \
  X(git_diff_tree_to_index)         \
  X(git_diff_tree_to_tree)          \
  X(git_error_last)                 \
  X(git_index_free)                 \
  X(git_index_open)                 \
  X(git_libgit2_init)               \
  X(git_libgit2_opts)               \
  X(git_object_free)                \
  X(git_object_id)                  \
  X(git_object_peel)                \
  X(git_odb_free)                   \
  X(git_odb_object_data)            \
  X(git_odb_object_free)            \
  X(git_odb_object_size)            \
  X(git_odb_read)                   \
  X(git_odb_read_header)            \
  X(git_oid_cmp)                    \
  X(git_oid_equal)                  \
  X(git_oid_fromstrn)               \
  X(git_oid_is_zero)                \
  X(git_oid_tostr)                  \
  X(git_patch_free)                 \
  X(git_patch_from_diff)            \
  X(git_patch_get_line_in_hunk)     \
  X(git_patch_num_hunks)            \
  X(git_patch_num_lines_in_hunk)    \
  X(git_reference_free)             \
  X(git_reference_iterator_free)    \
  X(git_reference_iterator_new)     \
  X(git_reference_next)             \
  X(git_reference_peel)             \
  X(git_repository_commondir)       \
  X(git_repository_config_snapshot) \
  X(git_repository_free)            \
  X(git_repository_head_unborn)     \
  X(git_repository_index)           \
  X(git_repository_is_bare)         \
  X(git_repository_is_empty)        \
  X(git_repository_is_shallow)      \
  X(git_repository_item_path)       \
  X(git_repository_odb)             \
  X(git_repository_open_ext)        \
  X(git_repository_path)            \
  X(git_revparse_single)            \
  X(git_tree_entry_byindex)         \
  X(git_tree_entry_filemode)        \
  X(git_tree_entry_id)              \
  X(git_tree_entry_name)            \
  X(git_tree_entry_type)            \
  X(git_tree_entrycount)            \
  X(git_tree_free)                  \
  X(git_tree_lookup)

// The loaded functions, each with its declared type (git2.h).
struct Api {
#define REKEY_LIBGIT2_MEMBER(name) decltype(&::name) name = nullptr;
  REKEY_LIBGIT2_FUNCTIONS(REKEY_LIBGIT2_MEMBER)
#undef REKEY_LIBGIT2_MEMBER
};

// Fills `api` from the library `soname` (dlopen; the library stays loaded).
// "" on success, else why not: the library is missing, or lacks a function.
std::string LoadApi(const char* soname, Api& api);
// The soname the build found libgit2 under.
const char* LibGit2Soname();

// The table EnsureInit loads; read-only once it has returned true.
extern Api g_api;
// The functions; valid once EnsureInit has returned true (any open handle).
// Inline: the history walk calls several per tree entry.
inline const Api& Lib() { return g_api; }

template <typename T, void (*Api::*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { (Lib().*Free)(p); }
};
template <typename T, void (*Api::*Free)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, Free>>;

using Repository = Owned<git_repository, &Api::git_repository_free>;
using Commit = Owned<git_commit, &Api::git_commit_free>;
using Tree = Owned<git_tree, &Api::git_tree_free>;
using Object = Owned<git_object, &Api::git_object_free>;
using Reference = Owned<git_reference, &Api::git_reference_free>;
using RefIterator = Owned<git_reference_iterator, &Api::git_reference_iterator_free>;
using Odb = Owned<git_odb, &Api::git_odb_free>;
using OdbObject = Owned<git_odb_object, &Api::git_odb_object_free>;
using Index = Owned<git_index, &Api::git_index_free>;
using Diff = Owned<git_diff, &Api::git_diff_free>;
using Patch = Owned<git_patch, &Api::git_patch_free>;
using Config = Owned<git_config, &Api::git_config_free>;

// Loads libgit2 and runs git_libgit2_init, once per process (never shut
// down: other threads may still hold handles at exit). False, with `error`
// set, when the library or one of its functions cannot be loaded.
bool EnsureInit(std::string& error);

// libgit2's last error text, or `fallback` when it recorded none.
std::string LastError(const char* fallback = "unknown libgit2 error");

// Opens the repository holding `path` (searching upwards like git does).
Repository Open(const std::string& path, std::string& error);

inline std::string Hex(const git_oid& id) {
  char text[GIT_OID_HEXSZ + 1];
  Lib().git_oid_tostr(text, sizeof text, &id);
  return text;
}

struct OidHash {
  std::size_t operator()(const git_oid& id) const {
    std::size_t h;
    std::memcpy(&h, id.id, sizeof h);  // ids are uniformly distributed already
    return h;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const { return Lib().git_oid_equal(&a, &b) != 0; }
};

}  // namespace rekey::git

#endif  // REKEY_SOURCE_GIT_REPO_H_
