// Blob and Provenance: content and where it came from are separate values, so
// one piece of content can be scanned once however many places hold it.
//
// A working-tree file has only `path`; blobs from git history (a later source)
// also carry the commit that introduced them, its author and date.
//
// Thread-safety: plain values. A Blob's content is a view owned by whoever
// produced it (a FileReader's buffer) and lives until that producer's next read.
#ifndef REKEY_SOURCE_BLOB_H_
#define REKEY_SOURCE_BLOB_H_

#include <string>
#include <string_view>

namespace rekey {

struct Provenance {
  std::string path;    // '/'-separated, relative as the user named it
  std::string commit;  // git sources only: full hex id, else ""
  std::string author;  // git sources only: "Name <email>", else ""
  std::string date;    // git sources only: RFC 3339 UTC, else ""
  int commits = 0;     // git sources only: how many commits contain the blob at this path
};

struct Blob {
  std::string_view content;
  const Provenance* provenance = nullptr;
};

}  // namespace rekey

#endif  // REKEY_SOURCE_BLOB_H_
