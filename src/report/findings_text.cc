// The text findings writer: one block per distinct secret (fingerprint), its
// locations listed under it, blocks in the order their first location appears;
// with links (rekey scan --inventory), the inventory key under each location
// and the unmanaged-key report; then one summary line.
//
//   critical  stripe.secret-key  Stripe Secret Key
//     secret sk_l…(32 chars)  fingerprint 3f2a9c1e0b7d  checksum-valid
//     config/app.env:3:12
//       inventory: stripe-api-key (production; used by payment-service)
//       why: provider Stripe; ...
//     src/pay.py:10:8
#include <cstdio>
#include <map>
#include <vector>

#include "rekey/report/findings_writer.h"
#include "report/findings_json_object.h"
#include "report/findings_link.h"

namespace rekey {
namespace {

constexpr const char* kReset = "\033[0m";
constexpr const char* kBold = "\033[1m";
constexpr const char* kDim = "\033[2m";
constexpr std::size_t kShortFingerprint = 12;

const char* SeverityColor(RuleSeverity severity) {
  switch (severity) {
    case RuleSeverity::kCritical:
      return "\033[1;31m";
    case RuleSeverity::kHigh:
      return "\033[31m";
    case RuleSeverity::kMedium:
      return "\033[33m";
    case RuleSeverity::kLow:
      return "\033[36m";
  }
  return "";
}

std::string HumanBytes(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  if (unit == 0) {
    std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
  } else {
    std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
  }
  return text;
}

std::string HumanSeconds(double seconds) {
  char text[32];
  if (seconds < 1) {
    std::snprintf(text, sizeof text, "%.0f ms", seconds * 1000);
  } else {
    std::snprintf(text, sizeof text, "%.2f s", seconds);
  }
  return text;
}

std::string Plural(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

class TextWriter : public FindingSink {
 public:
  TextWriter(const FindingsWriterOptions& options, std::string& out) : options_(options), out_(out) {}

  void Add(const Finding& finding) override {
    if (finding.link.status == LinkStatus::kLinked || finding.link.status == LinkStatus::kAmbiguous) ++linked_;
    if (finding.link.status == LinkStatus::kUnmanaged) ++unmanaged_;
    auto [it, inserted] = group_of_.try_emplace(finding.fingerprint, groups_.size());
    if (inserted) groups_.emplace_back();
    groups_[it->second].push_back(finding);
  }

  void Finish(const ScanSummary& summary) override {
    for (const std::vector<Finding>& group : groups_) WriteGroup(group);
    if (options_.linked) WriteUnmanaged();
    if (!options_.quiet) WriteSummary(summary);
  }

 private:
  std::string Paint(const char* color, const std::string& text) const {
    return options_.color ? color + text + kReset : text;
  }

  void WriteGroup(const std::vector<Finding>& group) {
    const Finding& first = group.front();
    out_ += Paint(SeverityColor(first.severity), std::string(RuleSeverityName(first.severity)));
    out_ += "  " + Paint(kBold, first.rule_id) + "  " + first.rule_name + "\n";
    out_ += "  secret " + (first.secret.empty() ? first.secret_redacted : first.secret);
    out_ += Paint(kDim, "  fingerprint " + first.fingerprint.substr(0, kShortFingerprint));
    if (first.validation != Validation::kNone) out_ += "  " + std::string(ValidationName(first.validation));
    out_ += "\n";
    for (const Finding& finding : group) {
      out_ += "  " + finding.path + ":" + std::to_string(finding.line) + ":" + std::to_string(finding.column);
      if (const std::string note = ProvenanceNote(finding.provenance); !note.empty()) {
        out_ += Paint(kDim, "  (" + note + ")");
      }
      if (!finding.commit.empty()) {
        // git sources: the commit that first introduced the blob at this path.
        std::string origin = "  " + finding.commit.substr(0, 12) + "  " + finding.date + "  " + finding.author;
        if (finding.commit_count > 1) origin += "  (in " + std::to_string(finding.commit_count) + " commits)";
        out_ += Paint(kDim, origin);
      }
      out_ += "\n";
      WriteLink(finding.link);
    }
    out_ += "\n";
  }

  void WriteLink(const InventoryLink& link) {
    if (link.status == LinkStatus::kNotLinked) return;
    const bool linked = link.status == LinkStatus::kLinked || link.status == LinkStatus::kAmbiguous;
    out_ += "    inventory: " + (linked ? Paint(kBold, LinkHeadline(link)) : LinkHeadline(link)) + "\n";
    if (!link.reason.empty()) out_ += Paint(kDim, "    why: " + link.reason) + "\n";
  }

  // Keys rekey cannot rotate because no inventory entry names their provider,
  // each provider with the entry to add (TODOs to fill in).
  void WriteUnmanaged() {
    if (options_.unmanaged.empty()) return;
    out_ += Paint(kBold, "Unmanaged keys: " + Plural(options_.unmanaged.size(), "provider has", "providers have") +
                             " no inventory entry, so nothing rotates these keys") +
            "\n\n";
    for (const UnmanagedProvider& u : options_.unmanaged) {
      out_ += Paint(kBold, u.provider) + " (" + Plural(u.exposures.size(), "finding", "findings") + ")\n";
      for (const Exposure& e : u.exposures) {
        out_ += "  " + e.where.path + ":" + std::to_string(e.where.line) + ":" + std::to_string(e.where.column) + "  " +
                e.rule_id + "  " + e.secret_redacted + "\n";
      }
      out_ += "  add it to the inventory (fill in the TODOs), rotate it, then delete it from the files above:\n\n";
      std::string::size_type start = 0;
      while (start < u.stub.size()) {
        const std::string::size_type end = u.stub.find('\n', start);
        const std::string line = u.stub.substr(start, end == std::string::npos ? std::string::npos : end - start);
        out_ += line.empty() ? "\n" : "    " + line + "\n";
        if (end == std::string::npos) break;
        start = end + 1;
      }
      out_ += "\n";
    }
  }

  void WriteSummary(const ScanSummary& summary) {
    const ScanStats& s = summary.stats;
    std::string line = s.findings == 0 ? std::string("no findings")
                                       : Plural(s.findings, "finding", "findings") + " (" +
                                             Plural(s.secrets, "secret", "secrets") + ")";
    if (s.commits > 0) {
      line +=
          "; " + Plural(s.commits, "commit", "commits") + ", " + Plural(s.files_scanned, "blob", "blobs") + " scanned";
      if (s.blobs_deduplicated > 0) line += " (" + std::to_string(s.blobs_deduplicated) + " repeats skipped)";
    } else {
      line += "; " + Plural(s.files_scanned, "file", "files") + " scanned";
    }
    const std::uint64_t skipped = s.files_skipped_binary + s.files_skipped_too_large + s.files_skipped_special;
    if (skipped > 0) {
      std::vector<std::string> why;
      if (s.files_skipped_binary > 0) why.push_back(std::to_string(s.files_skipped_binary) + " binary");
      if (s.files_skipped_too_large > 0) why.push_back(std::to_string(s.files_skipped_too_large) + " too large");
      if (s.files_skipped_special > 0) why.push_back(std::to_string(s.files_skipped_special) + " not regular");
      line += ", " + std::to_string(skipped) + " skipped (";
      for (std::size_t i = 0; i < why.size(); ++i) line += (i > 0 ? ", " : "") + why[i];
      line += ")";
    }
    if (s.files_skipped_ignored > 0) {
      line += ", " + std::to_string(s.files_skipped_ignored) + " ignored (.gitignore, --exclude)";
    }
    if (s.archives > 0) {
      line += "; " + Plural(s.archives, "archive", "archives") + " (" +
              Plural(s.archive_entries, "entry", "entries") + ")";
    }
    if (s.decoded_spans > 0) line += "; " + Plural(s.decoded_spans, "span", "spans") + " decoded";
    if (s.findings_capped > 0) {
      line += "; " + std::to_string(s.findings_capped) + " more findings not listed (--max-findings-per-file)";
    }
    if (s.suppressed_inline + s.suppressed_baseline > 0) {
      line += "; suppressed " + std::to_string(s.suppressed_inline) + " inline, " +
              std::to_string(s.suppressed_baseline) + " by baseline";
    }
    if (options_.linked) {
      line += "; " + std::to_string(linked_) + " linked to the inventory, " + std::to_string(unmanaged_) + " unmanaged";
    }
    if (!summary.errors.empty()) line += "; " + Plural(summary.errors.size(), "error", "errors");
    line += "; " + HumanBytes(s.bytes_scanned) + " in " + HumanSeconds(s.seconds);
    out_ += Paint(kBold, line) + "\n";
  }

  FindingsWriterOptions options_;
  std::string& out_;
  std::vector<std::vector<Finding>> groups_;
  std::map<std::string, std::size_t> group_of_;
  std::uint64_t linked_ = 0;     // findings linked to one or several inventory keys
  std::uint64_t unmanaged_ = 0;  // findings of providers the inventory does not know
};

}  // namespace

std::unique_ptr<FindingSink> MakeTextFindingsWriter(const FindingsWriterOptions& options, std::string& out) {
  return std::make_unique<TextWriter>(options, out);
}

}  // namespace rekey
