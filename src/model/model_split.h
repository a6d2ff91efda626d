// Splitting one large model file into pieces that parse independently, so a
// 10,000-key inventory in one file parses on every core (yaml-cpp reads ~5
// MB/s; the rest of `rekey check` is parallel already).
//
// A piece boundary is only ever placed before a top-level list item of
// api_keys, services or rotation_schedules (with the comment and blank lines
// just above it, where suppressions live), and a piece that starts inside a
// section gets that section's header prepended. Files whose top level is
// anything else (flow style, documents, directives, tabs, another section,
// a section twice) are not split. The caller treats any diagnostic from a
// piece as "parse the file whole instead", so pieces never change what a
// file means or how its errors read: an alias whose anchor is in another
// piece, a quoted scalar cut in two, all fall back.
//
// Thread-safety: pure.
#ifndef REKEY_MODEL_MODEL_SPLIT_H_
#define REKEY_MODEL_MODEL_SPLIT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rekey {

struct ModelPiece {
  std::string text;     // a YAML document of its own
  int line_offset = 0;  // add to the piece's line numbers to get the file's
};

// Files below this size parse whole: splitting pays only for big inventories.
inline constexpr std::size_t kMinSplitBytes = 256 << 10;

// At most `pieces` pieces of about equal size, or none when `text` is smaller
// than kMinSplitBytes, pieces < 2, or the file is not safely splittable.
std::vector<ModelPiece> SplitModelText(std::string_view text, std::size_t pieces);

// The records of one piece (yaml_loader.cc), located in the file: what
// LoadModelText does but the suppression comments, which the caller reads
// once from the whole file after the pieces are merged.
class Diagnostics;
struct Model;
void LoadModelPiece(const std::string& text, int line_offset, const std::string& path, Model& model,
                    Diagnostics& diags);

}  // namespace rekey

#endif  // REKEY_MODEL_MODEL_SPLIT_H_
