#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace bulwark::report {

/// Where a report's text goes, piece by piece: a renderer that writes as it goes never holds the
/// whole report in memory (for a large report, that memory is fresh pages, each a page fault).
class ReportSink {
 public:
  virtual ~ReportSink() = default;
  /// Appends `text` after everything written before. Once a write fails, later ones are dropped
  /// and ok() stays false.
  virtual void write(std::string_view text) = 0;
  /// False when some text could not be written.
  virtual bool ok() const = 0;
};

/// Collects the report in a string, for the callers that need it whole (tests, the server).
class StringSink final : public ReportSink {
 public:
  explicit StringSink(std::string& out) : out_(out) {}
  void write(std::string_view text) override { out_.append(text); }
  bool ok() const override { return true; }

 private:
  std::string& out_;
};

/// Writes the report to an open stream (a file or standard output, opened and closed by the
/// caller).
class FileSink final : public ReportSink {
 public:
  explicit FileSink(std::FILE* file) : file_(file) {}
  void write(std::string_view text) override;
  bool ok() const override { return ok_; }

 private:
  std::FILE* file_;
  bool ok_ = true;
};

}  // namespace bulwark::report
