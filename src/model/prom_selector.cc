// A hand-written scanner for the one PromQL production the inventory accepts:
// vector_selector := metric_name? ( "{" matcher ("," matcher)* ","? "}" )?
#include "rekey/model/prom_selector.h"

#include <string>

namespace rekey {
namespace {

bool IsNameStart(char c, bool metric) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (metric && c == ':');
}
bool IsNameChar(char c, bool metric) { return IsNameStart(c, metric) || (c >= '0' && c <= '9'); }

class SelectorScanner {
 public:
  explicit SelectorScanner(std::string_view text) : text_(text) {}

  Status Scan() {
    SkipSpace();
    const bool has_name = pos_ < text_.size() && IsNameStart(text_[pos_], true);
    if (has_name) Name(true);
    SkipSpace();
    bool has_matchers = false;
    if (pos_ < text_.size() && text_[pos_] == '{') {
      ++pos_;
      Status m = Matchers(has_matchers);
      if (!m) return m;
    }
    SkipSpace();
    if (pos_ != text_.size()) {
      return Fail("unexpected " + Show() + " after the selector",
                  "give one selector such as name{label=\"value\"}: rekey adds rate(...[5m]) itself");
    }
    if (!has_name && !has_matchers) {
      return Fail("empty selector", "name a metric, e.g. http_client_requests_total{code=\"401\"}");
    }
    return Ok{};
  }

 private:
  Status Matchers(bool& any) {
    for (;;) {
      SkipSpace();
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return Ok{};
      }
      if (pos_ >= text_.size() || !IsNameStart(text_[pos_], false)) {
        return Fail("expected a label name or '}', got " + Show(),
                    "label matchers: name=\"v\", name!=\"v\", name=~\"re\"");
      }
      Name(false);
      SkipSpace();
      if (!Operator()) return Fail("expected =, !=, =~ or !~, got " + Show(), "e.g. code=~\"401|403\"");
      SkipSpace();
      Status s = String();
      if (!s) return s;
      any = true;
      SkipSpace();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') continue;
      return Fail("expected ',' or '}', got " + Show(), "separate matchers with commas");
    }
  }

  bool Operator() {
    const std::string_view rest = text_.substr(pos_);
    for (std::string_view op : {"=~", "!~", "!=", "="}) {
      if (rest.starts_with(op)) {
        pos_ += op.size();
        return true;
      }
    }
    return false;
  }

  Status String() {
    if (pos_ >= text_.size() || (text_[pos_] != '"' && text_[pos_] != '\'' && text_[pos_] != '`')) {
      return Fail("expected a quoted string, got " + Show(), "quote label values: code=\"401\"");
    }
    const char quote = text_[pos_];
    const size_t start = pos_++;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      if (text_[pos_] == '\n') break;
      if (quote != '`' && text_[pos_] == '\\') ++pos_;  // an escape takes the next byte
      ++pos_;
    }
    if (pos_ >= text_.size() || text_[pos_] != quote) {
      pos_ = start;
      return Fail("unterminated string", "close it with the quote it opened with");
    }
    ++pos_;
    return Ok{};
  }

  void Name(bool metric) {
    while (pos_ < text_.size() && IsNameChar(text_[pos_], metric)) ++pos_;
  }
  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  std::string Show() const {
    if (pos_ >= text_.size()) return "the end";
    return std::string("'") + text_[pos_] + "'";
  }
  Status Fail(std::string message, std::string hint) const {
    return Error{std::move(message), std::move(hint), static_cast<int>(pos_) + 1};
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

Status CheckPromSelector(std::string_view text) {
  if (text.size() > kMaxPromSelectorSize) {
    return Error{"selector longer than " + std::to_string(kMaxPromSelectorSize) + " bytes", "", 1};
  }
  return SelectorScanner(text).Scan();
}

bool IsPromLabelName(std::string_view name) {
  if (name.empty() || !IsNameStart(name[0], false)) return false;
  for (char c : name) {
    if (!IsNameChar(c, false)) return false;
  }
  return true;
}

}  // namespace rekey
