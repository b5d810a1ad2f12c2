#include "rules/pss/pod_fields.h"

#include <fmt/format.h>

#include <algorithm>

namespace bulwark::rules::pss {

const doc::Node* field(const doc::Node* node, std::string_view key) {
  if (!node || !node->is_mapping()) return nullptr;
  const doc::Node* value = node->get(key);
  return value && !value->is_null() ? value : nullptr;
}

std::optional<bool> bool_field(const doc::Node* node, std::string_view key) {
  const doc::Node* v = field(node, key);
  return v ? v->as_bool() : std::nullopt;
}

std::optional<int64_t> int_field(const doc::Node* node, std::string_view key) {
  const doc::Node* v = field(node, key);
  return v ? v->as_int() : std::nullopt;
}

std::optional<std::string_view> string_field(const doc::Node* node, std::string_view key) {
  const doc::Node* v = field(node, key);
  return v ? v->as_string() : std::nullopt;
}

std::string container_path(const k8s::PodSpecView& pod, const ContainerRef& c, std::string_view relative) {
  // Appended, not formatted: checks build it for every container, finding or not.
  const std::string_view list = k8s::to_string(c.kind);
  std::string path;
  path.reserve(pod.path().size() + list.size() + relative.size() + 8);
  path += pod.path();
  path += '.';
  path += list;
  path += '[';
  path += std::to_string(c.index);
  path += ']';
  if (!relative.empty()) {
    path += '.';
    path += relative;
  }
  return path;
}

namespace {

bool needs_escape(unsigned char ch) {
  return ch == '"' || ch == '\\' || ch < 0x20 || ch == 0x7f;
}

void append_quoted(std::string& out, std::string_view text) {
  out += '"';
  // Names and values are nearly always plain: appended at once, not byte by byte.
  if (std::none_of(text.begin(), text.end(),
                   [](char ch) { return needs_escape(static_cast<unsigned char>(ch)); })) {
    out += text;
    out += '"';
    return;
  }
  for (unsigned char ch : text) {
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (ch < 0x20 || ch == 0x7f)
          out += fmt::format("\\x{:02x}", ch);
        else
          out += static_cast<char>(ch);
    }
  }
  out += '"';
}

}  // namespace

std::string quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  append_quoted(out, text);
  return out;
}

std::string container_label(const ContainerRef& c) {
  std::string out;
  out.reserve(c.name.size() + 12);
  out += "container ";
  append_quoted(out, c.name);
  return out;
}

std::string Setter::path(std::string_view relative) const {
  return container ? container_path(*pod, *container, relative) : pod->field_path(relative);
}

std::string Setter::label() const {
  return container ? container_label(*container) : std::string("pod");
}

Setter pod_setter(const k8s::PodSpecView& pod) {
  return {nullptr, &pod};
}

Setter container_setter(const k8s::PodSpecView& pod, const ContainerRef& c) {
  return {&c, &pod};
}

const doc::Node* deepest(const doc::Node* start, std::span<const std::string_view> keys) {
  const doc::Node* at = start;
  for (std::string_view key : keys) {
    const doc::Node* next = field(at, key);
    if (!next || !next->is_mapping()) return next ? next : at;
    at = next;
  }
  return at;
}

bool in_user_namespace(const k8s::PodSpecView& pod) {
  return bool_field(&pod.spec(), "hostUsers") == false;
}

bool is_windows_pod(const k8s::PodSpecView& pod) {
  return string_field(field(&pod.spec(), "os"), "name") == "windows";
}

const doc::Node* pod_annotations(const k8s::PodSpecView& pod) {
  return field(pod.pod_metadata(), "annotations");
}

std::string annotation_path(const k8s::PodSpecView& pod, std::string_view key) {
  return fmt::format("{}.annotations[{}]", pod.metadata_path(), quote(key));
}

}  // namespace bulwark::rules::pss
