#pragma once

#include <string>
#include <string_view>

#include "image/image_error.h"

namespace bulwark::image {

/// Normalises a tar entry name to "/a/b": "./" prefixes, "." components and repeated or trailing
/// slashes are dropped. A leading '/' is an AbsolutePath error and a ".." component a PathTraversal
/// error (builders never write either; extractors that honour them write outside the root).
/// `what` names the layer in messages.
ImageResult<std::string> normalize_layer_path(std::string_view raw, std::string_view what);

/// "/a/b" -> "/a"; "/a" -> "/".
std::string_view parent_path(std::string_view path);

/// "/a/b" -> "b".
std::string_view base_name(std::string_view path);

/// Joins a normalised directory and a single component.
std::string join_path(std::string_view dir, std::string_view name);

}  // namespace bulwark::image
