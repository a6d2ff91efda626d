// GitHub Actions workflow-command escaping (actions/toolkit command.ts), shared
// by the check and findings writers: data escapes %, CR and LF; property
// values also escape ':' and ','.
#ifndef REKEY_REPORT_GITHUB_ESCAPE_H_
#define REKEY_REPORT_GITHUB_ESCAPE_H_

#include <string>
#include <string_view>

namespace rekey {

inline std::string EscapeData(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out += c;
    }
  }
  return out;
}

inline std::string EscapeProperty(std::string_view text) {
  std::string out;
  for (const char c : EscapeData(text)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace rekey

#endif  // REKEY_REPORT_GITHUB_ESCAPE_H_
