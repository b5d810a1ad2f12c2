#include "policy/doc_tree_adapter.h"

#include <gtest/gtest.h>

#include "cel/program.h"
#include "policy_fixture.h"

namespace bulwark::policy {
namespace {

constexpr std::string_view kDeployment = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, tier: front}
spec:
  replicas: 3
  ratio: 1.5
  paused: false
  note: ~
  template:
    spec:
      containers:
      - name: a
        image: example.com/a:1
      - name: b
        image: nginx
)";

class DocTreeAdapterTest : public ::testing::Test {
 protected:
  cel::Value eval(std::string_view expression) {
    cel::Environment env;
    env.declare("object");
    auto program = cel::compile(expression, env);
    EXPECT_TRUE(program.has_value()) << expression;
    if (!program) return cel::Value::error("compile");
    cel::Activation act(env);
    act.set("object", to_cel(manifest->objects.front().root()));
    return program->evaluate(act);
  }
  bool holds(std::string_view expression) {
    const cel::Value v = eval(expression);
    return v.kind() == cel::Kind::Bool && v.as_bool();
  }
  std::unique_ptr<testing::Manifest> manifest = testing::load(kDeployment);
};

TEST_F(DocTreeAdapterTest, ScalarsKeepTheirJsonTypes) {
  EXPECT_TRUE(holds("object.spec.replicas == 3 && type(object.spec.replicas) == int"));
  EXPECT_TRUE(holds("object.spec.ratio == 1.5 && type(object.spec.ratio) == double"));
  EXPECT_TRUE(holds("object.spec.paused == false"));
  EXPECT_TRUE(holds("object.spec.note == null"));
  EXPECT_TRUE(holds("object.metadata.name == 'web'"));
}

TEST_F(DocTreeAdapterTest, MappingsAreMapsAndSequencesAreLists) {
  EXPECT_TRUE(holds("size(object.metadata.labels) == 2"));
  EXPECT_TRUE(holds("'tier' in object.metadata.labels && object.metadata.labels['app'] == 'web'"));
  EXPECT_TRUE(holds("object.spec.template.spec.containers.map(c, c.name) == ['a', 'b']"));
  EXPECT_TRUE(holds("object.spec.template.spec.containers.exists(c, c.image.startsWith('example.com/'))"));
  EXPECT_TRUE(holds("object.metadata.labels.all(k, k in ['app', 'tier'])"));
  EXPECT_TRUE(holds("!has(object.spec.strategy) && has(object.spec.template)"));
}

TEST_F(DocTreeAdapterTest, MissingKeyIsAnError) {
  const cel::Value v = eval("object.spec.strategy.type == 'Recreate'");
  EXPECT_TRUE(v.is_error());
}

}  // namespace
}  // namespace bulwark::policy
