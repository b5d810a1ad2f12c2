#pragma once

#include <cstddef>
#include <cstdint>

// Bounds that keep memory and time finite on hostile archives. Each is far above what real images need.
namespace bulwark::image::limits {

// manifest.json, index.json, image manifests and configs: real ones are a few KB; configs with long
// histories reach a few hundred KB.
inline constexpr std::size_t kMaxJsonBytes = 4u << 20;

// All metadata documents held at once while resolving an archive (they are small, but an archive can
// carry many of them).
inline constexpr std::size_t kMaxMetadataBytes = 32u << 20;

// Index -> index -> manifest nesting; registries use one level, two at most.
inline constexpr int kMaxIndexDepth = 4;

// Layers in one image: the overlay driver caps at 128 (older Docker at 127).
inline constexpr std::size_t kMaxLayers = 256;

// File entries over all layers: the largest real images carry a few hundred thousand files. Each costs
// ~200 bytes of metadata, so this also caps metadata memory near 200 MB in the worst case.
inline constexpr std::size_t kMaxEntries = 1'000'000;

// PATH_MAX on Linux: a longer name cannot exist on a real filesystem.
inline constexpr std::size_t kMaxPathBytes = 4096;

// A single layer's uncompressed tar: the largest real layers (CUDA, ML frameworks) are ~10-20 GB.
inline constexpr std::uint64_t kMaxLayerUncompressedBytes = 64ull << 30;

// gzip cannot exceed ~1032:1; real layers compress 2-10:1. Checked only past kRatioCheckAfterBytes so
// tiny layers (a 1 KB empty tar compresses ~30:1 but never matters) are not flagged.
inline constexpr std::uint64_t kMaxCompressionRatio = 1100;
inline constexpr std::uint64_t kRatioCheckAfterBytes = 64ull << 20;

// A sparse entry costs little to store but its logical size is what a runtime would materialise;
// container builders do not emit sparse entries, so a large one is an attack on extractors.
inline constexpr std::uint64_t kMaxSparseLogicalBytes = 4ull << 30;

// Linux follows at most 40 symbolic links while resolving one path (MAXSYMLINKS).
inline constexpr int kMaxSymlinkHops = 40;

// Content kept for one file of interest (secrets, package databases): dpkg status files of large
// images reach a few MB.
inline constexpr std::size_t kMaxKeptFileBytes = 8u << 20;

// Content kept over the whole image, so RSS stays bounded whatever the predicate selects.
inline constexpr std::size_t kMaxKeptTotalBytes = 48u << 20;

}  // namespace bulwark::image::limits
