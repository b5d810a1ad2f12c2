#include "engine/input.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include "engine/directory_listing.h"

namespace bulwark::engine {
namespace {

namespace fs = std::filesystem;

// fs::path::extension() of a file name: from its last dot, unless the name starts there ("." "..",
// ".profile" have none).
std::string_view extension_of(std::string_view name) {
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || name == "..") return {};
  return name.substr(dot);
}

bool is_manifest_name(std::string_view name) {
  const std::string_view ext = extension_of(name);
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

bool is_skipped_directory(std::string_view name) {
  return name == ".git" || name == "node_modules" || name == "vendor";
}

bool is_oci_layout(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "index.json", ec) && fs::is_directory(dir / "blobs", ec);
}

void walk(const std::string& dir, InputList& out) {
  auto entries = list_directory(dir);
  if (!entries) {
    out.errors.push_back(InputError{dir, entries.error()});
    return;
  }
  for (const DirectoryEntry& entry : *entries) {
    const std::string_view name = entry.name;
    switch (entry.type) {
      case DirectoryEntry::Type::Directory: {
        if (is_skipped_directory(name)) break;
        std::string path = join_path(dir, name);
        if (is_oci_layout(path))
          out.inputs.push_back(Input{std::move(path), InputKind::ImageLayout});
        else
          walk(path, out);
        break;
      }
      case DirectoryEntry::Type::File:
        if (is_manifest_name(name))
          out.inputs.push_back(Input{join_path(dir, name), InputKind::Manifest});
        else if (is_dockerfile_name(name))
          out.inputs.push_back(Input{join_path(dir, name), InputKind::Dockerfile});
        else if (extension_of(name) == ".tar")
          out.inputs.push_back(Input{join_path(dir, name), InputKind::ImageArchive});
        break;
      case DirectoryEntry::Type::LinkedDirectory:  // never followed: no loops
      case DirectoryEntry::Type::Other:
        break;
    }
  }
}

}  // namespace

bool is_dockerfile_name(std::string_view name) {
  // Compared in place, ignoring case: every file of a walk is asked.
  auto same = [](std::string_view s, std::string_view lower_pattern) {
    return s.size() == lower_pattern.size() &&
           std::equal(s.begin(), s.end(), lower_pattern.begin(),
                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  };
  auto starts = [&](std::string_view p) {
    return name.size() >= p.size() && same(name.substr(0, p.size()), p);
  };
  auto ends = [&](std::string_view p) {
    return name.size() >= p.size() && same(name.substr(name.size() - p.size()), p);
  };
  return same(name, "dockerfile") || same(name, "containerfile") || starts("dockerfile.") ||
         starts("containerfile.") || ends(".dockerfile") || ends(".containerfile");
}

InputList discover_inputs(const std::vector<std::string>& paths) {
  InputList out;
  for (const std::string& path : paths) {
    if (path == "-") {
      out.inputs.push_back(Input{"-", InputKind::StandardInput});
      continue;
    }
    std::error_code ec;
    const fs::path p(path);
    const auto status = fs::status(p, ec);
    if (ec || !fs::exists(status)) {
      out.errors.push_back(InputError{path, "no such file or directory"});
    } else if (fs::is_directory(status)) {
      if (is_oci_layout(p))
        out.inputs.push_back(Input{path, InputKind::ImageLayout});
      else
        walk(path, out);
    } else {
      const std::string name = p.filename().string();
      InputKind kind = InputKind::Manifest;
      if (is_dockerfile_name(name))
        kind = InputKind::Dockerfile;
      else if (p.extension() == ".tar" || p.extension() == ".tgz")
        kind = InputKind::ImageArchive;
      out.inputs.push_back(Input{path, kind});
    }
  }
  return out;
}

}  // namespace bulwark::engine
