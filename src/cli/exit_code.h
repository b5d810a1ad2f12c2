#pragma once

namespace bulwark::cli {

/// Exit codes CI systems act on.
enum ExitCode : int {
  kClean = 0,            // nothing at or above the severity threshold
  kFindings = 1,         // findings at or above the threshold
  kUsageOrLoadError = 2  // bad flags, unreadable input, or documents that could not be loaded
};

}  // namespace bulwark::cli
