#include "emit/yaml_value.h"

#include <cctype>

namespace rekey {
namespace {

// Words YAML 1.1 or 1.2 parsers read as booleans or null.
bool IsReservedWord(const std::string& text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* word : {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"}) {
    if (lower == word) return true;
  }
  return false;
}

bool IsPlainSafe(const std::string& text) {
  if (text.empty() || IsReservedWord(text)) return false;
  const unsigned char first = static_cast<unsigned char>(text[0]);
  if (!std::isalpha(first) && first != '_' && first != '/') return false;
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (!std::isalnum(u) && c != '_' && c != '.' && c != '/' && c != '-') return false;
  }
  return true;
}

std::string DoubleQuoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      static const char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// A literal block keeps multi-line text readable; only for text it can hold exactly.
bool FitsLiteralBlock(const std::string& text) {
  if (text.find('\n') == std::string::npos || text.front() == ' ' || text.front() == '\n') return false;
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n') || u == 0x7f) return false;
  }
  return text.find(" \n") == std::string::npos && text.back() != ' ' && !text.ends_with("\n\n");
}

void AppendIndent(std::string& out, int indent) { out.append(static_cast<size_t>(indent), ' '); }

void AppendComment(std::string& out, const std::string& comment, int indent) {
  size_t start = 0;
  while (start <= comment.size() && !comment.empty()) {
    const size_t end = comment.find('\n', start);
    AppendIndent(out, indent);
    out += "# ";
    out += comment.substr(start, end == std::string::npos ? std::string::npos : end - start);
    out += '\n';
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

// Single quotes escape nothing but themselves: PromQL with its double quotes reads best in them.
bool FitsSingleQuotes(const std::string& text) {
  if (text.empty()) return false;
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return false;
  }
  return text.front() != ' ' && text.back() != ' ';
}

std::string SingleQuoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string YamlScalar(const std::string& text) {
  if (IsPlainSafe(text)) return text;
  return FitsSingleQuotes(text) && text.find('\'') == std::string::npos ? SingleQuoted(text) : DoubleQuoted(text);
}

YamlValue YamlValue::Plain(std::string text) {
  YamlValue v(Kind::kPlain);
  v.text_ = std::move(text);
  return v;
}

YamlValue& YamlValue::Set(const std::string& key, YamlValue value, std::string comment) {
  for (Entry& e : entries_) {
    if (e.key == key) {
      e.value = std::move(value);
      e.comment = std::move(comment);
      return *this;
    }
  }
  entries_.push_back({key, std::move(comment), std::move(value)});
  return *this;
}

YamlValue& YamlValue::At(const std::string& key) {
  for (Entry& e : entries_) {
    if (e.key == key) return e.value;
  }
  entries_.push_back({key, "", Map()});
  return entries_.back().value;
}

YamlValue& YamlValue::Push(YamlValue value, std::string comment) {
  entries_.push_back({"", std::move(comment), std::move(value)});
  return entries_.back().value;
}

std::string YamlValue::Emit() const {
  std::string out;
  EmitInto(out, 0);
  return out;
}

// Writes this value as the body of a map entry or sequence item whose key or
// dash is already on the line (the cursor sits right after it).
void YamlValue::EmitInto(std::string& out, int indent) const {
  switch (kind_) {
    case Kind::kPlain:
      out += text_;
      out += '\n';
      return;
    case Kind::kString:
      if (FitsLiteralBlock(text_)) {
        out += text_.back() == '\n' ? "|\n" : "|-\n";
        size_t start = 0;
        while (start < text_.size()) {
          const size_t end = text_.find('\n', start);
          const std::string line = text_.substr(start, end == std::string::npos ? std::string::npos : end - start);
          if (!line.empty()) AppendIndent(out, indent);
          out += line;
          out += '\n';
          if (end == std::string::npos) break;
          start = end + 1;
        }
      } else {
        out += YamlScalar(text_);
        out += '\n';
      }
      return;
    case Kind::kMap:
    case Kind::kSeq:
      break;
  }
  if (entries_.empty()) {
    out += kind_ == Kind::kMap ? "{}\n" : "[]\n";
    return;
  }
  bool first = true;
  for (const Entry& e : entries_) {
    // The first entry of a map nested in a sequence item continues the "- " line.
    const bool inline_first = first && !out.empty() && out.back() == ' ' && e.comment.empty();
    if (!inline_first) {
      if (!out.empty() && out.back() != '\n') out += '\n';
      AppendComment(out, e.comment, indent);
      AppendIndent(out, indent);
    }
    first = false;
    if (kind_ == Kind::kSeq) {
      out += "- ";
      e.value.EmitInto(out, indent + 2);
      continue;
    }
    out += YamlScalar(e.key);
    out += ':';
    const bool nested = (e.value.kind_ == Kind::kMap || e.value.kind_ == Kind::kSeq) && !e.value.entries_.empty();
    if (nested) {
      out += '\n';
      e.value.EmitInto(out, indent + 2);
    } else {
      out += ' ';
      e.value.EmitInto(out, indent + 2);
    }
  }
}

}  // namespace rekey
