#include "cel/json_value.h"

namespace bulwark::cel {

Value from_json(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::NULL_VALUE:
      return Value::null();
    case simdjson::dom::element_type::BOOL:
      return Value::boolean(bool(e));
    case simdjson::dom::element_type::INT64:
      return Value::integer(int64_t(e));
    case simdjson::dom::element_type::UINT64:
      return Value::uinteger(uint64_t(e));
    case simdjson::dom::element_type::DOUBLE:
      return Value::dbl(double(e));
    case simdjson::dom::element_type::STRING:
      return Value::string(std::string(std::string_view(e)));
    case simdjson::dom::element_type::ARRAY: {
      std::vector<Value> items;
      for (simdjson::dom::element x : simdjson::dom::array(e)) items.push_back(from_json(x));
      return Value::list(std::move(items));
    }
    case simdjson::dom::element_type::OBJECT: {
      std::vector<std::pair<Value, Value>> entries;
      for (auto field : simdjson::dom::object(e)) {
        entries.emplace_back(Value::string(std::string(field.key)), from_json(field.value));
      }
      return Value::map(std::move(entries));
    }
  }
  return Value::null();
}

}  // namespace bulwark::cel
