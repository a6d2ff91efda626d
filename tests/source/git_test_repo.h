// A throwaway git repository built with libgit2 at test time (no committed
// .git folders): files are written to the working tree and staged, commits
// take the index as their tree with explicit times and parents, so branches,
// merges, renames and deletions are all a few lines of a test.
#ifndef REKEY_TESTS_SOURCE_GIT_TEST_REPO_H_
#define REKEY_TESTS_SOURCE_GIT_TEST_REPO_H_

#include <git2.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "source/temp_tree.h"

namespace rekey {

class TestRepo {
 public:
  TestRepo() {
    git_libgit2_init();
    EXPECT_EQ(git_repository_init(&repo_, tree_.Path().c_str(), 0), 0);
    EXPECT_EQ(git_repository_index(&index_, repo_), 0);
  }
  ~TestRepo() {
    git_index_free(index_);
    git_repository_free(repo_);
    git_libgit2_shutdown();
  }
  TestRepo(const TestRepo&) = delete;
  TestRepo& operator=(const TestRepo&) = delete;

  std::string Path() const { return tree_.Path(); }

  // Writes a working-tree file and stages it.
  void Write(const std::string& path, const std::string& content) {
    tree_.Write(path, content);
    EXPECT_EQ(git_index_add_bypath(index_, path.c_str()), 0);
    EXPECT_EQ(git_index_write(index_), 0);
  }
  // Writes a working-tree file without staging it.
  void WriteUnstaged(const std::string& path, const std::string& content) { tree_.Write(path, content); }

  // Unstages and deletes a file.
  void Remove(const std::string& path) {
    EXPECT_EQ(git_index_remove_bypath(index_, path.c_str()), 0);
    EXPECT_EQ(git_index_write(index_), 0);
    std::filesystem::remove(tree_.Path(path));
  }

  // Commits the index with `parents` (default: HEAD, if born); moves `ref`
  // (default: the current branch via HEAD). Returns the commit id.
  std::string Commit(const std::string& message, std::int64_t time, std::vector<std::string> parents = {"HEAD"},
                     const std::string& ref = "HEAD") {
    git_oid tree_id;
    EXPECT_EQ(git_index_write_tree(&tree_id, index_), 0);
    git_tree* tree = nullptr;
    EXPECT_EQ(git_tree_lookup(&tree, repo_, &tree_id), 0);
    std::vector<git_commit*> parent_commits;
    for (const std::string& parent : parents) {
      git_object* object = nullptr;
      if (git_revparse_single(&object, repo_, parent.c_str()) != 0) continue;  // unborn HEAD
      parent_commits.push_back(reinterpret_cast<git_commit*>(object));
    }
    git_signature* author = nullptr;
    EXPECT_EQ(git_signature_new(&author, "Ann Dev", "ann@example.com", time, 0), 0);
    git_oid id;
    const bool moves_head = ref == "HEAD";
    EXPECT_EQ(git_commit_create(&id, repo_, moves_head ? "HEAD" : nullptr, author, author, nullptr, message.c_str(),
                                tree, parent_commits.size(), const_cast<const git_commit**>(parent_commits.data())),
              0);
    if (!moves_head) SetRef(ref, Hex(id));
    for (git_commit* c : parent_commits) git_commit_free(c);
    git_signature_free(author);
    git_tree_free(tree);
    return Hex(id);
  }

  void SetRef(const std::string& name, const std::string& commit) {
    git_oid id;
    git_oid_fromstr(&id, commit.c_str());
    git_reference* ref = nullptr;
    EXPECT_EQ(git_reference_create(&ref, repo_, name.c_str(), &id, 1, nullptr), 0);
    git_reference_free(ref);
  }

  // Makes the index hold `commit`'s tree (to build a branch from there).
  void ResetIndexTo(const std::string& commit) {
    git_object* object = nullptr;
    ASSERT_EQ(git_revparse_single(&object, repo_, (commit + "^{tree}").c_str()), 0);
    EXPECT_EQ(git_index_read_tree(index_, reinterpret_cast<git_tree*>(object)), 0);
    EXPECT_EQ(git_index_write(index_), 0);
    git_object_free(object);
  }

  std::string BlobId(const std::string& content) const {
    git_oid id;
    git_odb_hash(&id, content.data(), content.size(), GIT_OBJECT_BLOB);
    return Hex(id);
  }

  // Deletes a loose object, as in a partial clone that never fetched it.
  void DeleteObject(const std::string& id) const { std::filesystem::remove(LoosePath(id)); }
  // Overwrites a loose object with garbage, as on a damaged disk.
  void CorruptObject(const std::string& id) const {
    const std::string path = LoosePath(id);
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << "not a zlib stream";
  }

  static std::string Hex(const git_oid& id) {
    char text[GIT_OID_HEXSZ + 1];
    git_oid_tostr(text, sizeof text, &id);
    return text;
  }

 private:
  std::string LoosePath(const std::string& id) const {
    return tree_.Path(".git/objects/" + id.substr(0, 2) + "/" + id.substr(2));
  }

  TempTree tree_;
  git_repository* repo_ = nullptr;
  git_index* index_ = nullptr;
};

}  // namespace rekey

#endif  // REKEY_TESTS_SOURCE_GIT_TEST_REPO_H_
