#include "rules/network/policy_model.h"

namespace bulwark::rules::network {
namespace {

bool is_empty_list(const doc::Node* n) {
  return !n || n->is_null() || (n->is_sequence() && n->size() == 0);
}

bool peer_is_everyone(const doc::Node& peer) {
  if (peer.is_mapping() && peer.size() == 0) return true;
  const doc::Node* cidr = peer.find("ipBlock.cidr");
  if (!cidr) return false;
  const std::string_view c = cidr->text();
  return (c == "0.0.0.0/0" || c == "::/0") && is_empty_list(peer.find("ipBlock.except"));
}

}  // namespace

PolicyTypes policy_types(const doc::Node& spec) {
  PolicyTypes t;
  const doc::Node* types = spec.get("policyTypes");
  if (types && types->is_sequence() && types->size() > 0) {
    for (const doc::Node* n : types->items()) {
      t.ingress |= n->text() == "Ingress";
      t.egress |= n->text() == "Egress";
    }
    return t;
  }
  t.ingress = true;
  const doc::Node* egress = spec.get("egress");
  t.egress = egress && !egress->is_null();
  return t;
}

bool allows_all(const doc::Node& rule, std::string_view peers_key) {
  if (!rule.is_mapping() && !rule.is_null()) return false;
  if (!is_empty_list(rule.get("ports"))) return false;
  const doc::Node* peers = rule.get(peers_key);
  if (is_empty_list(peers)) return true;
  if (!peers->is_sequence()) return false;
  for (const doc::Node* p : peers->items())
    if (peer_is_everyone(*p)) return true;
  return false;
}

}  // namespace bulwark::rules::network
