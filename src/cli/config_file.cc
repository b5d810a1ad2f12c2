#include "cli/config_file.h"

#include <fmt/format.h>

#include <filesystem>

#include "doc/byte_source.h"
#include "doc/yaml_loader.h"

namespace bulwark::cli {
namespace {

namespace fs = std::filesystem;

std::string where(const std::string& file, const doc::Node& node) {
  return fmt::format("{}:{}:{}", file, node.range().begin.line, node.range().begin.column);
}

using Errors = std::expected<void, std::string>;

Errors string_value(const std::string& file, const doc::Node& node, std::string& out) {
  if (!node.is_scalar() || node.is_null())
    return std::unexpected(where(file, node) + ": expected a string, found " +
                           std::string(doc::to_string(node.kind())));
  out = std::string(node.text());
  return {};
}

Errors string_list(const std::string& file, const doc::Node& node, std::vector<std::string>& out) {
  if (node.is_scalar() && !node.is_null()) {
    out.emplace_back(node.text());
    return {};
  }
  if (!node.is_sequence()) return std::unexpected(where(file, node) + ": expected a list of strings");
  for (const doc::Node* item : node.items()) {
    std::string s;
    if (auto r = string_value(file, *item, s); !r) return r;
    out.push_back(std::move(s));
  }
  return {};
}

Errors unknown_key(const std::string& file, const doc::MapEntry& e, std::string_view expected) {
  return std::unexpected(
      fmt::format("{}: unknown key \"{}\" (expected one of: {})", where(file, *e.key), e.name, expected));
}

Errors read_rules(const std::string& file, const doc::Node& node, Config& c) {
  if (!node.is_mapping()) return std::unexpected(where(file, node) + ": `rules` must be a mapping");
  for (const doc::MapEntry& e : node.entries()) {
    Errors r;
    if (e.name == "only") {
      r = string_list(file, *e.value, c.only);
    } else if (e.name == "disable") {
      r = string_list(file, *e.value, c.disable);
    } else if (e.name == "severity") {
      if (!e.value->is_mapping())
        return std::unexpected(where(file, *e.value) + ": `severity` maps rule ids to severities");
      for (const doc::MapEntry& s : e.value->entries()) {
        const auto severity = rules::parse_severity(s.value->text());
        if (!severity)
          return std::unexpected(where(file, *s.value) +
                                 ": severity must be info, low, medium, high or critical");
        c.severities.insert_or_assign(std::string(s.name), *severity);
      }
    } else {
      r = unknown_key(file, e, "only, disable, severity");
    }
    if (!r) return r;
  }
  return {};
}

Errors read_exemptions(const std::string& file, const doc::Node& node, Config& c) {
  if (!node.is_sequence()) return std::unexpected(where(file, node) + ": `exemptions` must be a list");
  for (const doc::Node* item : node.items()) {
    if (!item->is_mapping()) return std::unexpected(where(file, *item) + ": an exemption is a mapping");
    engine::Exemption x;
    bool has_reason = false;
    for (const doc::MapEntry& e : item->entries()) {
      Errors r;
      std::string ignored;
      if (e.name == "kind")
        r = string_value(file, *e.value, x.kind);
      else if (e.name == "namespace")
        r = string_value(file, *e.value, x.namespace_);
      else if (e.name == "name")
        r = string_value(file, *e.value, x.name);
      else if (e.name == "rules")
        r = string_list(file, *e.value, x.rules);
      else if (e.name == "reason")
        r = string_value(file, *e.value, ignored), has_reason = !ignored.empty();
      else
        r = unknown_key(file, e, "kind, namespace, name, rules, reason");
      if (!r) return r;
    }
    // As with the ignore annotation: silencing leaves a reason a reviewer can read.
    if (!has_reason) return std::unexpected(where(file, *item) + ": an exemption needs a `reason`");
    if (x.kind.empty() && x.namespace_.empty() && x.name.empty())
      return std::unexpected(where(file, *item) +
                             ": an exemption needs at least one of kind, namespace, name");
    c.exemptions.push_back(std::move(x));
  }
  return {};
}

}  // namespace

std::string find_config(const std::string& scanned_path) {
  std::error_code ec;
  fs::path dir =
      scanned_path == "-" || scanned_path.empty() ? fs::current_path(ec) : fs::absolute(scanned_path, ec);
  if (ec) return "";
  if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
  for (int depth = 0; depth < 128 && !dir.empty(); ++depth) {
    for (const char* name : {".bulwark.yaml", ".bulwark.yml"}) {
      const fs::path candidate = dir / name;
      if (fs::is_regular_file(candidate, ec)) return candidate.lexically_normal().string();
    }
    if (dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  return "";
}

std::expected<Config, std::string> load_config(const std::string& path) {
  auto source = doc::FileByteSource::open(path);
  if (!source) return std::unexpected(path + ": " + source.error());
  doc::YamlStreamLoader loader(*source, path);
  Config c;
  c.path = path;
  auto first = loader.next();
  if (!first) return c;  // an empty file configures nothing
  if (!*first) {
    const doc::LoadError& e = first->error();
    return std::unexpected(
        fmt::format("{}:{}:{}: {}", e.file, e.position.line, e.position.column, e.message));
  }
  const doc::Node* root = (*first)->root();
  if (!root || root->is_null()) return c;
  if (!root->is_mapping())
    return std::unexpected(where(path, *root) + ": the configuration must be a mapping");
  for (const doc::MapEntry& e : root->entries()) {
    Errors r;
    std::string s;
    if (e.name == "severityThreshold") {
      r = string_value(path, *e.value, s);
      if (r && !rules::parse_severity(s))
        r = std::unexpected(where(path, *e.value) +
                            ": severityThreshold must be info, low, medium, high or critical");
      c.severity_threshold = s;
    } else if (e.name == "pssLevel") {
      r = string_value(path, *e.value, s);
      if (r && !rules::parse_pss_level(s))
        r = std::unexpected(where(path, *e.value) + ": pssLevel must be privileged, baseline or restricted");
      c.pss_level = s;
    } else if (e.name == "pssVersion") {
      r = string_value(path, *e.value, s);
      if (r && !rules::parse_pss_version(s))
        r = std::unexpected(where(path, *e.value) + ": pssVersion must be latest or v1.N");
      c.pss_version = s;
    } else if (e.name == "rules") {
      r = read_rules(path, *e.value, c);
    } else if (e.name == "exclude") {
      r = string_list(path, *e.value, c.exclude);
    } else if (e.name == "exemptions") {
      r = read_exemptions(path, *e.value, c);
    } else {
      r = unknown_key(path, e, "severityThreshold, pssLevel, pssVersion, rules, exclude, exemptions");
    }
    if (!r) return std::unexpected(r.error());
  }
  return c;
}

void apply_config(const Config& c, engine::ScanOptions& options) {
  for (const auto& id : c.only) options.rules.only.push_back(id);
  for (const auto& id : c.disable) options.rules.skip.push_back(id);
  for (const auto& [id, severity] : c.severities)
    options.rules.severity_overrides.insert_or_assign(id, severity);
  for (const auto& x : c.exemptions) options.exemptions.push_back(x);
  // The engine matches globs against paths as they were scanned: anchor each pattern at the
  // file's directory both relatively (to the working directory) and absolutely.
  std::error_code ec;
  const fs::path dir = fs::path(c.path).parent_path();
  const fs::path absolute = fs::absolute(dir, ec).lexically_normal();
  const fs::path relative = absolute.lexically_relative(fs::current_path(ec));
  for (const std::string& pattern : c.exclude) {
    options.exclude_paths.push_back((absolute / pattern).string());
    if (relative.empty() || relative == ".") {
      options.exclude_paths.push_back(pattern);
      options.exclude_paths.push_back("./" + pattern);
    } else {
      options.exclude_paths.push_back((relative / pattern).string());
    }
  }
}

}  // namespace bulwark::cli
