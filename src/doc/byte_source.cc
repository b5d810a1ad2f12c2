#include "doc/byte_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace bulwark::doc {

std::expected<std::size_t, std::string> MemoryByteSource::read(std::span<char> buffer) {
  const std::size_t n = std::min(buffer.size(), bytes_.size());
  std::memcpy(buffer.data(), bytes_.data(), n);
  bytes_.remove_prefix(n);
  return n;
}

std::expected<FileByteSource, std::string> FileByteSource::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::unexpected(std::string(std::strerror(errno)));
  return FileByteSource(fd, true);
}

FileByteSource FileByteSource::standard_input() {
  return FileByteSource(0, false);
}

FileByteSource::FileByteSource(FileByteSource&& other) noexcept : fd_(other.fd_), owned_(other.owned_) {
  other.owned_ = false;
  other.fd_ = -1;
}

FileByteSource::~FileByteSource() {
  if (owned_ && fd_ >= 0) ::close(fd_);
}

std::expected<std::size_t, std::string> FileByteSource::read(std::span<char> buffer) {
  for (;;) {
    const ssize_t n = ::read(fd_, buffer.data(), buffer.size());
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    return std::unexpected(std::string(std::strerror(errno)));
  }
}

std::expected<std::size_t, std::string> PrefixedByteSource::read(std::span<char> buffer) {
  if (offset_ < prefix_.size()) {
    const std::size_t n = std::min(buffer.size(), prefix_.size() - offset_);
    std::memcpy(buffer.data(), prefix_.data() + offset_, n);
    offset_ += n;
    return n;
  }
  return rest_.read(buffer);
}

std::expected<std::string, std::string> read_all(ByteSource& source, std::size_t max_bytes) {
  std::string out;
  std::size_t used = 0;
  for (;;) {
    if (out.size() - used < 65536) out.resize(std::max<std::size_t>(out.size() * 2, used + 65536));
    auto n = source.read(std::span<char>(out.data() + used, out.size() - used));
    if (!n) return std::unexpected(n.error());
    if (*n == 0) break;
    used += *n;
    if (used > max_bytes)
      return std::unexpected("file is larger than " + std::to_string(max_bytes >> 20) + " MiB");
  }
  out.resize(used);
  return out;
}

}  // namespace bulwark::doc
