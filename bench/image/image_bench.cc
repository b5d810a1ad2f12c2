// Image scan throughput: read_image (digest checks, whiteouts, union, content predicate) against the
// floor of listing the same layer blobs with libarchive alone (`tar -tzvf`), in MB/s of uncompressed
// layer data, plus the peak RSS of a scan. The image is generated once (BULWARK_IMAGE_BENCH_MB,
// default 200 MB of layer data) under $TMPDIR and reused.

#include <archive.h>
#include <archive_entry.h>
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "image/digest.h"
#include "image/image.h"
#include "image/os_packages.h"

namespace {

using bulwark::image::sha256_of;

struct WriteDeleter {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct ReadDeleter {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct EntryDeleter {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

la_ssize_t append(archive*, void* out, const void* data, size_t size) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(data), size);
  return static_cast<la_ssize_t>(size);
}

// Text-like content (words from a small vocabulary) so gzip reaches the 3-4:1 of real layers.
class Words {
 public:
  std::string take(std::size_t size) {
    std::string out;
    out.reserve(size + 16);
    while (out.size() < size) {
      state_ ^= state_ << 13;
      state_ ^= state_ >> 7;
      state_ ^= state_ << 17;
      const unsigned w = static_cast<unsigned>(state_ % 4096);
      for (unsigned n = 0; n < 3 + w % 7; ++n)
        out.push_back(static_cast<char>('a' + (w * 7 + n * 13 + (state_ >> 40) % 3) % 26));
      out.push_back(w % 11 == 0 ? '\n' : ' ');
    }
    out.resize(size);
    return out;
  }

 private:
  std::uint64_t state_ = 0x9e3779b97f4a7c15ull;
};

std::string gzip(const std::string& data) {
  std::string out;
  std::unique_ptr<archive, WriteDeleter> a(archive_write_new());
  archive_write_set_format_raw(a.get());
  archive_write_add_filter_gzip(a.get());
  archive_write_set_bytes_in_last_block(a.get(), 1);
  archive_write_open(a.get(), &out, nullptr, append, nullptr);
  std::unique_ptr<archive_entry, EntryDeleter> e(archive_entry_new());
  archive_entry_set_filetype(e.get(), AE_IFREG);
  archive_write_header(a.get(), e.get());
  archive_write_data(a.get(), data.data(), data.size());
  archive_write_close(a.get());
  return out;
}

// One layer of `bytes` uncompressed: mostly small files, some large, a few setuid binaries, whiteouts.
std::string layer_tar(int index, std::size_t bytes, Words& words) {
  std::string out;
  std::unique_ptr<archive, WriteDeleter> a(archive_write_new());
  archive_write_set_format_pax_restricted(a.get());
  archive_write_set_bytes_in_last_block(a.get(), 1);
  archive_write_open(a.get(), &out, nullptr, append, nullptr);
  auto add = [&](const std::string& path, const std::string& content, unsigned perm) {
    std::unique_ptr<archive_entry, EntryDeleter> e(archive_entry_new());
    archive_entry_set_pathname(e.get(), path.c_str());
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), perm);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(content.size()));
    archive_write_header(a.get(), e.get());
    archive_write_data(a.get(), content.data(), content.size());
  };
  if (index > 0) add("usr/share/l" + std::to_string(index - 1) + "/d0/.wh.f0", "", 0644);
  if (index == 0)
    add("var/lib/dpkg/status", "Package: libc6\nStatus: install ok installed\nVersion: 2.36-9\n\n", 0644);
  std::size_t written = 0;
  for (int n = 0; written < bytes; ++n) {
    const std::size_t size = n % 50 == 49 ? (1u << 20) : 512 + (n * 7919u) % 16384;
    const std::string path = "usr/share/l" + std::to_string(index) + "/d" + std::to_string(n / 100) + "/f" +
                             std::to_string(n % 100);
    add(path, words.take(size), n % 500 == 0 ? 04755 : 0644);
    written += size;
  }
  archive_write_close(a.get());
  return out;
}

struct GeneratedImage {
  std::string dir;
  std::vector<std::string> layer_files;
  std::uint64_t uncompressed_bytes = 0;
};

std::string descriptor(const std::string& type, const std::string& digest_hex, std::size_t size) {
  return "{\"mediaType\":\"" + type + "\",\"digest\":\"sha256:" + digest_hex +
         "\",\"size\":" + std::to_string(size) + "}";
}

void write(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

const GeneratedImage& generated() {
  static const GeneratedImage image = [] {
    const char* env = std::getenv("BULWARK_IMAGE_BENCH_MB");
    const std::size_t megabytes = env ? std::strtoul(env, nullptr, 10) : 200;
    constexpr int kLayers = 5;
    GeneratedImage g;
    g.dir = (std::filesystem::temp_directory_path() / ("bulwark-image-bench-" + std::to_string(megabytes)))
                .string();
    const auto blobs = std::filesystem::path(g.dir) / "blobs" / "sha256";
    const bool cached = std::filesystem::exists(std::filesystem::path(g.dir) / "index.json");
    std::filesystem::create_directories(blobs);
    Words words;
    std::string layers_json, diff_ids;
    std::vector<std::string> hexes;
    if (cached) {
      // Layer blobs are listed, bottom first, in the cache's layers.txt.
      std::ifstream list(std::filesystem::path(g.dir) / "layers.txt");
      std::string hex;
      std::uint64_t total = 0;
      list >> total;
      g.uncompressed_bytes = total;
      while (list >> hex) g.layer_files.push_back((blobs / hex).string());
      return g;
    }
    std::ofstream list(std::filesystem::path(g.dir) / "layers.txt.tmp");
    for (int i = 0; i < kLayers; ++i) {
      const std::string tar = layer_tar(i, (megabytes << 20) / kLayers, words);
      g.uncompressed_bytes += tar.size();
      const std::string blob = gzip(tar);
      const std::string hex = sha256_of(blob).hex;
      write(blobs / hex, blob);
      g.layer_files.push_back((blobs / hex).string());
      hexes.push_back(hex);
      // Appended piecewise: GCC 12 -O3 reports a false -Wrestrict on operator+ chains (PR 105651).
      if (i > 0) {
        layers_json.push_back(',');
        diff_ids.push_back(',');
      }
      layers_json.append(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", hex, blob.size()));
      diff_ids.append("\"sha256:").append(sha256_of(tar).hex).push_back('"');
    }
    const std::string config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"app\"},"
        "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" +
        diff_ids + "]}}";
    const std::string config_hex = sha256_of(config).hex;
    write(blobs / config_hex, config);
    const std::string manifest =
        "{\"schemaVersion\":2,\"config\":" +
        descriptor("application/vnd.oci.image.config.v1+json", config_hex, config.size()) + ",\"layers\":[" +
        layers_json + "]}";
    const std::string manifest_hex = sha256_of(manifest).hex;
    write(blobs / manifest_hex, manifest);
    write(std::filesystem::path(g.dir) / "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
    list << g.uncompressed_bytes << "\n";
    for (const auto& hex : hexes) list << hex << "\n";
    list.close();
    std::filesystem::rename(std::filesystem::path(g.dir) / "layers.txt.tmp",
                            std::filesystem::path(g.dir) / "layers.txt");
    write(std::filesystem::path(g.dir) / "index.json",
          "{\"schemaVersion\":2,\"manifests\":[" +
              descriptor("application/vnd.oci.image.manifest.v1+json", manifest_hex, manifest.size()) + "]}");
    return g;
  }();
  return image;
}

bulwark::image::ReadOptions scan_options() {
  bulwark::image::ReadOptions options;
  // What a scan keeps: package databases and small files under /etc (secret candidates).
  options.keep_content = [](std::string_view path, std::uint64_t size) {
    return bulwark::image::is_package_database(path) || (path.starts_with("/etc/") && size < (64u << 10));
  };
  return options;
}

// The floor: what `tar -tzvf` does for each layer (decompress, walk headers, skip data).
void BM_LibarchiveListing(benchmark::State& state) {
  const GeneratedImage& g = generated();
  for (auto _ : state) {
    std::size_t entries = 0;
    for (const std::string& file : g.layer_files) {
      std::unique_ptr<archive, ReadDeleter> a(archive_read_new());
      archive_read_support_filter_all(a.get());
      archive_read_support_format_tar(a.get());
      archive_read_open_filename(a.get(), file.c_str(), 1 << 20);
      archive_entry* e = nullptr;
      while (archive_read_next_header(a.get(), &e) == ARCHIVE_OK) ++entries;
    }
    benchmark::DoNotOptimize(entries);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * g.uncompressed_bytes));
}
BENCHMARK(BM_LibarchiveListing)->Unit(benchmark::kMillisecond);

void BM_ReadImage(benchmark::State& state) {
  const GeneratedImage& g = generated();
  const auto options = scan_options();
  for (auto _ : state) {
    auto image = bulwark::image::read_image(g.dir, options);
    if (!image) {
      state.SkipWithError(image.error().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(image->fs.files().size());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * g.uncompressed_bytes));
}
BENCHMARK(BM_ReadImage)->Unit(benchmark::kMillisecond);

double status_megabytes(const char* key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with(key))
      return std::strtod(line.c_str() + std::string_view(key).size(), nullptr) / 1024.0;
  return 0;
}

// Peak RSS of one scan: VmHWM is reset (Linux >= 4.0, /proc/self/clear_refs "5") just before it.
void BM_ReadImagePeakRss(benchmark::State& state) {
  const GeneratedImage& g = generated();
  const auto options = scan_options();
  double before = 0, peak = 0;
  for (auto _ : state) {
    std::ofstream("/proc/self/clear_refs") << "5";
    before = status_megabytes("VmRSS:");
    auto image = bulwark::image::read_image(g.dir, options);
    peak = status_megabytes("VmHWM:");
    if (!image) {
      state.SkipWithError(image.error().message.c_str());
      break;
    }
  }
  state.counters["rss_before_MB"] = before;
  state.counters["peak_rss_MB"] = peak;
  state.counters["layer_MB"] = static_cast<double>(g.uncompressed_bytes) / (1 << 20);
}
BENCHMARK(BM_ReadImagePeakRss)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
