#include "fix/yaml_layout.h"

namespace bulwark::fix {
namespace {

int most_common(const int (&counts)[9], int fallback, int min_value) {
  int best = fallback, best_count = 0;
  for (int i = min_value; i < 9; ++i)
    if (counts[i] > best_count) {
      best = i;
      best_count = counts[i];
    }
  return best;
}

bool owned(const doc::MapEntry& e) {
  return e.key && e.value && e.value->range().begin >= e.key->range().end;
}

}  // namespace

YamlLayoutDetector::YamlLayoutDetector(std::string_view file_text) {
  const auto nl = file_text.find('\n');
  eol_ = nl != std::string_view::npos && nl > 0 && file_text[nl - 1] == '\r' ? "\r\n" : "\n";
}

void YamlLayoutDetector::observe(const doc::Node& root) {
  visit(root, 0);
}

void YamlLayoutDetector::visit(const doc::Node& node, int depth) {
  if (depth > 64 || node.is_flow()) return;
  if (node.is_mapping()) {
    for (const doc::MapEntry& e : node.entries()) {
      if (!owned(e)) continue;
      const doc::Node& v = *e.value;
      const int key_col = static_cast<int>(e.key->range().begin.column);
      const int value_col = static_cast<int>(v.range().begin.column);
      const bool next_line = v.range().begin.line > e.key->range().begin.line;
      if (next_line && !v.is_flow() && v.is_mapping() && value_col > key_col && value_col - key_col < 9)
        ++steps_[value_col - key_col];
      if (next_line && !v.is_flow() && v.is_sequence() && value_col >= key_col && value_col - key_col < 9) {
        ++seq_[value_col - key_col];
        const doc::Node* first = v.at(0);
        if (first && first->is_mapping() && !first->is_flow() &&
            first->range().begin.line == v.range().begin.line) {
          const int d = static_cast<int>(first->range().begin.column) - value_col;
          if (d > 0 && d < 9) ++content_[d];
        }
      }
      visit(v, depth + 1);
    }
  } else if (node.is_sequence()) {
    for (const doc::Node* item : node.items())
      if (item->range().begin >= node.range().begin) visit(*item, depth + 1);
  }
}

YamlLayout YamlLayoutDetector::result() const {
  YamlLayout layout;
  layout.indent_step = most_common(steps_, 2, 1);
  layout.sequence_indent = most_common(seq_, layout.indent_step, 0);
  layout.item_content = most_common(content_, 2, 2);
  layout.eol = eol_;
  return layout;
}

}  // namespace bulwark::fix
