#include "json_schema.h"

// GCC 12 reports a false -Wmaybe-uninitialized inside libstdc++'s <regex> when building with
// sanitizers; the schema's `pattern` keyword needs ECMAScript regexes, as JSON Schema specifies.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <regex>
#include <set>

namespace bulwark::testing {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

bool has_type(element value, std::string_view type) {
  switch (value.type()) {
    case element_type::OBJECT:
      return type == "object";
    case element_type::ARRAY:
      return type == "array";
    case element_type::STRING:
      return type == "string";
    case element_type::INT64:
    case element_type::UINT64:
      return type == "integer" || type == "number";
    case element_type::DOUBLE: {
      const double d = double(value);
      return type == "number" || (type == "integer" && d == static_cast<double>(static_cast<int64_t>(d)));
    }
    case element_type::BOOL:
      return type == "boolean";
    case element_type::NULL_VALUE:
      return type == "null";
  }
  return false;
}

double number(element v) {
  switch (v.type()) {
    case element_type::INT64:
      return static_cast<double>(int64_t(v));
    case element_type::UINT64:
      return static_cast<double>(uint64_t(v));
    default:
      return double(v);
  }
}

std::string text(element v) {
  return simdjson::minify(v);
}

bool format_ok(std::string_view format, std::string_view s) {
  if (format == "uri") return s.find(':') != std::string_view::npos && s.find(' ') == std::string_view::npos;
  if (format == "uri-reference") return s.find(' ') == std::string_view::npos;
  if (format == "date-time")
    return std::regex_match(std::string(s),
                            std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d))"));
  return true;
}

}  // namespace

element JsonSchema::resolve(std::string_view ref) const {
  constexpr std::string_view kPrefix = "#/definitions/";
  element out;
  if (ref.starts_with(kPrefix) && !root_["definitions"][ref.substr(kPrefix.size())].get(out)) return out;
  return root_;  // unreachable for the schemas used here; validating against the root fails loudly
}

std::vector<std::string> JsonSchema::validate(element instance) const {
  std::vector<std::string> errors;
  check(root_, instance, "$", errors);
  return errors;
}

void JsonSchema::check(element schema, element value, const std::string& path,
                       std::vector<std::string>& errors) const {
  simdjson::dom::object s;
  if (schema.get(s)) return;
  std::string_view ref;
  if (!schema["$ref"].get(ref)) check(resolve(ref), value, path, errors);

  element type;
  if (!schema["type"].get(type)) {
    bool ok = false;
    std::string_view t;
    if (!type.get(t)) {
      ok = has_type(value, t);
    } else {
      for (element each : simdjson::dom::array(type)) ok = ok || has_type(value, std::string_view(each));
    }
    if (!ok) {
      errors.push_back(path + ": wrong type " + text(type));
      return;
    }
  }
  simdjson::dom::array enumeration;
  if (!schema["enum"].get(enumeration)) {
    bool found = false;
    for (element e : enumeration) found = found || text(e) == text(value);
    if (!found)
      errors.push_back(path + ": " + text(value) + " is not one of " + simdjson::minify(enumeration));
  }
  if (value.is_object()) {
    simdjson::dom::object props;
    const bool has_props = !schema["properties"].get(props);
    simdjson::dom::array required;
    if (!schema["required"].get(required))
      for (element r : required) {
        element ignored;
        if (value[std::string_view(r)].get(ignored)) errors.push_back(path + ": missing required " + text(r));
      }
    element additional;
    const bool has_additional = !schema["additionalProperties"].get(additional);
    for (auto field : simdjson::dom::object(value)) {
      const std::string child = path + "." + std::string(field.key);
      element sub;
      if (has_props && !props[field.key].get(sub)) {
        check(sub, field.value, child, errors);
      } else if (has_additional) {
        bool allowed = true;
        if (!additional.get(allowed)) {
          if (!allowed) errors.push_back(child + ": property not allowed");
        } else {
          check(additional, field.value, child, errors);
        }
      }
    }
  }
  if (value.is_array()) {
    const simdjson::dom::array items = value;
    uint64_t min_items = 0;
    if (!schema["minItems"].get(min_items) && items.size() < min_items)
      errors.push_back(path + ": fewer than " + std::to_string(min_items) + " items");
    bool unique = false;
    if (!schema["uniqueItems"].get(unique) && unique) {
      std::set<std::string> seen;
      for (element e : items)
        if (!seen.insert(text(e)).second) errors.push_back(path + ": duplicate item " + text(e));
    }
    element item_schema;
    if (!schema["items"].get(item_schema)) {
      std::size_t i = 0;
      for (element e : items) check(item_schema, e, path + "[" + std::to_string(i++) + "]", errors);
    }
  }
  if (value.is_number()) {
    element bound;
    if (!schema["minimum"].get(bound) && number(value) < number(bound))
      errors.push_back(path + ": below minimum " + text(bound));
    if (!schema["maximum"].get(bound) && number(value) > number(bound))
      errors.push_back(path + ": above maximum " + text(bound));
  }
  if (value.is_string()) {
    const std::string_view str = value;
    std::string_view pattern, format;
    if (!schema["pattern"].get(pattern) &&
        !std::regex_search(std::string(str), std::regex(std::string(pattern))))
      errors.push_back(path + ": \"" + std::string(str) + "\" does not match " + std::string(pattern));
    if (!schema["format"].get(format) && !format_ok(format, str))
      errors.push_back(path + ": \"" + std::string(str) + "\" is not a " + std::string(format));
  }
  for (const char* keyword : {"anyOf", "oneOf"}) {
    simdjson::dom::array options;
    if (schema[keyword].get(options)) continue;
    std::size_t passing = 0;
    for (element option : options) {
      std::vector<std::string> sub;
      check(option, value, path, sub);
      passing += sub.empty();
    }
    const bool ok = std::string_view(keyword) == "anyOf" ? passing >= 1 : passing == 1;
    if (!ok)
      errors.push_back(path + ": " + keyword + " not satisfied (" + std::to_string(passing) + " match)");
  }
}

}  // namespace bulwark::testing
