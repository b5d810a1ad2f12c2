#include "cel/value.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "cel/value_data.h"

namespace bulwark::cel {

Value Value::boolean(bool b) {
  Value v;
  v.kind_ = Kind::Bool;
  v.p_.b = b;
  return v;
}

Value Value::integer(std::int64_t i) {
  Value v;
  v.kind_ = Kind::Int;
  v.p_.i = i;
  return v;
}

Value Value::uinteger(std::uint64_t u) {
  Value v;
  v.kind_ = Kind::Uint;
  v.p_.u = u;
  return v;
}

Value Value::dbl(double d) {
  Value v;
  v.kind_ = Kind::Double;
  v.p_.d = d;
  return v;
}

Value Value::string(std::string s) {
  Value v;
  v.kind_ = Kind::String;
  auto owned = std::make_shared<const std::string>(std::move(s));
  v.p_.str = {owned->data(), owned->size()};
  v.heap_ = std::move(owned);
  return v;
}

Value Value::string_view(std::string_view s) {
  Value v;
  v.kind_ = Kind::String;
  v.p_.str = {s.data(), s.size()};
  return v;
}

Value Value::bytes(std::string s) {
  Value v = string(std::move(s));
  v.kind_ = Kind::Bytes;
  return v;
}

Value Value::list(std::vector<Value> elements) {
  Value v;
  v.kind_ = Kind::List;
  auto data = std::make_shared<const ListData>(ListData{std::move(elements)});
  v.p_.obj = data.get();
  v.heap_ = std::move(data);
  return v;
}

Value Value::map(std::vector<std::pair<Value, Value>> entries) {
  Value v;
  v.kind_ = Kind::Map;
  auto data = std::make_shared<MapData>();
  data->entries = std::move(entries);
  data->build_index();
  v.p_.obj = data.get();
  v.heap_ = std::shared_ptr<const MapData>(std::move(data));
  return v;
}

Value Value::type(std::string_view name) {
  Value v;
  v.kind_ = Kind::Type;
  v.p_.str = {name.data(), name.size()};
  return v;
}

Value Value::timestamp(std::int64_t seconds, std::int32_t nanos) {
  Value v;
  v.kind_ = Kind::Timestamp;
  v.p_.time = {seconds, nanos};
  return v;
}

Value Value::duration(std::int64_t seconds, std::int32_t nanos) {
  Value v;
  v.kind_ = Kind::Duration;
  v.p_.time = {seconds, nanos};
  return v;
}

Value Value::optional(Value inner) {
  Value v;
  v.kind_ = Kind::Optional;
  v.heap_ = std::make_shared<const Value>(std::move(inner));
  return v;
}

Value Value::optional_none() {
  Value v;
  v.kind_ = Kind::Optional;
  return v;
}

Value Value::error(std::string message) {
  Value v;
  v.kind_ = Kind::Error;
  v.heap_ = std::make_shared<const std::string>(std::move(message));
  return v;
}

Value Value::opaque(std::shared_ptr<const OpaqueValue> o) {
  Value v;
  v.kind_ = Kind::Opaque;
  v.p_.obj = o.get();
  v.heap_ = std::move(o);
  return v;
}

Value Value::external(const TreeAdapter& adapter, const void* node) {
  using NK = TreeAdapter::NodeKind;
  switch (adapter.kind(node)) {
    case NK::Null:
      return Value();
    case NK::Bool:
      return boolean(adapter.bool_value(node));
    case NK::Int:
      return integer(adapter.int_value(node));
    case NK::Double:
      return dbl(adapter.double_value(node));
    case NK::String:
      return string_view(adapter.string_value(node));
    case NK::List:
    case NK::Map: {
      Value v;
      v.kind_ = adapter.kind(node) == NK::List ? Kind::List : Kind::Map;
      v.external_ = true;
      v.p_.ext = {&adapter, node};
      return v;
    }
  }
  return Value();
}

const std::string& Value::error_message() const {
  return *static_cast<const std::string*>(heap_.get());
}

const Value& Value::optional_value() const {
  return *static_cast<const Value*>(heap_.get());
}

std::size_t Value::size() const {
  if (external_) return p_.ext.adapter->size(p_.ext.node);
  if (kind_ == Kind::List) return static_cast<const ListData*>(p_.obj)->items.size();
  return static_cast<const MapData*>(p_.obj)->entries.size();
}

Value Value::element(std::size_t index) const {
  if (external_) return external(*p_.ext.adapter, p_.ext.adapter->element(p_.ext.node, index));
  return static_cast<const ListData*>(p_.obj)->items[index];
}

const Value* Value::list_data() const {
  if (external_ || kind_ != Kind::List) return nullptr;
  return static_cast<const ListData*>(p_.obj)->items.data();
}

bool Value::has_key(const Value& key) const {
  if (!external_ && key.kind() == Kind::String) {
    return static_cast<const MapData*>(p_.obj)->lookup(key) != nullptr;
  }
  Value ignored;
  return find(key, ignored);
}

Value Value::key_at(std::size_t index) const {
  if (external_) return string_view(p_.ext.adapter->entry(p_.ext.node, index).first);
  return static_cast<const MapData*>(p_.obj)->entries[index].first;
}

Value Value::value_at(std::size_t index) const {
  if (external_) return external(*p_.ext.adapter, p_.ext.adapter->entry(p_.ext.node, index).second);
  return static_cast<const MapData*>(p_.obj)->entries[index].second;
}

namespace {

// Maps a double key to the integer key it equals, so {1: x}[1.0] finds the entry.
bool integral_key(const Value& key, Value& out) {
  double d = key.as_double();
  if (std::trunc(d) != d) return false;
  if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
    out = Value::integer(static_cast<std::int64_t>(d));
    return true;
  }
  if (d >= 0 && d < 18446744073709551616.0) {
    out = Value::uinteger(static_cast<std::uint64_t>(d));
    return true;
  }
  return false;
}

}  // namespace

bool Value::find(const Value& key, Value& out) const {
  if (external_) {
    if (key.kind() != Kind::String) return false;
    const void* n = p_.ext.adapter->member(p_.ext.node, key.as_string());
    if (n == nullptr) return false;
    out = external(*p_.ext.adapter, n);
    return true;
  }
  const auto& data = *static_cast<const MapData*>(p_.obj);
  if (key.kind() == Kind::Double) {
    Value k;
    if (!integral_key(key, k)) return false;
    return find(k, out);
  }
  const std::pair<Value, Value>* e = data.lookup(key);
  if (e == nullptr) {
    // An int key may be stored as uint and vice versa.
    if (key.kind() == Kind::Int && key.as_int() >= 0) {
      e = data.lookup(uinteger(static_cast<std::uint64_t>(key.as_int())));
    } else if (key.kind() == Kind::Uint && key.as_uint() <= static_cast<std::uint64_t>(INT64_MAX)) {
      e = data.lookup(integer(static_cast<std::int64_t>(key.as_uint())));
    }
  }
  if (e == nullptr) return false;
  out = e->second;
  return true;
}

std::string_view Value::type_name() const {
  switch (kind_) {
    case Kind::Null:
      return type_names::kNull;
    case Kind::Bool:
      return type_names::kBool;
    case Kind::Int:
      return type_names::kInt;
    case Kind::Uint:
      return type_names::kUint;
    case Kind::Double:
      return type_names::kDouble;
    case Kind::String:
      return type_names::kString;
    case Kind::Bytes:
      return type_names::kBytes;
    case Kind::List:
      return type_names::kList;
    case Kind::Map:
      return type_names::kMap;
    case Kind::Type:
      return type_names::kType;
    case Kind::Timestamp:
      return type_names::kTimestamp;
    case Kind::Duration:
      return type_names::kDuration;
    case Kind::Optional:
      return type_names::kOptional;
    case Kind::Error:
      return type_names::kError;
    case Kind::Opaque:
      return as_opaque().type_name();
  }
  return type_names::kError;
}

// ---- MapData ----

const std::pair<Value, Value>* MapData::lookup(const Value& key) const {
  if (index.empty()) {
    if (key.kind() == Kind::String) {
      // The common case (field selection): compare bytes directly.
      std::string_view k = key.as_string();
      for (const auto& e : entries) {
        if (e.first.kind() == Kind::String && e.first.as_string() == k) return &e;
      }
      return nullptr;
    }
    for (const auto& e : entries) {
      if (e.first.kind() == key.kind() && equals(e.first, key)) return &e;
    }
    return nullptr;
  }
  std::size_t h = hash_key(key);
  auto it = std::lower_bound(index.begin(), index.end(), std::pair<std::size_t, std::uint32_t>{h, 0});
  for (; it != index.end() && it->first == h; ++it) {
    const auto& e = entries[it->second];
    if (e.first.kind() == key.kind() && equals(e.first, key)) return &e;
  }
  return nullptr;
}

void MapData::build_index() {
  // Small maps are scanned linearly; a sorted hash index pays off only for larger ones.
  if (entries.size() <= 12) return;
  index.reserve(entries.size());
  for (std::uint32_t i = 0; i < entries.size(); ++i) index.emplace_back(hash_key(entries[i].first), i);
  std::sort(index.begin(), index.end());
}

// ---- equality and ordering ----

namespace {

int sign_of(auto a, auto b) {
  return a < b ? -1 : (a > b ? 1 : 0);
}

int compare_int_uint(std::int64_t i, std::uint64_t u) {
  if (i < 0) return -1;
  return sign_of(static_cast<std::uint64_t>(i), u);
}

// cel-go compares int/uint against double in double precision (so 2^63-1 == 2^63 as doubles).
int compare_doubles(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return 2;
  return sign_of(a, b);
}

int compare_int_double(std::int64_t i, double d) {
  return compare_doubles(static_cast<double>(i), d);
}

int compare_uint_double(std::uint64_t u, double d) {
  return compare_doubles(static_cast<double>(u), d);
}

bool is_number(Kind k) {
  return k == Kind::Int || k == Kind::Uint || k == Kind::Double;
}

}  // namespace

int compare(const Value& a, const Value& b) {
  Kind ka = a.kind();
  Kind kb = b.kind();
  if (is_number(ka) && is_number(kb)) {
    switch (ka) {
      case Kind::Int:
        if (kb == Kind::Int) return sign_of(a.as_int(), b.as_int());
        if (kb == Kind::Uint) return compare_int_uint(a.as_int(), b.as_uint());
        return compare_int_double(a.as_int(), b.as_double());
      case Kind::Uint:
        if (kb == Kind::Uint) return sign_of(a.as_uint(), b.as_uint());
        if (kb == Kind::Int) return -compare_int_uint(b.as_int(), a.as_uint());
        return compare_uint_double(a.as_uint(), b.as_double());
      default: {
        if (kb == Kind::Double) {
          if (std::isnan(a.as_double()) || std::isnan(b.as_double())) return 2;
          return sign_of(a.as_double(), b.as_double());
        }
        int r = kb == Kind::Int ? compare_int_double(b.as_int(), a.as_double())
                                : compare_uint_double(b.as_uint(), a.as_double());
        return r == 2 ? 2 : -r;
      }
    }
  }
  if (ka != kb) return 3;
  switch (ka) {
    case Kind::Bool:
      return sign_of(a.as_bool(), b.as_bool());
    case Kind::String:
    case Kind::Bytes: {
      int c = a.as_string().compare(b.as_string());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case Kind::Timestamp:
    case Kind::Duration:
      if (a.seconds() != b.seconds()) return sign_of(a.seconds(), b.seconds());
      return sign_of(a.nanos(), b.nanos());
    default:
      return 3;
  }
}

bool equals(const Value& a, const Value& b) {
  Kind ka = a.kind();
  Kind kb = b.kind();
  if (is_number(ka) && is_number(kb)) return compare(a, b) == 0;
  if (ka != kb) return false;
  switch (ka) {
    case Kind::Null:
      return true;
    case Kind::Bool:
      return a.as_bool() == b.as_bool();
    case Kind::String:
    case Kind::Bytes:
    case Kind::Type:
      return a.as_string() == b.as_string();
    case Kind::Timestamp:
    case Kind::Duration:
      return a.seconds() == b.seconds() && a.nanos() == b.nanos();
    case Kind::List: {
      std::size_t n = a.size();
      if (n != b.size()) return false;
      for (std::size_t i = 0; i < n; ++i) {
        if (!equals(a.element(i), b.element(i))) return false;
      }
      return true;
    }
    case Kind::Map: {
      std::size_t n = a.size();
      if (n != b.size()) return false;
      for (std::size_t i = 0; i < n; ++i) {
        Value other;
        if (!b.find(a.key_at(i), other)) return false;
        if (!equals(a.value_at(i), other)) return false;
      }
      return true;
    }
    case Kind::Opaque:
      return a.as_opaque().type() == b.as_opaque().type() && a.as_opaque().equals(b.as_opaque());
    case Kind::Optional:
      if (a.optional_has_value() != b.optional_has_value()) return false;
      return !a.optional_has_value() || equals(a.optional_value(), b.optional_value());
    default:
      return false;
  }
}

std::size_t hash_key(const Value& v) {
  switch (v.kind()) {
    case Kind::Bool:
      return v.as_bool() ? 1 : 2;
    case Kind::Int:
      return std::hash<std::int64_t>{}(v.as_int());
    case Kind::Uint:
      return std::hash<std::uint64_t>{}(v.as_uint());
    case Kind::String:
      return std::hash<std::string_view>{}(v.as_string());
    default:
      return 0;
  }
}

namespace {

// Appends instead of chaining operator+, which trips GCC 12's -Wrestrict false positive at -O3.
std::string wrap(std::string_view open, std::string_view body, std::string_view close) {
  std::string s;
  s.reserve(open.size() + body.size() + close.size());
  s.append(open).append(body).append(close);
  return s;
}

}  // namespace

std::string debug_string(const Value& v) {
  switch (v.kind()) {
    case Kind::Null:
      return "null";
    case Kind::Bool:
      return v.as_bool() ? "true" : "false";
    case Kind::Int:
      return std::to_string(v.as_int());
    case Kind::Uint:
      return std::to_string(v.as_uint()) + "u";
    case Kind::Double: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", v.as_double());
      return buf;
    }
    case Kind::String:
      return wrap("\"", v.as_string(), "\"");
    case Kind::Bytes:
      return wrap("b\"", v.as_string(), "\"");
    case Kind::List: {
      std::string s = "[";
      for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + debug_string(v.element(i));
      return s + "]";
    }
    case Kind::Map: {
      std::string s = "{";
      for (std::size_t i = 0; i < v.size(); ++i) {
        s += (i ? ", " : "") + debug_string(v.key_at(i)) + ": " + debug_string(v.value_at(i));
      }
      return s + "}";
    }
    case Kind::Type:
      return std::string(v.as_string());
    case Kind::Timestamp:
      return "timestamp(" + std::to_string(v.seconds()) + "s " + std::to_string(v.nanos()) + "ns)";
    case Kind::Duration:
      return "duration(" + std::to_string(v.seconds()) + "s " + std::to_string(v.nanos()) + "ns)";
    case Kind::Optional:
      return v.optional_has_value() ? "optional(" + debug_string(v.optional_value()) + ")"
                                    : "optional.none()";
    case Kind::Error:
      return "error: " + v.error_message();
    case Kind::Opaque:
      return std::string(v.type_name()) + "(...)";
  }
  return "?";
}

}  // namespace bulwark::cel
