#include "server/json_patch.h"

#include "doc/json_escape.h"

namespace bulwark::server {
namespace {

bool is_collection(const doc::Node& n) {
  return (n.is_mapping() && !n.entries().empty()) || (n.is_sequence() && !n.items().empty());
}

void write_block(const doc::Node& node, int indent, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  auto value = [&](const doc::Node& v) {
    if (is_collection(v)) {
      out += '\n';
      write_block(v, indent + 2, out);
    } else {
      out += ' ';
      out += doc::to_json(v);
      out += '\n';
    }
  };
  if (node.is_mapping()) {
    for (const doc::MapEntry& e : node.entries()) {
      out += pad;
      doc::append_json_string(out, e.name);
      out += ':';
      value(*e.value);
    }
  } else if (node.is_sequence()) {
    for (const doc::Node* item : node.items()) {
      out += pad;
      out += '-';
      value(*item);
    }
  }
}

void add_op(std::string& out, std::string_view op, const std::string& path, const doc::Node* value) {
  out += out.empty() ? "[" : ",";
  out += R"({"op":")";
  out += op;
  out += R"(","path":)";
  doc::append_json_string(out, path);
  if (value) {
    out += R"(,"value":)";
    out += doc::to_json(*value);
  }
  out += '}';
}

void diff(const doc::Node& a, const doc::Node& b, const std::string& path, std::string& out) {
  if (a.is_mapping() && b.is_mapping()) {
    for (const doc::MapEntry& e : a.entries())
      if (!b.get(e.name)) add_op(out, "remove", path + "/" + json_pointer_token(e.name), nullptr);
    for (const doc::MapEntry& e : b.entries()) {
      const std::string child = path + "/" + json_pointer_token(e.name);
      if (const doc::Node* old = a.get(e.name))
        diff(*old, *e.value, child, out);
      else
        add_op(out, "add", child, e.value);
    }
    return;
  }
  if (a.is_sequence() && b.is_sequence()) {
    const auto x = a.items();
    const auto y = b.items();
    const std::size_t common = std::min(x.size(), y.size());
    for (std::size_t i = 0; i < common; ++i) diff(*x[i], *y[i], path + "/" + std::to_string(i), out);
    for (std::size_t i = common; i < y.size(); ++i) add_op(out, "add", path + "/" + std::to_string(i), y[i]);
    for (std::size_t i = x.size(); i > common; --i)
      add_op(out, "remove", path + "/" + std::to_string(i - 1), nullptr);
    return;
  }
  if (a.kind() != b.kind() || doc::to_json(a) != doc::to_json(b)) add_op(out, "replace", path, &b);
}

}  // namespace

std::string json_pointer_token(std::string_view key) {
  std::string out;
  for (const char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string yaml_block_of(const doc::Node& node) {
  if (!is_collection(node)) return doc::to_json(node) + "\n";
  std::string out;
  write_block(node, 0, out);
  return out;
}

std::string json_patch_between(const doc::Node& before, const doc::Node& after) {
  std::string out;
  diff(before, after, "", out);
  if (!out.empty()) out += ']';
  return out;
}

}  // namespace bulwark::server
