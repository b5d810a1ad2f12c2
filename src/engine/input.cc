#include "engine/input.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace bulwark::engine {
namespace {

namespace fs = std::filesystem;

bool is_manifest_name(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

bool is_skipped_directory(const std::string& name) {
  return name == ".git" || name == "node_modules" || name == "vendor";
}

bool is_oci_layout(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "index.json", ec) && fs::is_directory(dir / "blobs", ec);
}

void walk(const fs::path& dir, InputList& out) {
  std::vector<fs::directory_entry> entries;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
  if (ec) {
    out.errors.push_back(InputError{dir.string(), ec.message()});
    return;
  }
  std::sort(entries.begin(), entries.end(),
            [](const fs::directory_entry& a, const fs::directory_entry& b) { return a.path() < b.path(); });
  for (const auto& entry : entries) {
    const fs::path& p = entry.path();
    const std::string name = p.filename().string();
    std::error_code type_ec;
    if (entry.is_directory(type_ec)) {
      if (entry.is_symlink(type_ec) || is_skipped_directory(name)) continue;  // no symlink loops
      if (is_oci_layout(p)) {
        out.inputs.push_back(Input{p.string(), InputKind::ImageLayout});
        continue;
      }
      walk(p, out);
    } else if (entry.is_regular_file(type_ec)) {
      if (is_manifest_name(p))
        out.inputs.push_back(Input{p.string(), InputKind::Manifest});
      else if (is_dockerfile_name(name))
        out.inputs.push_back(Input{p.string(), InputKind::Dockerfile});
      else if (p.extension() == ".tar")
        out.inputs.push_back(Input{p.string(), InputKind::ImageArchive});
    }
  }
}

}  // namespace

bool is_dockerfile_name(std::string_view name) {
  auto lower = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  const std::string n = lower(name);
  return n == "dockerfile" || n == "containerfile" || n.starts_with("dockerfile.") ||
         n.starts_with("containerfile.") || n.ends_with(".dockerfile") || n.ends_with(".containerfile");
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
        walk(p, out);
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
