// Any byte sequence through the YAML loader: documents or load errors, never a crash, a hang or
// unbounded memory. Every loaded tree is walked to catch bad pointers in the arena.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "doc/node.h"
#include "doc/yaml_loader.h"

namespace {
std::size_t walk(const bulwark::doc::Node& n, int depth) {
  if (depth > 600) __builtin_trap();  // the loader bounds depth at 512
  std::size_t count = 1 + n.text().size();
  for (const auto* item : n.items()) count += walk(*item, depth + 1);
  for (const auto& e : n.entries()) count += e.name.size() + walk(*e.value, depth + 1);
  return count;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  bulwark::doc::MemoryByteSource source(text);
  bulwark::doc::LoadLimits limits;
  limits.max_expanded_nodes = 100'000;  // aliases share nodes; keep the walk below cheap
  bulwark::doc::YamlStreamLoader loader(source, "fuzz.yaml", limits);
  std::size_t total = 0;
  while (auto d = loader.next()) {
    if (*d && (*d)->root()) total += walk(*(*d)->root(), 0);
    if (!*d && d->error().message.empty()) __builtin_trap();  // every error explains itself
  }
  return total == static_cast<std::size_t>(-1);
}
