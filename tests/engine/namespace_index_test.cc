#include "engine/namespace_index.h"

#include <gtest/gtest.h>

#include "test_manifest.h"

namespace bulwark::engine {
namespace {

TEST(NamespaceIndex, LabelledNamespacesSetLevelAndVersion) {
  auto m = testing::load_manifest(R"(apiVersion: v1
kind: Namespace
metadata:
  name: legacy
  labels:
    pod-security.kubernetes.io/enforce: baseline
    pod-security.kubernetes.io/enforce-version: v1.24
---
apiVersion: v1
kind: Namespace
metadata:
  name: open
---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: legacy}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: open}
)");
  NamespaceIndex index;
  for (const auto& o : m->objects) index.observe(o);
  rules::CheckContext defaults;
  const auto a = index.context_for(m->objects[2], defaults);
  EXPECT_EQ(a.pss_level, rules::PssLevel::Baseline);
  EXPECT_FALSE(a.pss_version.latest);
  EXPECT_EQ(a.pss_version.minor, 24);
  EXPECT_EQ(a.pss_source, "namespace legacy labels");
  // A namespace without an enforce label leaves the scan's defaults in force.
  const auto b = index.context_for(m->objects[3], defaults);
  EXPECT_EQ(b.pss_level, rules::PssLevel::Restricted);
  EXPECT_TRUE(b.pss_version.latest);
}

}  // namespace
}  // namespace bulwark::engine
