// The edit engine on small texts: text edits, the document editor's placement rules, the
// verification that refuses unsafe results, unified diffs and digest pins.
#include <gtest/gtest.h>

#include "doc/byte_source.h"
#include "doc/yaml_loader.h"
#include "fix/digest_pins.h"
#include "fix/document_editor.h"
#include "fix/tree_compare.h"
#include "fix/unified_diff.h"
#include "fix_test_support.h"

namespace bulwark::fix {
namespace {

using testing::default_options;

doc::Document load(std::string_view text) {
  auto docs = doc::load_yaml_chunk("t.yaml", std::string(text), 1, 0, {});
  EXPECT_EQ(docs.size(), 1u);
  EXPECT_TRUE(docs.front().has_value());
  return std::move(*docs.front());
}

TEST(TextEdits, ApplyInOffsetOrderWithTiesByOrder) {
  const std::vector<TextEdit> edits{{5, 5, "B", 1}, {0, 1, "x", 0}, {5, 5, "A", 0}};
  EXPECT_EQ(*apply_edits("hello world", edits), "xelloAB world");
}

TEST(TextEdits, OverlapIsAnError) {
  const std::vector<TextEdit> edits{{0, 4, "a", 0}, {2, 6, "b", 0}};
  EXPECT_FALSE(apply_edits("0123456789", edits).has_value());
  const std::vector<TextEdit> outside{{8, 20, "a", 0}};
  EXPECT_FALSE(apply_edits("0123456789", outside).has_value());
}

struct EditorFixture {
  std::string text;
  doc::Document document;
  doc::TextPositions positions;
  DocumentEditor editor;
  explicit EditorFixture(std::string t)
      : text(std::move(t)), document(load(text)), positions(text, 1), editor(text, positions, layout()) {}
  YamlLayout layout() {
    YamlLayoutDetector d(text);
    d.observe(*load(text).root());
    return d.result();
  }
  std::string result() {
    auto edits = editor.finish();
    EXPECT_TRUE(edits.has_value()) << (edits ? "" : edits.error());
    return edits ? *apply_edits(text, *edits) : text;
  }
};

constexpr std::string_view kSc[] = {"securityContext", "privileged"};

TEST(DocumentEditor, InsertsAtTheEndOfAFileWithoutFinalNewline) {
  EditorFixture f("a: 1\nb:\n  c: 2");
  constexpr std::string_view path[] = {"b", "d"};
  ASSERT_TRUE(f.editor.set(*f.document.root(), "", path, NewValue::boolean(true)));
  EXPECT_EQ(f.result(), "a: 1\nb:\n  c: 2\n  d: true\n");
}

// Found by the fix fuzzer: `key:` as the file's last bytes gets its value on its own line, and
// the lines added after it start on the next one.
TEST(DocumentEditor, CompletesAnEmptyLastValueBeforeAppendingLines) {
  EditorFixture f("sc:\n  a:");
  constexpr std::string_view a[] = {"sc", "a"};
  constexpr std::string_view b[] = {"sc", "b"};
  ASSERT_TRUE(f.editor.set(*f.document.root(), "", b, NewValue::boolean(false)));
  ASSERT_TRUE(f.editor.set(*f.document.root(), "", a, NewValue::boolean(true)));
  EXPECT_EQ(f.result(), "sc:\n  a: true\n  b: false\n");
}

TEST(DocumentEditor, ReplacesAScalarKeepingTheCommentAfterIt) {
  EditorFixture f("securityContext:\n  privileged: true   # needed?\n");
  ASSERT_TRUE(f.editor.set(*f.document.root(), "", kSc, NewValue::boolean(false)));
  EXPECT_EQ(f.result(), "securityContext:\n  privileged: false   # needed?\n");
  ASSERT_EQ(f.editor.changed_paths().size(), 1u);
  EXPECT_EQ(f.editor.changed_paths()[0], "securityContext.privileged");
}

TEST(DocumentEditor, CreatesMissingMappingsWithTheFilesIndentation) {
  EditorFixture f("spec:\n    name: x\n    ports:\n    -   port: 1\n");
  constexpr std::string_view path[] = {"spec", "securityContext", "capabilities", "drop"};
  ASSERT_TRUE(f.editor.append(*f.document.root(), "", path, NewValue::string("ALL")));
  EXPECT_EQ(f.result(),
            "spec:\n    name: x\n    ports:\n    -   port: 1\n"
            "    securityContext:\n        capabilities:\n            drop:\n            - ALL\n");
  EXPECT_EQ(f.editor.changed_paths().at(0), "spec.securityContext");
}

TEST(DocumentEditor, RefusesToEditThroughAnAlias) {
  EditorFixture f("base: &sc\n  privileged: true\nc:\n  securityContext: *sc\n");
  constexpr std::string_view path[] = {"c", "securityContext", "privileged"};
  auto r = f.editor.set(*f.document.root(), "", path, NewValue::boolean(false));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().find("alias"), std::string::npos) << r.error();
}

// An alias of an anchored empty value (`key: &a` ... `other: *a`) reads as an empty `key:`, but
// nothing may be written after the alias: it is refused like any alias, not filled in place.
TEST(DocumentEditor, RefusesToFillAnAliasOfAnEmptyAnchor) {
  EditorFixture f("a: &sc\nc:\n  securityContext: *sc\n");
  constexpr std::string_view path[] = {"c", "securityContext", "privileged"};
  auto r = f.editor.set(*f.document.root(), "", path, NewValue::boolean(false));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().find("alias"), std::string::npos) << r.error();
}

TEST(FileFixer, AliasOfAnEmptyAnchorIsNotFilledIn) {
  // Found by the fix fuzzer: the second container's fix was written after `*sc` (which does
  // not parse) and the document was only saved by the final check.
  const std::string text =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: x:1\n"
      "    securityContext: &sc\n  - name: b\n    image: x:1\n    securityContext: *sc\n";
  const FileFixResult r = fix_text("alias.yaml", text, default_options());
  EXPECT_EQ(r.text, text);
  for (const std::string& n : r.notices) EXPECT_EQ(n.find("would not parse"), std::string::npos) << n;
}

TEST(DocumentEditor, RefusesToEditAMergedKey) {
  EditorFixture f("base: &sc\n  privileged: true\nsc:\n  <<: *sc\n  runAsUser: 1\n");
  constexpr std::string_view path[] = {"sc", "privileged"};
  auto r = f.editor.set(*f.document.root(), "", path, NewValue::boolean(false));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().find("merge"), std::string::npos);
}

TEST(DocumentEditor, AppendsToFlowSequencesAndMappings) {
  EditorFixture f("a: {b: [x, y], c: {}}\n");
  constexpr std::string_view b[] = {"a", "b"};
  constexpr std::string_view c[] = {"a", "c", "k"};
  ASSERT_TRUE(f.editor.append(*f.document.root(), "", b, NewValue::string("z")));
  ASSERT_TRUE(f.editor.set(*f.document.root(), "", c, NewValue::string("v")));
  EXPECT_EQ(f.result(), "a: {b: [x, y, z], c: {k: v}}\n");
}

TEST(DocumentEditor, NullValuesInFlowMappingsAreReplacedInFlowStyle) {
  EditorFixture f("a: {b: null, c: 1}\n");
  constexpr std::string_view path[] = {"a", "b", "d"};
  ASSERT_TRUE(f.editor.set(*f.document.root(), "", path, NewValue::boolean(false)));
  EXPECT_EQ(f.result(), "a: {b: {d: false}, c: 1}\n");
}

TEST(DocumentEditor, NullValuesInBlockMappingsGetABlock) {
  EditorFixture f("a:\n  b: null # empty\n  c: 1\n");
  constexpr std::string_view path[] = {"a", "b", "d"};
  ASSERT_TRUE(f.editor.set(*f.document.root(), "", path, NewValue::boolean(false)));
  EXPECT_EQ(f.result(), "a:\n  b: # empty\n    d: false\n  c: 1\n");
}

TEST(DocumentEditor, JsonStyleFlowMappingsGetQuotedKeys) {
  EditorFixture f("{\"spec\": {\"name\": \"x\"}}\n");
  constexpr std::string_view path[] = {"spec", "seccompProfile", "type"};
  ASSERT_TRUE(f.editor.set(*f.document.root(), "", path, NewValue::string("RuntimeDefault")));
  EXPECT_EQ(f.result(),
            "{\"spec\": {\"name\": \"x\", \"seccompProfile\": {\"type\": \"RuntimeDefault\"}}}\n");
}

TEST(DocumentEditor, KeepsQuotingStyleOfReplacedStrings) {
  EditorFixture f("a: 'x:latest'\nb: \"y\"\nc: z\n");
  ASSERT_TRUE(f.editor.replace_string(*f.document.root()->get("a"), "a", "x@sha256:1"));
  ASSERT_TRUE(f.editor.replace_string(*f.document.root()->get("b"), "b", "y2"));
  ASSERT_TRUE(f.editor.replace_string(*f.document.root()->get("c"), "c", "z2"));
  EXPECT_EQ(f.result(), "a: 'x@sha256:1'\nb: \"y2\"\nc: z2\n");
}

TEST(TreeCompare, FindsDifferencesOutsideAllowedPaths) {
  // (keys "y"/"n" would be booleans in YAML 1.1, as Kubernetes reads them)
  const doc::Document a = load("x:\n  k: 1\n  z: [1, 2]\n");
  const doc::Document b = load("x:\n  k: 2\n  z: [1, 2]\n  w: 3\n");
  const std::vector<std::string> none;
  EXPECT_EQ(first_difference(*a.root(), *b.root(), none), std::optional<std::string>("x.k"));
  const std::vector<std::string> k{"x.k"};
  EXPECT_EQ(first_difference(*a.root(), *b.root(), k), std::optional<std::string>("x.w"));
  const std::vector<std::string> both{"x.k", "x.w"};
  EXPECT_EQ(first_difference(*a.root(), *b.root(), both), std::nullopt);
}

TEST(UnifiedDiff, MatchesDiffU) {
  // `diff -u` of these two texts (checked by hand against GNU diffutils' output format).
  const std::string before = "a\nb\nc\nd\ne\nf\ng\nh\n";
  const std::string after = "a\nb\nc\nD\ne\nf\ng\nh\ni\n";
  EXPECT_EQ(unified_diff("f.yaml", before, after),
            "--- a/f.yaml\n+++ b/f.yaml\n@@ -1,8 +1,9 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n h\n+i\n");
  EXPECT_EQ(unified_diff("f", "x\n", "x\n"), "");
  EXPECT_EQ(unified_diff("f", "x", "y\n"),
            "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+y\n");
}

TEST(UnifiedDiff, SeparateHunksForDistantChanges) {
  std::string before, after;
  for (int i = 0; i < 20; ++i) {
    before += std::to_string(i) + "\n";
    after += (i == 2 || i == 17 ? "x" : std::to_string(i)) + "\n";
  }
  const std::string d = unified_diff("f", before, after);
  EXPECT_NE(d.find("@@ -1,6 +1,6 @@\n 0\n 1\n-2\n+x\n 3\n 4\n 5\n"), std::string::npos) << d;
  EXPECT_NE(d.find("@@ -15,6 +15,6 @@\n 14\n 15\n 16\n-17\n+x\n 18\n 19\n"), std::string::npos) << d;
}

TEST(DigestPins, ParsesAndNormalisesImageNames) {
  auto pins = DigestPins::parse(
      "nginx sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
      "  # comment\n\n"
      "registry.local:5000/team/"
      "app:latest=sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n");
  ASSERT_TRUE(pins.has_value()) << pins.error();
  EXPECT_EQ(
      pins->pin("docker.io/library/nginx:latest"),
      "docker.io/library/nginx@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  EXPECT_EQ(pins->pin("nginx"),
            "nginx@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  EXPECT_EQ(
      pins->pin("registry.local:5000/team/app"),
      "registry.local:5000/team/app@sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
  EXPECT_EQ(pins->pin("nginx:1.25"), std::nullopt);
  EXPECT_EQ(normalise_image("library/redis"), "docker.io/library/redis:latest");
  EXPECT_EQ(normalise_image("localhost/x:1"), "localhost/x:1");
}

TEST(DigestPins, RejectsBadLinesWithTheirNumber) {
  auto bad = DigestPins::parse("nginx sha256:abc\n");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().find("line 1"), std::string::npos);
  EXPECT_FALSE(DigestPins::parse("\nnginx\n").has_value());
}

TEST(FileFixer, DocumentThatWouldChangeElsewhereIsLeftUntouched) {
  // The container's securityContext is an anchor also used by a second container: fixing it
  // at the anchor would change both, so the verification refuses and reports it.
  const std::string text =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: shared\nspec:\n"
      "  securityContext:\n    runAsNonRoot: true\n    seccompProfile:\n      type: RuntimeDefault\n"
      "  containers:\n  - name: a\n    image: x:1\n    securityContext: &sc\n      capabilities:\n"
      "        drop: [ALL]\n  - name: b\n    image: x:1\n    securityContext: *sc\n";
  const FileFixResult r = fix_text("shared.yaml", text, default_options());
  EXPECT_EQ(r.text, text);
  EXPECT_FALSE(r.notices.empty());
}

TEST(FileFixer, UnparseableFileIsReportedWithPosition) {
  const FileFixResult r = fix_text("bad.yaml", "a: [1, 2\nb: 3\n", default_options());
  EXPECT_FALSE(r.changed);
  ASSERT_EQ(r.notices.size(), 1u);
  EXPECT_NE(r.notices[0].find("does not parse (2:"), std::string::npos) << r.notices[0];
}

TEST(FileFixer, RunAsUserZeroIsAChoiceNotAGuess) {
  const std::string text =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: root\nspec:\n  securityContext:\n    runAsUser: 0\n"
      "  containers:\n  - name: a\n    image: x:1\n";
  const FileFixResult r = fix_text("root.yaml", text, default_options());
  EXPECT_EQ(r.text.find("runAsNonRoot"), std::string::npos);
  bool reported = false;
  for (const auto& u : r.unfixed) reported |= u.rule_id == "PSS-runAsNonRoot";
  EXPECT_TRUE(reported);
}

}  // namespace
}  // namespace bulwark::fix
