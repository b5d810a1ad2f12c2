#pragma once

#include "cel/value.h"
#include "doc/node.h"

namespace bulwark::policy {

/// Lets CEL read a doc::Node tree in place (no copy): mappings are CEL maps with string keys in
/// document order, sequences are lists, YAML floats are doubles.
class DocTreeAdapter final : public cel::TreeAdapter {
 public:
  NodeKind kind(const void* node) const override;
  bool bool_value(const void* node) const override;
  std::int64_t int_value(const void* node) const override;
  double double_value(const void* node) const override;
  std::string_view string_value(const void* node) const override;
  std::size_t size(const void* node) const override;
  const void* element(const void* list, std::size_t index) const override;
  const void* member(const void* map, std::string_view key) const override;
  std::pair<std::string_view, const void*> entry(const void* map, std::size_t index) const override;
};

/// The shared, stateless adapter instance.
const DocTreeAdapter& doc_tree_adapter();

/// A CEL view of a node; the node's Document must outlive the value.
cel::Value to_cel(const doc::Node& node);

/// A deep, owned copy of a node as a CEL value, for objects kept after their Document is gone
/// (Namespaces seen while streaming). Nesting is bounded by the loader's depth limit.
cel::Value to_owned_cel(const doc::Node& node);

}  // namespace bulwark::policy
