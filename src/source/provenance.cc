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

}  // namespace

std::string OuterPath(const Provenance& provenance) {
  if (provenance.chain.empty()) return "";
  return std::visit(Overload{[](const FileOrigin& o) { return o.path; }, [](const StdinOrigin& o) { return o.name; },
                             [](const GitOrigin& o) { return o.path; }, [](const ImageLayerOrigin& o) { return o.image; },
                             [](const ArchiveEntryOrigin& o) { return o.name; },
                             [](const DecodedOrigin&) { return std::string(); }},
                    provenance.chain.front());
}

std::string DisplayPath(const Provenance& provenance) {
  std::string out;
  for (const Origin& origin : provenance.chain) {
    std::visit(Overload{[&](const FileOrigin& o) { out += o.path; }, [&](const StdinOrigin& o) { out += o.name; },
                        [&](const GitOrigin& o) { out += o.path; },
                        [&](const ImageLayerOrigin& o) { out += o.image + "@" + ShortDigest(o.digest); },
                        [&](const ArchiveEntryOrigin& o) { out += "!/" + o.name; }, [](const DecodedOrigin&) {}},
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

bool IsNested(const Provenance& provenance) { return provenance.chain.size() > 1; }

std::string DescribeOrigin(const Origin& origin) {
  return std::visit(
      Overload{[](const FileOrigin& o) { return "file " + o.path; }, [](const StdinOrigin& o) { return "stdin " + o.name; },
               [](const GitOrigin& o) { return "git " + o.path + (o.commit.empty() ? "" : " @ " + o.commit.substr(0, 12)); },
               [](const ImageLayerOrigin& o) {
                 return "layer " + ShortDigest(o.digest) + (o.created_by.empty() ? "" : " (" + o.created_by + ")");
               },
               [](const ArchiveEntryOrigin& o) { return "entry " + o.name; },
               [](const DecodedOrigin& o) {
                 return o.encoding + " at " + std::to_string(o.line) + ":" + std::to_string(o.column);
               }},
      origin);
}

}  // namespace rekey
