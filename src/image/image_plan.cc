#include "image/image_plan.h"

#include "image/image_limits.h"
#include "image/layer_path.h"

namespace bulwark::image {

namespace {

std::string blob_path(const Digest& d) {
  return "/blobs/" + d.algorithm + "/" + d.hex;
}

// Docker archives name blobs "blobs/<alg>/<hex>" (Docker 25+) or "<hex>.json" / "<hex>/layer.tar".
std::optional<Digest> digest_from_name(std::string_view path) {
  if (path.starts_with("/blobs/")) {
    std::string_view rest = path.substr(7);
    const auto slash = rest.find('/');
    if (slash != std::string_view::npos) {
      auto d = parse_digest(std::string(rest.substr(0, slash)) + ":" + std::string(rest.substr(slash + 1)));
      if (d) return *d;
    }
  }
  std::string_view base = base_name(path);
  if (base.ends_with(".json")) {
    base.remove_suffix(5);
    if (auto d = parse_digest("sha256:" + std::string(base))) return *d;
  }
  return std::nullopt;
}

ImageResult<std::string> read_verified(const MetadataStore& store, const Descriptor& d,
                                       std::string_view what) {
  auto bytes = store.read(blob_path(d.digest));
  if (!bytes)
    return image_error(bytes.error().kind,
                       std::string(what) + " " + d.digest.str() + ": " + bytes.error().message);
  if (d.size >= 0 && static_cast<std::int64_t>(bytes->size()) != d.size)
    return image_error(ImageErrorKind::DigestMismatch,
                       std::string(what) + " " + d.digest.str() + " is " + std::to_string(bytes->size()) +
                           " bytes but its descriptor says " + std::to_string(d.size));
  if (auto ok = verify_digest(*bytes, d.digest, std::string(what) + " " + blob_path(d.digest)); !ok)
    return std::unexpected(ok.error());
  return bytes;
}

ImageResult<void> attach_diff_ids(ImagePlan& plan) {
  if (plan.config.diff_ids.size() != plan.layers.size())
    return image_error(ImageErrorKind::Format, "config lists " + std::to_string(plan.config.diff_ids.size()) +
                                                   " rootfs.diff_ids but the manifest has " +
                                                   std::to_string(plan.layers.size()) + " layers");
  for (std::size_t i = 0; i < plan.layers.size(); ++i) {
    auto d = parse_digest(plan.config.diff_ids[i]);
    if (!d)
      return image_error(d.error().kind,
                         "config rootfs.diff_ids[" + std::to_string(i) + "]: " + d.error().message);
    plan.layers[i].diff_id = std::move(*d);
  }
  return {};
}

// "longer" ends with "shorter" right after a ':' or '/' ("docker.io/library/nginx:1.25" vs "nginx:1.25").
bool ends_at_boundary(std::string_view longer, std::string_view shorter) {
  if (longer.size() <= shorter.size() || !longer.ends_with(shorter)) return false;
  const char before = longer[longer.size() - shorter.size() - 1];
  return before == ':' || before == '/';
}

bool reference_matches(std::string_view wanted, std::string_view candidate) {
  if (wanted.empty() || candidate.empty()) return wanted == candidate;
  return wanted == candidate || ends_at_boundary(candidate, wanted) || ends_at_boundary(wanted, candidate);
}

ImageResult<ImagePlan> plan_docker_archive(const MetadataStore& store, const ReadOptions& options) {
  auto manifest_json = store.read("/manifest.json");
  if (!manifest_json) return std::unexpected(manifest_json.error());
  auto images = parse_docker_manifest(*manifest_json);
  if (!images) return std::unexpected(images.error());
  const DockerArchiveImage* chosen = &images->front();
  std::string reference = chosen->repo_tags.empty() ? "" : chosen->repo_tags.front();
  if (!options.reference.empty()) {
    chosen = nullptr;
    std::string available;
    for (const auto& image : *images)
      for (const auto& tag : image.repo_tags) {
        if (!chosen && reference_matches(options.reference, tag)) {
          chosen = &image;
          reference = tag;
        }
        available += (available.empty() ? "" : ", ") + tag;
      }
    if (!chosen)
      return image_error(ImageErrorKind::NotFound,
                         "manifest.json has no image tagged \"" + options.reference +
                             "\" (tags: " + (available.empty() ? "none" : available) + ")");
  }
  ImagePlan plan;
  plan.format = ImageFormat::DockerArchive;
  plan.reference = reference;
  if (chosen->layer_paths.size() > limits::kMaxLayers)
    return image_error(ImageErrorKind::LimitExceeded,
                       "manifest.json: more than " + std::to_string(limits::kMaxLayers) + " layers");

  auto config_path = normalize_layer_path(chosen->config_path, "manifest.json Config");
  if (!config_path) return std::unexpected(config_path.error());
  const std::optional<Digest> config_digest = digest_from_name(*config_path);
  if (!config_digest)
    return image_error(
        ImageErrorKind::Unsupported,
        "manifest.json: config " + *config_path + " is not named by its digest, so it cannot be verified");
  auto config_json = store.read(*config_path);
  if (!config_json) return std::unexpected(config_json.error());
  if (auto ok = verify_digest(*config_json, *config_digest, "config " + *config_path); !ok)
    return std::unexpected(ok.error());
  auto config = parse_image_config(*config_json, *config_path);
  if (!config) return std::unexpected(config.error());
  plan.config_digest = *config_digest;
  plan.config = std::move(*config);

  for (const std::string& raw : chosen->layer_paths) {
    auto path = normalize_layer_path(raw, "manifest.json Layers");
    if (!path) return std::unexpected(path.error());
    LayerPlan layer;
    layer.blob_digest = digest_from_name(*path);
    layer.blob_path = std::move(*path);
    layer.media_type = "application/vnd.docker.image.rootfs.diff.tar";
    plan.layers.push_back(std::move(layer));
  }
  if (auto ok = attach_diff_ids(plan); !ok) return std::unexpected(ok.error());
  return plan;
}

struct Candidate {
  Descriptor manifest;
  std::string reference;
};

ImageResult<void> collect_manifests(const MetadataStore& store, const ImageIndex& index,
                                    const ReadOptions& options, int depth, std::string_view reference,
                                    std::vector<Candidate>& out, std::vector<std::string>& seen_platforms) {
  if (depth > limits::kMaxIndexDepth)
    return image_error(ImageErrorKind::LimitExceeded, "image indexes nest deeper than " +
                                                          std::to_string(limits::kMaxIndexDepth) + " levels");
  for (const Descriptor& d : index.manifests) {
    if (d.attestation) continue;
    // Only the top-level index.json names images; nested entries inherit the name.
    std::string name = depth == 0 ? d.ref_name : std::string(reference);
    if (depth == 0 && !options.reference.empty() && !reference_matches(options.reference, d.ref_name))
      continue;
    if (d.platform) {
      if (d.platform->os == "unknown") continue;  // buildkit provenance / SBOM entries
      seen_platforms.push_back(d.platform->str());
      if (!options.platform.accepts(*d.platform)) continue;
    }
    if (d.is_index()) {
      auto bytes = read_verified(store, d, "image index");
      if (!bytes) return std::unexpected(bytes.error());
      auto nested = parse_image_index(*bytes, blob_path(d.digest));
      if (!nested) return std::unexpected(nested.error());
      if (auto ok = collect_manifests(store, *nested, options, depth + 1, name, out, seen_platforms); !ok)
        return ok;
      continue;
    }
    out.push_back(Candidate{d, std::move(name)});
  }
  return {};
}

ImageResult<ImagePlan> plan_oci(const MetadataStore& store, const ReadOptions& options) {
  auto index_json = store.read("/index.json");
  if (!index_json) return std::unexpected(index_json.error());
  auto index = parse_image_index(*index_json, "index.json");
  if (!index) return std::unexpected(index.error());
  std::vector<Candidate> candidates;
  std::vector<std::string> platforms;
  if (auto ok = collect_manifests(store, *index, options, 0, "", candidates, platforms); !ok)
    return std::unexpected(ok.error());
  if (candidates.empty()) {
    std::string available;
    for (const auto& p : platforms) available += (available.empty() ? "" : ", ") + p;
    if (!options.reference.empty() && platforms.empty())
      return image_error(ImageErrorKind::NotFound,
                         "index.json has no image named \"" + options.reference + "\"");
    return image_error(ImageErrorKind::NotFound,
                       "no image for platform " + options.platform.str() +
                           " (available: " + (available.empty() ? "none" : available) + ")");
  }
  const Candidate& chosen = candidates.front();
  auto manifest_json = read_verified(store, chosen.manifest, "image manifest");
  if (!manifest_json) return std::unexpected(manifest_json.error());
  auto manifest = parse_image_manifest(*manifest_json, blob_path(chosen.manifest.digest));
  if (!manifest) return std::unexpected(manifest.error());
  if (manifest->layers.size() > limits::kMaxLayers)
    return image_error(ImageErrorKind::LimitExceeded,
                       "image manifest: more than " + std::to_string(limits::kMaxLayers) + " layers");
  auto config_json = read_verified(store, manifest->config, "image config");
  if (!config_json) return std::unexpected(config_json.error());
  auto config = parse_image_config(*config_json, blob_path(manifest->config.digest));
  if (!config) return std::unexpected(config.error());

  ImagePlan plan;
  plan.format = ImageFormat::OciLayout;
  plan.reference = chosen.reference;
  plan.manifest_digest = chosen.manifest.digest;
  plan.config_digest = manifest->config.digest;
  plan.config = std::move(*config);
  for (const Descriptor& d : manifest->layers) {
    LayerPlan layer;
    layer.blob_path = blob_path(d.digest);
    layer.blob_digest = d.digest;
    layer.size = d.size;
    layer.media_type = d.media_type;
    plan.layers.push_back(std::move(layer));
  }
  if (auto ok = attach_diff_ids(plan); !ok) return std::unexpected(ok.error());
  return plan;
}

}  // namespace

ImageResult<ImagePlan> plan_image(const MetadataStore& store, const ReadOptions& options,
                                  std::string_view source) {
  ImageResult<ImagePlan> plan =
      store.has("/manifest.json") ? plan_docker_archive(store, options)
      : store.has("/index.json")
          ? plan_oci(store, options)
          : image_error(ImageErrorKind::Format,
                        "neither manifest.json (docker save) nor index.json (OCI layout)");
  if (!plan) return image_error(plan.error().kind, std::string(source) + ": " + plan.error().message);
  return plan;
}

}  // namespace bulwark::image
