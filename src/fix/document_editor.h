#pragma once

#include <expected>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "doc/node.h"
#include "doc/text_position.h"
#include "fix/new_value.h"
#include "fix/text_edit.h"
#include "fix/yaml_layout.h"

namespace bulwark::fix {

/// Plans changes to one YAML document as edits of its source text at the positions the loader
/// recorded: existing scalars are replaced in place (keeping their quotes), new keys are inserted
/// after the last line of their mapping at the indentation of their siblings, new items after
/// the last item of their sequence, and flow collections get the new content before their
/// closing bracket. Nothing else in the text moves, so comments, key order, quoting, line
/// endings and anchors are kept byte for byte.
///
/// Paths are lists of mapping keys under a mapping node; `base` is that node's dotted path in
/// its document ("spec.template.spec.containers[0]"), used to report what changed.
class DocumentEditor {
 public:
  DocumentEditor(std::string_view file_text, const doc::TextPositions& positions, YamlLayout layout)
      : text_(file_text), positions_(&positions), layout_(layout) {}

  /// Sets mapping.path to `value` (a scalar), creating the mappings missing on the way.
  std::expected<void, std::string> set(const doc::Node& mapping, std::string_view base,
                                       std::span<const std::string_view> path, NewValue value);
  /// Appends `item` to the sequence at mapping.path, creating the sequence when absent.
  std::expected<void, std::string> append(const doc::Node& mapping, std::string_view base,
                                          std::span<const std::string_view> path, NewValue item);
  /// Replaces a string scalar's value, in the quoting style it was written in.
  std::expected<void, std::string> replace_string(const doc::Node& scalar, std::string_view path,
                                                  std::string_view value);

  /// The text edits for everything planned, or why it cannot be written safely.
  std::expected<std::vector<TextEdit>, std::string> finish() const;
  /// Dotted paths (in the document) of every value the edits change or create.
  const std::vector<std::string>& changed_paths() const { return changed_; }
  bool empty() const {
    return replacements_.empty() && maps_.empty() && sequences_.empty() && nulls_.empty();
  }

 private:
  struct NullFill {
    const doc::Node* key;
    const doc::Node* value;
    NewValue content;
    bool in_flow = false;  // the key is in a flow mapping: the value is written in flow style
  };
  enum class Mode { Set, Append };
  std::expected<void, std::string> apply(const doc::Node& mapping, std::string_view base,
                                         std::span<const std::string_view> path, NewValue value, Mode mode);
  std::expected<void, std::string> replace_scalar(const doc::Node& node, const doc::Node& key,
                                                  std::string text);
  std::size_t offset(doc::Position p) const { return positions_->offset_of(p); }
  std::expected<std::size_t, std::string> content_end(const doc::Node& node, int depth) const;
  std::size_t line_after(std::size_t offset) const;
  std::size_t after_deeper_comments(std::size_t at, int indent) const;
  std::expected<std::size_t, std::string> colon_after(const doc::Node& key) const;
  std::expected<TextEdit, std::string> flow_insert(const doc::Node& collection, std::string content) const;
  std::string render_entries(const NewValue& mapping, int indent) const;
  std::string render_items(const NewValue& sequence, int dash_indent) const;
  std::string render_child(const NewValue& value, int key_indent) const;
  std::string render_flow(const NewValue& value, bool json_style) const;
  std::string with_leading_eol(std::size_t at, std::string block) const;

  std::string_view text_;
  const doc::TextPositions* positions_;
  YamlLayout layout_;
  std::vector<TextEdit> replacements_;
  std::map<const doc::Node*, NewValue> maps_;                    // existing mapping → entries to add
  std::map<const doc::Node*, std::vector<NewValue>> sequences_;  // existing sequence → items to add
  std::map<const doc::Node*, NullFill> nulls_;                   // key of a null value → its new value
  std::vector<std::string> changed_;
};

/// "a.b" + "c" → "a.b.c"; "" + "c" → "c".
std::string join_path(std::string_view base, std::string_view key);

}  // namespace bulwark::fix
