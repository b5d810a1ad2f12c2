#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "doc/node.h"

namespace bulwark::doc {

/// What a YAML scalar means once resolved. Strings keep the scalar's text (owned by the caller).
struct ResolvedScalar {
  NodeKind kind = NodeKind::String;
  bool boolean = false;
  int64_t integer = 0;
  double number = 0;
};

/// Resolves a plain (unquoted, untagged) scalar exactly as Kubernetes does: sigs.k8s.io/yaml
/// decodes with its goyaml.v2 fork, whose resolve() applies YAML 1.1-style rules:
///   null:  "" ~ null Null NULL
///   bool:  y Y yes Yes YES true True TRUE on On ON / n N no No NO false False FALSE off Off OFF
///   float: .inf .Inf .INF, with + or -, and .nan .NaN .NAN
///   int:   Go strconv.ParseInt(s, 0, 64) after removing every '_' (0x1F, 0o17, 017, 0b101, +5)
///          then ParseUint (values above INT64_MAX; they become floats once in JSON)
///   float: the text matches ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ and is in range
///   everything else, timestamps included, is a string.
ResolvedScalar resolve_plain_scalar(std::string_view text);

/// Resolves a scalar that carries an explicit tag (full form, e.g. "tag:yaml.org,2002:int").
/// Like goyaml.v2, only the str/bool/int/float/timestamp tags are checked; a value that does
/// not fit its tag is an error ("cannot decode !!str `abc` as a !!int"); any other tag
/// (custom, "!", even !!null) leaves the text a string. !!binary is base64-decoded into `decoded`.
std::expected<ResolvedScalar, std::string> resolve_tagged_scalar(std::string_view tag, std::string_view text,
                                                                 std::string& decoded);

/// Formats a float map key as sigs.k8s.io/yaml does (Go strconv.FormatFloat(f, 'g', -1, 64)).
std::string format_go_float(double value);

}  // namespace bulwark::doc
