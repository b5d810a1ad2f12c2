#pragma once

#include <expected>
#include <string>
#include <vector>

#include "doc/load_error.h"
#include "engine/input.h"
#include "engine/scan_result.h"

namespace bulwark::cli {

/// A directory that a tool turns into manifests: a kustomization or a Helm chart.
struct RenderRoot {
  enum class Tool { Kustomize, Helm };
  Tool tool = Tool::Kustomize;
  std::string directory;
};

/// The stream a tool produced, and the name findings in it are reported under
/// ("overlays/prod@kustomize": positions point into this stream, not into a file on disk).
struct RenderedStream {
  RenderRoot root;
  std::string display_name;
  std::string command;  // what a person runs to see the same stream
  std::string text;
};

/// Everything rendering decided for one scan.
struct RenderPlan {
  std::vector<RenderRoot> roots;  // their files are not scanned as they are
  std::vector<RenderedStream> streams;
  std::vector<engine::Notice> notices;
  std::vector<doc::LoadError> errors;  // a tool that ran and failed
};

/// Finds kustomizations (kustomization.yaml, kustomization.yml, Kustomization) and Helm charts
/// (Chart.yaml) under the directories named on the command line, skipping .git, node_modules,
/// vendor and a chart's own subcharts, in sorted order.
std::vector<RenderRoot> find_render_roots(const std::vector<std::string>& paths);

/// Renders each root with `kubectl kustomize DIR` or `helm template NAME DIR` when the tool is on
/// PATH. A chart without helm is reported once with the command to run; a kustomization without
/// kubectl is scanned as plain files with a notice.
RenderPlan render(const std::vector<RenderRoot>& roots);

/// Drops the inputs that a rendered root replaces. Files named on the command line are kept.
void drop_rendered_inputs(const RenderPlan& plan, const std::vector<std::string>& named_paths,
                          std::vector<engine::Input>& inputs);

/// Rendered streams as files the engine can read (removed on destruction), and the renaming of
/// their temporary paths back to display names in a result.
class RenderedFiles {
 public:
  static std::expected<RenderedFiles, std::string> write(const std::vector<RenderedStream>& streams);
  RenderedFiles(RenderedFiles&& other) noexcept;
  RenderedFiles& operator=(RenderedFiles&&) = delete;
  ~RenderedFiles();
  const std::vector<engine::Input>& inputs() const { return inputs_; }
  void rename_in(engine::ScanResult& result) const;

 private:
  RenderedFiles() = default;
  std::string directory_;
  std::vector<engine::Input> inputs_;
  std::vector<std::string> display_names_;
};

}  // namespace bulwark::cli
