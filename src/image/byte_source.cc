#include "image/byte_source.h"

#include <archive.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace bulwark::image {

namespace {
// Large enough that syscalls are amortised, small enough to stay irrelevant to RSS.
constexpr std::size_t kFileBufferBytes = 1u << 20;
}  // namespace

FileByteSource::FileByteSource(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

FileByteSource::FileByteSource(FileByteSource&& other) noexcept
    : fd_(other.fd_), path_(std::move(other.path_)), buffer_(std::move(other.buffer_)) {
  other.fd_ = -1;
}

FileByteSource::~FileByteSource() {
  if (fd_ >= 0) ::close(fd_);
}

ImageResult<FileByteSource> FileByteSource::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return image_error(ImageErrorKind::Io, path + ": " + std::strerror(errno));
  return FileByteSource(fd, path);
}

ImageResult<std::span<const std::byte>> FileByteSource::next() {
  if (buffer_.empty()) buffer_.resize(kFileBufferBytes);
  while (true) {
    const ssize_t n = ::read(fd_, buffer_.data(), buffer_.size());
    if (n >= 0) return std::span<const std::byte>(buffer_.data(), static_cast<std::size_t>(n));
    if (errno != EINTR) return image_error(ImageErrorKind::Io, path_ + ": " + std::strerror(errno));
  }
}

ImageResult<std::span<const std::byte>> ArchiveEntryByteSource::next() {
  while (true) {
    const void* block = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    const int r = archive_read_data_block(outer_, &block, &size, &offset);
    if (r == ARCHIVE_EOF) return std::span<const std::byte>();
    if (r < ARCHIVE_WARN) {
      const char* message = archive_error_string(outer_);
      return image_error(ImageErrorKind::Format, name_ + ": reading from the archive failed: " +
                                                     (message ? message : "unknown error"));
    }
    // A sparse outer entry would need its holes filled with zeros; image archives never have them.
    if (offset != position_)
      return image_error(ImageErrorKind::Format, name_ + ": sparse archive members are not supported");
    position_ += static_cast<std::int64_t>(size);
    if (size > 0) return std::span<const std::byte>(static_cast<const std::byte*>(block), size);
  }
}

ImageResult<std::span<const std::byte>> MemoryByteSource::next() {
  if (done_) return std::span<const std::byte>();
  done_ = true;
  return std::as_bytes(std::span<const char>(bytes_.data(), bytes_.size()));
}

}  // namespace bulwark::image
