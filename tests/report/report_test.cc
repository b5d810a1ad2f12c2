// The report formats other tools consume: JUnit XML, PolicyReport, GitHub workflow commands,
// markdown, and the fingerprints that baselines and SARIF rely on.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "doc/byte_source.h"
#include "doc/yaml_loader.h"
#include "report/fingerprint.h"
#include "report/github_report.h"
#include "report/junit_report.h"
#include "report/markdown_report.h"
#include "report/policy_report.h"
#include "report/report_format.h"
#include "sample_result.h"

namespace bulwark {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// --- a minimal XML 1.0 well-formedness check: nesting, quoted attributes, entity references ---

struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::vector<XmlElement> children;
};

class XmlReader {
 public:
  explicit XmlReader(std::string_view text) : s_(text) {}
  // Returns the root element, or an error message in `error`.
  XmlElement parse(std::string& error) {
    XmlElement root;
    if (s_.starts_with("<?xml")) {
      const auto end = s_.find("?>");
      if (end == std::string_view::npos) return fail(error, "unterminated declaration");
      i_ = end + 2;
    }
    skip_space();
    if (!element(root, error)) return root;
    skip_space();
    if (i_ != s_.size()) fail(error, "content after the root element");
    return root;
  }

 private:
  XmlElement fail(std::string& error, std::string message) {
    if (error.empty()) error = message + " at offset " + std::to_string(i_);
    return {};
  }
  void skip_space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  std::string name() {
    const std::size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_' ||
                              s_[i_] == '-' || s_[i_] == ':' || s_[i_] == '.'))
      ++i_;
    return std::string(s_.substr(start, i_ - start));
  }
  bool text_ok(std::string_view t, std::string& error) {
    for (std::size_t k = 0; k < t.size(); ++k) {
      if (t[k] == '<') return fail(error, "'<' in text"), false;
      if (t[k] == '&') {
        const auto semi = t.find(';', k);
        const std::string_view ref = t.substr(k + 1, semi == std::string_view::npos ? 0 : semi - k - 1);
        if (ref != "amp" && ref != "lt" && ref != "gt" && ref != "quot" && ref != "apos" &&
            !ref.starts_with('#'))
          return fail(error, "bad entity reference"), false;
      }
      if (static_cast<unsigned char>(t[k]) < 0x20 && t[k] != '\t' && t[k] != '\n' && t[k] != '\r')
        return fail(error, "control character"), false;
    }
    return true;
  }
  bool element(XmlElement& out, std::string& error) {
    if (i_ >= s_.size() || s_[i_] != '<') return fail(error, "expected '<'"), false;
    ++i_;
    out.name = name();
    if (out.name.empty()) return fail(error, "element without a name"), false;
    while (true) {
      skip_space();
      if (i_ >= s_.size()) return fail(error, "unterminated tag"), false;
      if (s_.substr(i_, 2) == "/>") {
        i_ += 2;
        return true;
      }
      if (s_[i_] == '>') {
        ++i_;
        break;
      }
      const std::string attr = name();
      if (attr.empty() || i_ >= s_.size() || s_[i_] != '=') return fail(error, "bad attribute"), false;
      ++i_;
      if (i_ >= s_.size() || (s_[i_] != '"' && s_[i_] != '\''))
        return fail(error, "unquoted attribute"), false;
      const char quote = s_[i_++];
      const auto end = s_.find(quote, i_);
      if (end == std::string_view::npos) return fail(error, "unterminated attribute"), false;
      if (!text_ok(s_.substr(i_, end - i_), error)) return false;
      if (!out.attributes.emplace(attr, std::string(s_.substr(i_, end - i_))).second)
        return fail(error, "duplicate attribute"), false;
      i_ = end + 1;
    }
    while (true) {
      const auto lt = s_.find('<', i_);
      if (lt == std::string_view::npos) return fail(error, "unclosed <" + out.name + ">"), false;
      if (!text_ok(s_.substr(i_, lt - i_), error)) return false;
      i_ = lt;
      if (s_.substr(i_, 2) == "</") {
        i_ += 2;
        if (name() != out.name) return fail(error, "mismatched end tag for " + out.name), false;
        skip_space();
        if (i_ >= s_.size() || s_[i_] != '>') return fail(error, "bad end tag"), false;
        ++i_;
        return true;
      }
      out.children.emplace_back();
      if (!element(out.children.back(), error)) return false;
    }
  }
  std::string_view s_;
  std::size_t i_ = 0;
};

TEST(JunitReport, IsWellFormedWithOneTestcasePerObjectRulePair) {
  const engine::ScanResult result = testing::sample_result();
  const std::string xml = report::render_junit(result);
  std::string error;
  const XmlElement root = XmlReader(xml).parse(error);
  ASSERT_EQ(error, "") << xml;
  EXPECT_EQ(root.name, "testsuites");
  std::size_t cases = 0, failures = 0, errors = 0;
  std::map<std::string, std::size_t> cases_per_pair;
  for (const XmlElement& suite : root.children) {
    EXPECT_EQ(suite.name, "testsuite");
    std::size_t suite_cases = 0;
    for (const XmlElement& c : suite.children) {
      ASSERT_EQ(c.name, "testcase");
      ++cases;
      ++suite_cases;
      ++cases_per_pair[suite.attributes.at("name") + "|" + c.attributes.at("classname") + "|" +
                       c.attributes.at("name")];
      for (const XmlElement& outcome : c.children) {
        failures += outcome.name == "failure";
        errors += outcome.name == "error";
      }
    }
    EXPECT_EQ(suite.attributes.at("tests"), std::to_string(suite_cases));
  }
  // 5 findings: two share (Deployment prod/web, rule) → 4 failing pairs; 1 load error.
  EXPECT_EQ(cases, 5u);
  EXPECT_EQ(failures, 4u);
  EXPECT_EQ(errors, 1u);
  for (const auto& [pair, n] : cases_per_pair) EXPECT_EQ(n, 1u) << pair;
  EXPECT_EQ(root.attributes.at("tests"), "5");
  EXPECT_EQ(root.attributes.at("failures"), "4");
  EXPECT_EQ(root.attributes.at("errors"), "1");
  EXPECT_THAT(xml, HasSubstr("&lt;b&gt;&amp;&quot;quotes&quot;&lt;/b&gt;"));
}

TEST(JunitReport, CleanScanIsOnePassingTestcase) {
  std::string error;
  const XmlElement root = XmlReader(report::render_junit(engine::ScanResult{})).parse(error);
  ASSERT_EQ(error, "");
  EXPECT_EQ(root.attributes.at("tests"), "1");
  EXPECT_EQ(root.attributes.at("failures"), "0");
}

TEST(JunitReport, EscapesControlCharacters) {
  EXPECT_EQ(report::xml_escape("a\x01"
                               "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(report::xml_escape("<&>\"'"), "&lt;&amp;&gt;&quot;&apos;");
}

// --- PolicyReport: read back with bulwark's own YAML loader and checked against the CRD ---

TEST(PolicyReport, FollowsTheWgPolicyCrd) {
  const std::string yaml = report::render_policy_report(testing::sample_result(), {1700000000});
  doc::MemoryByteSource source(yaml);
  doc::YamlStreamLoader loader(source, "report.yaml");
  std::map<std::string, const doc::Node*> by_kind_ns;
  std::vector<doc::Document> docs;
  while (auto d = loader.next()) {
    ASSERT_TRUE(d->has_value()) << d->error().message;
    docs.push_back(std::move(**d));
  }
  ASSERT_EQ(docs.size(), 3u) << yaml;  // cluster, default, prod
  std::size_t total_results = 0;
  for (const doc::Document& d : docs) {
    const doc::Node* root = d.root();
    EXPECT_EQ(root->get("apiVersion")->text(), "wgpolicyk8s.io/v1alpha2");
    const std::string_view kind = root->get("kind")->text();
    const doc::Node* ns = root->find("metadata.namespace");
    if (kind == "PolicyReport") {
      ASSERT_NE(ns, nullptr);
    } else {
      EXPECT_EQ(kind, "ClusterPolicyReport");
      EXPECT_EQ(ns, nullptr);
    }
    const doc::Node* results = root->get("results");
    ASSERT_TRUE(results && results->is_sequence());
    EXPECT_EQ(root->find("summary.fail")->as_int(), static_cast<int64_t>(results->size()));
    for (const doc::Node* r : results->items()) {
      ++total_results;
      ASSERT_NE(r->get("policy"), nullptr);  // the CRD's one required field
      EXPECT_THAT((std::vector<std::string>{"pass", "fail", "warn", "error", "skip"}),
                  ::testing::Contains(std::string(r->get("result")->text())));
      EXPECT_THAT((std::vector<std::string>{"critical", "high", "medium", "low", "info"}),
                  ::testing::Contains(std::string(r->get("severity")->text())));
      EXPECT_EQ(r->find("timestamp.seconds")->as_int(), 1700000000);
      EXPECT_TRUE(r->get("scored")->as_bool().value_or(false));
      // properties is map[string]string: every value must load as a string.
      for (const doc::MapEntry& p : r->get("properties")->entries())
        EXPECT_TRUE(p.value->is_string()) << p.name;
      if (const doc::Node* res = r->get("resources")) {
        const doc::Node* ref = res->at(0);
        if (kind == "PolicyReport") {
          EXPECT_EQ(ref->get("namespace")->text(), ns->text());
        }
        if (ref->get("kind")->text() == "ClusterRole") {
          EXPECT_EQ(kind, "ClusterPolicyReport");
        }
      }
    }
  }
  EXPECT_EQ(total_results, 5u);
}

// --- GitHub workflow commands ---

TEST(GithubReport, OneEscapedCommandPerFinding) {
  const std::string out = report::render_github(testing::sample_result());
  const auto first_line = out.substr(0, out.find('\n'));
  EXPECT_EQ(first_line,
            "::error file=k8s/bad.yaml,line=4,col=1,title=bulwark load error::tab character used for "
            "indentation");
  EXPECT_THAT(out, HasSubstr("file=k8s/deploy.yaml,line=31,col=21,endLine=31,endColumn=25,title="));
  EXPECT_THAT(out, HasSubstr("100%25%0Asecond line"));
  std::size_t lines = 0;
  for (char c : out) lines += c == '\n';
  EXPECT_EQ(lines, 6u);  // a multi-line message stays on one line
  EXPECT_THAT(out, HasSubstr("file=/abs/path with space/Dockerfile,line=2"));
}

// --- markdown for pull-request comments ---

TEST(MarkdownReport, SummaryAndTableWithEscapedCells) {
  const std::string md = report::render_markdown(testing::sample_result(), {});
  EXPECT_THAT(md, HasSubstr("### ❌ bulwark: 5 findings"));
  EXPECT_THAT(md, HasSubstr("| severity | rule | location | object | message |"));
  EXPECT_THAT(md, HasSubstr("must not set privileged \\| &lt;b>"));
  EXPECT_THAT(md, Not(HasSubstr("privileged | <b>")));
  const std::string capped = report::render_markdown(testing::sample_result(), {2});
  EXPECT_THAT(capped, HasSubstr("… and 3 more"));
  EXPECT_THAT(report::render_markdown(engine::ScanResult{}, {}), HasSubstr("no findings"));
}

// --- fingerprints ---

TEST(Fingerprint, IgnoresLinesButNotIdentity) {
  engine::ScanResult a = testing::sample_result();
  engine::ScanResult b = testing::sample_result();
  for (auto& f : b.findings) f.location.range.begin.line += 10;  // lines inserted above
  EXPECT_EQ(report::fingerprints(a.findings), report::fingerprints(b.findings));
  b.findings[0].field_path = "spec.template.spec.containers[2].securityContext.privileged";
  EXPECT_NE(report::fingerprints(a.findings)[0], report::fingerprints(b.findings)[0]);
  // Identical identities are told apart by occurrence.
  engine::ScanResult c;
  c.findings = {a.findings[0], a.findings[0]};
  const auto prints = report::fingerprints(c.findings);
  EXPECT_NE(prints[0], prints[1]);
}

TEST(ReportFormat, NamesRoundTrip) {
  for (std::string_view n : {"text", "json", "sarif", "junit", "policyreport", "github", "markdown"})
    EXPECT_TRUE(report::parse_report_format(n).has_value()) << n;
  EXPECT_FALSE(report::parse_report_format("xml").has_value());
}

}  // namespace
}  // namespace bulwark
