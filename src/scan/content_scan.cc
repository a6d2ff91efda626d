#include "scan/content_scan.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <tuple>

#include "rekey/scan/redact.h"
#include "rekey/source/archive.h"
#include "rekey/source/decode.h"
#include "rekey/source/file_stream.h"

namespace rekey {
namespace {

// A NUL in the first bytes marks binary content (not scanned); they are read
// first, so a large binary file costs one small read.
constexpr std::size_t kBinaryProbe = 8 << 10;
constexpr std::size_t kFirstRead = 64 << 10;
// Context kept around a decoded span: the start of its line, the rest of it.
constexpr std::size_t kContextBefore = 256;
constexpr std::size_t kContextAfter = 64;
// Archives are checked for a zip bomb once this much came out of them.
constexpr std::uint64_t kRatioFloor = 16ull << 20;

// Turns byte offsets into 1-based line/column, moving forward only (matches
// arrive sorted by start), so a text is walked for newlines at most once.
class LineCursor {
 public:
  // `first_column` counts the bytes of the first line that lie before `content`
  // (a chunk that starts inside a line).
  LineCursor(std::string_view content, int first_line, std::size_t first_column = 0)
      : content_(content), line_start_(-static_cast<std::int64_t>(first_column)), line_(first_line) {}

  std::pair<int, int> Locate(std::size_t offset) {
    while (pos_ < offset) {
      const void* nl = std::memchr(content_.data() + pos_, '\n', offset - pos_);
      if (nl == nullptr) {
        pos_ = offset;
        break;
      }
      pos_ = static_cast<std::size_t>(static_cast<const char*>(nl) - content_.data()) + 1;
      ++line_;
      line_start_ = static_cast<std::int64_t>(pos_);
    }
    return {line_, static_cast<int>(static_cast<std::int64_t>(offset) - line_start_) + 1};
  }
  // Same for an offset at or after the last Locate, without moving.
  std::pair<int, int> Peek(std::size_t offset) const {
    LineCursor copy = *this;
    return copy.Locate(offset);
  }

 private:
  std::string_view content_;
  std::size_t pos_ = 0;
  std::int64_t line_start_;
  int line_;
};

// Several rules can capture the very same bytes (a provider rule and a generic
// assignment rule): one secret, reported once, under the most severe rule
// (ties: a vendor rule over a generic one, then the earlier rule). Leaves
// `matches` sorted by secret start.
void KeepOneMatchPerSecret(const RulesDatabase& db, std::vector<RuleMatch>& matches) {
  auto key = [&db](const RuleMatch& m) {
    const Rule& rule = db.rule(m.rule);
    return std::make_tuple(m.secret_start, m.secret_end, rule.severity, IsGenericRule(rule), m.rule);
  };
  std::sort(matches.begin(), matches.end(), [&key](const RuleMatch& a, const RuleMatch& b) { return key(a) < key(b); });
  matches.erase(std::unique(matches.begin(), matches.end(),
                            [](const RuleMatch& a, const RuleMatch& b) {
                              return a.secret_start == b.secret_start && a.secret_end == b.secret_end;
                            }),
                matches.end());
}

bool LooksBinary(std::string_view head) {
  return std::memchr(head.data(), '\0', std::min(head.size(), kBinaryProbe)) != nullptr;
}

// An archive entry name that would leave the directory it is extracted to.
bool EscapesArchive(std::string_view name) {
  if (name.starts_with('/') || name.starts_with('\\')) return true;
  for (std::size_t at = 0; (at = name.find("..", at)) != std::string_view::npos; at += 2) {
    const bool starts = at == 0 || name[at - 1] == '/' || name[at - 1] == '\\';
    const bool ends = at + 2 == name.size() || name[at + 2] == '/' || name[at + 2] == '\\';
    if (starts && ends) return true;
  }
  return false;
}

// What the limits of the outermost archive have used.
struct ArchiveBudget {
  std::chrono::steady_clock::time_point deadline;
  std::uint64_t bytes = 0;
};

// An archive entry's bytes, stopped when the archive's limits are reached.
class LimitedStream : public ByteStream {
 public:
  LimitedStream(ByteStream& in, const ArchiveReader& archive, ArchiveBudget& budget, const UnpackOptions& limits)
      : in_(in), archive_(archive), budget_(budget), limits_(limits) {}
  std::size_t Read(char* buffer, std::size_t max) override {
    if (!cut_.empty()) return 0;
    const std::size_t n = in_.Read(buffer, max);
    budget_.bytes += n;
    if (budget_.bytes > limits_.max_bytes) {
      cut_ = "more than " + std::to_string(limits_.max_bytes >> 20) + " MiB uncompressed (--archive-max-bytes)";
    } else if (archive_.uncompressed_out() > kRatioFloor &&
               archive_.uncompressed_out() > limits_.max_ratio * std::max<std::uint64_t>(archive_.compressed_in(), 1)) {
      cut_ = "compression ratio over " + std::to_string(limits_.max_ratio) + ":1, a zip bomb? (--archive-max-ratio)";
    } else if (std::chrono::steady_clock::now() > budget_.deadline) {
      cut_ = "took longer than " + std::to_string(limits_.max_time.count()) + " s (--archive-max-time)";
    }
    return cut_.empty() ? n : 0;
  }
  std::string error() const override { return in_.error(); }
  const std::string& cut() const { return cut_; }

 private:
  ByteStream& in_;
  const ArchiveReader& archive_;
  ArchiveBudget& budget_;
  const UnpackOptions& limits_;
  std::string cut_;
};

}  // namespace

// Where in the unit the content being scanned is.
struct ContentScanner::Nest {
  std::vector<Origin> chain;  // inside the unit
  unsigned archive_depth = 0;
  unsigned decode_depth = 0;
  bool top_level = true;  // the unit's own text (its lines are the unit's lines)
  ArchiveBudget* budget = nullptr;
  // Inside decoded text: where its encoded form starts and ends in the text
  // that holds it (what every finding in it reports).
  int line = 0, column = 0, end_line = 0, end_column = 0;
};

struct ContentScanner::TextChunk {
  std::string_view text;
  int first_line = 1;
  std::size_t first_column = 0;  // bytes of the first line before `text`
  std::size_t report_after = 0;  // report matches ending after this offset...
  std::size_t report_until = 0;  // ...and at or before this one
};

ContentScanner::ContentScanner(std::shared_ptr<const RulesDatabase> db, const ScanOptions& options)
    : db_(db), options_(options), matcher_(std::move(db)) {}
ContentScanner::~ContentScanner() = default;

void ContentScanner::ScanUnit(ByteStream& in, bool record_entries, UnitOutcome& out) {
  out_ = &out;
  record_entries_ = record_entries;
  decoded_bytes_ = 0;
  unit_findings_ = 0;
  ScanContent(in, Nest{});
  out_ = nullptr;
}

bool ContentScanner::Full() {
  if (options_.max_findings_per_unit == 0 || unit_findings_ < options_.max_findings_per_unit) return false;
  ++stats_.findings_capped;
  return true;
}

// Fills buffer[filled, want) from `in`; returns the new fill.
static std::size_t Fill(ByteStream& in, char* buffer, std::size_t filled, std::size_t want) {
  while (filled < want) {
    const std::size_t n = in.Read(buffer + filled, want - filled);
    if (n == 0) break;
    filled += n;
  }
  return filled;
}

// Appends the rest of `in` to `out`; false past `limit` bytes.
static bool ReadAll(ByteStream& in, std::uint64_t limit, std::string& out) {
  char block[64 << 10];
  while (const std::size_t n = in.Read(block, sizeof block)) {
    if (out.size() + n > limit) return false;
    out.append(block, n);
  }
  return true;
}

void ContentScanner::ScanContent(ByteStream& in, const Nest& nest) {
  if (!buffer_) buffer_ = std::make_unique<char[]>(kTextChunk);
  // The first bytes tell what the content is: an archive, binary, or text.
  std::size_t filled = Fill(in, buffer_.get(), 0, kFirstRead);
  const std::string_view head(buffer_.get(), filled);
  const bool archive = options_.unpack.enabled && !SniffArchive(head.substr(0, kArchiveSniffBytes)).empty();
  if (archive && nest.archive_depth >= options_.unpack.max_depth) {
    out_->errors.push_back({DisplayPath(Provenance{nest.chain}),
                            "archive nested more than " + std::to_string(options_.unpack.max_depth) +
                                " deep (--archive-depth): not scanned"});
    return;
  }
  if (archive) {
    // The bytes read so far go first; the buffer is needed by the entries.
    std::string first(head);
    if (SniffArchive(head) == "7z" && in.Seek(0, SEEK_CUR) < 0) {
      // 7z keeps its index at the end: a nested one is read into memory first.
      if (!ReadAll(in, options_.unpack.max_bytes, first)) {
        out_->errors.push_back({DisplayPath(Provenance{nest.chain}),
                                "7z archive larger than --archive-max-bytes inside a stream: not scanned"});
        return;
      }
      MemoryStream whole(first);
      ScanArchive(whole, nest);
      return;
    }
    PrefixedStream whole(first, in);
    ScanArchive(whole, nest);
    return;
  }
  if (LooksBinary(head)) {
    ++stats_.files_skipped_binary;
    return;
  }
  out_->scanned = true;
  // The text, chunk by chunk.
  std::size_t carry = 0;
  std::size_t reported = 0;  // offset in the buffer up to which matches are done
  int first_line = 1;
  std::size_t first_column = 0;
  for (;;) {
    filled = Fill(in, buffer_.get(), filled, kTextChunk);
    const bool end = filled < kTextChunk;
    const std::string_view text(buffer_.get(), filled);
    const TextChunk chunk{text, first_line, first_column, reported, end ? filled : filled - kChunkDefer};
    ScanChunk(chunk, nest);
    stats_.bytes_scanned += filled - carry;
    if (options_.progress != nullptr) options_.progress->bytes_done.fetch_add(filled - carry, std::memory_order_relaxed);
    if (end) break;
    // Keep the last kChunkOverlap bytes; matches up to chunk.report_until are done.
    const std::size_t drop = filled - kChunkOverlap;
    const std::string_view dropped = text.substr(0, drop);
    const std::size_t newline = dropped.rfind('\n');
    first_line += static_cast<int>(std::count(dropped.begin(), dropped.end(), '\n'));
    first_column = newline == std::string_view::npos ? first_column + drop : drop - newline - 1;
    std::memmove(buffer_.get(), buffer_.get() + drop, kChunkOverlap);
    reported = chunk.report_until - drop;
    carry = kChunkOverlap;
    filled = kChunkOverlap;
  }
  if (const std::string error = in.error(); !error.empty()) {
    out_->errors.push_back({DisplayPath(Provenance{nest.chain}), "read stopped: " + error});
  }
}

void ContentScanner::ScanChunk(const TextChunk& chunk, const Nest& nest) {
  std::vector<RuleMatch> matches;
  matcher_.Scan(chunk.text, matches);
  KeepOneMatchPerSecret(*db_, matches);
  LineCursor cursor(chunk.text, chunk.first_line, chunk.first_column);
  for (const RuleMatch& m : matches) {
    if (m.end <= chunk.report_after || m.end > chunk.report_until) continue;
    const Rule& rule = db_->rule(m.rule);
    if (IsAllowedInline(chunk.text, m.secret_start, rule.id, options_.allow)) {
      ++stats_.suppressed_inline;
      continue;
    }
    const auto [line, column] = cursor.Locate(m.secret_start);
    const auto [end_line, end_column] = cursor.Peek(m.secret_end);
    AddFinding(m, chunk.text, line, column, end_line, end_column, nest.top_level ? line : 0,
               nest.top_level ? end_line : 0, nest);
  }
  if (options_.decode.enabled && nest.decode_depth < options_.decode.max_depth) DecodeSpans(chunk, matches, nest);
}

void ContentScanner::DecodeSpans(const TextChunk& chunk, const std::vector<RuleMatch>& outer, const Nest& nest) {
  std::vector<EncodedSpan> spans;
  FindEncodedSpans(chunk.text, spans);
  LineCursor cursor(chunk.text, chunk.first_line, chunk.first_column);
  DecodedText decoded;
  for (const EncodedSpan& span : spans) {
    if (span.end <= chunk.report_after || span.end > chunk.report_until) continue;
    // What the outer layer already reported here is not reported again decoded.
    const bool reported = std::any_of(outer.begin(), outer.end(), [&span](const RuleMatch& m) {
      return m.secret_start < span.end && span.start < m.secret_end;
    });
    if (reported) continue;
    const std::string_view encoded = chunk.text.substr(span.start, span.end - span.start);
    if (decoded_bytes_ >= options_.decode.max_bytes) {
      ++stats_.decode_skipped;
      continue;
    }
    if (!Decode(encoded, span.encoding, decoded)) continue;
    decoded_bytes_ += decoded.text.size();
    ++stats_.decoded_spans;
    // The decoded text in its line: a name before it can be context.
    std::size_t line_start = span.start;
    while (line_start > 0 && chunk.text[line_start - 1] != '\n' && span.start - line_start < kContextBefore) {
      --line_start;
    }
    std::size_t line_end = span.end;
    while (line_end < chunk.text.size() && chunk.text[line_end] != '\n' && line_end - span.end < kContextAfter) {
      ++line_end;
    }
    const std::string_view before = chunk.text.substr(line_start, span.start - line_start);
    std::string window(before);
    window += decoded.text;
    window += chunk.text.substr(span.end, line_end - span.end);
    Nest inner = nest;
    if (nest.decode_depth == 0) {
      std::tie(inner.line, inner.column) = cursor.Locate(span.start);
      std::tie(inner.end_line, inner.end_column) = cursor.Peek(span.end);
    }
    inner.chain.push_back(DecodedOrigin{std::string(EncodingName(span.encoding)), inner.line, inner.column});
    ++inner.decode_depth;
    std::vector<std::pair<std::size_t, std::size_t>> fresh = decoded.fresh;
    for (auto& [first, last] : fresh) {
      first += before.size();
      last += before.size();
    }
    // Matches must touch bytes the decoding produced.
    std::vector<RuleMatch> matches;
    matcher_.Scan(window, matches);
    KeepOneMatchPerSecret(*db_, matches);
    for (const RuleMatch& m : matches) {
      const bool touches = std::any_of(fresh.begin(), fresh.end(), [&m](const auto& r) {
        return m.secret_start < r.second && r.first < m.secret_end;
      });
      if (!touches) continue;
      const Rule& rule = db_->rule(m.rule);
      if (IsAllowedInline(chunk.text, span.start, rule.id, options_.allow)) {
        ++stats_.suppressed_inline;
        continue;
      }
      AddFinding(m, window, inner.line, inner.column, inner.end_line, inner.end_column,
                 inner.top_level ? inner.line : 0, inner.top_level ? inner.end_line : 0, inner);
    }
    // Decoded text that holds encoded text again.
    if (inner.decode_depth < options_.decode.max_depth && !fresh.empty()) {
      const TextChunk again{window, 1, 0, fresh.front().first, fresh.back().second};
      DecodeSpans(again, matches, inner);
    }
  }
}

void ContentScanner::ScanArchive(ByteStream& in, const Nest& nest) {
  ArchiveReader archive(in);
  const std::string where = DisplayPath(Provenance{nest.chain});
  if (!archive.Open()) {
    out_->errors.push_back({where, "cannot read the archive: " + archive.error()});
    return;
  }
  ++stats_.archives;
  out_->scanned = true;
  ArchiveBudget own{std::chrono::steady_clock::now() + options_.unpack.max_time, 0};
  ArchiveBudget& budget = nest.budget != nullptr ? *nest.budget : own;
  std::uint64_t entries = 0;
  ArchiveEntry entry;
  while (archive.Next(entry)) {
    if (++entries > options_.unpack.max_entries) {
      out_->errors.push_back({where, "archive cut off after " + std::to_string(options_.unpack.max_entries) +
                                         " entries (--archive-max-entries): the rest was not scanned"});
      return;
    }
    if (record_entries_ && nest.archive_depth == 0) out_->entry_names.push_back(entry.name);
    Nest child = nest;
    child.chain.push_back(ArchiveEntryOrigin{entry.name});
    ++child.archive_depth;
    child.decode_depth = 0;
    child.top_level = false;
    child.budget = &budget;
    if (EscapesArchive(entry.name)) {
      out_->warnings.push_back(DisplayPath(Provenance{child.chain}) +
                               ": the entry's name leaves the archive (nothing is extracted; scanned in memory)");
    }
    LimitedStream limited(archive.Data(), archive, budget, options_.unpack);
    ScanContent(limited, child);
    ++stats_.archive_entries;
    if (!limited.cut().empty()) {
      out_->errors.push_back({where, "archive cut off: " + limited.cut() + ": the rest was not scanned"});
      return;
    }
  }
  if (!archive.error().empty()) out_->errors.push_back({where, "damaged archive: " + archive.error()});
}

void ContentScanner::AddFinding(const RuleMatch& match, std::string_view text, int line, int column, int end_line,
                                int end_column, int outer_line, int outer_end_line, const Nest& nest) {
  if (Full()) return;
  ++unit_findings_;
  const Rule& rule = db_->rule(match.rule);
  const std::string_view secret = text.substr(match.secret_start, match.secret_end - match.secret_start);
  ContentFinding found;
  Finding& f = found.finding;
  f.rule_id = rule.id;
  f.rule_name = rule.name;
  f.severity = rule.severity;
  f.provider = rule.provider;
  f.line = line;
  f.column = column;
  f.end_line = end_line;
  f.end_column = end_column;
  f.secret_redacted = RedactedSecret(secret);
  if (options_.show_secrets) f.secret = std::string(secret);
  f.fingerprint = SecretFingerprint(rule.id, secret);
  f.validation = match.validation;
  f.provenance.chain = nest.chain;
  found.secret = std::string(secret);
  found.rule = match.rule;
  if (db_->has_allowlists()) {
    found.match_text = std::string(text.substr(match.start, match.end - match.start));
    found.line_text = std::string(AllowlistLine(match, text));
  }
  found.outer_line = outer_line;
  found.outer_end_line = outer_end_line;
  out_->findings.push_back(std::move(found));
}

}  // namespace rekey
