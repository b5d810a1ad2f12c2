#include <algorithm>

#include "image/os_packages.h"
#include "rules/image/image_rules.h"
#include "secrets/mask.h"
#include "secrets/secret_scanner.h"

namespace bulwark::rules::image {

namespace {

// Snippets name the history step; long RUN lines are cut so a finding stays one readable line.
constexpr std::size_t kMaxCreatedBy = 160;
// Candidate secret files are small text files; larger ones are data, not credentials.
constexpr std::uint64_t kMaxSecretFileBytes = 256u << 10;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool mentions_minimal(std::string_view text) {
  const std::string l = lower(text);
  return l.find("distroless") != std::string::npos || l.find("minimal") != std::string::npos;
}

bool detect_minimal_claim(const img::Image& image) {
  if (mentions_minimal(image.reference)) return true;
  for (const auto& [key, value] : image.config.labels)
    if (mentions_minimal(key) || mentions_minimal(value)) return true;
  // Distroless images record packages one file each in /var/lib/dpkg/status.d and have no status file.
  const auto& files = image.fs.files();
  const auto it = files.lower_bound(std::string_view("/var/lib/dpkg/status.d/"));
  const bool status_d = it != files.end() && it->first.starts_with("/var/lib/dpkg/status.d/");
  return status_d && image.fs.find("/var/lib/dpkg/status") == nullptr;
}

bool has_extension(std::string_view base, std::initializer_list<std::string_view> extensions) {
  for (std::string_view e : extensions)
    if (base.size() > e.size() && base.ends_with(e)) return true;
  return false;
}

}  // namespace

ImageContext::ImageContext(const img::Image& image)
    : image_(image),
      display_name_("image " + (image.reference.empty() ? image.source : image.reference)),
      claims_minimal_(detect_minimal_claim(image)) {}

const img::FileInfo* ImageContext::resolve(std::string_view path) const {
  auto found = image_.fs.resolve(path);
  return found ? *found : nullptr;
}

std::string ImageContext::describe_layer(std::uint32_t layer) const {
  if (layer >= image_.layers.size()) return "layer " + std::to_string(layer);
  const img::LayerInfo& info = image_.layers[layer];
  std::string out = "layer " + std::to_string(layer) + " (" + info.digest.algorithm + ":" +
                    info.digest.hex.substr(0, 12) + ")";
  if (!info.created_by.empty()) {
    std::string step = mask_secrets_in(info.created_by);
    if (step.size() > kMaxCreatedBy) step = step.substr(0, kMaxCreatedBy) + "…";
    out += ", created by: " + step;
  }
  return out;
}

Finding ImageContext::config_finding(const RuleMeta& rule, std::string field, std::string message) const {
  Finding f;
  f.rule = &rule;
  f.severity = rule.severity;
  f.message = std::move(message);
  f.object = display_name_;
  f.field_path = std::move(field);
  f.location.file = image_.source;
  f.location.snippet = "config " + image_.config_digest.str();
  return f;
}

Finding ImageContext::file_finding(const RuleMeta& rule, const img::FileInfo& file,
                                   std::string message) const {
  Finding f;
  f.rule = &rule;
  f.severity = rule.severity;
  f.message = std::move(message);
  f.object = display_name_;
  f.field_path = file.path;
  f.location.file = image_.source;
  f.location.snippet = file.path + " in " + describe_layer(file.layer);
  return f;
}

std::vector<Finding> check_image(const img::Image& image) {
  const ImageContext context(image);
  FindingSink sink;
  for (const ImageRule& rule : image_rules()) rule.check(context, sink);
  return sink.take();
}

bool wants_content(std::string_view path, std::uint64_t size) {
  if (img::is_package_database(path)) return true;
  if (size > kMaxSecretFileBytes) return false;
  const std::string_view base = path.substr(path.rfind('/') + 1);
  // Credential files by name, wherever they are.
  static constexpr std::string_view kNames[] = {
      "id_rsa",      "id_dsa",        "id_ecdsa",         "id_ed25519",       ".npmrc",
      ".pypirc",     ".netrc",        "_netrc",           ".git-credentials", ".pgpass",
      ".my.cnf",     ".env",          ".htpasswd",        ".dockercfg",       ".vault-token",
      ".s3cfg",      "credentials",   "credentials.json", "secrets.json",     "secrets.yaml",
      "secrets.yml", ".bash_history", ".ash_history",     ".zsh_history",     "wp-config.php"};
  for (std::string_view name : kNames)
    if (base == name) return true;
  if (path.ends_with("/.docker/config.json")) return true;
  if (has_extension(base, {".pem", ".key", ".p8", ".ppk", ".env"})) return true;
  // Text configuration elsewhere than the distribution's and language runtimes' own trees.
  static constexpr std::string_view kSkippedTrees[] = {
      "/usr/share/",   "/usr/include/",   "/usr/lib/",         "/usr/lib64/", "/lib/",
      "/lib64/",       "/usr/local/lib/", "/usr/local/share/", "/usr/src/",   "/var/lib/dpkg/",
      "/var/lib/apt/", "/var/cache/",     "/etc/ssl/certs/",   "/proc/",      "/sys/"};
  for (std::string_view tree : kSkippedTrees)
    if (path.starts_with(tree)) return false;
  static constexpr std::string_view kSkippedDirs[] = {"/node_modules/", "/site-packages/", "/dist-packages/",
                                                      "/.cache/", "/vendor/"};
  for (std::string_view dir : kSkippedDirs)
    if (path.find(dir) != std::string_view::npos) return false;
  return has_extension(base, {".json", ".yaml", ".yml", ".conf", ".cfg", ".ini", ".properties", ".toml",
                              ".xml", ".sh", ".txt", ".php", ".py", ".js", ".rb", ".config"});
}

std::string mask_secrets_in(std::string_view text) {
  const auto matches = secrets::SecretScanner::instance().scan(text);
  std::string out(text);
  for (auto it = matches.rbegin(); it != matches.rend(); ++it)
    out = secrets::mask_range(out, it->offset, it->length);
  return out;
}

}  // namespace bulwark::rules::image
