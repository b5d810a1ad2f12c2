#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "image/image_error.h"

struct archive;

namespace bulwark::image {

/// A forward-only stream of a blob's raw bytes (a file, or one entry of an outer archive).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// The next chunk, valid until the following call; an empty span means the end of the blob.
  virtual ImageResult<std::span<const std::byte>> next() = 0;
};

/// Reads a file with a fixed buffer.
class FileByteSource final : public ByteSource {
 public:
  static ImageResult<FileByteSource> open(const std::string& path);
  FileByteSource(FileByteSource&& other) noexcept;
  FileByteSource& operator=(FileByteSource&&) = delete;
  ~FileByteSource() override;

  ImageResult<std::span<const std::byte>> next() override;

 private:
  FileByteSource(int fd, std::string path);
  int fd_ = -1;
  std::string path_;
  std::vector<std::byte> buffer_;
};

/// Reads the data of the current entry of an outer archive (docker-save or OCI tar) in place.
class ArchiveEntryByteSource final : public ByteSource {
 public:
  ArchiveEntryByteSource(::archive* outer, std::string name) : outer_(outer), name_(std::move(name)) {}
  ImageResult<std::span<const std::byte>> next() override;

 private:
  ::archive* outer_;
  std::string name_;
  std::int64_t position_ = 0;
};

/// Serves an in-memory buffer (tests, small blobs).
class MemoryByteSource final : public ByteSource {
 public:
  explicit MemoryByteSource(std::string_view bytes) : bytes_(bytes) {}
  ImageResult<std::span<const std::byte>> next() override;

 private:
  std::string_view bytes_;
  bool done_ = false;
};

}  // namespace bulwark::image
