#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

namespace bulwark::dockerfile {

/// Memory for everything a script's commands point into: the script's text, the unquoted words that are
/// not a plain slice of it (most words are, so splitting copies each script once instead of each word), and
/// each command's words and redirections. Nothing in it moves before the arena goes: a ShellScript moves,
/// it is never copied.
class ShellArena {
 public:
  ShellArena() = default;
  ShellArena(ShellArena&& other) noexcept;
  ShellArena& operator=(ShellArena&& other) noexcept;

  /// A copy of `bytes` that lives as long as the arena.
  std::string_view keep(std::string_view bytes);
  /// Copies of `values` (of a type with nothing to destroy) that live as long as the arena.
  template <class T>
  std::span<const T> keep(std::span<const T> values) {
    static_assert(std::is_trivially_destructible_v<T> && std::is_trivially_copyable_v<T>);
    if (values.empty()) return {};
    void* room = allocate(values.size_bytes(), alignof(T));
    std::memcpy(room, values.data(), values.size_bytes());
    return {static_cast<const T*>(room), values.size()};
  }

 private:
  void* allocate(std::size_t bytes, std::size_t align);
  std::vector<std::unique_ptr<std::byte[]>> blocks_;
  std::byte* free_ = nullptr;
  std::size_t left_ = 0;
};

}  // namespace bulwark::dockerfile
