#pragma once

#include <span>

#include "rules/catalog.h"

namespace bulwark::rules::network {

/// NetworkPolicy rules, Services and Ingresses that expose workloads.
std::span<const ObjectRule> object_rules();
/// Zero trust across the scan: default-deny per namespace, every workload selected by a policy.
std::span<const CrossObjectRule> cross_object_rules();

extern const RuleMeta kDefaultDenyIngress;
extern const RuleMeta kDefaultDenyEgress;
extern const RuleMeta kWorkloadNotSelected;
extern const RuleMeta kPolicySelectsNothing;
extern const RuleMeta kAllowAllIngress;
extern const RuleMeta kAllowAllEgress;
extern const RuleMeta kNodePortService;
extern const RuleMeta kLoadBalancerService;
extern const RuleMeta kServiceExternalIps;
extern const RuleMeta kIngressWithoutTls;
extern const RuleMeta kIngressNginxSnippet;

}  // namespace bulwark::rules::network
