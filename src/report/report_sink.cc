#include "report/report_sink.h"

#include <unistd.h>

#include <cerrno>

namespace bulwark::report {
namespace {

// Pieces at least this long bypass the stream's buffer: a report's chunks are tens of KiB, and
// stdio would split each into two system calls (the rest of its buffer, then the remainder).
constexpr std::size_t kDirectWrite = 4096;

}  // namespace

void FileSink::write(std::string_view text) {
  if (!ok_ || text.empty()) return;
  if (text.size() < kDirectWrite) {
    ok_ = std::fwrite(text.data(), 1, text.size(), file_) == text.size();
    return;
  }
  // What the stream holds goes first, so the bytes stay in order.
  if (std::fflush(file_) != 0) {
    ok_ = false;
    return;
  }
  const int fd = ::fileno(file_);
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok_ = false;
      return;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace bulwark::report
