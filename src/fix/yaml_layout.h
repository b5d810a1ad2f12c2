#pragma once

#include <string_view>

#include "doc/document.h"
#include "doc/text_position.h"

namespace bulwark::fix {

/// How a file is laid out, so that inserted lines look like their neighbours.
struct YamlLayout {
  int indent_step = 2;      // columns a nested mapping's keys sit right of their parent key
  int sequence_indent = 2;  // columns a block sequence's dashes sit right of their key (0: not indented)
  int item_content = 2;     // columns from a dash to the item's first key
  std::string_view eol = "\n";
};

/// Learns the layout from what a file already does (the most common choice wins); files that
/// show nothing get two spaces, indented sequences and the file's first line ending.
class YamlLayoutDetector {
 public:
  explicit YamlLayoutDetector(std::string_view file_text);
  void observe(const doc::Node& root);
  YamlLayout result() const;

 private:
  void visit(const doc::Node& node, int depth);
  std::string_view eol_;
  int steps_[9] = {};    // indent_step 0..8
  int seq_[9] = {};      // sequence_indent 0..8
  int content_[9] = {};  // item_content 0..8
};

}  // namespace bulwark::fix
