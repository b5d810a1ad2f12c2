#include "policy/doc_tree_adapter.h"

namespace bulwark::policy {
namespace {

const doc::Node& as_node(const void* node) {
  return *static_cast<const doc::Node*>(node);
}

}  // namespace

cel::TreeAdapter::NodeKind DocTreeAdapter::kind(const void* node) const {
  switch (as_node(node).kind()) {
    case doc::NodeKind::Null:
      return NodeKind::Null;
    case doc::NodeKind::Bool:
      return NodeKind::Bool;
    case doc::NodeKind::Int:
      return NodeKind::Int;
    case doc::NodeKind::Float:
      return NodeKind::Double;
    case doc::NodeKind::String:
      return NodeKind::String;
    case doc::NodeKind::Sequence:
      return NodeKind::List;
    case doc::NodeKind::Mapping:
      return NodeKind::Map;
  }
  return NodeKind::Null;
}

bool DocTreeAdapter::bool_value(const void* node) const {
  return as_node(node).as_bool().value_or(false);
}

std::int64_t DocTreeAdapter::int_value(const void* node) const {
  return as_node(node).as_int().value_or(0);
}

double DocTreeAdapter::double_value(const void* node) const {
  return as_node(node).as_number().value_or(0.0);
}

std::string_view DocTreeAdapter::string_value(const void* node) const {
  return as_node(node).as_string().value_or(std::string_view{});
}

std::size_t DocTreeAdapter::size(const void* node) const {
  return as_node(node).size();
}

const void* DocTreeAdapter::element(const void* list, std::size_t index) const {
  return as_node(list).at(index);
}

const void* DocTreeAdapter::member(const void* map, std::string_view key) const {
  return as_node(map).get(key);
}

std::pair<std::string_view, const void*> DocTreeAdapter::entry(const void* map, std::size_t index) const {
  const auto entries = as_node(map).entries();
  if (index >= entries.size()) return {std::string_view{}, nullptr};
  return {entries[index].name, entries[index].value};
}

const DocTreeAdapter& doc_tree_adapter() {
  static const DocTreeAdapter adapter;
  return adapter;
}

cel::Value to_cel(const doc::Node& node) {
  return cel::Value::external(doc_tree_adapter(), &node);
}

cel::Value to_owned_cel(const doc::Node& node) {
  switch (node.kind()) {
    case doc::NodeKind::Null:
      return cel::Value::null();
    case doc::NodeKind::Bool:
      return cel::Value::boolean(node.as_bool().value_or(false));
    case doc::NodeKind::Int:
      return cel::Value::integer(node.as_int().value_or(0));
    case doc::NodeKind::Float:
      return cel::Value::dbl(node.as_number().value_or(0.0));
    case doc::NodeKind::String:
      return cel::Value::string(std::string(node.as_string().value_or("")));
    case doc::NodeKind::Sequence: {
      std::vector<cel::Value> items;
      items.reserve(node.size());
      for (const doc::Node* item : node.items()) items.push_back(to_owned_cel(*item));
      return cel::Value::list(std::move(items));
    }
    case doc::NodeKind::Mapping: {
      std::vector<std::pair<cel::Value, cel::Value>> entries;
      entries.reserve(node.size());
      for (const auto& e : node.entries())
        entries.emplace_back(cel::Value::string(std::string(e.name)), to_owned_cel(*e.value));
      return cel::Value::map(std::move(entries));
    }
  }
  return cel::Value::null();
}

}  // namespace bulwark::policy
