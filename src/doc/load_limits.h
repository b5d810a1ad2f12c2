#pragma once

#include <cstddef>
#include <cstdint>

namespace bulwark::doc {

/// Bounds that keep a hostile document from exhausting memory or time. Real manifests sit far
/// below every one of them: the API server refuses objects over 3 MiB, and the deepest CRD
/// schema in the wild nests a few dozen levels.
struct LoadLimits {
  /// Nesting of sequences and mappings. Go's encoding/json stops at 10000; 512 keeps our
  /// recursive walkers' stacks small and is still ten times what any schema needs.
  uint32_t max_depth = 512;
  /// Bytes of one document (YAML) or one file (JSON).
  std::size_t max_document_bytes = std::size_t{64} << 20;
  /// Nodes a document may expand to once aliases are followed. A "billion laughs" document
  /// hits this after a few milliseconds, in constant memory, because aliases share nodes.
  uint64_t max_expanded_nodes = 10'000'000;
  /// Alias uses per document, whatever they expand to.
  uint32_t max_aliases = 100'000;
};

}  // namespace bulwark::doc
