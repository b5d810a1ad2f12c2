#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "report/report_sink.h"

namespace bulwark::report {

/// Appends compact JSON to a string, placing commas itself: reports write members in the order
/// the format documents, without building a tree first.
class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  /// The next member's name (inside an object).
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(int64_t n);
  JsonWriter& value(uint64_t n);
  JsonWriter& value(int n) { return value(static_cast<int64_t>(n)); }
  JsonWriter& value(unsigned n) { return value(static_cast<uint64_t>(n)); }
  JsonWriter& value(bool b);
  /// A member with a string value, skipped when the value is empty.
  JsonWriter& optional(std::string_view name, std::string_view s);
  /// Raw JSON text (already valid) as the next value.
  JsonWriter& raw(std::string_view json);
  /// A line break between values, for diff-friendly files.
  JsonWriter& newline();

  std::string take() { return std::move(out_); }
  /// Writes the text so far to `sink` and forgets it (the open containers stay open), so that a
  /// long document is never whole in memory.
  void write_to(ReportSink& sink) {
    sink.write(out_);
    out_.clear();
  }
  const std::string& text() const { return out_; }

 private:
  void before_value();
  std::string out_;
  std::vector<bool> first_;  // per open container: no value written yet
  bool after_key_ = false;
};

}  // namespace bulwark::report
