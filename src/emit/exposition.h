// Private to emit: the Prometheus text exposition format, appended to a string
// (label values escaped per the format: backslash, double quote, newline).
#ifndef REKEY_EMIT_EXPOSITION_H_
#define REKEY_EMIT_EXPOSITION_H_

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace rekey {

inline void AppendLabelValue(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

// `name="value"`, with a leading comma when `out` already holds a label.
inline void AppendLabel(std::string& out, std::string_view name, std::string_view value) {
  if (!out.empty() && out.back() != '{') out += ',';
  out += name;
  out += "=\"";
  AppendLabelValue(out, value);
  out += '"';
}

inline void AppendFamily(std::string& out, std::string_view name, std::string_view help, std::string_view type) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;  // constant text without backslashes or newlines
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

inline void AppendInt(std::string& out, int64_t value) {
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, end);
}

// `name{labels} value\n`; `labels` already formatted (may be empty).
inline void AppendSample(std::string& out, std::string_view name, std::string_view labels, int64_t value) {
  out += name;
  if (!labels.empty()) {
    out += '{';
    out += labels;
    out += '}';
  }
  out += ' ';
  AppendInt(out, value);
  out += '\n';
}

}  // namespace rekey

#endif  // REKEY_EMIT_EXPOSITION_H_
