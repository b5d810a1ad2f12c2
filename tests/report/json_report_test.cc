// The JSON report renders large finding lists on several threads: the text must not depend on
// how many, and must stay one valid document with every finding once, in order.
#include "report/json_report.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <memory>
#include <string>

#include "file_sink_capture.h"
#include "report/report_sink.h"
#include "sample_result.h"

namespace bulwark {
namespace {

engine::ScanResult many_findings(std::size_t count) {
  return testing::sample_result_cycled(
      count, [](const std::string& shape, std::size_t i) { return shape + " #" + std::to_string(i); });
}

TEST(JsonReport, TextDoesNotDependOnThreads) {
  for (std::size_t count : {0u, 1u, 63u, 64u, 65u, 511u, 1024u, 1537u, 5000u, 12500u}) {
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

// The report is written in chunks of findings, rendered on several threads (from 8,192 findings on)
// and written in turn: around a chunk's edges (63, 64, 65 findings) and with many chunks, the bytes
// written to a file or a string are the whole-string report's, whatever the thread count.
TEST(JsonReport, StreamedReportIsTheRenderedOne) {
  for (std::size_t count : {0u, 1u, 63u, 64u, 65u, 5000u, 12500u}) {
    const engine::ScanResult r = many_findings(count);
    const std::string whole = report::render_json(r, "1.2.3", 1);
    ASSERT_TRUE(whole.starts_with("{\"schemaVersion\":1,")) << count;
    ASSERT_TRUE(whole.ends_with("}}\n")) << count;
    for (unsigned threads = 1; threads <= 8; ++threads) {
      std::string streamed;
      report::StringSink sink(streamed);
      report::write_json(r, "1.2.3", sink, threads);
      EXPECT_EQ(streamed, whole) << count << " findings, " << threads << " threads";
      EXPECT_EQ(testing::written_through_file(
                    [&](report::ReportSink& file) { report::write_json(r, "1.2.3", file, threads); }),
                whole)
          << count << " findings, " << threads << " threads";
    }
  }
}

// A full device refuses the write: the sink says so, instead of a report silently cut short.
TEST(JsonReport, FileSinkReportsAFailedWrite) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> full(std::fopen("/dev/full", "wb"), &std::fclose);
  if (!full) GTEST_SKIP() << "no /dev/full here";
  report::FileSink sink(full.get());
  report::write_json(many_findings(1000), "1.2.3", sink, 2);
  EXPECT_FALSE(sink.ok());
}

}  // namespace
}  // namespace bulwark
