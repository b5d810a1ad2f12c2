#include "test_archive_builder.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <openssl/sha.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace bulwark::image::testing {

namespace {

struct WriteDeleter {
  void operator()(::archive* a) const { archive_write_free(a); }
};
struct EntryDeleter {
  void operator()(::archive_entry* e) const { archive_entry_free(e); }
};

la_ssize_t append_to_string(::archive*, void* client, const void* buffer, size_t length) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

void check(int r, ::archive* a) {
  if (r < ARCHIVE_WARN) throw std::runtime_error(std::string("libarchive: ") + archive_error_string(a));
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

std::string string_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + quote(items[i]);
  return out + "]";
}

const char* media_type(Compression c) {
  switch (c) {
    case Compression::Gzip:
      return "application/vnd.oci.image.layer.v1.tar+gzip";
    case Compression::Zstd:
      return "application/vnd.oci.image.layer.v1.tar+zstd";
    case Compression::None:
      break;
  }
  return "application/vnd.oci.image.layer.v1.tar";
}

std::string descriptor(const std::string& type, const std::string& bytes, const std::string& extra = "") {
  return "{\"mediaType\":" + quote(type) + ",\"digest\":\"sha256:" + sha256_hex(bytes) +
         "\",\"size\":" + std::to_string(bytes.size()) + extra + "}";
}

using Files = std::vector<std::pair<std::string, std::string>>;

Files oci_layout_files(const std::vector<TestImage>& images, bool nested_index) {
  Files files;
  files.emplace_back("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
  std::vector<std::string> manifest_descriptors;
  for (const TestImage& image : images) {
    for (const auto& layer : image.layers)
      files.emplace_back("blobs/sha256/" + sha256_hex(layer.blob), layer.blob);
    const std::string config = image.config_json();
    files.emplace_back("blobs/sha256/" + sha256_hex(config), config);
    const std::string manifest = image.manifest_json(config);
    files.emplace_back("blobs/sha256/" + sha256_hex(manifest), manifest);
    manifest_descriptors.push_back(descriptor(
        "application/vnd.oci.image.manifest.v1+json", manifest,
        ",\"platform\":{\"os\":" + quote(image.os) + ",\"architecture\":" + quote(image.architecture) + "}"));
  }
  std::string list;
  for (std::size_t i = 0; i < manifest_descriptors.size(); ++i)
    list += (i ? "," : "") + manifest_descriptors[i];
  const std::string ref = ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"1.0\"}";
  if (nested_index) {
    const std::string index =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
        "\"manifests\":[" +
        list + "]}";
    files.emplace_back("blobs/sha256/" + sha256_hex(index), index);
    files.emplace_back("index.json", "{\"schemaVersion\":2,\"manifests\":[" +
                                         descriptor("application/vnd.oci.image.index.v1+json", index, ref) +
                                         "]}");
  } else {
    files.emplace_back("index.json", "{\"schemaVersion\":2,\"manifests\":[" + list + "]}");
  }
  return files;
}

}  // namespace

TarMember file(std::string path, std::string content, unsigned perm) {
  return TarMember{std::move(path), std::move(content), 0100000, perm, "", false, 0, 0, -1};
}
TarMember dir(std::string path, unsigned perm) {
  return TarMember{std::move(path), "", 0040000, perm, "", false, 0, 0, -1};
}
TarMember symlink(std::string path, std::string target) {
  return TarMember{std::move(path), "", 0120000, 0777, std::move(target), false, 0, 0, -1};
}
TarMember hardlink(std::string path, std::string target) {
  return TarMember{std::move(path), "", 0100000, 0644, std::move(target), true, 0, 0, -1};
}

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xf]);
  }
  return out;
}

std::string make_tar(const std::vector<TarMember>& members, Compression compression) {
  std::string out;
  std::unique_ptr<::archive, WriteDeleter> a(archive_write_new());
  check(archive_write_set_format_pax_restricted(a.get()), a.get());
  if (compression == Compression::Gzip) check(archive_write_add_filter_gzip(a.get()), a.get());
  if (compression == Compression::Zstd) check(archive_write_add_filter_zstd(a.get()), a.get());
  archive_write_set_bytes_in_last_block(a.get(), 1);
  check(archive_write_open(a.get(), &out, nullptr, append_to_string, nullptr), a.get());
  for (const TarMember& m : members) {
    std::unique_ptr<::archive_entry, EntryDeleter> e(archive_entry_new());
    archive_entry_set_pathname(e.get(), m.path.c_str());
    archive_entry_set_perm(e.get(), m.perm);
    archive_entry_set_uid(e.get(), m.uid);
    archive_entry_set_gid(e.get(), m.gid);
    if (m.hardlink) {
      archive_entry_set_filetype(e.get(), AE_IFREG);
      archive_entry_set_hardlink(e.get(), m.link.c_str());
      archive_entry_set_size(e.get(), 0);
    } else {
      archive_entry_set_filetype(e.get(), m.type);
      if (m.type == AE_IFLNK) archive_entry_set_symlink(e.get(), m.link.c_str());
      if (m.type == AE_IFREG) {
        if (m.declared_size >= 0) {
          archive_entry_set_size(e.get(), m.declared_size);
          archive_entry_sparse_add_entry(e.get(), 0, static_cast<la_int64_t>(m.content.size()));
        } else {
          archive_entry_set_size(e.get(), static_cast<la_int64_t>(m.content.size()));
        }
      }
    }
    check(archive_write_header(a.get(), e.get()), a.get());
    if (!m.content.empty()) archive_write_data(a.get(), m.content.data(), m.content.size());
  }
  check(archive_write_close(a.get()), a.get());
  return out;
}

std::string gzip_bytes(const std::string& bytes) {
  std::string out;
  std::unique_ptr<::archive, WriteDeleter> a(archive_write_new());
  check(archive_write_set_format_raw(a.get()), a.get());
  check(archive_write_add_filter_gzip(a.get()), a.get());
  archive_write_set_bytes_in_last_block(a.get(), 1);
  check(archive_write_open(a.get(), &out, nullptr, append_to_string, nullptr), a.get());
  std::unique_ptr<::archive_entry, EntryDeleter> e(archive_entry_new());
  archive_entry_set_filetype(e.get(), AE_IFREG);
  check(archive_write_header(a.get(), e.get()), a.get());
  archive_write_data(a.get(), bytes.data(), bytes.size());
  check(archive_write_close(a.get()), a.get());
  return out;
}

void write_tar_file(const std::string& path, const Files& members) {
  std::vector<TarMember> tar;
  for (const auto& [name, bytes] : members) tar.push_back(file(name, bytes));
  write_file(path, make_tar(tar));
}

void TestImage::add_layer(const std::vector<TarMember>& members, Compression compression) {
  Layer layer;
  layer.tar = make_tar(members);
  layer.blob = compression == Compression::None ? layer.tar : make_tar(members, compression);
  layer.compression = compression;
  layers.push_back(std::move(layer));
}

std::string TestImage::config_json() const {
  std::string runtime = "\"User\":" + quote(user) + ",\"Env\":" + string_array(env);
  if (!exposed_ports.empty()) {
    runtime += ",\"ExposedPorts\":{";
    for (std::size_t i = 0; i < exposed_ports.size(); ++i)
      runtime += (i ? "," : "") + quote(exposed_ports[i]) + ":{}";
    runtime += "}";
  }
  if (!healthcheck.empty()) runtime += ",\"Healthcheck\":{\"Test\":" + string_array(healthcheck) + "}";
  runtime += ",\"Labels\":{\"org.opencontainers.image.title\":\"test\"}";
  std::vector<std::string> diff_ids;
  for (const auto& layer : layers) diff_ids.push_back("sha256:" + sha256_hex(layer.tar));
  std::string history_json = "[{\"created_by\":\"ENV A=1\",\"empty_layer\":true}";
  for (std::size_t i = 0; i < layers.size(); ++i)
    history_json +=
        ",{\"created_by\":" + quote(i < history.size() ? history[i] : "layer " + std::to_string(i)) + "}";
  history_json += "]";
  return "{\"architecture\":" + quote(architecture) + ",\"os\":" + quote(os) + ",\"config\":{" + runtime +
         "},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":" + string_array(diff_ids) +
         "},\"history\":" + history_json + "}";
}

std::string TestImage::manifest_json(const std::string& config) const {
  std::string layer_list;
  for (std::size_t i = 0; i < layers.size(); ++i)
    layer_list += (i ? "," : "") + descriptor(media_type(layers[i].compression), layers[i].blob);
  return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":" +
         descriptor("application/vnd.oci.image.config.v1+json", config) + ",\"layers\":[" + layer_list + "]}";
}

void write_docker_archive(const TestImage& image, const std::string& path, const std::string& tag) {
  Files files;
  const std::string config = image.config_json();
  const std::string config_name = sha256_hex(config) + ".json";
  std::vector<std::string> layer_names;
  for (const auto& layer : image.layers) {
    const std::string name = sha256_hex(layer.tar + "id") + "/layer.tar";
    files.emplace_back(name, layer.blob);
    layer_names.push_back(name);
  }
  files.emplace_back(config_name, config);
  files.emplace_back("manifest.json", "[{\"Config\":" + quote(config_name) + ",\"RepoTags\":[" + quote(tag) +
                                          "],\"Layers\":" + string_array(layer_names) + "}]");
  write_tar_file(path, files);
}

void write_oci_layout(const std::vector<TestImage>& images, const std::string& dir, bool nested_index) {
  for (const auto& [name, bytes] : oci_layout_files(images, nested_index)) {
    const std::filesystem::path target = std::filesystem::path(dir) / name;
    std::filesystem::create_directories(target.parent_path());
    write_file(target.string(), bytes);
  }
}

void write_oci_archive(const std::vector<TestImage>& images, const std::string& path) {
  write_tar_file(path, oci_layout_files(images, true));
}

std::string temp_dir(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "bulwark-image-tests" /
                              (std::string(info->test_suite_name()) + "." + info->name() + "." + name + "." +
                               std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace bulwark::image::testing
