// A GitListing as a Source (git_source.h): each unique blob is one unit read
// once; its places carry GitOrigins.
#include <memory>

#include "rekey/source/git_source.h"

namespace rekey {
namespace {

class GitUnitReader : public UnitReader {
 public:
  GitUnitReader(const std::string& repo_dir, std::uint64_t max_file_size) : reader_(repo_dir, max_file_size) {}

  Opened Open(const SourceUnit& unit) override {
    const GitRead read = reader_.Read(unit.content_id);
    Opened out;
    out.status = read.status;
    out.error = read.error;
    out.missing = read.missing;
    if (read.status == OpenStatus::kOk) {
      out.size = read.content.size();
      out.stream = std::make_unique<MemoryStream>(read.content);
    }
    return out;
  }

 private:
  GitBlobReader reader_;
};

std::string FileName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

class GitScanSource : public Source {
 public:
  GitScanSource(GitListing listing, GitScanOptions options) : listing_(std::move(listing)), options_(options) {}

  Result<SourceListing> List() override {
    SourceListing out;
    const bool staged = listing_.mode == GitMode::kStaged;
    out.units.reserve(listing_.blobs.size());
    for (GitBlob& blob : listing_.blobs) {
      SourceUnit unit;
      unit.content_id = std::move(blob.id);
      const GitOrigin& first = blob.places.front().origin;
      unit.name = FileName(first.path.empty() ? first.ref : first.path);
      unit.places.reserve(blob.places.size());
      for (GitPlace& place : blob.places) {
        Place p;
        p.only_added = staged && !options_.whole_files;
        p.added = std::move(place.added);
        p.provenance.chain.push_back(std::move(place.origin));
        unit.places.push_back(std::move(p));
      }
      std::vector<GitPlace>().swap(blob.places);  // freed as it goes: the listing is not held twice
      out.units.push_back(std::move(unit));
    }
    std::vector<GitBlob>().swap(listing_.blobs);
    out.errors = std::move(listing_.errors);
    out.warnings = std::move(listing_.warnings);
    out.commits = listing_.commits;
    out.appearances = listing_.appearances;
    out.objects_missing = listing_.objects_missing;
    return out;
  }

  std::unique_ptr<UnitReader> NewReader() override {
    return std::make_unique<GitUnitReader>(listing_.repo_dir, options_.max_file_size);
  }

 private:
  GitListing listing_;
  GitScanOptions options_;
};

}  // namespace

std::unique_ptr<Source> MakeGitSource(GitListing listing, GitScanOptions options) {
  return std::make_unique<GitScanSource>(std::move(listing), options);
}

}  // namespace rekey
