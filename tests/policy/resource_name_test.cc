#include "policy/resource_name.h"

#include <gtest/gtest.h>

namespace bulwark::policy {
namespace {

// Resource names as the Kubernetes API serves them (kubectl api-resources).
TEST(ResourceNameTest, BuiltInKindsMapToTheirServedResources) {
  EXPECT_EQ(resource_of_kind("Deployment"), "deployments");
  EXPECT_EQ(resource_of_kind("Pod"), "pods");
  EXPECT_EQ(resource_of_kind("Ingress"), "ingresses");
  EXPECT_EQ(resource_of_kind("NetworkPolicy"), "networkpolicies");
  EXPECT_EQ(resource_of_kind("Endpoints"), "endpoints");
  EXPECT_EQ(resource_of_kind("EndpointSlice"), "endpointslices");
  EXPECT_EQ(resource_of_kind("StorageClass"), "storageclasses");
  EXPECT_EQ(resource_of_kind("ComponentStatus"), "componentstatuses");
  EXPECT_EQ(resource_of_kind("PodSecurityPolicy"), "podsecuritypolicies");
  EXPECT_EQ(resource_of_kind("Gateway"), "gateways");
  EXPECT_EQ(resource_of_kind("ValidatingAdmissionPolicy"), "validatingadmissionpolicies");
}

TEST(ResourceNameTest, ScopeAndVersion) {
  EXPECT_TRUE(is_cluster_scoped_kind("", "Namespace"));
  EXPECT_TRUE(is_cluster_scoped_kind("rbac.authorization.k8s.io", "ClusterRole"));
  EXPECT_FALSE(is_cluster_scoped_kind("apps", "Deployment"));
  EXPECT_EQ(version_of("apps/v1"), "v1");
  EXPECT_EQ(version_of("v1"), "v1");
}

}  // namespace
}  // namespace bulwark::policy
