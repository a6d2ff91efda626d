// Splitting one large model file into pieces that parse independently, so a
// 10,000-key inventory in one file parses on every core (yaml-cpp reads ~5
// MB/s; the rest of `rekey check` is parallel already).
//
// A piece boundary is only ever placed before a top-level list item of
// api_keys, services or rotation_schedules, or before a section header (with
// the comment and blank lines just above either, where suppressions live); a
// piece that starts inside a section is parsed as that section's items. Files whose top level is
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

// A view into the file's text: a YAML document of its own (from the start of
// the file or of a section), or a run of one section's items, which parses as
// a block sequence without the section's header.
struct ModelPiece {
  std::string_view text;
  std::string_view section;  // "" for a document, else the section the items belong to
  int line_offset = 0;       // add to the piece's line numbers to get the file's
};

// Files below this size parse whole: splitting pays only for big inventories.
inline constexpr std::size_t kMinSplitBytes = 256 << 10;

// How many pieces to cut a file of `bytes` into on `cores` cores: about one
// per kMinSplitBytes, so the pieces balance across the cores whatever their
// content costs to parse (flow maps and quoted scalars parse at half the speed
// of plain ones); 0 or 1 means "parse it whole".
std::size_t PieceCount(std::size_t bytes, std::size_t cores);

// About `pieces` pieces of about equal size (a piece never spans two
// sections), or none when `text` is smaller than kMinSplitBytes, pieces < 2,
// or the file is not safely splittable. The pieces are views into `text`.
std::vector<ModelPiece> SplitModelText(std::string_view text, std::size_t pieces);

// The records of one piece (yaml_loader.cc), located in the file: what
// LoadModelText does but the suppression comments, which the caller reads
// once from the whole file after the pieces are merged.
class Diagnostics;
struct Model;
void LoadModelPiece(const ModelPiece& piece, const std::string& path, Model& model, Diagnostics& diags);

}  // namespace rekey

#endif  // REKEY_MODEL_MODEL_SPLIT_H_
