#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bulwark::image {

/// One step of the build history as recorded in the image config.
struct HistoryEntry {
  std::string created_by;  // the Dockerfile instruction / shell command, with build args expanded
  std::string comment;
  bool empty_layer = false;  // true for metadata-only steps (ENV, USER, ...) that add no layer
};

/// A HEALTHCHECK as recorded in the config ("Test": ["CMD-SHELL", "..."] or ["NONE"]).
struct Healthcheck {
  std::vector<std::string> test;
  bool disabled() const { return !test.empty() && test.front() == "NONE"; }
};

/// The parts of an OCI / Docker image config that security rules read.
struct ImageConfig {
  std::string os;
  std::string architecture;
  std::string variant;
  std::string user;                        // empty means root
  std::vector<std::string> env;            // "NAME=value"
  std::vector<std::string> exposed_ports;  // "22/tcp"
  std::optional<Healthcheck> healthcheck;
  std::vector<std::pair<std::string, std::string>> labels;
  std::vector<std::string> entrypoint;
  std::vector<std::string> cmd;
  std::string working_dir;
  std::vector<std::string> diff_ids;  // rootfs.diff_ids: sha256 of each uncompressed layer, in order
  std::vector<HistoryEntry> history;
};

}  // namespace bulwark::image
