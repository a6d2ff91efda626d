#include "yaml/map_reader.h"

#include <cctype>
#include <cstdlib>

#include "rekey/base/text.h"

namespace rekey {

MapReader::MapReader(const YamlNode& node, std::string path, std::string what, std::vector<std::string> fields,
                     Diagnostics& diags)
    : node_(node),
      path_(std::move(path)),
      what_(std::move(what)),
      label_(what_),
      fields_(std::move(fields)),
      diags_(diags) {
  if (!node_.is_map()) {
    diags_.Error(node_.Loc(path_), "RK-YAML-006",
                 "expected a mapping for " + what_ + ", got " + std::string(KindName(node_)),
                 "write the " + what_ + " as \"field: value\" lines");
    return;
  }
  ReportUnknownFields();
}

void MapReader::ReportUnknownFields() {
  for (const auto& [key, value] : node_.entries) {
    bool known = false;
    for (const std::string& f : fields_) known = known || key.scalar == f;
    if (known) continue;
    std::optional<std::string> guess = SuggestClosest(key.scalar, fields_);
    diags_.Error(key.Loc(path_), "RK-YAML-004", "unknown field " + Quote(key.scalar) + " in " + what_,
                 guess ? "did you mean " + Quote(*guess) + "?" : "known fields: " + Join(fields_, ", "));
  }
}

void MapReader::WrongType(const YamlNode& value, std::string_view field, std::string_view expected, std::string hint) {
  std::string got(KindName(value));
  if (value.is_scalar()) got += " " + Quote(RedactIfSecret(value.scalar));
  diags_.Error(value.Loc(path_), "RK-YAML-006",
               std::string(field) + " of " + label_ + " must be " + std::string(expected) + ", got " + got,
               std::move(hint));
}

void MapReader::Invalid(const YamlNode& value, std::string_view field, std::string message, std::string hint,
                        int column_in_value) {
  // A credential pasted into the wrong field is echoed redacted, never in clear.
  if (value.is_scalar() && LooksLikeSecret(value.scalar)) {
    const std::string redacted = RedactIfSecret(value.scalar);
    for (size_t at; (at = message.find(value.scalar)) != std::string::npos;) {
      message.replace(at, value.scalar.size(), redacted);
    }
  }
  SourceLoc loc = value.Loc(path_);
  // Point inside the value when it is a plain one-line scalar (quotes shift columns by one).
  if (column_in_value > 1 && value.is_scalar()) loc.column += column_in_value - 1 + (value.quoted ? 1 : 0);
  diags_.Error(loc, "RK-YAML-007", std::string(field) + " of " + label_ + ": " + message, std::move(hint));
}

const YamlNode* MapReader::Node(std::string_view field, Required required) {
  if (!node_.is_map()) return nullptr;
  const YamlNode* value = node_.Find(field);
  if (value == nullptr || value->is_null()) {
    if (required == Required::kYes) {
      diags_.Error(value ? value->Loc(path_) : node_.Loc(path_), "RK-YAML-005",
                   label_ + " is missing required field " + std::string(field),
                   "add \"" + std::string(field) + ": ...\" to this " + what_);
    }
    return nullptr;
  }
  return value;
}

std::optional<std::string> MapReader::String(std::string_view field, Required required) {
  const YamlNode* value = Node(field, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_scalar()) {
    WrongType(*value, field, "a string", "write a single value, e.g. " + std::string(field) + ": \"...\"");
    return std::nullopt;
  }
  return value->scalar;
}

std::optional<bool> MapReader::Bool(std::string_view field, Required required) {
  const YamlNode* value = Node(field, required);
  if (value == nullptr) return std::nullopt;
  if (value->is_scalar() && !value->quoted) {
    const std::string v = NormalizeName(value->scalar);
    if (v == "true") return true;
    if (v == "false") return false;
  }
  std::string hint = "write true or false";
  if (value->is_scalar() && value->quoted) hint += " without quotes";
  WrongType(*value, field, "a boolean (true or false)", hint);
  return std::nullopt;
}

std::optional<double> MapReader::Number(std::string_view field, Required required) {
  const YamlNode* value = Node(field, required);
  if (value == nullptr) return std::nullopt;
  if (value->is_scalar() && !value->quoted && !value->scalar.empty()) {
    char* end = nullptr;
    const double number = std::strtod(value->scalar.c_str(), &end);
    if (end != nullptr && *end == '\0') return number;
  }
  WrongType(*value, field, "a number", "write a plain number, e.g. 1.5");
  return std::nullopt;
}

std::optional<Duration> MapReader::DurationValue(std::string_view field, Required required) {
  std::optional<std::string> text = String(field, required);
  if (!text) return std::nullopt;
  Result<Duration> d = ParseDuration(*text);
  if (!d) {
    Invalid(*node_.Find(field), field, d.error().message, "accepted syntax: " + d.error().hint, d.error().column);
    return std::nullopt;
  }
  return *d;
}

std::optional<Timestamp> MapReader::TimestampValue(std::string_view field, Required required) {
  std::optional<std::string> text = String(field, required);
  if (!text) return std::nullopt;
  Result<Timestamp> t = ParseDateOrTimestamp(*text);
  if (!t) {
    Invalid(*node_.Find(field), field, t.error().message, t.error().hint, t.error().column);
    return std::nullopt;
  }
  return *t;
}

std::optional<std::vector<std::string>> MapReader::StringList(std::string_view field, Required required) {
  const YamlNode* value = Node(field, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_sequence()) {
    WrongType(*value, field, "a list of strings", "write [a, b] or one \"- item\" per line");
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (const YamlNode& item : value->items) {
    if (!item.is_scalar()) {
      WrongType(item, field, "a list of strings", "each item must be a single string");
      ok = false;
      continue;
    }
    out.push_back(item.scalar);
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<size_t> MapReader::Enum(std::string_view field, const std::vector<std::string>& values,
                                      Required required) {
  std::optional<std::string> text = String(field, required);
  if (!text) return std::nullopt;
  for (size_t i = 0; i < values.size(); ++i) {
    if (NormalizeName(values[i]) == NormalizeName(*text)) return i;
  }
  std::optional<std::string> guess = SuggestClosest(*text, values);
  Invalid(*node_.Find(field), field, Quote(*text) + " is not one of " + Join(values, ", "),
          guess ? "did you mean " + Quote(*guess) + "?" : "use one of " + Join(values, ", "));
  return std::nullopt;
}

std::optional<std::string> MapReader::Url(std::string_view field, Required required) {
  std::optional<std::string> text = String(field, required);
  if (!text) return std::nullopt;
  const size_t scheme_end = text->find("://");
  bool ok = scheme_end != std::string::npos && scheme_end > 0 && scheme_end + 3 < text->size();
  for (size_t i = 0; ok && i < scheme_end; ++i) {
    ok = std::isalpha(static_cast<unsigned char>((*text)[i])) != 0;
  }
  if (ok) {
    const std::string host = text->substr(scheme_end + 3, text->find_first_of("/?#", scheme_end + 3) - scheme_end - 3);
    ok = !host.empty() && host.find(' ') == std::string::npos;
  }
  if (!ok) {
    Invalid(*node_.Find(field), field, Quote(*text) + " is not an absolute URL",
            "write scheme and host, e.g. https://api.example.com/v1/keys");
    return std::nullopt;
  }
  return text;
}

SourceLoc MapReader::LocOf(std::string_view field) const {
  const YamlNode* value = node_.is_map() ? node_.Find(field) : nullptr;
  return value ? value->Loc(path_) : node_.Loc(path_);
}

}  // namespace rekey
