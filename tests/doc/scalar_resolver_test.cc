// Every case names its source: goyaml.v2 resolve.go (the resolver sigs.k8s.io/yaml forks and
// Kubernetes uses) and Go's strconv.ParseInt/ParseUint/ParseFloat which it calls.
#include "doc/scalar_resolver.h"

#include <gtest/gtest.h>

#include <cmath>

namespace bulwark::doc {
namespace {

struct Case {
  const char* text;
  NodeKind kind;
  double value;  // bool as 0/1, int and float as number
  const char* source;
};

class PlainScalarTest : public ::testing::TestWithParam<Case> {};

TEST_P(PlainScalarTest, ResolvesLikeKubernetes) {
  const Case& c = GetParam();
  const ResolvedScalar r = resolve_plain_scalar(c.text);
  ASSERT_EQ(r.kind, c.kind) << "'" << c.text << "' (" << c.source << ")";
  switch (c.kind) {
    case NodeKind::Bool:
      EXPECT_EQ(r.boolean, c.value != 0) << c.text;
      break;
    case NodeKind::Int:
      EXPECT_EQ(static_cast<double>(r.integer), c.value) << c.text;
      break;
    case NodeKind::Float:
      if (std::isnan(c.value))
        EXPECT_TRUE(std::isnan(r.number)) << c.text;
      else
        EXPECT_EQ(r.number, c.value) << c.text;
      break;
    default:
      break;
  }
}

constexpr const char* kMap = "resolve.go resolveMap";
constexpr const char* kParseInt = "resolve.go: strconv.ParseInt(plain, 0, 64) after removing '_'";
constexpr const char* kFloat = "resolve.go: yamlStyleFloat + strconv.ParseFloat";
constexpr const char* kStr = "resolve.go: no rule matches, so !!str";

INSTANTIATE_TEST_SUITE_P(
    GoyamlV2, PlainScalarTest,
    ::testing::Values(
        // null
        Case{"", NodeKind::Null, 0, kMap}, Case{"~", NodeKind::Null, 0, kMap},
        Case{"null", NodeKind::Null, 0, kMap}, Case{"Null", NodeKind::Null, 0, kMap},
        Case{"NULL", NodeKind::Null, 0, kMap}, Case{"nULL", NodeKind::String, 0, kStr},
        // YAML 1.1 booleans, in exactly the case forms the map lists
        Case{"y", NodeKind::Bool, 1, kMap}, Case{"Y", NodeKind::Bool, 1, kMap},
        Case{"yes", NodeKind::Bool, 1, kMap}, Case{"Yes", NodeKind::Bool, 1, kMap},
        Case{"YES", NodeKind::Bool, 1, kMap}, Case{"on", NodeKind::Bool, 1, kMap},
        Case{"On", NodeKind::Bool, 1, kMap}, Case{"ON", NodeKind::Bool, 1, kMap},
        Case{"true", NodeKind::Bool, 1, kMap}, Case{"True", NodeKind::Bool, 1, kMap},
        Case{"TRUE", NodeKind::Bool, 1, kMap}, Case{"n", NodeKind::Bool, 0, kMap},
        Case{"N", NodeKind::Bool, 0, kMap}, Case{"no", NodeKind::Bool, 0, kMap},
        Case{"No", NodeKind::Bool, 0, kMap}, Case{"NO", NodeKind::Bool, 0, kMap},
        Case{"off", NodeKind::Bool, 0, kMap}, Case{"Off", NodeKind::Bool, 0, kMap},
        Case{"OFF", NodeKind::Bool, 0, kMap}, Case{"false", NodeKind::Bool, 0, kMap},
        Case{"False", NodeKind::Bool, 0, kMap}, Case{"FALSE", NodeKind::Bool, 0, kMap},
        Case{"yEs", NodeKind::String, 0, kStr}, Case{"tRUE", NodeKind::String, 0, kStr},
        Case{"yes please", NodeKind::String, 0, kStr},
        // integers through Go's base-0 ParseInt
        Case{"0", NodeKind::Int, 0, kParseInt}, Case{"42", NodeKind::Int, 42, kParseInt},
        Case{"-42", NodeKind::Int, -42, kParseInt}, Case{"+42", NodeKind::Int, 42, kParseInt},
        Case{"0x1F", NodeKind::Int, 31, kParseInt}, Case{"0X1f", NodeKind::Int, 31, kParseInt},
        Case{"-0x1F", NodeKind::Int, -31, kParseInt}, Case{"0o17", NodeKind::Int, 15, kParseInt},
        Case{"0O17", NodeKind::Int, 15, kParseInt}, Case{"017", NodeKind::Int, 15, kParseInt},
        Case{"0b101", NodeKind::Int, 5, kParseInt}, Case{"1_000", NodeKind::Int, 1000, kParseInt},
        Case{"1__0_", NodeKind::Int, 10, kParseInt}, Case{"0777", NodeKind::Int, 511, kParseInt},
        Case{"9223372036854775807", NodeKind::Int, 9223372036854775807.0, kParseInt},
        Case{"-9223372036854775808", NodeKind::Int, -9223372036854775808.0, kParseInt},
        // above int64: ParseUint succeeds; JSON then carries it as a float64
        Case{"18446744073709551615", NodeKind::Float, 18446744073709551615.0,
             "resolve.go: strconv.ParseUint"},
        // invalid octal digits fall through to the float pattern
        Case{"08", NodeKind::Float, 8, kFloat}, Case{"09.5", NodeKind::Float, 9.5, kFloat},
        // floats
        Case{"1.5", NodeKind::Float, 1.5, kFloat}, Case{"-1.5", NodeKind::Float, -1.5, kFloat},
        Case{"1.", NodeKind::Float, 1, kFloat}, Case{".5", NodeKind::Float, 0.5, kFloat},
        Case{"1e3", NodeKind::Float, 1000, kFloat}, Case{"1E-2", NodeKind::Float, 0.01, kFloat},
        Case{"1_0.5", NodeKind::Float, 10.5, kFloat}, Case{".inf", NodeKind::Float, INFINITY, kMap},
        Case{"-.Inf", NodeKind::Float, -INFINITY, kMap}, Case{"+.INF", NodeKind::Float, INFINITY, kMap},
        Case{".nan", NodeKind::Float, NAN, kMap}, Case{".NaN", NodeKind::Float, NAN, kMap},
        // strings that look numeric to other parsers
        Case{"1e400", NodeKind::String, 0, "ParseFloat range error: string"},
        Case{"0x", NodeKind::String, 0, kStr}, Case{"0xG", NodeKind::String, 0, kStr},
        Case{"1.2.3", NodeKind::String, 0, kStr}, Case{"inf", NodeKind::String, 0, kStr},
        Case{"-inf", NodeKind::String, 0, kStr}, Case{"nan", NodeKind::String, 0, kStr},
        Case{"12:30", NodeKind::String, 0, "base-60 is deliberately unsupported by goyaml.v2"},
        Case{"2001-12-14", NodeKind::String, 0, "timestamps decode to strings into interface{}"},
        Case{"1.0.0", NodeKind::String, 0, kStr}, Case{"+", NodeKind::String, 0, kStr},
        Case{".", NodeKind::String, 0, kStr}, Case{"_1", NodeKind::String, 0, kStr},
        Case{"<<", NodeKind::String, 0, "merge key: handled by the mapping, a string elsewhere"},
        Case{"privileged", NodeKind::String, 0, kStr}));

TEST(TaggedScalar, ExplicitTagsWinOrFail) {
  std::string decoded;
  EXPECT_EQ(resolve_tagged_scalar("tag:yaml.org,2002:str", "true", decoded)->kind, NodeKind::String);
  EXPECT_EQ(resolve_tagged_scalar("tag:yaml.org,2002:bool", "yes", decoded)->kind, NodeKind::Bool);
  auto as_float = resolve_tagged_scalar("tag:yaml.org,2002:float", "3", decoded);
  ASSERT_TRUE(as_float);
  EXPECT_EQ(as_float->kind, NodeKind::Float);
  EXPECT_EQ(as_float->number, 3.0);
  auto bad = resolve_tagged_scalar("tag:yaml.org,2002:int", "abc", decoded);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), "cannot decode !!str `abc` as a !!int");
  // goyaml.v2 leaves custom tags (and !!null) as strings.
  EXPECT_EQ(resolve_tagged_scalar("!custom", "12", decoded)->kind, NodeKind::String);
  EXPECT_EQ(resolve_tagged_scalar("tag:yaml.org,2002:null", "x", decoded)->kind, NodeKind::String);
  ASSERT_TRUE(resolve_tagged_scalar("tag:yaml.org,2002:binary", "aGVsbG8=", decoded));
  EXPECT_EQ(decoded, "hello");
}

TEST(GoFloatFormat, MatchesStrconvFormatFloatG) {
  // strconv.FormatFloat(f, 'g', -1, 64)
  EXPECT_EQ(format_go_float(1.5), "1.5");
  EXPECT_EQ(format_go_float(100000), "100000");
  EXPECT_EQ(format_go_float(1000000), "1e+06");
  EXPECT_EQ(format_go_float(0.0001), "0.0001");
  EXPECT_EQ(format_go_float(0.00001), "1e-05");
}

}  // namespace
}  // namespace bulwark::doc
