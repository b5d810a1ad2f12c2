#include "image/layer_path.h"

#include "image/image_limits.h"

namespace bulwark::image {

ImageResult<std::string> normalize_layer_path(std::string_view raw, std::string_view what) {
  if (raw.size() > limits::kMaxPathBytes)
    return image_error(ImageErrorKind::LimitExceeded, std::string(what) + ": entry name of " +
                                                          std::to_string(raw.size()) + " bytes exceeds " +
                                                          std::to_string(limits::kMaxPathBytes));
  if (!raw.empty() && raw.front() == '/')
    return image_error(ImageErrorKind::AbsolutePath,
                       std::string(what) + ": entry \"" + std::string(raw) + "\" has an absolute path");
  std::string out;
  out.reserve(raw.size() + 1);
  std::size_t start = 0;
  while (start <= raw.size()) {
    auto slash = raw.find('/', start);
    if (slash == std::string_view::npos) slash = raw.size();
    const std::string_view component = raw.substr(start, slash - start);
    start = slash + 1;
    if (component.empty() || component == ".") continue;
    if (component == "..")
      return image_error(ImageErrorKind::PathTraversal, std::string(what) + ": entry \"" + std::string(raw) +
                                                            "\" escapes the root with \"..\"");
    out.push_back('/');
    out.append(component);
  }
  if (out.empty()) out.push_back('/');
  return out;
}

std::string_view parent_path(std::string_view path) {
  const auto slash = path.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return "/";
  return path.substr(0, slash);
}

std::string_view base_name(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string join_path(std::string_view dir, std::string_view name) {
  std::string out(dir);
  if (out.empty() || out.back() != '/') out.push_back('/');
  out.append(name);
  return out;
}

}  // namespace bulwark::image
