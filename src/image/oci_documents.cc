#include "image/oci_documents.h"

#include <simdjson.h>

namespace bulwark::image {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

ImageResult<element> parse_json(simdjson::dom::parser& parser, std::string_view json, std::string_view what) {
  element root;
  if (auto error = parser.parse(json.data(), json.size(), true).get(root))
    return image_error(ImageErrorKind::Format,
                       std::string(what) + ": invalid JSON (" + simdjson::error_message(error) + ")");
  return root;
}

std::string string_field(object obj, std::string_view key) {
  std::string_view value;
  if (obj[key].get_string().get(value)) return {};
  return std::string(value);
}

std::vector<std::string> string_array(element value) {
  std::vector<std::string> out;
  array items;
  if (value.get_array().get(items)) return out;
  for (element item : items) {
    std::string_view text;
    if (!item.get_string().get(text)) out.emplace_back(text);
  }
  return out;
}

std::vector<std::string> string_array_field(object obj, std::string_view key) {
  element value;
  if (obj[key].get(value)) return {};
  return string_array(value);
}

ImageResult<Descriptor> parse_descriptor(object obj, std::string_view what) {
  Descriptor d;
  d.media_type = string_field(obj, "mediaType");
  std::string_view digest_text;
  if (obj["digest"].get_string().get(digest_text))
    return image_error(ImageErrorKind::Format,
                       std::string(what) + ": descriptor without a \"digest\" string");
  auto digest = parse_digest(digest_text);
  if (!digest) return image_error(digest.error().kind, std::string(what) + ": " + digest.error().message);
  d.digest = std::move(*digest);
  std::int64_t size = -1;
  if (!obj["size"].get_int64().get(size)) {
    if (size < 0)
      return image_error(ImageErrorKind::Format, std::string(what) + ": negative descriptor size");
    d.size = size;
  }
  object platform;
  if (!obj["platform"].get_object().get(platform)) {
    Platform p;
    p.os = string_field(platform, "os");
    p.architecture = string_field(platform, "architecture");
    p.variant = string_field(platform, "variant");
    d.platform = std::move(p);
  }
  object annotations;
  if (!obj["annotations"].get_object().get(annotations)) {
    d.ref_name = string_field(annotations, "org.opencontainers.image.ref.name");
    if (d.ref_name.empty()) d.ref_name = string_field(annotations, "io.containerd.image.name");
    d.attestation = string_field(annotations, "vnd.docker.reference.type") == "attestation-manifest";
  }
  return d;
}

}  // namespace

std::string Platform::str() const {
  std::string out = os + "/" + architecture;
  if (!variant.empty()) out += "/" + variant;
  return out;
}

bool Platform::accepts(const Platform& candidate) const {
  if (candidate.os != os || candidate.architecture != architecture) return false;
  return variant.empty() || candidate.variant == variant;
}

ImageResult<Platform> parse_platform(std::string_view text) {
  Platform p;
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto slash = text.find('/', start);
    parts.emplace_back(
        text.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() || parts[1].empty())
    return image_error(ImageErrorKind::Format,
                       "platform \"" + std::string(text) + "\" is not os/architecture[/variant]");
  p.os = parts[0];
  p.architecture = parts[1];
  if (parts.size() == 3) p.variant = parts[2];
  return p;
}

bool Descriptor::is_index() const {
  return media_type == "application/vnd.oci.image.index.v1+json" ||
         media_type == "application/vnd.docker.distribution.manifest.list.v2+json";
}

ImageResult<ImageIndex> parse_image_index(std::string_view json, std::string_view what) {
  simdjson::dom::parser parser;
  auto root = parse_json(parser, json, what);
  if (!root) return std::unexpected(root.error());
  object obj;
  array manifests;
  if (root->get_object().get(obj) || obj["manifests"].get_array().get(manifests))
    return image_error(ImageErrorKind::Format,
                       std::string(what) + ": not an image index (no \"manifests\" array)");
  ImageIndex index;
  for (element item : manifests) {
    object entry;
    if (item.get_object().get(entry))
      return image_error(ImageErrorKind::Format, std::string(what) + ": manifests[] entry is not an object");
    auto d = parse_descriptor(entry, what);
    if (!d) return std::unexpected(d.error());
    index.manifests.push_back(std::move(*d));
  }
  return index;
}

ImageResult<ImageManifest> parse_image_manifest(std::string_view json, std::string_view what) {
  simdjson::dom::parser parser;
  auto root = parse_json(parser, json, what);
  if (!root) return std::unexpected(root.error());
  object obj;
  if (root->get_object().get(obj))
    return image_error(ImageErrorKind::Format, std::string(what) + ": image manifest is not a JSON object");
  std::int64_t schema = 0;
  if (!obj["schemaVersion"].get_int64().get(schema) && schema != 2)
    return image_error(ImageErrorKind::Unsupported, std::string(what) + ": image manifest schemaVersion " +
                                                        std::to_string(schema) +
                                                        " is not supported (only 2)");
  object config;
  array layers;
  if (obj["config"].get_object().get(config) || obj["layers"].get_array().get(layers))
    return image_error(
        ImageErrorKind::Format,
        std::string(what) + ": image manifest needs a \"config\" object and a \"layers\" array");
  ImageManifest manifest;
  auto config_descriptor = parse_descriptor(config, what);
  if (!config_descriptor) return std::unexpected(config_descriptor.error());
  manifest.config = std::move(*config_descriptor);
  for (element item : layers) {
    object entry;
    if (item.get_object().get(entry))
      return image_error(ImageErrorKind::Format, std::string(what) + ": layers[] entry is not an object");
    auto d = parse_descriptor(entry, what);
    if (!d) return std::unexpected(d.error());
    manifest.layers.push_back(std::move(*d));
  }
  return manifest;
}

ImageResult<std::vector<DockerArchiveImage>> parse_docker_manifest(std::string_view json) {
  simdjson::dom::parser parser;
  auto root = parse_json(parser, json, "manifest.json");
  if (!root) return std::unexpected(root.error());
  array images;
  if (root->get_array().get(images))
    return image_error(ImageErrorKind::Format, "manifest.json: expected an array of images");
  std::vector<DockerArchiveImage> out;
  for (element item : images) {
    object entry;
    if (item.get_object().get(entry))
      return image_error(ImageErrorKind::Format, "manifest.json: image entry is not an object");
    DockerArchiveImage image;
    image.config_path = string_field(entry, "Config");
    if (image.config_path.empty())
      return image_error(ImageErrorKind::Format, "manifest.json: image entry without \"Config\"");
    image.repo_tags = string_array_field(entry, "RepoTags");
    element layers;
    if (entry["Layers"].get(layers) || !layers.is_array())
      return image_error(ImageErrorKind::Format, "manifest.json: image entry without a \"Layers\" array");
    image.layer_paths = string_array(layers);
    out.push_back(std::move(image));
  }
  if (out.empty()) return image_error(ImageErrorKind::Format, "manifest.json: no images");
  return out;
}

ImageResult<ImageConfig> parse_image_config(std::string_view json, std::string_view what) {
  simdjson::dom::parser parser;
  auto root = parse_json(parser, json, what);
  if (!root) return std::unexpected(root.error());
  object obj;
  if (root->get_object().get(obj))
    return image_error(ImageErrorKind::Format, std::string(what) + ": image config is not a JSON object");
  ImageConfig config;
  config.os = string_field(obj, "os");
  config.architecture = string_field(obj, "architecture");
  config.variant = string_field(obj, "variant");
  object runtime;
  if (!obj["config"].get_object().get(runtime)) {
    config.user = string_field(runtime, "User");
    config.env = string_array_field(runtime, "Env");
    config.entrypoint = string_array_field(runtime, "Entrypoint");
    config.cmd = string_array_field(runtime, "Cmd");
    config.working_dir = string_field(runtime, "WorkingDir");
    object ports;
    if (!runtime["ExposedPorts"].get_object().get(ports))
      for (auto field : ports) config.exposed_ports.emplace_back(field.key);
    object health;
    if (!runtime["Healthcheck"].get_object().get(health))
      config.healthcheck = Healthcheck{string_array_field(health, "Test")};
    object labels;
    if (!runtime["Labels"].get_object().get(labels))
      for (auto field : labels) {
        std::string_view value;
        if (!field.value.get_string().get(value)) config.labels.emplace_back(field.key, value);
      }
  }
  object rootfs;
  if (!obj["rootfs"].get_object().get(rootfs)) config.diff_ids = string_array_field(rootfs, "diff_ids");
  array history;
  if (!obj["history"].get_array().get(history))
    for (element item : history) {
      object step;
      if (item.get_object().get(step)) continue;
      HistoryEntry entry;
      entry.created_by = string_field(step, "created_by");
      entry.comment = string_field(step, "comment");
      bool empty = false;
      if (!step["empty_layer"].get_bool().get(empty)) entry.empty_layer = empty;
      config.history.push_back(std::move(entry));
    }
  return config;
}

}  // namespace bulwark::image
