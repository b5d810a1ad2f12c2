#include "cel/program.h"

#include <gtest/gtest.h>

#include <map>

#include "cel/json_value.h"

namespace bulwark::cel {
namespace {

// Evaluates an expression without variables.
Value eval(std::string_view expr) {
  Environment env;
  auto p = compile(expr, env);
  if (!p) return Value::error("compile: " + p.error().message);
  return p->evaluate(Activation(env));
}

bool is_true(std::string_view expr) {
  Value v = eval(expr);
  return v.kind() == Kind::Bool && v.as_bool();
}

bool is_error(std::string_view expr) {
  return eval(expr).is_error();
}

TEST(CelProgram, LogicalOperatorsAbsorbErrorsInEitherOrder) {
  // cel-spec: && and || are commutative; an error is absorbed when the other side decides.
  EXPECT_TRUE(is_true("1/0 == 1 || true"));
  EXPECT_TRUE(is_true("true || 1/0 == 1"));
  EXPECT_TRUE(is_true("!(1/0 == 1 && false)"));
  EXPECT_TRUE(is_true("!(false && 1/0 == 1)"));
  EXPECT_TRUE(is_error("1/0 == 1 && true"));
  EXPECT_TRUE(is_error("false || 1/0 == 1"));
}

TEST(CelProgram, IntegerOverflowIsAnError) {
  EXPECT_TRUE(is_error("9223372036854775807 + 1"));
  EXPECT_TRUE(is_error("-9223372036854775808 - 1"));
  EXPECT_TRUE(is_error("-(-9223372036854775808)"));
  EXPECT_TRUE(is_error("0u - 1u"));
  EXPECT_TRUE(is_true("-9223372036854775808 < 0"));
}

TEST(CelProgram, HeterogeneousNumbers) {
  EXPECT_TRUE(is_true("1 == 1.0 && 1u == 1 && 2 > 1.5 && 1u < 2"));
  EXPECT_TRUE(is_true("1.0 in [1, 2] && {1: 'a'}[1u] == 'a'"));
  EXPECT_FALSE(is_true("1 == 'a'"));
}

TEST(CelProgram, StringsCountCodePoints) {
  EXPECT_TRUE(is_true("size('日本') == 2 && '日本語'.substring(1, 2) == '本' && '日本'.charAt(1) == '本'"));
}

TEST(CelProgram, MatchesUsesRe2Syntax) {
  EXPECT_TRUE(is_true("'registry.example.com/app:1.0'.matches('^registry\\\\.example\\\\.com/')"));
  EXPECT_TRUE(is_true("!'docker.io/app'.matches('^registry\\\\.example\\\\.com/')"));
  // A dynamic, invalid pattern is an evaluation error; a constant one fails compilation with a position.
  Environment env;
  env.declare("p");
  auto prog = compile("'x'.matches(p)", env);
  ASSERT_TRUE(prog.has_value());
  Activation act(env);
  act.set("p", Value::string("(unclosed"));
  EXPECT_TRUE(prog->evaluate(act).is_error());
  auto bad = compile("'x'.matches('(unclosed')", env);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().col, 13);
}

TEST(CelProgram, TimestampsAndDurations) {
  EXPECT_TRUE(
      is_true("timestamp('2024-02-29T12:00:00Z') + duration('36h') == timestamp('2024-03-02T00:00:00Z')"));
  EXPECT_TRUE(is_true("timestamp('2009-02-13T23:31:30Z').getHours('America/Los_Angeles') == 15"));
  EXPECT_TRUE(is_true("duration('1h30m').getMinutes() == 90"));
  EXPECT_TRUE(is_error("timestamp('2024-02-30T00:00:00Z')"));
}

TEST(CelProgram, MacrosAndOptionals) {
  EXPECT_TRUE(is_true("[1, 2, 3].all(x, x > 0) && [1, 2, 3].exists_one(x, x == 2)"));
  EXPECT_TRUE(is_true("[1, 2, 3].map(x, x * 2) == [2, 4, 6] && [1, 2, 3].filter(x, x % 2 == 1) == [1, 3]"));
  EXPECT_TRUE(is_true("[1, 2, 3].map(x, x > 1, x) == [2, 3]"));
  EXPECT_TRUE(is_true("{'a': 1}.transformMap(k, v, v + 1) == {'a': 2}"));
  EXPECT_TRUE(is_true("['a', 'b'].all(i, v, i < 2 && v != '')"));
  EXPECT_TRUE(is_true("{'a': 1}.?b.orValue(5) == 5 && {'a': 1}.?a.value() == 1"));
  EXPECT_TRUE(is_true("[?optional.none(), ?optional.of(1)] == [1]"));
  // exists absorbs an error when some element satisfies the predicate.
  EXPECT_TRUE(is_true("[0, 1].exists(x, 1 / x == 1)"));
  EXPECT_TRUE(is_error("[0, 2].exists(x, 1 / x == 1)"));
}

TEST(CelProgram, LiteralsAreValidatedAtCompileTimeAsKubernetesDoes) {
  Environment env;
  auto bad_duration = compile("duration('5 minutes')", env);
  ASSERT_FALSE(bad_duration.has_value());
  EXPECT_EQ(bad_duration.error().col, 10);
  EXPECT_FALSE(compile("timestamp('yesterday')", env).has_value());
  auto mixed = compile("[1, 'a']", env);
  ASSERT_FALSE(mixed.has_value());
  EXPECT_EQ(mixed.error().col, 5);
  EXPECT_FALSE(compile("{'a': 1, 'b': 'x'}", env).has_value());
  EXPECT_TRUE(compile("[1, dyn('a')]", env).has_value());
  EXPECT_TRUE(compile("duration('5m') < duration('1h')", env).has_value());
}

TEST(CelProgram, CompileErrorsCarryPositions) {
  Environment env;
  env.declare("object");
  auto p = compile("object.spec &&\n  missing.field", env);
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().line, 2);
  EXPECT_EQ(p.error().col, 3);
  EXPECT_NE(p.error().message.find("missing"), std::string::npos);
}

// A minimal external tree to check that values are read through the adapter without copying.
struct Node {
  enum class T { Int, Str, List, Map } t;
  std::int64_t i = 0;
  std::string s;
  std::vector<Node> list;
  std::vector<std::pair<std::string, Node>> map;
};

class NodeAdapter final : public TreeAdapter {
 public:
  mutable int member_calls = 0;
  static const Node& n(const void* p) { return *static_cast<const Node*>(p); }
  NodeKind kind(const void* p) const override {
    switch (n(p).t) {
      case Node::T::Int:
        return NodeKind::Int;
      case Node::T::Str:
        return NodeKind::String;
      case Node::T::List:
        return NodeKind::List;
      default:
        return NodeKind::Map;
    }
  }
  bool bool_value(const void*) const override { return false; }
  std::int64_t int_value(const void* p) const override { return n(p).i; }
  double double_value(const void*) const override { return 0; }
  std::string_view string_value(const void* p) const override { return n(p).s; }
  std::size_t size(const void* p) const override {
    return n(p).t == Node::T::List ? n(p).list.size() : n(p).map.size();
  }
  const void* element(const void* p, std::size_t i) const override { return &n(p).list[i]; }
  const void* member(const void* p, std::string_view key) const override {
    ++member_calls;
    for (const auto& [k, v] : n(p).map) {
      if (k == key) return &v;
    }
    return nullptr;
  }
  std::pair<std::string_view, const void*> entry(const void* p, std::size_t i) const override {
    return {n(p).map[i].first, &n(p).map[i].second};
  }
};

Node str(std::string s) {
  return Node{Node::T::Str, 0, std::move(s), {}, {}};
}
Node num(std::int64_t i) {
  return Node{Node::T::Int, i, {}, {}, {}};
}

TEST(CelProgram, ReadsExternalTreesThroughTheAdapter) {
  Node container{
      Node::T::Map, 0, {}, {}, {{"name", str("app")}, {"image", str("registry.example.com/app:1")}}};
  Node containers{Node::T::List, 0, {}, {container}, {}};
  Node spec{Node::T::Map, 0, {}, {}, {{"replicas", num(3)}, {"containers", containers}}};
  Node object{Node::T::Map, 0, {}, {}, {{"spec", spec}}};
  NodeAdapter adapter;

  Environment env;
  env.declare("object");
  auto p = compile(
      "object.spec.replicas <= 5 && object.spec.containers.all(c, "
      "c.image.startsWith('registry.example.com/')) "
      "&& has(object.spec.replicas) && !has(object.spec.paused)",
      env);
  ASSERT_TRUE(p.has_value()) << p.error().message;
  Activation act(env);
  act.set("object", Value::external(adapter, &object));
  Value v = p->evaluate(act);
  ASSERT_EQ(v.kind(), Kind::Bool) << debug_string(v);
  EXPECT_TRUE(v.as_bool());
  EXPECT_GT(adapter.member_calls, 0);
  // Strings are borrowed from the tree, not copied.
  Value image = Value::external(adapter, &container).value_at(1);
  EXPECT_EQ(image.as_string().data(), container.map[1].second.s.data());
}

TEST(CelProgram, LazyVariablesRunOnce) {
  Environment env;
  env.declare("variables.limit");
  auto p = compile("variables.limit + variables.limit", env);
  ASSERT_TRUE(p.has_value()) << p.error().message;
  Activation act(env);
  int calls = 0;
  act.set_lazy("variables.limit", [&] {
    ++calls;
    return Value::integer(21);
  });
  Value v = p->evaluate(act);
  EXPECT_EQ(v.as_int(), 42);
  EXPECT_EQ(calls, 1);
}

TEST(CelProgram, CostLimitStopsRunawayExpressions) {
  Environment env;
  env.set_cost_limit(kKubernetesPerCallLimit);
  auto p = compile(
      "[0,1,2,3,4,5,6,7,8,9].all(a, [0,1,2,3,4,5,6,7,8,9].all(b, [0,1,2,3,4,5,6,7,8,9].all(c, "
      "[0,1,2,3,4,5,6,7,8,9].all(d, [0,1,2,3,4,5,6,7,8,9].all(e, [0,1,2,3,4,5,6,7,8,9].all(f, a + b + c + d "
      "+ e + f "
      ">= 0))))))",
      env);
  ASSERT_TRUE(p.has_value());
  std::uint64_t cost = 0;
  Value v = p->evaluate(Activation(env), cost);
  ASSERT_TRUE(v.is_error());
  EXPECT_NE(v.error_message().find("cost limit"), std::string::npos);
  EXPECT_GT(p->cost_estimate(), kKubernetesPerCallLimit);
}

TEST(CelProgram, BuildsValuesFromJson) {
  simdjson::dom::parser parser;
  simdjson::padded_string json(
      std::string(R"({"spec": {"replicas": 2, "tags": ["a", "b"], "big": 18446744073709551615}})"));
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS);
  Environment env;
  env.declare("object");
  auto p = compile(
      "object.spec.replicas == 2 && object.spec.tags[1] == 'b' && object.spec.big == 18446744073709551615u",
      env);
  ASSERT_TRUE(p.has_value());
  Activation act(env);
  act.set("object", from_json(doc));
  EXPECT_TRUE(p->evaluate(act).as_bool());
}

}  // namespace
}  // namespace bulwark::cel

namespace bulwark::cel {
namespace {

TEST(CelProgram, RandomExpressionsEvaluateWithoutCrashing) {
  // Whatever compiles must evaluate to a value or an error value (checked under the sanitizers too).
  const char* pieces[] = {"1",
                          "2u",
                          "3.5",
                          "'s'",
                          "b'b'",
                          "[1, 'a']",
                          "{'a': 1}",
                          "x",
                          "x.a",
                          " + ",
                          " - ",
                          " * ",
                          " / ",
                          " % ",
                          " == ",
                          " < ",
                          " && ",
                          " || ",
                          "!",
                          "-",
                          "(",
                          ")",
                          ".size()",
                          "[0]",
                          ".?a",
                          "[?0]",
                          " ? ",
                          " : ",
                          " in ",
                          "null",
                          "true",
                          "int(",
                          "string(",
                          "duration('1s')",
                          ".all(v, v)",
                          ".map(v, v)",
                          "optional.of(",
                          "timestamp(0)",
                          ".orValue(1)",
                          "dyn("};
  Environment env;
  env.declare("x");
  Activation act(env);
  act.set("x", Value::map({{Value::string("a"), Value::list({Value::integer(1), Value::null()})}}));
  std::uint64_t state = 42;
  int compiled = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string expr;
    int len = 1 + static_cast<int>(state % 9);
    for (int i = 0; i < len; ++i) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      expr += pieces[(state >> 33) % (sizeof pieces / sizeof pieces[0])];
    }
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    auto p = compile(expr, env);
    if (!p) continue;
    ++compiled;
    Value v = p->evaluate(act);
    (void)debug_string(v);
  }
  EXPECT_GT(compiled, 1000);
}

}  // namespace
}  // namespace bulwark::cel

namespace bulwark::cel {
namespace {

// Expressions in the style of the Kubernetes ValidatingAdmissionPolicy documentation, on JSON objects,
// with variables bound lazily as the policy layer will bind them.
TEST(CelProgram, ValidatingAdmissionPolicyStyleExpressions) {
  simdjson::dom::parser parser;
  simdjson::padded_string json(std::string(R"({
    "metadata": {"name": "web", "namespace": "prod", "labels": {"environment": "prod"}},
    "spec": {"replicas": 7, "template": {"spec": {"containers": [
      {"name": "a", "image": "myregistry.example.com/a:1"},
      {"name": "b", "image": "docker.io/b:latest"}]}}}})"));
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS);
  Environment env;
  for (const char* v :
       {"object", "oldObject", "params", "request", "variables.containers", "variables.badImages"}) {
    env.declare(v);
  }
  auto containers = compile("object.spec.template.spec.containers", env);
  auto bad_images = compile(
      "variables.containers.filter(c, !c.image.startsWith('myregistry.example.com/')).map(c, c.name)", env);
  ASSERT_TRUE(containers && bad_images);
  Activation act(env);
  act.set("object", from_json(doc));
  act.set("oldObject", Value::null());
  act.set("params", Value::map({{Value::string("maxReplicas"), Value::integer(5)}}));
  act.set("request", Value::map({{Value::string("operation"), Value::string("CREATE")}}));
  act.set_lazy("variables.containers", [&] { return containers->evaluate(act); });
  act.set_lazy("variables.badImages", [&] { return bad_images->evaluate(act); });
  auto run = [&](std::string_view expr) {
    auto p = compile(expr, env);
    EXPECT_TRUE(p.has_value()) << expr;
    return p ? p->evaluate(act) : Value::error("compile");
  };
  EXPECT_FALSE(run("object.spec.replicas <= params.maxReplicas").as_bool());
  EXPECT_TRUE(run("object.metadata.labels.environment == 'prod'").as_bool());
  EXPECT_TRUE(run("request.operation == 'CREATE' && oldObject == null").as_bool());
  EXPECT_FALSE(run("size(variables.badImages) == 0").as_bool());
  Value message = run("'images not from the registry: ' + variables.badImages.join(', ')");
  ASSERT_EQ(message.kind(), Kind::String);
  EXPECT_EQ(message.as_string(), "images not from the registry: b");
  // A missing field is an error, which the policy's failurePolicy decides about.
  EXPECT_TRUE(run("object.spec.paused").is_error());
  EXPECT_FALSE(run("has(object.spec.paused) && object.spec.paused").as_bool());
}

}  // namespace
}  // namespace bulwark::cel
