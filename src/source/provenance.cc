#include "rekey/source/provenance.h"

namespace rekey {
namespace {

template <class... F>
struct Overload : F... {
  using F::operator()...;
};
template <class... F>
Overload(F...) -> Overload<F...>;

std::string ShortDigest(const std::string& digest) {
  const size_t colon = digest.find(':');
  const std::string hex = colon == std::string::npos ? digest : digest.substr(colon + 1);
  return digest.substr(0, colon == std::string::npos ? 0 : colon + 1) + hex.substr(0, 12);
}

// "k8s/secret.yaml"; under a ref that names a tree, "refs/tags/t:k8s/secret.yaml"
// (git's rev:path); a blob a ref names, the ref.
std::string GitPlaceName(const GitOrigin& o) {
  if (o.ref.empty()) return o.path;
  return o.path.empty() ? o.ref : o.ref + ":" + o.path;
}

}  // namespace

std::string OuterPath(const Provenance& provenance) {
  auto outer = provenance.chain.begin();
  while (outer != provenance.chain.end() && std::holds_alternative<RepositoryOrigin>(*outer)) ++outer;
  if (outer == provenance.chain.end()) return "";
  return std::visit(
      Overload{[](const FileOrigin& o) { return o.path; }, [](const StdinOrigin& o) { return o.name; },
               [](const GitOrigin& o) { return GitPlaceName(o); }, [](const ImageLayerOrigin& o) { return o.image; },
               [](const ArchiveEntryOrigin& o) { return o.name; }, [](const DecodedOrigin&) { return std::string(); },
               [](const RepositoryOrigin&) { return std::string(); }},
      *outer);
}

std::string DisplayPath(const Provenance& provenance) {
  std::string out;
  for (const Origin& origin : provenance.chain) {
    std::visit(Overload{[&](const FileOrigin& o) { out += o.path; }, [&](const StdinOrigin& o) { out += o.name; },
                        [&](const GitOrigin& o) { out += GitPlaceName(o); },
                        [&](const ImageLayerOrigin& o) { out += o.image + "@" + ShortDigest(o.digest); },
                        [&](const ArchiveEntryOrigin& o) { out += "!/" + o.name; }, [](const DecodedOrigin&) {},
                        [](const RepositoryOrigin&) {}},
               origin);
  }
  return out;
}

const GitOrigin* GitOf(const Provenance& provenance) {
  for (const Origin& origin : provenance.chain) {
    if (const auto* git = std::get_if<GitOrigin>(&origin)) return git;
  }
  return nullptr;
}

const RepositoryOrigin* RepositoryOf(const Provenance& provenance) {
  for (const Origin& origin : provenance.chain) {
    if (const auto* repo = std::get_if<RepositoryOrigin>(&origin)) return repo;
  }
  return nullptr;
}

bool IsNested(const Provenance& provenance) { return provenance.chain.size() > 1; }

std::string DescribeOrigin(const Origin& origin) {
  return std::visit(
      Overload{
          [](const FileOrigin& o) { return "file " + o.path; }, [](const StdinOrigin& o) { return "stdin " + o.name; },
          [](const GitOrigin& o) { return "git " + o.path + (o.commit.empty() ? "" : " @ " + o.commit.substr(0, 12)); },
          [](const ImageLayerOrigin& o) {
            return "layer " + ShortDigest(o.digest) + (o.created_by.empty() ? "" : " (" + o.created_by + ")");
          },
          [](const ArchiveEntryOrigin& o) { return "entry " + o.name; },
          [](const DecodedOrigin& o) {
            return o.encoding + " at " + std::to_string(o.line) + ":" + std::to_string(o.column);
          },
          [](const RepositoryOrigin& o) { return "repository " + o.name; }},
      origin);
}

}  // namespace rekey
