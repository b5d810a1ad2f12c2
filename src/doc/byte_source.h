#pragma once

#include <cstddef>
#include <expected>
#include <span>
#include <string>
#include <string_view>

namespace bulwark::doc {

/// A forward-only stream of bytes: a file, standard input, or memory. Loaders pull from it so
/// that a 1 GB stream is never held in memory at once.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Fills `buffer`; returns the number of bytes read, 0 at the end, or an error message.
  virtual std::expected<std::size_t, std::string> read(std::span<char> buffer) = 0;
};

/// Reads from memory the caller keeps alive.
class MemoryByteSource final : public ByteSource {
 public:
  explicit MemoryByteSource(std::string_view bytes) : bytes_(bytes) {}
  std::expected<std::size_t, std::string> read(std::span<char> buffer) override;

 private:
  std::string_view bytes_;
};

/// Reads from a file descriptor it owns (closed on destruction), or standard input (not closed).
class FileByteSource final : public ByteSource {
 public:
  /// Opens `path` for reading.
  static std::expected<FileByteSource, std::string> open(const std::string& path);
  static FileByteSource standard_input();

  FileByteSource(FileByteSource&& other) noexcept;
  FileByteSource& operator=(FileByteSource&&) = delete;
  ~FileByteSource() override;
  std::expected<std::size_t, std::string> read(std::span<char> buffer) override;

 private:
  FileByteSource(int fd, bool owned) : fd_(fd), owned_(owned) {}
  int fd_;
  bool owned_;
};

/// Replays bytes already read (to sniff a format) in front of the rest of a stream.
class PrefixedByteSource final : public ByteSource {
 public:
  PrefixedByteSource(std::string prefix, ByteSource& rest) : prefix_(std::move(prefix)), rest_(rest) {}
  std::expected<std::size_t, std::string> read(std::span<char> buffer) override;

 private:
  std::string prefix_;
  std::size_t offset_ = 0;
  ByteSource& rest_;
};

/// Reads a whole file into memory (for JSON, whose parser wants the bytes at once).
std::expected<std::string, std::string> read_all(ByteSource& source, std::size_t max_bytes);

}  // namespace bulwark::doc
