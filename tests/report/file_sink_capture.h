#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>

#include "report/report_sink.h"

namespace bulwark::testing {

/// Runs `write` on a FileSink over a temporary file and returns what the file holds: what a
/// report written to a file or standard output really contains.
template <typename Write>
std::string written_through_file(Write write) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::tmpfile(), &std::fclose);
  EXPECT_TRUE(file);
  if (!file) return {};
  report::FileSink sink(file.get());
  write(sink);
  EXPECT_TRUE(sink.ok());
  std::fflush(file.get());
  std::rewind(file.get());
  std::string text;
  char buffer[65536];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0;) text.append(buffer, n);
  return text;
}

}  // namespace bulwark::testing
