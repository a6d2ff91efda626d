// Provenance: where a piece of content was found, as a chain of origins from
// the outermost (a file, a git blob appearance, standard input, an image
// layer) to the innermost (an entry of an archive inside that file, a span of
// it that was base64). Content and provenance are separate values: a git blob
// is scanned once however many places hold it, and its findings are repeated
// for each place's chain.
//
//   FileOrigin{"build/app.jar"} > ArchiveEntryOrigin{"BOOT-INF/classes/app.properties"}
//     DisplayPath -> "build/app.jar!/BOOT-INF/classes/app.properties"
//   GitOrigin{"k8s/secret.yaml", commit...} > DecodedOrigin{"base64", 4, 15}
//     DisplayPath -> "k8s/secret.yaml"  (a decoded span is a place in its file)
//
// Thread-safety: plain values.
#ifndef REKEY_SOURCE_PROVENANCE_H_
#define REKEY_SOURCE_PROVENANCE_H_

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rekey {

// A working-tree file, or a FIFO/device named on the command line.
struct FileOrigin {
  std::string path;  // '/'-separated, relative as the user named it
};

// Standard input (`rekey scan -`).
struct StdinOrigin {
  std::string name;  // --stdin-name, default "-"
};

// A place in git: the path a blob has in some commit's tree (history, range)
// or in the index (staged: commit, author, date empty), or under a ref that
// names a tree or a blob directly (`git tag t HEAD^{tree}`: `ref` set, no
// commit; a blob's path is then empty).
struct GitOrigin {
  std::string path;
  std::string ref;     // "refs/tags/t" for a tree or blob a ref names; "" for a commit's place
  std::string commit;  // the oldest commit holding the blob at this path
  std::string author;  // "Name <email>"
  std::string date;    // RFC 3339 UTC
  int commits = 0;     // commits that hold the blob at this path
};

// A member of the archive its parent is (zip, jar, tar, a compressed stream).
struct ArchiveEntryOrigin {
  std::string name;  // the entry's path inside the archive, as stored
};

// A span of the parent's text that was encoded and was scanned decoded.
struct DecodedOrigin {
  std::string encoding;  // "base64", "base64url", "hex", "percent", "escape"
  int line = 0;          // where the encoded text starts in the parent (1-based)
  int column = 0;
};

// A layer of a container image (docker save tarball or OCI layout).
struct ImageLayerOrigin {
  std::string image;           // the image path as named on the command line
  std::string digest;          // "sha256:..."
  std::string created_by;      // the history command that made the layer ("" when not recorded)
  bool in_final_image = true;  // false: a later layer deleted or replaced the entry found in it
};

// One repository of a multi-repository scan (`rekey scan --repos`): the
// outermost origin of everything found in it. Paths after it are relative to
// the repository, so DisplayPath and OuterPath leave it out.
struct RepositoryOrigin {
  std::string name;  // as listed: the list file's entry, or the path below the --repos directory
  std::string path;  // where it was read
};

using Origin = std::variant<FileOrigin, StdinOrigin, GitOrigin, ArchiveEntryOrigin, DecodedOrigin, ImageLayerOrigin,
                            RepositoryOrigin>;

struct Provenance {
  std::vector<Origin> chain;  // outermost first
};

// "build/app.jar!/BOOT-INF/classes/app.properties": the outermost path, then
// each archive entry after "!/". Decoded spans add nothing (they are places
// in the text they were found in); an image layer shows as "image@sha256:abcd12345678".
std::string DisplayPath(const Provenance& provenance);

// The outermost origin's path (a file, a git path, the stdin name, the image).
std::string OuterPath(const Provenance& provenance);

// The git origin of the chain, or nullptr.
const GitOrigin* GitOf(const Provenance& provenance);

// The repository origin of the chain, or nullptr.
const RepositoryOrigin* RepositoryOf(const Provenance& provenance);

// True when the chain has more than its outermost origin (an archive entry, a
// decoded span, a layer's file, the repository of an org-wide scan): writers
// then print the whole chain.
bool IsNested(const Provenance& provenance);

// "zip entry", "base64", ...: one origin for a message.
std::string DescribeOrigin(const Origin& origin);

}  // namespace rekey

#endif  // REKEY_SOURCE_PROVENANCE_H_
