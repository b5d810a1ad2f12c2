#include "doc/byte_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

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
  std::optional<std::string> error;
  for (bool done = false; !done;) {
    const std::size_t room =
        out.capacity() - used >= 65536 ? out.capacity() : std::max(out.capacity() * 2, used + 65536);
    // resize_and_overwrite: the bytes are read straight into the string, with no zero-filling of
    // a buffer that the read overwrites anyway (that was most of the cost of reading small files).
    out.resize_and_overwrite(room, [&](char* data, std::size_t size) {
      auto n = source.read(std::span<char>(data + used, size - used));
      if (!n)
        error = n.error();
      else
        used += *n;
      done = !n || *n == 0;
      return used;
    });
    if (error) return std::unexpected(std::move(*error));
    if (used > max_bytes)
      return std::unexpected("file is larger than " + std::to_string(max_bytes >> 20) + " MiB");
  }
  return out;
}

}  // namespace bulwark::doc
