#pragma once

#include <string_view>

#include "doc/node.h"

namespace bulwark::rules::network {

/// A NetworkPolicy's effective policyTypes, as the API server defaults them: Ingress always
/// when unset, Egress when unset and the policy has egress rules.
struct PolicyTypes {
  bool ingress = false;
  bool egress = false;
};
PolicyTypes policy_types(const doc::Node& spec);

/// True when an ingress/egress rule admits every peer on every port: no peers (or an empty
/// peer, or an ipBlock of 0.0.0.0/0 or ::/0 without exceptions) and no port restriction.
/// `peers_key` is "from" for ingress rules, "to" for egress rules.
bool allows_all(const doc::Node& rule, std::string_view peers_key);

}  // namespace bulwark::rules::network
