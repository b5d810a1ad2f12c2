#include "k8s/object.h"

namespace bulwark::k8s {
namespace {

std::optional<std::string_view> string_at(const doc::Node& map, std::string_view key) {
  const doc::Node* n = map.get(key);
  if (!n) return std::nullopt;
  return n->as_string();
}

}  // namespace

std::vector<Object> Object::in(const doc::Document& document) {
  std::vector<Object> out;
  const doc::Node* root = document.root();
  if (!root || !root->is_mapping()) return out;
  const auto api_version = string_at(*root, "apiVersion");
  const auto kind = string_at(*root, "kind");
  if (!api_version || !kind || api_version->empty() || kind->empty()) return out;
  const doc::Node* items = root->get("items");
  if (kind->ends_with("List") && items && items->is_sequence()) {
    // kubectl's List and typed lists (PodList, ...): items of a typed list may omit their
    // apiVersion and kind, which the list's kind implies.
    const std::string_view implied_kind =
        *kind == "List" ? std::string_view{} : kind->substr(0, kind->size() - 4);
    std::size_t index = 0;
    for (const doc::Node* item : items->items()) {
      const std::string path = "items[" + std::to_string(index++) + "]";
      if (!item->is_mapping()) continue;
      const auto item_api = string_at(*item, "apiVersion");
      const auto item_kind = string_at(*item, "kind");
      const std::string_view k = item_kind ? *item_kind : implied_kind;
      const std::string_view a =
          item_api ? *item_api : (implied_kind.empty() ? std::string_view{} : *api_version);
      if (k.empty() || a.empty()) continue;
      out.push_back(Object(document, *item, a, k, path));
    }
    return out;
  }
  out.push_back(Object(document, *root, *api_version, *kind, ""));
  return out;
}

std::string_view Object::group() const {
  const auto slash = api_version_.find('/');
  return slash == std::string_view::npos ? std::string_view{} : api_version_.substr(0, slash);
}

std::string_view Object::name() const {
  const doc::Node* m = metadata();
  if (!m) return {};
  if (const doc::Node* n = m->get("name")) return n->as_string().value_or(std::string_view{});
  if (const doc::Node* n = m->get("generateName")) return n->as_string().value_or(std::string_view{});
  return {};
}

std::string_view Object::namespace_name() const {
  const doc::Node* m = metadata();
  const doc::Node* n = m ? m->get("namespace") : nullptr;
  return n ? n->as_string().value_or(std::string_view{}) : std::string_view{};
}

const doc::Node* Object::labels() const {
  const doc::Node* m = metadata();
  return m ? m->get("labels") : nullptr;
}

const doc::Node* Object::annotations() const {
  const doc::Node* m = metadata();
  return m ? m->get("annotations") : nullptr;
}

std::optional<std::string_view> Object::label(std::string_view key) const {
  const doc::Node* l = labels();
  const doc::Node* v = l ? l->get(key) : nullptr;
  return v ? v->as_string() : std::nullopt;
}

std::optional<std::string_view> Object::annotation(std::string_view key) const {
  const doc::Node* a = annotations();
  const doc::Node* v = a ? a->get(key) : nullptr;
  return v ? v->as_string() : std::nullopt;
}

std::string Object::display_name() const {
  // Each part looked up once and written in one allocation: reports name the object of every
  // finding, and the webhook every answer.
  const std::string_view ns = namespace_name();
  const std::string_view n = name();
  const std::string_view shown = n.empty() ? std::string_view("<unnamed>") : n;
  std::string out;
  out.reserve(kind_.size() + 1 + (ns.empty() ? 0 : ns.size() + 1) + shown.size());
  out += kind_;
  out += ' ';
  if (!ns.empty()) {
    out += ns;
    out += '/';
  }
  out += shown;
  return out;
}

}  // namespace bulwark::k8s
