// libgit2 adapter basics, the per-thread blob reader and the hooks directory.
#include "source/git_repo.h"

#include <algorithm>
#include <cstring>
#include <mutex>

#include "rekey/source/git_source.h"

namespace rekey {
namespace git {

void EnsureInit() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // Blobs are read once each, and so are trees (each (tree, directory) is
    // expanded once) and commits (the walk keeps what it needs of each):
    // caching them only costs memory (a 40,000-commit history: 30 MB of
    // parsed commits), and freeing the cache at exit.
    git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB, static_cast<size_t>(0));
    git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, static_cast<size_t>(0));
    git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_COMMIT, static_cast<size_t>(0));
    // No SHA-1 of every object read: it was a third of a history scan's CPU
    // (bench/history_bench.sh), and git does not hash on read either. Damage
    // is still caught: zlib checks every loose object's and pack entry's
    // Adler-32, and libgit2 checks each delta's sizes (GitBlobReader tests).
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    // Packs are mapped in windows of 8 MiB, at most 16 MiB of them at once
    // (libgit2's defaults map a whole pack, up to 1 GiB a window): a history
    // scan reads each object once, so a window is rarely needed again, and
    // every mapped page of a pack counted in the process's peak RSS (a
    // 40,000-commit repository, 2 threads: 239 -> 197 MB, no slower; 170 MB
    // with the commit cache off).
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, static_cast<size_t>(8) << 20);
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, static_cast<size_t>(16) << 20);
  });
}

std::string LastError(const char* fallback) {
  const git_error* error = git_error_last();
  return error != nullptr && error->message != nullptr ? error->message : fallback;
}

Repository Open(const std::string& path, std::string& error) {
  EnsureInit();
  git_repository* repo = nullptr;
  if (git_repository_open_ext(&repo, path.c_str(), 0, nullptr) != 0) {
    error = LastError("not a git repository");
    return nullptr;
  }
  return Repository(repo);
}

Repository OpenChecked(const std::string& path, std::string& error, RepoFiles* files) {
  Result<RepoFiles> checked = CheckRepositoryFiles(path);
  if (!checked) {
    error = checked.error().message;
    return nullptr;
  }
  if (files != nullptr) *files = std::move(*checked);
  return Open(path, error);
}

}  // namespace git

struct GitBlobReader::Impl {
  git::Repository repo;
  git::Odb odb;
  git::OdbObject current;  // keeps the last content alive
  std::string open_error;
  std::uint64_t max_file_size = 0;
};

GitBlobReader::GitBlobReader(const std::string& repo_dir, std::uint64_t max_file_size)
    : impl_(std::make_unique<Impl>()) {
  impl_->max_file_size = max_file_size;
  impl_->repo = git::Open(repo_dir, impl_->open_error);
  if (impl_->repo) {
    git_odb* odb = nullptr;
    if (git_repository_odb(&odb, impl_->repo.get()) == 0) {
      impl_->odb.reset(odb);
    } else {
      impl_->open_error = git::LastError();
    }
  }
}

GitBlobReader::~GitBlobReader() = default;

GitRead GitBlobReader::Read(const std::string& id) {
  GitRead read;
  impl_->current.reset();
  if (!impl_->odb) {
    read.error = impl_->open_error;
    return read;
  }
  git_oid oid;
  if (git_oid_fromstrn(&oid, id.data(), id.size()) != 0) {
    read.error = "invalid object id " + id;
    return read;
  }
  // The header first, so an oversized blob is never inflated.
  std::size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  if (git_odb_read_header(&size, &type, impl_->odb.get(), &oid) != 0) {
    read.missing = true;
    read.error = "missing or unreadable object " + id + ": " + git::LastError();
    return read;
  }
  if (impl_->max_file_size > 0 && size > impl_->max_file_size) {
    read.status = OpenStatus::kTooLarge;
    return read;
  }
  git_odb_object* object = nullptr;
  if (git_odb_read(&object, impl_->odb.get(), &oid) != 0) {
    read.missing = true;
    read.error = "corrupt object " + id + ": " + git::LastError();
    return read;
  }
  impl_->current.reset(object);
  read.content = std::string_view(static_cast<const char*>(git_odb_object_data(object)), git_odb_object_size(object));
  read.status = OpenStatus::kOk;
  return read;
}

Result<std::string> GitHooksDir(const std::string& path) {
  std::string error;
  git::Repository repo = git::Open(path, error);
  if (!repo) return Error{path + ": " + error, "run `rekey hook install` inside a git repository"};
  git_config* raw_config = nullptr;
  if (git_repository_config_snapshot(&raw_config, repo.get()) == 0) {
    git::Config config(raw_config);
    git_buf value = GIT_BUF_INIT;
    if (git_config_get_string_buf(&value, config.get(), "core.hooksPath") == 0) {
      const std::string hooks_path(value.ptr, value.size);
      git_buf_dispose(&value);
      return Error{"core.hooksPath is set to " + hooks_path + "; rekey does not write hooks there",
                   "add `rekey scan --staged` to the hook in that directory, or use the pre-commit framework "
                   "(.pre-commit-hooks.yaml)"};
    }
  }
  git_buf dir = GIT_BUF_INIT;
  if (git_repository_item_path(&dir, repo.get(), GIT_REPOSITORY_ITEM_HOOKS) != 0) {
    return Error{path + ": " + git::LastError(), "is this a bare repository?"};
  }
  std::string result(dir.ptr, dir.size);
  git_buf_dispose(&dir);
  while (result.size() > 1 && result.back() == '/') result.pop_back();
  return result;
}

}  // namespace rekey
