// `# rekey:ignore RK-ROT-003[,RK-...] reason="..." until=2027-01-31` comments in
// model files. Each binds to one record (key, schedule or service): the one on
// the comment's line, or, for a comment on its own line, the record that
// follows it (only blank or comment lines between) or else the one around it.
#include "model/suppressions.h"

#include <algorithm>
#include <optional>
#include <sstream>
#include <string_view>
#include <utility>

namespace rekey {
namespace {

struct Span {
  int start = 0;
  std::string name;
};

std::vector<Span> RecordStarts(const Model& model, const std::string& path) {
  std::vector<Span> spans;
  for (const ApiKey& k : model.keys) {
    if (k.loc.path == path) spans.push_back({k.loc.line, k.name});
  }
  for (const Schedule& s : model.schedules) {
    if (s.loc.path == path) spans.push_back({s.loc.line, s.secret});
  }
  for (const Service& s : model.services) {
    if (s.loc.path == path) spans.push_back({s.loc.line, s.name});
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.start < b.start; });
  return spans;
}

bool BlankOrComment(const std::string& line) {
  const size_t first = line.find_first_not_of(" \t\r");
  return first == std::string::npos || line[first] == '#';
}

// Index into `spans` of the record the comment on `line` covers, or -1.
int Bind(const std::vector<Span>& spans, const std::vector<std::string>& lines, int line, bool own_line) {
  int containing = -1;
  for (size_t i = 0; i < spans.size(); ++i) {
    if (spans[i].start <= line) containing = static_cast<int>(i);
  }
  if (!own_line) return containing;
  const size_t next = static_cast<size_t>(containing + 1);
  if (next < spans.size()) {
    bool only_comments = true;
    for (int l = line + 1; l < spans[next].start && only_comments; ++l) only_comments = BlankOrComment(lines[l - 1]);
    if (only_comments) return static_cast<int>(next);
  }
  return containing;
}

// The parts of one `# rekey:ignore ID[,ID...] [name=value|name="..."]...` comment.
struct IgnoreComment {
  std::vector<std::string> ids;
  std::vector<std::pair<std::string, std::string>> attrs;  // values without their quotes
};

// A hand-written scanner rather than std::regex: libstdc++'s regex recurses per
// input byte, and a comment of a few hundred kilobytes overflowed the stack.
class CommentParser {
 public:
  explicit CommentParser(std::string_view text) : text_(text) {}

  std::optional<IgnoreComment> Parse() {
    IgnoreComment out;
    if (!Take('#')) return std::nullopt;
    SkipSpace();
    if (text_.substr(pos_, 12) != "rekey:ignore") return std::nullopt;
    pos_ += 12;
    if (SkipSpace() == 0) return std::nullopt;
    do {
      SkipSpace();
      std::optional<std::string> id = CheckId();
      if (!id) return std::nullopt;
      out.ids.push_back(std::move(*id));
    } while (ListContinues());
    while (pos_ < text_.size()) {
      if (SkipSpace() == 0) return std::nullopt;
      if (pos_ == text_.size()) break;
      std::optional<std::pair<std::string, std::string>> attr = Attribute();
      if (!attr) return std::nullopt;
      out.attrs.push_back(std::move(*attr));
    }
    return out;
  }

 private:
  static bool Space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }
  bool Take(char c) {
    if (pos_ >= text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  size_t SkipSpace() {
    const size_t start = pos_;
    while (pos_ < text_.size() && Space(text_[pos_])) ++pos_;
    return pos_ - start;
  }
  size_t Run(bool (*accept)(char)) {
    const size_t start = pos_;
    while (pos_ < text_.size() && accept(text_[pos_])) ++pos_;
    return pos_ - start;
  }
  // A check id: RK-ROT-003 (uppercase-uppercase-digits).
  std::optional<std::string> CheckId() {
    const size_t start = pos_;
    auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (Run(upper) == 0 || !Take('-') || Run(upper) == 0 || !Take('-') || Run(digit) == 0) return std::nullopt;
    return std::string(text_.substr(start, pos_ - start));
  }
  // After an id: a ',' (spaces around it allowed) means another id follows.
  bool ListContinues() {
    const size_t save = pos_;
    SkipSpace();
    if (Take(',')) return true;
    pos_ = save;
    return false;
  }
  // name=value: a lowercase name; a "quoted value" (may hold spaces) or a run of non-spaces.
  std::optional<std::pair<std::string, std::string>> Attribute() {
    const size_t name_start = pos_;
    if (Run([](char c) { return c >= 'a' && c <= 'z'; }) == 0) return std::nullopt;
    std::string name(text_.substr(name_start, pos_ - name_start));
    if (!Take('=')) return std::nullopt;
    if (pos_ < text_.size() && text_[pos_] == '"') {
      const size_t close = text_.find('"', pos_ + 1);
      if (close != std::string_view::npos && (close + 1 == text_.size() || Space(text_[close + 1]))) {
        std::string value(text_.substr(pos_ + 1, close - pos_ - 1));
        pos_ = close + 1;
        return std::make_pair(std::move(name), std::move(value));
      }
    }
    const size_t value_start = pos_;
    if (Run([](char c) { return !Space(c); }) == 0) return std::nullopt;
    return std::make_pair(std::move(name), std::string(text_.substr(value_start, pos_ - value_start)));
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

void CollectSuppressions(const std::string& text, const std::string& path, Model& model, Diagnostics& diags) {
  if (text.find("rekey:ignore") == std::string::npos) return;
  std::vector<std::string> lines;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  const std::vector<Span> spans = RecordStarts(model, path);
  for (size_t i = 0; i < lines.size(); ++i) {
    const size_t at = lines[i].find("rekey:ignore");
    if (at == std::string::npos) continue;
    const size_t hash = lines[i].rfind('#', at);
    const int line = static_cast<int>(i) + 1;
    const SourceLoc loc{path, line, static_cast<int>(hash == std::string::npos ? at : hash) + 1};
    std::string comment = lines[i].substr(hash == std::string::npos ? at : hash);
    if (!comment.empty() && comment.back() == '\r') comment.pop_back();
    std::optional<IgnoreComment> parsed;
    if (hash != std::string::npos) parsed = CommentParser(comment).Parse();
    if (!parsed) {
      diags.Error(loc, "RK-SUP-004", "malformed rekey:ignore comment",
                  "write: # rekey:ignore RK-ROT-003 reason=\"why\" until=2027-01-31");
      continue;
    }
    Suppression s;
    s.loc = loc;
    s.ids = std::move(parsed->ids);
    for (const auto& [name, value] : parsed->attrs) {
      if (name == "reason") {
        s.reason = value;
      } else if (name == "until") {
        Result<Timestamp> until = ParseDateOrTimestamp(value);
        if (!until)
          diags.Error(loc, "RK-SUP-004", "until: " + until.error().message, until.error().hint);
        else
          s.until = *until;
      } else {
        diags.Error(loc, "RK-SUP-004", "unknown rekey:ignore attribute " + name, "use reason= and until=");
      }
    }
    const int bound = Bind(spans, lines, line, BlankOrComment(lines[i].substr(0, hash)));
    if (bound >= 0) {
      s.first_line = spans[bound].start;
      s.last_line =
          static_cast<size_t>(bound) + 1 < spans.size() ? spans[bound + 1].start - 1 : static_cast<int>(lines.size());
      s.record = spans[bound].name;
    }
    model.suppressions.push_back(std::move(s));
  }
}

}  // namespace rekey
