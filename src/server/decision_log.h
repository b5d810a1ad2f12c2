#pragma once

#include <string>
#include <string_view>

#include "server/admission_evaluator.h"

namespace bulwark::server {

/// One JSON line per admission decision, for the cluster's log pipeline: request uid, kind,
/// namespace/name, user, operation, decision, rule ids and latency.
std::string decision_log_line(const AdmissionRequest& request, const Decision& decision, double latency_ms);
/// The line for a request that could not be decided (malformed body, too large, ...).
std::string error_log_line(std::string_view uid, int http_status, std::string_view message,
                           double latency_ms);

/// Where decision lines go: a file descriptor (standard output by default), written with one
/// write(2) per line so lines from concurrent requests never interleave.
class DecisionLog {
 public:
  explicit DecisionLog(int fd = 1, bool enabled = true) : fd_(fd), enabled_(enabled) {}
  void write(std::string line) const;
  /// False with --no-decision-log: callers skip formatting lines nobody reads.
  bool enabled() const { return enabled_; }

 private:
  int fd_;
  bool enabled_;
};

}  // namespace bulwark::server
