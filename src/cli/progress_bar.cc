#include "cli/progress_bar.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

namespace bulwark::cli {
namespace {

// Bytes this process has read so far ("rchar" counts reads from files and pipes alike).
uint64_t bytes_read() {
  std::ifstream io("/proc/self/io");
  std::string key;
  uint64_t value = 0;
  while (io >> key >> value)
    if (key == "rchar:") return value;
  return 0;
}

}  // namespace

bool ProgressBar::wanted_on_stderr() {
  if (!isatty(STDERR_FILENO)) return false;
  const char* ci = std::getenv("CI");
  if (ci && *ci) return false;
  const char* term = std::getenv("TERM");
  return !(term && std::strcmp(term, "dumb") == 0);
}

ProgressBar::ProgressBar(std::vector<uint64_t> sizes, bool enabled) : sizes_(std::move(sizes)) {
  if (!enabled) return;
  for (uint64_t s : sizes_) total_ += s;
  start_bytes_ = bytes_read();
  thread_ = std::jthread([this] { run(); });
}

ProgressBar::~ProgressBar() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  stop_signal_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (drawn_) std::fputs("\r\x1b[K", stderr);
}

void ProgressBar::run() {
  using namespace std::chrono;
  const auto start = steady_clock::now();
  std::unique_lock lock(mutex_);
  // A scan that finishes within a second never shows a bar.
  if (stop_signal_.wait_for(lock, seconds(1), [this] { return stop_; })) return;
  while (!stop_) {
    draw(bytes_read() - start_bytes_, duration<double>(steady_clock::now() - start).count());
    stop_signal_.wait_for(lock, milliseconds(200), [this] { return stop_; });
  }
}

void ProgressBar::draw(uint64_t done_bytes, double seconds) {
  done_bytes = std::min(done_bytes, total_);
  std::size_t files = 0;
  uint64_t sum = 0;
  while (files < sizes_.size() && sum + sizes_[files] <= done_bytes) sum += sizes_[files++];
  const double fraction = total_ ? static_cast<double>(done_bytes) / static_cast<double>(total_) : 0;
  constexpr int kWidth = 24;
  const int filled = static_cast<int>(fraction * kWidth);
  const double rate = seconds > 0 ? static_cast<double>(done_bytes) / seconds : 0;
  std::string eta = "--";
  if (rate > 0 && done_bytes < total_)
    eta = fmt::format("{:.0f}s", static_cast<double>(total_ - done_bytes) / rate);
  else if (done_bytes >= total_)
    eta = "0s";
  const std::string line =
      fmt::format("\r\x1b[K[{}{}] {}/{} files  {:.1f} MB/s  ETA {}", std::string(filled, '#'),
                  std::string(kWidth - filled, '-'), files, sizes_.size(), rate / 1e6, eta);
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace bulwark::cli
