#include "cli/manifest_rendering.h"

#include <fmt/format.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "cli/child_process.h"
#include "engine/directory_listing.h"

namespace bulwark::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kKustomizationNames[] = {"kustomization.yaml", "kustomization.yml", "Kustomization"};

bool skipped_directory(std::string_view name) {
  return name == ".git" || name == "node_modules" || name == "vendor";
}

// One pass over each directory: probing every directory for four file names cost more than
// listing it, on trees with many directories.
void walk(const std::string& dir, std::vector<RenderRoot>& out, int depth) {
  if (depth > 64) return;
  auto entries = engine::list_directory(dir);
  if (!entries) return;  // the input walk reports unreadable directories
  bool chart = false;
  bool kustomization = false;
  std::vector<std::string_view> children;  // names, in name order
  for (const engine::DirectoryEntry& e : *entries) {
    if (e.type == engine::DirectoryEntry::Type::Directory) {
      if (!skipped_directory(e.name)) children.push_back(e.name);
      continue;
    }
    if (e.type != engine::DirectoryEntry::Type::File) continue;
    chart = chart || e.name == "Chart.yaml";
    kustomization =
        kustomization || std::any_of(std::begin(kKustomizationNames), std::end(kKustomizationNames),
                                     [&](const char* n) { return e.name == n; });
  }
  if (chart) {
    // helm renders subcharts (charts/) with their parent: nothing below is a root of its own.
    out.push_back(RenderRoot{RenderRoot::Tool::Helm, dir});
    return;
  }
  if (kustomization) out.push_back(RenderRoot{RenderRoot::Tool::Kustomize, dir});
  for (const std::string_view c : children) walk(engine::join_path(dir, c), out, depth + 1);
}

std::string strip_trailing_slash(std::string s) {
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

bool is_under(std::string_view path, std::string_view root) {
  if (root == ".") return !path.starts_with('/');
  return path.size() > root.size() && path.starts_with(root) && path[root.size()] == '/';
}

std::string release_name(const std::string& directory) {
  std::string name = fs::path(directory).filename().string();
  if (name.empty() || name == ".") name = fs::absolute(directory).filename().string();
  std::string out;
  for (const char c : name)
    out += (std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '-');
  return out.empty() ? "release" : out;
}

std::string first_line(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
  const auto nl = s.rfind('\n');
  return std::string(nl == std::string_view::npos ? s : s.substr(nl + 1));
}

}  // namespace

std::vector<RenderRoot> find_render_roots(const std::vector<std::string>& paths) {
  std::vector<RenderRoot> out;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (p == "-" || !fs::is_directory(p, ec)) continue;
    std::vector<RenderRoot> found;
    walk(strip_trailing_slash(p), found, 0);
    for (RenderRoot& r : found) out.push_back(std::move(r));
  }
  return out;
}

RenderPlan render(const std::vector<RenderRoot>& roots) {
  RenderPlan plan;
  const std::string kubectl = find_on_path("kubectl");
  const std::string helm = find_on_path("helm");
  for (const RenderRoot& root : roots) {
    std::vector<std::string> argv;
    std::string display;
    if (root.tool == RenderRoot::Tool::Kustomize) {
      if (kubectl.empty()) {
        plan.notices.push_back(
            engine::Notice{root.directory,
                           "kustomization scanned as plain files: kubectl is not on PATH (to scan what it "
                           "renders: `kubectl kustomize " +
                               root.directory + " | bulwark scan -`)"});
        continue;
      }
      argv = {kubectl, "kustomize", root.directory};
      display = root.directory + "@kustomize";
    } else {
      plan.roots.push_back(root);
      if (helm.empty()) {
        plan.notices.push_back(engine::Notice{
            root.directory,
            fmt::format("Helm chart not scanned: helm is not on PATH; render it and scan the output: "
                        "`helm template {} {} | bulwark scan -`",
                        release_name(root.directory), root.directory)});
        continue;
      }
      argv = {helm, "template", release_name(root.directory), root.directory};
      display = root.directory + "@helm";
    }
    if (root.tool == RenderRoot::Tool::Kustomize) plan.roots.push_back(root);
    std::string command = root.tool == RenderRoot::Tool::Kustomize
                              ? "kubectl kustomize " + root.directory
                              : fmt::format("helm template {} {}", argv[2], argv[3]);
    auto run = run_child(argv);
    if (!run || run->exit_code != 0) {
      const std::string why = !run ? run.error() : first_line(run->err.empty() ? run->out : run->err);
      plan.errors.push_back(doc::LoadError{root.directory, {}, fmt::format("`{}` failed: {}", command, why)});
      continue;
    }
    plan.notices.push_back(engine::Notice{
        root.directory,
        fmt::format("rendered with `{}`; positions in {} point into its output", command, display)});
    plan.streams.push_back(RenderedStream{root, display, command, std::move(run->out)});
  }
  return plan;
}

void drop_rendered_inputs(const RenderPlan& plan, const std::vector<std::string>& named_paths,
                          std::vector<engine::Input>& inputs) {
  std::erase_if(inputs, [&](const engine::Input& input) {
    if (std::find(named_paths.begin(), named_paths.end(), input.path) != named_paths.end()) return false;
    return std::any_of(plan.roots.begin(), plan.roots.end(),
                       [&](const RenderRoot& r) { return is_under(input.path, r.directory); });
  });
}

std::expected<RenderedFiles, std::string> RenderedFiles::write(const std::vector<RenderedStream>& streams) {
  RenderedFiles files;
  if (streams.empty()) return files;
  std::error_code ec;
  std::string pattern = (fs::temp_directory_path(ec) / "bulwark-render-XXXXXX").string();
  if (!::mkdtemp(pattern.data()))
    return std::unexpected("cannot create a temporary directory for rendered manifests");
  files.directory_ = pattern;
  for (std::size_t i = 0; i < streams.size(); ++i) {
    const std::string path = fmt::format("{}/{}.yaml", files.directory_, i);
    std::ofstream out(path, std::ios::binary);
    out << streams[i].text;
    if (!out) return std::unexpected("cannot write " + path);
    files.inputs_.push_back(engine::Input{path, engine::InputKind::Manifest});
    files.display_names_.push_back(streams[i].display_name);
  }
  return files;
}

RenderedFiles::RenderedFiles(RenderedFiles&& other) noexcept
    : directory_(std::move(other.directory_)),
      inputs_(std::move(other.inputs_)),
      display_names_(std::move(other.display_names_)) {
  other.directory_.clear();
}

RenderedFiles::~RenderedFiles() {
  if (directory_.empty()) return;
  std::error_code ec;
  fs::remove_all(directory_, ec);
}

void RenderedFiles::rename_in(engine::ScanResult& result) const {
  if (inputs_.empty()) return;
  auto rename = [&](std::string& file) {
    for (std::size_t i = 0; i < inputs_.size(); ++i)
      if (file == inputs_[i].path) {
        file = display_names_[i];
        return;
      }
  };
  for (auto& f : result.findings) {
    rename(f.location.file);
    for (auto& r : f.related) rename(r.location.file);
  }
  for (auto& e : result.load_errors) rename(e.file);
  for (auto& n : result.notices) rename(n.file);
}

}  // namespace bulwark::cli
