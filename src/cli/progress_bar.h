#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace bulwark::cli {

/// A progress line on standard error (`[#####-----] 120/400 files  35.2 MB/s  ETA 3s`) for scans
/// that take longer than a second on a terminal; silent otherwise, and cleared when the scan
/// ends. The engine reports no progress, so bytes read by the process (/proc/self/io) stand in:
/// files are counted done in input order as their sizes add up, an estimate good to a file or
/// two with parallel jobs.
class ProgressBar {
 public:
  /// `sizes`: the byte size of each input, in scan order. Nothing is drawn when !enabled.
  ProgressBar(std::vector<uint64_t> sizes, bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  /// Whether standard error is a terminal that wants progress (not in CI, not with TERM=dumb).
  static bool wanted_on_stderr();

 private:
  void run();
  void draw(uint64_t done_bytes, double seconds);

  std::vector<uint64_t> sizes_;
  uint64_t total_ = 0;
  uint64_t start_bytes_ = 0;
  bool drawn_ = false;
  std::mutex mutex_;
  std::condition_variable stop_signal_;
  bool stop_ = false;
  std::jthread thread_;
};

}  // namespace bulwark::cli
