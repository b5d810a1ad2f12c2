// The JSON report renders large finding lists on several threads: the text must not depend on
// how many, and must stay one valid document with every finding once, in order.
#include "report/json_report.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>

#include "sample_result.h"

namespace bulwark {
namespace {

engine::ScanResult many_findings(std::size_t count) {
  engine::ScanResult r = testing::sample_result();
  const std::vector<rules::Finding> shapes = r.findings;
  r.findings.clear();
  for (std::size_t i = 0; i < count; ++i) {
    rules::Finding f = shapes[i % shapes.size()];
    f.message += " #" + std::to_string(i);
    r.findings.push_back(std::move(f));
  }
  return r;
}

TEST(JsonReport, TextDoesNotDependOnThreads) {
  for (std::size_t count : {0u, 1u, 511u, 1024u, 1537u, 5000u}) {
    const engine::ScanResult r = many_findings(count);
    const std::string serial = report::render_json(r, "1.2.3", 1);
    for (unsigned threads : {2u, 3u, 8u})
      EXPECT_EQ(report::render_json(r, "1.2.3", threads), serial) << count;

    simdjson::dom::parser parser;
    simdjson::padded_string padded(serial);
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(padded).get(doc), simdjson::SUCCESS) << count;
    simdjson::dom::array findings;
    ASSERT_EQ(doc["findings"].get_array().get(findings), simdjson::SUCCESS);
    ASSERT_EQ(findings.size(), count);
    std::size_t i = 0;
    for (simdjson::dom::element f : findings) {
      std::string_view message;
      ASSERT_EQ(f["message"].get_string().get(message), simdjson::SUCCESS);
      EXPECT_TRUE(message.ends_with(" #" + std::to_string(i))) << message;
      ++i;
    }
  }
}

}  // namespace
}  // namespace bulwark
