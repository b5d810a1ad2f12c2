// SARIF and text reports are written to their sink a few dozen findings at a time: around a
// write's edges (63, 64, 65 findings) and over many writes, the file holds exactly the report
// rendered as one string, and that report is whole (every finding once, in order).
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <memory>
#include <string>

#include "file_sink_capture.h"
#include "report/report_sink.h"
#include "report/sarif_report.h"
#include "report/text_report.h"
#include "sample_result.h"

namespace bulwark {
namespace {

engine::ScanResult numbered_findings(std::size_t count) {
  return testing::sample_result_cycled(
      count, [](const std::string&, std::size_t i) { return "finding #" + std::to_string(i) + "."; });
}

const std::size_t kCounts[] = {0, 1, 63, 64, 65, 129, 1000};

TEST(StreamedReport, SarifFileIsTheWholeLog) {
  const report::SarifOptions options{"1.2.3", "https://example.com/rules/"};
  for (std::size_t count : kCounts) {
    const engine::ScanResult r = numbered_findings(count);
    const std::string whole = report::render_sarif(r, options);
    EXPECT_EQ(testing::written_through_file(
                  [&](report::ReportSink& sink) { report::write_sarif(r, options, sink); }),
              whole)
        << count;
    simdjson::dom::parser parser;
    simdjson::padded_string padded(whole);
    simdjson::dom::element log;
    ASSERT_EQ(parser.parse(padded).get(log), simdjson::SUCCESS) << count;
    simdjson::dom::array results;
    ASSERT_EQ(log["runs"].at(0)["results"].get_array().get(results), simdjson::SUCCESS) << count;
    ASSERT_EQ(results.size(), count);
    std::size_t i = 0;
    for (simdjson::dom::element result : results) {
      std::string_view text;
      ASSERT_EQ(result["message"]["text"].get_string().get(text), simdjson::SUCCESS);
      EXPECT_EQ(text, "finding #" + std::to_string(i++) + ".");
    }
  }
}

TEST(StreamedReport, TextFileIsTheWholeReport) {
  for (bool explain : {false, true}) {
    const report::TextReportOptions options{.color = false, .explain = explain};
    for (std::size_t count : kCounts) {
      const engine::ScanResult r = numbered_findings(count);
      const std::string whole = report::render_text(r, options);
      EXPECT_EQ(testing::written_through_file(
                    [&](report::ReportSink& sink) { report::write_text(r, options, sink); }),
                whole)
          << count;
      // Every finding once, in order, and the summary last.
      std::size_t at = 0;
      for (std::size_t i = 0; i < count; ++i) {
        const std::string message = "finding #" + std::to_string(i) + ".\n";
        const auto found = whole.find(message, at);
        ASSERT_NE(found, std::string::npos) << i << " of " << count;
        at = found + message.size();
        EXPECT_EQ(whole.find(message, at), std::string::npos) << "twice: " << message;
      }
      EXPECT_TRUE(whole.ends_with(report::render_summary(r, options))) << count;
    }
  }
}

}  // namespace
}  // namespace bulwark
