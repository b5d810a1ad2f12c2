#pragma once

#include <simdjson.h>

#include <string>
#include <vector>

namespace bulwark::testing {

/// A JSON Schema (draft-04) validator for the keywords the SARIF 2.1.0 schema uses: type, enum,
/// properties, additionalProperties, required, items, minItems, uniqueItems, minimum, maximum,
/// pattern, $ref (local "#/definitions/…"), anyOf, oneOf, and the uri/uri-reference/date-time
/// formats checked loosely. Unknown keywords are ignored, as the spec says.
class JsonSchema {
 public:
  explicit JsonSchema(simdjson::dom::element root) : root_(root) {}
  /// Errors as "path: message"; empty when the instance is valid.
  std::vector<std::string> validate(simdjson::dom::element instance) const;

 private:
  void check(simdjson::dom::element schema, simdjson::dom::element value, const std::string& path,
             std::vector<std::string>& errors) const;
  simdjson::dom::element resolve(std::string_view ref) const;
  simdjson::dom::element root_;
};

}  // namespace bulwark::testing
