// Expectations from the Dockerfile reference, "Environment replacement" (modifiers, patterns, escaping).
#include "dockerfile/substitution.h"

#include <gtest/gtest.h>

namespace bulwark::dockerfile {
namespace {

struct ExpandCase {
  const char* word;
  const char* expected;
};

Variables reference_variables() {
  Variables v;
  v.set("FOO", "/bar");
  v.set("EMPTY", "");
  v.set("str", "foobarbaz");
  v.set("string", "foobarbaz");
  v.set("name", "world");
  return v;
}

class ExpandTable : public testing::TestWithParam<ExpandCase> {};

TEST_P(ExpandTable, MatchesTheReference) {
  const auto result = expand(GetParam().word, reference_variables());
  ASSERT_TRUE(result.has_value()) << GetParam().word << ": " << result.error();
  EXPECT_EQ(result->text, GetParam().expected) << GetParam().word;
}

INSTANTIATE_TEST_SUITE_P(
    Reference, ExpandTable,
    testing::Values(
        // $variable and ${variable}; ${foo}_bar
        ExpandCase{"$FOO", "/bar"}, ExpandCase{"${FOO}", "/bar"}, ExpandCase{"${FOO}_x", "/bar_x"},
        ExpandCase{"$FOO/x", "/bar/x"},
        // ${variable:-word}: value if set and non-empty, else word
        ExpandCase{"${FOO:-w}", "/bar"}, ExpandCase{"${EMPTY:-w}", "w"}, ExpandCase{"${NOPE:-w}", "w"},
        // ${variable-word}: value if set (even empty)
        ExpandCase{"${EMPTY-w}", ""}, ExpandCase{"${NOPE-w}", "w"},
        // ${variable:+word}: word if set and non-empty, else empty
        ExpandCase{"${FOO:+w}", "w"}, ExpandCase{"${EMPTY:+w}", ""}, ExpandCase{"${NOPE:+w}", ""},
        // ${variable+word}: word if set (even empty)
        ExpandCase{"${EMPTY+w}", "w"}, ExpandCase{"${NOPE+w}", ""},
        // word can be any string, including additional variables
        ExpandCase{"${NOPE:-$FOO/y}", "/bar/y"}, ExpandCase{"${NOPE:-${name:-x}!}", "world!"},
        // patterns, with the reference's own examples
        ExpandCase{"${str#f*b}", "arbaz"}, ExpandCase{"${str##f*b}", "az"},
        ExpandCase{"${string%b*}", "foobar"}, ExpandCase{"${string%%b*}", "foo"},
        ExpandCase{"${string/ba/fo}", "fooforbaz"}, ExpandCase{"${string//ba/fo}", "fooforfoz"},
        ExpandCase{"${str#\\*}", "foobarbaz"},
        // escaping: \$foo and \${foo} are literals
        ExpandCase{"\\$FOO", "$FOO"}, ExpandCase{"\\${FOO}", "${FOO}"},
        // quotes are removed; single quotes stop substitution, double quotes do not
        ExpandCase{"'$FOO'", "$FOO"}, ExpandCase{"\"$FOO x\"", "/bar x"}, ExpandCase{"a\\ b", "a b"},
        ExpandCase{"\"a\\\"b\"", "a\"b"}, ExpandCase{"\"a\\nb\"", "a\\nb"},
        // a lone dollar stays
        ExpandCase{"cost$", "cost$"}, ExpandCase{"$-x", "$-x"},
        // no quote, escape or $: the word as written
        ExpandCase{"", ""}, ExpandCase{"/opt/app-1.2_x:80", "/opt/app-1.2_x:80"}));

TEST(Expand, BacktickEscape) {
  Variables v;
  v.set("P", "c:\\x");
  EXPECT_EQ(expand("`$P", v, '`')->text, "$P");
  EXPECT_EQ(expand("c:\\dir", v, '`')->text, "c:\\dir");
}

TEST(Expand, ReportsUnsetVariables) {
  const auto r = expand("$A:${B}-${C:-c}", Variables{});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->text, ":-c");
  EXPECT_EQ(r->unset, (std::vector<std::string>{"A", "B"}));
}

TEST(Expand, Errors) {
  EXPECT_FALSE(expand("'abc", Variables{}).has_value());
  EXPECT_FALSE(expand("\"abc", Variables{}).has_value());
  EXPECT_FALSE(expand("${abc", Variables{}).has_value());
  EXPECT_FALSE(expand("${}", Variables{}).has_value());
  EXPECT_FALSE(expand("${A:?must be set}", Variables{}).has_value());
  EXPECT_EQ(expand("${A:?must be set}", Variables{}).error(), "A: must be set");
  EXPECT_FALSE(expand("${A:%x}", Variables{}).has_value());
}

TEST(Glob, StarQuestionAndEscapes) {
  EXPECT_TRUE(glob_match("f*b", "foob"));
  EXPECT_TRUE(glob_match("?oo", "foo"));
  EXPECT_FALSE(glob_match("?oo", "fooo"));
  EXPECT_TRUE(glob_match("\\*", "*"));
  EXPECT_FALSE(glob_match("\\*", "a"));
  EXPECT_TRUE(glob_match("*", ""));
}

}  // namespace
}  // namespace bulwark::dockerfile
