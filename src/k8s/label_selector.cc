#include "k8s/label_selector.h"

#include <algorithm>

namespace bulwark::k8s {

Labels labels_of(const doc::Node* labels) {
  Labels out;
  if (!labels || !labels->is_mapping()) return out;
  for (const doc::MapEntry& e : labels->entries())
    if (auto v = e.value->as_string()) out.insert_or_assign(std::string(e.name), std::string(*v));
  return out;
}

std::expected<LabelSelector, std::string> LabelSelector::parse(const doc::Node& selector) {
  LabelSelector out;
  if (selector.is_null()) return out;
  if (!selector.is_mapping()) return std::unexpected("a label selector must be a mapping");
  if (const doc::Node* ml = selector.get("matchLabels"); ml && !ml->is_null()) {
    if (!ml->is_mapping()) return std::unexpected("matchLabels must be a mapping");
    for (const doc::MapEntry& e : ml->entries()) {
      auto v = e.value->as_string();
      if (!v) return std::unexpected("matchLabels value of \"" + std::string(e.name) + "\" must be a string");
      out.requirements_.push_back({std::string(e.name), Operator::In, {std::string(*v)}});
    }
  }
  if (const doc::Node* me = selector.get("matchExpressions"); me && !me->is_null()) {
    if (!me->is_sequence()) return std::unexpected("matchExpressions must be a list");
    for (const doc::Node* expr : me->items()) {
      if (!expr->is_mapping()) return std::unexpected("a matchExpressions item must be a mapping");
      const doc::Node* key = expr->get("key");
      const doc::Node* op = expr->get("operator");
      const doc::Node* values = expr->get("values");
      if (!key || !key->as_string()) return std::unexpected("a matchExpressions item needs a key");
      if (!op || !op->as_string()) return std::unexpected("a matchExpressions item needs an operator");
      Requirement r;
      r.key = std::string(*key->as_string());
      const std::string_view o = *op->as_string();
      if (o == "In")
        r.op = Operator::In;
      else if (o == "NotIn")
        r.op = Operator::NotIn;
      else if (o == "Exists")
        r.op = Operator::Exists;
      else if (o == "DoesNotExist")
        r.op = Operator::DoesNotExist;
      else
        return std::unexpected("\"" + std::string(o) + "\" is not a valid label selector operator");
      if (values && values->is_sequence())
        for (const doc::Node* v : values->items()) {
          auto s = v->as_string();
          if (!s) return std::unexpected("matchExpressions values must be strings");
          r.values.emplace_back(*s);
        }
      else if (values && !values->is_null())
        return std::unexpected("matchExpressions values must be a list");
      const bool needs_values = r.op == Operator::In || r.op == Operator::NotIn;
      if (needs_values && r.values.empty())
        return std::unexpected("operator " + std::string(o) + " needs at least one value");
      if (!needs_values && !r.values.empty())
        return std::unexpected("operator " + std::string(o) + " takes no values");
      out.requirements_.push_back(std::move(r));
    }
  }
  return out;
}

LabelSelector LabelSelector::match_labels(const Labels& labels) {
  LabelSelector out;
  for (const auto& [key, value] : labels) out.requirements_.push_back({key, Operator::In, {value}});
  return out;
}

bool LabelSelector::matches(const Labels& labels) const {
  for (const Requirement& r : requirements_) {
    auto it = labels.find(r.key);
    const bool has = it != labels.end();
    const auto in_values = [&] {
      return std::find(r.values.begin(), r.values.end(), it->second) != r.values.end();
    };
    switch (r.op) {
      case Operator::In:
        if (!has || !in_values()) return false;
        break;
      case Operator::NotIn:
        if (has && in_values()) return false;
        break;
      case Operator::Exists:
        if (!has) return false;
        break;
      case Operator::DoesNotExist:
        if (has) return false;
        break;
    }
  }
  return true;
}

}  // namespace bulwark::k8s
