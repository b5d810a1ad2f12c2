#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "doc/load_limits.h"
#include "doc/yaml_loader.h"

namespace bulwark::doc {

/// Whether the nodes of a loaded JSON document know where they were written.
enum class JsonPositions : uint8_t {
  Keep,  // every node's range: findings, diagnostics and `fix` point into the file
  /// Ranges may be unknown, which lets most documents take a faster parse (json_dom_loader.h);
  /// errors and warnings still carry positions.
  Skip,
};

/// Loads one JSON value (the whole text) through simdjson's On-Demand API into bulwark's tree,
/// with positions, duplicate-key warnings (Go's encoding/json keeps the last value) and the
/// same limits as YAML. Numbers follow Go's unstructured decoding: integers that fit int64 are
/// ints, everything else is a float.
DocumentResult load_json_document(std::string file, std::string text, const LoadLimits& limits = {},
                                  JsonPositions positions = JsonPositions::Keep);

/// True when the text's first non-blank byte (after a UTF-8 BOM) opens a JSON object or array,
/// the way kubectl's YAMLOrJSONDecoder tells JSON from YAML.
bool looks_like_json(std::string_view text);

}  // namespace bulwark::doc
