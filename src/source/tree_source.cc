#include "rekey/source/tree_source.h"

#include <algorithm>

#include "rekey/source/file_stream.h"

namespace rekey {
namespace {

std::string FileName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

class TreeReader : public UnitReader {
 public:
  explicit TreeReader(std::uint64_t max_file_size) : max_file_size_(max_file_size) {}
  Opened Open(const SourceUnit& unit) override {
    const Origin& origin = unit.places.front().provenance.chain.front();
    if (std::holds_alternative<StdinOrigin>(origin)) return OpenStdin();
    const FileOrigin& file = std::get<FileOrigin>(origin);
    return OpenFile(file.path, {.max_size = max_file_size_, .named = unit.cookie == kNamed});
  }
  static constexpr std::uint64_t kNamed = 1;  // SourceUnit::cookie: named on the command line

 private:
  std::uint64_t max_file_size_;
};

class TreeSource : public Source {
 public:
  explicit TreeSource(TreeSourceOptions options) : options_(std::move(options)) {}

  Result<SourceListing> List() override {
    SourceListing listing;
    listing.in_report_order = true;
    // "-" is standard input; everything else is walked.
    WalkOptions walk = options_.walk;
    const auto dash = std::remove(walk.paths.begin(), walk.paths.end(), "-");
    const bool stdin_named = dash != walk.paths.end();
    walk.paths.erase(dash, walk.paths.end());
    if (stdin_named) listing.units.push_back({"", "", {{Provenance{{StdinOrigin{options_.stdin_name}}}}}});
    if (!stdin_named || !walk.paths.empty()) {
      WalkResult result = Walk(walk);
      for (FileEntry& file : result.files) {
        SourceUnit unit;
        unit.name = FileName(file.path);
        if (file.named) unit.cookie = TreeReader::kNamed;  // no content id: files are not hashed
        unit.places.push_back({Provenance{{FileOrigin{std::move(file.path)}}}});
        listing.units.push_back(std::move(unit));
      }
      if (result.files.empty() && result.skipped_excluded > 0 && result.errors.empty()) {
        listing.warnings.push_back("the excludes (--exclude, .rekey.yaml scan.exclude) removed every path: nothing was "
                                   "scanned");
      }
      listing.errors = std::move(result.errors);
      listing.skipped_special = result.skipped_special;
      listing.skipped_ignored = result.skipped_ignored + result.skipped_excluded;
    }
    return listing;
  }

  std::unique_ptr<UnitReader> NewReader() override { return std::make_unique<TreeReader>(options_.max_file_size); }

 private:
  TreeSourceOptions options_;
};

}  // namespace

std::unique_ptr<Source> MakeTreeSource(TreeSourceOptions options) {
  return std::make_unique<TreeSource>(std::move(options));
}

}  // namespace rekey
