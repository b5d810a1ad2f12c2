#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bulwark::cel {

/// The runtime kinds of CEL values (cel-spec "Values").
enum class Kind : std::uint8_t {
  Null,
  Bool,
  Int,
  Uint,
  Double,
  String,
  Bytes,
  List,
  Map,
  Type,
  Timestamp,
  Duration,
  Optional,
  Error,
  /// Library types (Kubernetes quantity, URL, IP, CIDR, semver, format); see OpaqueValue.
  Opaque,
};

/// Identifiers of library types; overloads use them in place of a Kind for opaque parameters.
enum class OpaqueType : std::uint8_t {
  Quantity = 0x20,
  Url,
  Ip,
  Cidr,
  Semver,
  Format,
  Authorizer,
  PathCheck,
  GroupCheck,
  ResourceCheck,
  Decision,
};

/// Immutable payload of an opaque library value.
class OpaqueValue {
 public:
  virtual ~OpaqueValue() = default;
  virtual OpaqueType type() const = 0;
  virtual std::string_view type_name() const = 0;
  virtual bool equals(const OpaqueValue& other) const = 0;
};

/// Adapter through which CEL reads an external JSON-like tree without copying it. A node is an opaque
/// pointer owned by the tree; the tree must outlive every Value built from it.
class TreeAdapter {
 public:
  enum class NodeKind : std::uint8_t { Null, Bool, Int, Double, String, List, Map };
  virtual ~TreeAdapter() = default;
  virtual NodeKind kind(const void* node) const = 0;
  virtual bool bool_value(const void* node) const = 0;
  virtual std::int64_t int_value(const void* node) const = 0;
  virtual double double_value(const void* node) const = 0;
  virtual std::string_view string_value(const void* node) const = 0;
  /// Number of elements of a list or entries of a map.
  virtual std::size_t size(const void* node) const = 0;
  virtual const void* element(const void* list, std::size_t index) const = 0;
  /// The value under `key`, or nullptr when the map has no such key.
  virtual const void* member(const void* map, std::string_view key) const = 0;
  /// The index-th entry of a map, in document order.
  virtual std::pair<std::string_view, const void*> entry(const void* map, std::size_t index) const = 0;
};

class Value;
struct ListData;
struct MapData;

/// A CEL value. Scalars, borrowed strings and external lists/maps are stored inline; owned strings, lists,
/// maps, errors and optionals share immutable heap data, so copies are cheap.
class Value {
 public:
  Value() = default;

  static Value null() { return Value(); }
  static Value boolean(bool b);
  static Value integer(std::int64_t i);
  static Value uinteger(std::uint64_t u);
  static Value dbl(double d);
  /// A string that owns its bytes.
  static Value string(std::string s);
  /// A string that borrows bytes that outlive the value (literals, external trees).
  static Value string_view(std::string_view s);
  static Value bytes(std::string s);
  static Value list(std::vector<Value> elements);
  static Value map(std::vector<std::pair<Value, Value>> entries);
  /// A type value; `name` must have static storage duration or be owned elsewhere for the value's life.
  static Value type(std::string_view name);
  static Value timestamp(std::int64_t seconds, std::int32_t nanos);
  static Value duration(std::int64_t seconds, std::int32_t nanos);
  static Value optional(Value v);
  static Value optional_none();
  static Value error(std::string message);
  static Value opaque(std::shared_ptr<const OpaqueValue> v);
  /// Wraps a node of an external tree: scalars are read now, lists and maps stay views.
  static Value external(const TreeAdapter& adapter, const void* node);

  Kind kind() const { return kind_; }
  bool is_error() const { return kind_ == Kind::Error; }
  bool as_bool() const { return p_.b; }
  std::int64_t as_int() const { return p_.i; }
  std::uint64_t as_uint() const { return p_.u; }
  double as_double() const { return p_.d; }
  /// String and bytes contents; also the name of a Type value.
  std::string_view as_string() const { return {p_.str.data, p_.str.size}; }
  std::int64_t seconds() const { return p_.time.seconds; }
  std::int32_t nanos() const { return p_.time.nanos; }
  const std::string& error_message() const;
  bool optional_has_value() const { return heap_ != nullptr; }
  const Value& optional_value() const;
  const OpaqueValue& as_opaque() const { return *static_cast<const OpaqueValue*>(p_.obj); }
  /// The kind, or for opaque values their OpaqueType, as overload matching sees it.
  std::uint8_t dispatch_kind() const {
    return kind_ == Kind::Opaque ? static_cast<std::uint8_t>(as_opaque().type())
                                 : static_cast<std::uint8_t>(kind_);
  }

  // Lists and maps, whatever their representation.
  std::size_t size() const;
  Value element(std::size_t index) const;
  /// Looks a key up with CEL's heterogeneous numeric key equality; false when absent.
  bool find(const Value& key, Value& out) const;
  Value key_at(std::size_t index) const;
  /// Contiguous elements of an owned list (nullptr for an external one), for copy-free scans.
  const Value* list_data() const;
  /// Whether a map has the key (no copy of the value).
  bool has_key(const Value& key) const;
  Value value_at(std::size_t index) const;

  /// CEL type name: "int", "list", "google.protobuf.Timestamp", ...
  std::string_view type_name() const;

 private:
  bool is_external() const { return external_; }

  Kind kind_ = Kind::Null;
  bool external_ = false;
  union Payload {
    bool b;
    std::int64_t i;
    std::uint64_t u;
    double d;
    struct {
      const char* data;
      std::size_t size;
    } str;
    struct {
      const TreeAdapter* adapter;
      const void* node;
    } ext;
    struct {
      std::int64_t seconds;
      std::int32_t nanos;
    } time;
    const void* obj;
  } p_{.i = 0};
  std::shared_ptr<const void> heap_;
};

/// Heterogeneous CEL equality (never an error: values of different kinds are unequal).
bool equals(const Value& a, const Value& b);

/// Ordering for comparable kinds (numbers across kinds, strings, bytes, bools, timestamps, durations):
/// -1, 0 or 1; 2 when the values are unordered (NaN) and 3 when there is no ordering for the kinds.
int compare(const Value& a, const Value& b);

/// Hash consistent with `equals` for valid map keys.
std::size_t hash_key(const Value& v);

/// A readable rendering for messages and test output (not a CEL string conversion).
std::string debug_string(const Value& v);

namespace type_names {
inline constexpr std::string_view kNull = "null_type";
inline constexpr std::string_view kBool = "bool";
inline constexpr std::string_view kInt = "int";
inline constexpr std::string_view kUint = "uint";
inline constexpr std::string_view kDouble = "double";
inline constexpr std::string_view kString = "string";
inline constexpr std::string_view kBytes = "bytes";
inline constexpr std::string_view kList = "list";
inline constexpr std::string_view kMap = "map";
inline constexpr std::string_view kType = "type";
inline constexpr std::string_view kTimestamp = "google.protobuf.Timestamp";
inline constexpr std::string_view kDuration = "google.protobuf.Duration";
inline constexpr std::string_view kOptional = "optional_type";
inline constexpr std::string_view kError = "*error*";
}  // namespace type_names

}  // namespace bulwark::cel
