// SARIF output checked against the SARIF 2.1.0 JSON schema (vendored, see SCHEMA-LICENSE.md) and
// against what GitHub code scanning reads from it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include "json_schema.h"
#include "report/sarif_report.h"
#include "rules/catalog.h"
#include "sample_result.h"

namespace bulwark {
namespace {

using ::testing::IsEmpty;

class SarifSchema : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(
        schema_parser_.load(BULWARK_SOURCE_DIR "/tests/report/sarif-schema-2.1.0.json").get(schema_doc_),
        simdjson::SUCCESS);
  }
  std::vector<std::string> errors_of(const std::string& json) {
    simdjson::dom::element doc;
    if (parser_.parse(json).get(doc)) return {"not JSON"};
    return testing::JsonSchema(schema_doc_).validate(doc);
  }
  simdjson::dom::parser schema_parser_, parser_;
  simdjson::dom::element schema_doc_;
};

TEST_F(SarifSchema, ReportIsValid) {
  const std::string sarif = report::render_sarif(testing::sample_result(), {"1.2.3", ""});
  EXPECT_THAT(errors_of(sarif), IsEmpty());
}

TEST_F(SarifSchema, EmptyScanIsValid) {
  EXPECT_THAT(errors_of(report::render_sarif(engine::ScanResult{}, {"1.2.3", "https://example.org/rules/"})),
              IsEmpty());
}

// The validator itself must reject what the schema forbids, or the tests above prove nothing.
TEST_F(SarifSchema, ValidatorRejectsViolations) {
  const std::string good = report::render_sarif(testing::sample_result(), {"1.2.3", ""});
  auto replaced = [&](std::string_view from, std::string_view to) {
    std::string s = good;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  EXPECT_THAT(errors_of(replaced(R"("version":"2.1.0")", R"("version":"2.0.0")")), ::testing::Not(IsEmpty()));
  EXPECT_THAT(errors_of(replaced(R"("startLine":31)", R"("startLine":"31")")), ::testing::Not(IsEmpty()));
  EXPECT_THAT(errors_of(replaced(R"("startLine":31)", R"("startLine":0)")), ::testing::Not(IsEmpty()));
  EXPECT_THAT(errors_of(replaced(R"("level":"error")", R"("level":"fatal")")), ::testing::Not(IsEmpty()));
  EXPECT_THAT(errors_of(replaced(R"("ruleId":)", R"("unknownProperty":1,"ruleId":)")),
              ::testing::Not(IsEmpty()));
}

TEST_F(SarifSchema, CarriesWhatGitHubCodeScanningReads) {
  const engine::ScanResult result = testing::sample_result();
  const std::string sarif = report::render_sarif(result, {"1.2.3", "https://example.org/rules/"});
  simdjson::dom::element doc;
  ASSERT_EQ(parser_.parse(sarif).get(doc), simdjson::SUCCESS);
  simdjson::dom::element run = doc["runs"].at(0);
  simdjson::dom::array rule_table = run["tool"]["driver"]["rules"];
  EXPECT_EQ(rule_table.size(), rules::all_rules().size());
  simdjson::dom::element first_rule = rule_table.at(0);
  const rules::RuleMeta& meta = *rules::all_rules().front();
  EXPECT_EQ(std::string_view(first_rule["id"]), meta.id);
  EXPECT_EQ(std::string_view(first_rule["helpUri"]),
            "https://example.org/rules/" + std::string(meta.id) + ".md");
  EXPECT_THAT(std::string(std::string_view(first_rule["help"]["markdown"])), ::testing::HasSubstr(meta.fix));
  EXPECT_EQ(std::string_view(first_rule["properties"]["security-severity"]),
            report::security_severity(meta.severity));

  simdjson::dom::array results = run["results"];
  ASSERT_EQ(results.size(), result.findings.size());
  simdjson::dom::element r0 = results.at(0);
  EXPECT_EQ(int64_t(r0["ruleIndex"]), 0);
  simdjson::dom::element region = r0["locations"].at(0)["physicalLocation"]["region"];
  EXPECT_EQ(int64_t(region["startLine"]), 31);
  EXPECT_EQ(int64_t(region["startColumn"]), 21);
  EXPECT_EQ(int64_t(region["endColumn"]), 25);
  EXPECT_EQ(std::string_view(r0["locations"].at(0)["physicalLocation"]["artifactLocation"]["uri"]),
            "k8s/deploy.yaml");
  // Two findings of one rule on one object still get distinct, stable fingerprints.
  const std::string_view fp0 = r0["partialFingerprints"]["bulwarkFindingHash/v1"];
  const std::string_view fp1 = results.at(1)["partialFingerprints"]["bulwarkFindingHash/v1"];
  EXPECT_EQ(fp0.size(), 16u);
  EXPECT_NE(fp0, fp1);
  // Paths become URI references: spaces encoded, absolute paths as file URIs.
  EXPECT_EQ(std::string_view(results.at(4)["locations"].at(0)["physicalLocation"]["artifactLocation"]["uri"]),
            "file:///abs/path%20with%20space/Dockerfile");
  EXPECT_EQ(results.at(2)["relatedLocations"].at(0)["message"]["text"].get_string().value(), "bound here");
  EXPECT_FALSE(bool(run["invocations"].at(0)["executionSuccessful"]));
}

}  // namespace
}  // namespace bulwark
