#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "doc/source_range.h"

namespace bulwark::doc {

/// The JSON data model that Kubernetes sees after sigs.k8s.io/yaml has converted a document.
enum class NodeKind : uint8_t { Null, Bool, Int, Float, String, Sequence, Mapping };

/// How a scalar was written, kept so that `fix` can edit it in the same style.
enum class ScalarStyle : uint8_t { Plain, SingleQuoted, DoubleQuoted, Literal, Folded, Json };

std::string_view to_string(NodeKind kind);

class Node;

/// One key/value pair of a mapping. `name` is the key as Kubernetes sees it (a string: YAML
/// keys of other types are converted the way sigs.k8s.io/yaml converts them).
struct MapEntry {
  std::string_view name;
  const Node* key = nullptr;
  const Node* value = nullptr;
};

/// A value read from YAML or JSON, with where it was written. Nodes live in a Document's arena
/// and are immutable once built; aliases share the anchored node, so a node may be reached
/// from several places (its range is where it was written, which is what a reader wants).
class Node {
 public:
  NodeKind kind() const { return kind_; }
  ScalarStyle style() const { return style_; }
  const SourceRange& range() const { return range_; }
  bool is_flow() const { return flow_; }

  bool is_null() const { return kind_ == NodeKind::Null; }
  bool is_scalar() const { return kind_ != NodeKind::Sequence && kind_ != NodeKind::Mapping; }
  bool is_string() const { return kind_ == NodeKind::String; }
  bool is_sequence() const { return kind_ == NodeKind::Sequence; }
  bool is_mapping() const { return kind_ == NodeKind::Mapping; }

  /// The value of a Bool node; nullopt for any other kind (a string "true" is not a bool).
  std::optional<bool> as_bool() const;
  /// The value of an Int node, or of a Float holding an integral value (JSON has one number type).
  std::optional<int64_t> as_int() const;
  std::optional<double> as_number() const;
  /// The value of a String node; nullopt for other kinds.
  std::optional<std::string_view> as_string() const;
  /// A String node's value, or the source text of another scalar ("" for collections): for
  /// messages and for matching where Kubernetes would coerce.
  std::string_view text() const { return text_; }

  std::span<const Node* const> items() const;
  std::span<const MapEntry> entries() const;
  std::size_t size() const { return count_; }

  /// Mapping lookup by key; nullptr when absent or when this is not a mapping.
  const Node* get(std::string_view key) const {
    const MapEntry* e = entry(key);
    return e ? e->value : nullptr;
  }
  const MapEntry* entry(std::string_view key) const;
  /// Sequence element; nullptr when out of range or not a sequence.
  const Node* at(std::size_t index) const;
  /// Follows a dotted path of mapping keys ("spec.template.spec"); nullptr on the first miss.
  const Node* find(std::string_view dotted_path) const;

 private:
  friend class NodeFactory;
  NodeKind kind_ = NodeKind::Null;
  ScalarStyle style_ = ScalarStyle::Plain;
  bool flow_ = false;
  uint32_t count_ = 0;
  SourceRange range_;
  union {
    bool boolean;
    int64_t integer;
    double number;
    const Node* const* items;
    const MapEntry* entries;
  } u_{.integer = 0};
  std::string_view text_;
};

/// Renders a node as compact JSON (keys in document order); for tests, messages and CEL input.
std::string to_json(const Node& node);

}  // namespace bulwark::doc
