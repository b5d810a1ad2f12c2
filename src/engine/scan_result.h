#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "doc/load_error.h"
#include "rules/finding.h"

namespace bulwark::engine {

/// Something the user should know that is neither a finding nor an error (an unrendered Helm
/// template, a chart that needs `helm template`).
struct Notice {
  std::string file;
  std::string message;
};

/// Counts for the closing summary line.
struct ScanStats {
  uint64_t files = 0;
  uint64_t documents = 0;          // non-empty documents read
  uint64_t objects = 0;            // Kubernetes objects checked
  uint64_t skipped_documents = 0;  // documents that are not Kubernetes objects
  uint64_t bytes = 0;
  uint64_t suppressed = 0;  // findings silenced by annotations, configuration or a baseline
  double seconds = 0;
};

/// The OS packages of one scanned image as a CycloneDX JSON document (`--format cyclonedx`).
struct ImageSbom {
  std::string source;  // the image path as scanned
  std::string cyclonedx;
};

/// The outcome of a scan: findings sorted by file, line, column and rule id.
struct ScanResult {
  std::vector<rules::Finding> findings;
  std::vector<ImageSbom> sboms;  // in input order; only when ScanOptions::collect_sboms
  std::vector<doc::LoadError> load_errors;
  std::vector<Notice> notices;
  ScanStats stats;
};

}  // namespace bulwark::engine
