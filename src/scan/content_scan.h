// Private: what one scanning thread does with one unit's bytes — unpack an
// archive (entries scanned recursively, to a depth, within limits), or scan
// text in chunks that overlap by two confirmation windows (so a file of any
// size takes flat memory and no match is lost or reported twice at a chunk
// boundary), then decode the encoded spans of the text and scan them again.
// Findings come out with the provenance chain inside the unit (archive
// entries, decoded spans); the scanner puts each unit's places in front.
#ifndef REKEY_SCAN_CONTENT_SCAN_H_
#define REKEY_SCAN_CONTENT_SCAN_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rekey/matcher/matcher.h"
#include "rekey/scan/finding.h"
#include "rekey/scan/finding_sink.h"
#include "rekey/scan/scanner.h"
#include "rekey/source/source.h"

namespace rekey {

// Text is read in chunks of kTextChunk bytes. A match is at most
// kConfirmWindow wide, so a chunk reports the matches that end at least one
// window (kChunkDefer) before its end, and the next chunk starts two windows
// (kChunkOverlap) before that end: every match lies whole in the chunk that
// reports it, exactly once.
inline constexpr std::size_t kTextChunk = 16 << 20;
inline constexpr std::size_t kChunkDefer = kConfirmWindow;
inline constexpr std::size_t kChunkOverlap = 2 * kConfirmWindow;

// A finding inside one unit, before it is placed.
struct ContentFinding {
  Finding finding;          // provenance: the chain inside the unit only
  std::string secret;       // clear text: fingerprints are made, outputs scrubbed with it
  int outer_line = 0;       // lines in the unit's own text (staged filters); 0 inside an archive
  int outer_end_line = 0;
  std::uint32_t rule = 0;
  // Only when the rules have allowlists (imported gitleaks configs): what
  // they can look at besides the secret, checked at each place.
  std::string match_text, line_text;
};

struct UnitOutcome {
  std::vector<ContentFinding> findings;
  std::vector<SourceError> errors;      // paths relative to the unit ("" = the unit itself)
  std::vector<std::string> warnings;
  std::vector<std::string> entry_names; // top-level archive entries, when asked for
  bool scanned = false;                 // the unit's text (or archive) was read
};

class ContentScanner {
 public:
  ContentScanner(std::shared_ptr<const RulesDatabase> db, const ScanOptions& options);
  ~ContentScanner();

  // Reads `in` to its end (or a limit) and scans it. `record_entries` asks for
  // the names of the unit's top-level archive entries (image whiteouts).
  void ScanUnit(ByteStream& in, bool record_entries, UnitOutcome& out);

  ScanStats& stats() { return stats_; }

 private:
  struct Nest;
  struct TextChunk;
  void ScanContent(ByteStream& in, const Nest& nest);
  void ScanArchive(ByteStream& in, const Nest& nest);
  void ScanText(ByteStream& in, const Nest& nest);
  void ScanChunk(const TextChunk& chunk, const Nest& nest);
  void DecodeSpans(const TextChunk& chunk, const std::vector<RuleMatch>& outer, const Nest& nest);
  void ScanDecoded(std::string_view window, std::size_t fresh_start, std::size_t fresh_end, int line, int column,
                   const Nest& nest);
  void AddFinding(const RuleMatch& match, std::string_view text, int line, int column, int end_line, int end_column,
                  int outer_line, int outer_end_line, const Nest& nest);
  bool Full();

  std::shared_ptr<const RulesDatabase> db_;
  const ScanOptions& options_;
  Matcher matcher_;
  std::unique_ptr<char[]> buffer_;  // one chunk + the overlap, allocated on first use
  ScanStats stats_;
  UnitOutcome* out_ = nullptr;      // the unit being scanned
  bool record_entries_ = false;
  std::uint64_t decoded_bytes_ = 0;  // of the current unit
  std::uint64_t unit_findings_ = 0;
};

}  // namespace rekey

#endif  // REKEY_SCAN_CONTENT_SCAN_H_
