// `# rekey:ignore RK-ROT-003[,RK-...] reason="..." until=2027-01-31` comments in
// model files. Each binds to one record (key, schedule or service): the one on
// the comment's line, or, for a comment on its own line, the record that
// follows it (only blank or comment lines between) or else the one around it.
#include "model/suppressions.h"

#include <algorithm>
#include <regex>
#include <sstream>

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

}  // namespace

void CollectSuppressions(const std::string& text, const std::string& path, Model& model, Diagnostics& diags) {
  if (text.find("rekey:ignore") == std::string::npos) return;
  static const std::regex kPattern(
      R"(#\s*rekey:ignore\s+([A-Z]+-[A-Z]+-[0-9]+(?:\s*,\s*[A-Z]+-[A-Z]+-[0-9]+)*)((?:\s+[a-z]+=(?:"[^"]*"|\S+))*)\s*$)");
  static const std::regex kAttr(R"re(([a-z]+)=("[^"]*"|\S+))re");
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
    std::smatch m;
    std::string comment = lines[i].substr(hash == std::string::npos ? at : hash);
    if (!comment.empty() && comment.back() == '\r') comment.pop_back();
    if (hash == std::string::npos || !std::regex_match(comment, m, kPattern)) {
      diags.Error(loc, "RK-SUP-004", "malformed rekey:ignore comment",
                  "write: # rekey:ignore RK-ROT-003 reason=\"why\" until=2027-01-31");
      continue;
    }
    Suppression s;
    s.loc = loc;
    std::string ids = m[1];
    ids.erase(std::remove(ids.begin(), ids.end(), ' '), ids.end());
    for (std::stringstream list(ids); std::getline(list, ids, ',');) s.ids.push_back(ids);
    const std::string attrs = m[2];
    for (auto it = std::sregex_iterator(attrs.begin(), attrs.end(), kAttr); it != std::sregex_iterator(); ++it) {
      std::string value = (*it)[2];
      if (value.size() >= 2 && value.front() == '"') value = value.substr(1, value.size() - 2);
      if ((*it)[1] == "reason") {
        s.reason = value;
      } else if ((*it)[1] == "until") {
        Result<Timestamp> until = ParseDateOrTimestamp(value);
        if (!until)
          diags.Error(loc, "RK-SUP-004", "until: " + until.error().message, until.error().hint);
        else
          s.until = *until;
      } else {
        diags.Error(loc, "RK-SUP-004", "unknown rekey:ignore attribute " + std::string((*it)[1]),
                    "use reason= and until=");
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
