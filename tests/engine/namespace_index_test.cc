#include "engine/namespace_index.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

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

// Files on disk, read by collect() on several threads.
class NamespaceFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("bulwark-nsindex-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  Input write(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    Input input;
    input.path = path.string();
    input.kind = InputKind::Manifest;
    return input;
  }
  std::filesystem::path dir_;
};

std::string labelled_namespace(const std::string& name, const std::string& level) {
  return "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name +
         "\n  labels:\n    pod-security.kubernetes.io/enforce: " + level + "\n";
}

TEST_F(NamespaceFiles, CollectFindsNamespacesInYamlJsonAndListsAndTheLaterFileWins) {
  std::vector<Input> inputs;
  inputs.push_back(write("a.yaml", labelled_namespace("team", "privileged")));
  // Mentions that are not a Namespace object must not hide one in the same file.
  inputs.push_back(write("b.yaml",
                         "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n"
                         "  targetNamespace: x\n  namespaceSelector: y\n---\n" +
                             labelled_namespace("quoted", "baseline")));
  inputs.push_back(write("c.json", R"({"apiVersion": "v1", "kind": "NamespaceList", "items": [
      {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "json",
       "labels": {"pod-security.kubernetes.io/enforce": "baseline"}}}]})"));
  for (int i = 0; i < 20; ++i) inputs.push_back(write("filler" + std::to_string(i) + ".yaml", "kind: Pod\n"));
  // Redefined later in the input order: the later definition wins, whatever the thread timing.
  inputs.push_back(write("z.yaml", labelled_namespace("team", "baseline")));

  auto pod_in = testing::load_manifest(R"(apiVersion: v1
kind: Pod
metadata: {name: a, namespace: team}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: quoted}
---
apiVersion: v1
kind: Pod
metadata: {name: c, namespace: json}
)");
  for (unsigned jobs : {1u, 2u, 8u}) {
    NamespaceIndex index;
    index.collect(inputs, jobs);
    const rules::CheckContext defaults;
    EXPECT_EQ(index.context_for(pod_in->objects[0], defaults).pss_level, rules::PssLevel::Baseline) << jobs;
    EXPECT_EQ(index.context_for(pod_in->objects[1], defaults).pss_level, rules::PssLevel::Baseline) << jobs;
    EXPECT_EQ(index.context_for(pod_in->objects[2], defaults).pss_level, rules::PssLevel::Baseline) << jobs;
  }
}

}  // namespace
}  // namespace bulwark::engine
