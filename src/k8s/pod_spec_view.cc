#include "k8s/pod_spec_view.h"

namespace bulwark::k8s {
std::optional<PodSpecView> PodSpecView::of(const Object& object) {
  const PodLayout& layout = object.pod_layout();
  if (!layout.spec) return std::nullopt;
  return PodSpecView(object, layout);
}

std::optional<std::string_view> PodSpecView::pod_annotation(std::string_view key) const {
  if (!layout_->metadata) return std::nullopt;
  const doc::Node* annotations = layout_->metadata->get("annotations");
  const doc::Node* v = annotations ? annotations->get(key) : nullptr;
  return v ? v->as_string() : std::nullopt;
}

std::string PodSpecView::field_path(std::string_view relative) const {
  if (relative.empty()) return path();
  std::string out;
  out.reserve(path().size() + 1 + relative.size());
  out += path();
  out += '.';
  out += relative;
  return out;
}

}  // namespace bulwark::k8s
