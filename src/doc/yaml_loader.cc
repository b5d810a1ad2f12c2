#include "doc/yaml_loader.h"

#include <yaml.h>

#include <unordered_map>
#include <vector>

#include "doc/mapping_assembler.h"
#include "doc/scalar_resolver.h"
#include "doc/text_position.h"

namespace bulwark::doc {
namespace {

constexpr std::string_view kMergeTag = "tag:yaml.org,2002:merge";

/// Owns a libyaml parser and its current event.
class LibyamlParser {
 public:
  explicit LibyamlParser(std::string_view text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }
  LibyamlParser(const LibyamlParser&) = delete;
  LibyamlParser& operator=(const LibyamlParser&) = delete;
  ~LibyamlParser() {
    release_event();
    yaml_parser_delete(&parser_);
  }
  bool next() {
    release_event();
    has_event_ = yaml_parser_parse(&parser_, &event_) == 1;
    return has_event_;
  }
  const yaml_event_t& event() const { return event_; }
  const yaml_parser_t& parser() const { return parser_; }

 private:
  void release_event() {
    if (has_event_) yaml_event_delete(&event_);
    has_event_ = false;
  }
  yaml_parser_t parser_{};
  yaml_event_t event_{};
  bool has_event_ = false;
};

struct Pending {
  const Node* node = nullptr;
  uint64_t expanded = 1;
  bool merge_key = false;
};

struct Frame {
  bool is_mapping = false;
  bool flow = false;
  Position begin;
  std::size_t first = 0;  // index of this frame's first child in the pending stack
  std::string anchor;
};

/// Turns the events of one document into nodes.
class TreeBuilder {
 public:
  TreeBuilder(Document& document, const LoadLimits& limits, const TextPositions& positions)
      : doc_(document), factory_(document.arena()), limits_(limits), positions_(positions) {}

  /// Feeds one event; returns false once an error has been recorded.
  bool on_event(const yaml_event_t& e);
  const Node* root() const { return pending_.empty() ? nullptr : pending_.front().node; }
  std::optional<LoadError>& error() { return error_; }

 private:
  Position at(const yaml_mark_t& m) const { return positions_.from_mark(m.line, m.column); }
  bool fail(Position where, std::string message);
  bool push(Pending p);
  bool on_scalar(const yaml_event_t& e);
  bool on_alias(const yaml_event_t& e);
  bool on_start(const yaml_event_t& e, bool is_mapping);
  bool on_end(const yaml_event_t& e);
  bool finish_mapping(const Frame& f, Position end, Node*& out);
  bool merge_into(const Node* source, Position where);
  std::optional<std::string_view> key_name(const Node* key);
  std::string current_path() const;
  void remember_anchor(const std::string& anchor, const Pending& p);

  Document& doc_;
  NodeFactory factory_;
  const LoadLimits& limits_;
  const TextPositions& positions_;
  std::vector<Frame> frames_;
  std::vector<Pending> pending_;
  std::unordered_map<std::string, Pending> anchors_;
  MappingAssembler assembler_;
  uint64_t expanded_total_ = 0;
  uint32_t aliases_ = 0;
  std::optional<LoadError> error_;
  std::string decoded_;
};

bool TreeBuilder::fail(Position where, std::string message) {
  if (!error_) error_ = LoadError{doc_.file(), where, std::move(message)};
  return false;
}

void TreeBuilder::remember_anchor(const std::string& anchor, const Pending& p) {
  if (!anchor.empty()) anchors_[anchor] = Pending{p.node, p.expanded, false};
}

bool TreeBuilder::push(Pending p) {
  expanded_total_ += p.node->is_scalar() ? p.expanded : 0;
  pending_.push_back(p);
  return true;
}

bool TreeBuilder::on_scalar(const yaml_event_t& e) {
  const auto& s = e.data.scalar;
  const std::string_view value(reinterpret_cast<const char*>(s.value), s.length);
  const std::string_view tag =
      s.tag ? std::string_view(reinterpret_cast<const char*>(s.tag)) : std::string_view{};
  const SourceRange range{at(e.start_mark), at(e.end_mark)};
  ScalarStyle style = ScalarStyle::Plain;
  switch (s.style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE:
      style = ScalarStyle::SingleQuoted;
      break;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
      style = ScalarStyle::DoubleQuoted;
      break;
    case YAML_LITERAL_SCALAR_STYLE:
      style = ScalarStyle::Literal;
      break;
    case YAML_FOLDED_SCALAR_STYLE:
      style = ScalarStyle::Folded;
      break;
    default:
      break;
  }
  // goyaml.v2: an untagged plain scalar is resolved; an untagged quoted or block scalar is a
  // string; a tagged scalar is checked against its tag.
  ResolvedScalar r;
  std::string_view text = value;
  if (!tag.empty()) {
    auto resolved = resolve_tagged_scalar(tag, value, decoded_);
    if (!resolved) return fail(range.begin, resolved.error());
    r = *resolved;
    if (tag == "tag:yaml.org,2002:binary") text = decoded_;
  } else if (s.plain_implicit) {
    r = resolve_plain_scalar(value);
  }
  Node* node = nullptr;
  switch (r.kind) {
    case NodeKind::Null:
      node = factory_.null(range, value);
      break;
    case NodeKind::Bool:
      node = factory_.boolean(range, r.boolean, value);
      break;
    case NodeKind::Int:
      node = factory_.integer(range, r.integer, value);
      break;
    case NodeKind::Float:
      node = factory_.number(range, r.number, value);
      break;
    default:
      node = factory_.string(range, text, style);
      break;
  }
  factory_.set_style(node, style);
  const bool merge = value == "<<" && ((s.plain_implicit && tag.empty()) || tag == kMergeTag);
  Pending p{node, 1, merge};
  if (s.anchor) remember_anchor(reinterpret_cast<const char*>(s.anchor), p);
  return push(p);
}

bool TreeBuilder::on_alias(const yaml_event_t& e) {
  const std::string name(reinterpret_cast<const char*>(e.data.alias.anchor));
  const Position where = at(e.start_mark);
  auto it = anchors_.find(name);
  if (it == anchors_.end()) return fail(where, "unknown anchor '" + name + "' referenced");
  if (++aliases_ > limits_.max_aliases)
    return fail(where, "more than " + std::to_string(limits_.max_aliases) + " aliases in one document");
  expanded_total_ += it->second.expanded;
  if (expanded_total_ > limits_.max_expanded_nodes)
    return fail(where, "aliases expand the document past " + std::to_string(limits_.max_expanded_nodes) +
                           " nodes (an alias bomb such as \"billion laughs\")");
  Pending p = it->second;
  p.merge_key = false;
  pending_.push_back(p);
  return true;
}

bool TreeBuilder::on_start(const yaml_event_t& e, bool is_mapping) {
  if (frames_.size() >= limits_.max_depth)
    return fail(at(e.start_mark), "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
  Frame f;
  f.is_mapping = is_mapping;
  f.begin = at(e.start_mark);
  f.first = pending_.size();
  const yaml_char_t* anchor = is_mapping ? e.data.mapping_start.anchor : e.data.sequence_start.anchor;
  if (anchor) f.anchor = reinterpret_cast<const char*>(anchor);
  f.flow = is_mapping ? e.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                      : e.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
  frames_.push_back(std::move(f));
  return true;
}

std::optional<std::string_view> TreeBuilder::key_name(const Node* key) {
  // sigs.k8s.io/yaml turns non-string keys into JSON strings; null and collections are refused.
  switch (key->kind()) {
    case NodeKind::String:
      return key->text();
    case NodeKind::Bool:
      return *key->as_bool() ? "true" : "false";
    case NodeKind::Int:
      return factory_.intern(std::to_string(*key->as_int()));
    case NodeKind::Float:
      return factory_.intern(format_go_float(*key->as_number()));
    case NodeKind::Null:
      fail(key->range().begin, "unsupported map key: null");
      return std::nullopt;
    default:
      fail(key->range().begin, "unsupported map key: a " + std::string(to_string(key->kind())));
      return std::nullopt;
  }
}

std::string TreeBuilder::current_path() const {
  // Each open frame's pending children tell where its child frame sits: an odd count in a
  // mapping means the last pending node is the key being filled.
  std::string path;
  for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
    const Frame& f = frames_[i];
    const std::size_t count = frames_[i + 1].first - f.first;
    if (f.is_mapping) {
      if (!path.empty()) path.push_back('.');
      path += count % 2 == 1 ? std::string(pending_[f.first + count - 1].node->text()) : std::string("?");
    } else {
      path += "[" + std::to_string(count) + "]";
    }
  }
  return path;
}

bool TreeBuilder::merge_into(const Node* source, Position where) {
  if (source->is_mapping()) {
    for (const MapEntry& entry : source->entries()) assembler_.set_merged(entry);
    return true;
  }
  if (source->is_sequence()) {
    // goyaml.v2 steps backwards: earlier mappings in the list take precedence.
    auto items = source->items();
    for (auto it = items.rbegin(); it != items.rend(); ++it) {
      if (!(*it)->is_mapping()) return fail(where, "map merge requires map or sequence of maps as the value");
      for (const MapEntry& entry : (*it)->entries()) assembler_.set_merged(entry);
    }
    return true;
  }
  return fail(where, "map merge requires map or sequence of maps as the value");
}

bool TreeBuilder::finish_mapping(const Frame& f, Position end, Node*& out) {
  assembler_.reset();
  const std::size_t count = pending_.size() - f.first;
  if (count % 2 != 0) return fail(f.begin, "mapping has a key without a value");
  for (std::size_t i = f.first; i < pending_.size(); i += 2) {
    const Pending& key = pending_[i];
    const Pending& value = pending_[i + 1];
    if (key.merge_key) {
      if (!merge_into(value.node, key.node->range().begin)) return false;
      continue;
    }
    const auto name = key_name(key.node);
    if (!name) return false;
    if (const Node* replaced = assembler_.set_explicit(*name, key.node, value.node)) {
      doc_.add_warning(LoadWarning{LoadWarning::Kind::DuplicateKey, key.node->range(),
                                   replaced->range().begin, std::string(*name), current_path()});
    }
  }
  out = factory_.mapping(SourceRange{f.begin, end}, assembler_.entries(), f.flow);
  return true;
}

bool TreeBuilder::on_end(const yaml_event_t& e) {
  if (frames_.empty()) return fail(at(e.start_mark), "unbalanced collection end");
  // The frame stays on the stack while its mapping is assembled, so warnings know their path.
  const Frame& f = frames_.back();
  uint64_t expanded = 1;
  for (std::size_t i = f.first; i < pending_.size(); ++i) expanded += pending_[i].expanded;
  // Block collections end where their last child ends; libyaml's end mark there points at the
  // next token, which may be lines further down.
  Position end = at(e.end_mark);
  if (!f.flow && pending_.size() > f.first) end = pending_.back().node->range().end;
  Node* node = nullptr;
  if (f.is_mapping) {
    if (!finish_mapping(f, end, node)) return false;
  } else {
    std::vector<const Node*> items;
    items.reserve(pending_.size() - f.first);
    for (std::size_t i = f.first; i < pending_.size(); ++i) items.push_back(pending_[i].node);
    node = factory_.sequence(SourceRange{f.begin, end}, items, f.flow);
  }
  pending_.resize(f.first);
  Pending p{node, expanded, false};
  remember_anchor(f.anchor, p);
  frames_.pop_back();
  pending_.push_back(p);
  return true;
}

bool TreeBuilder::on_event(const yaml_event_t& e) {
  if (error_) return false;
  switch (e.type) {
    case YAML_SCALAR_EVENT:
      return on_scalar(e);
    case YAML_ALIAS_EVENT:
      return on_alias(e);
    case YAML_SEQUENCE_START_EVENT:
      return on_start(e, false);
    case YAML_MAPPING_START_EVENT:
      return on_start(e, true);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      return on_end(e);
    default:
      return true;
  }
}

LoadError parser_error(std::string_view file, const yaml_parser_t& p, const TextPositions& positions,
                       std::string_view text) {
  LoadError err;
  err.file = std::string(file);
  std::string problem = p.problem ? p.problem : "invalid YAML";
  if (p.error == YAML_READER_ERROR) {
    err.position = positions.from_offset(p.problem_offset);
    if (problem == "control characters are not allowed" && p.problem_offset < text.size() &&
        text[p.problem_offset] == '\0')
      problem = "NUL byte in the document (binary data is not YAML)";
    else if (problem.find("UTF-8") != std::string::npos)
      problem = "invalid UTF-8 (" + problem + ")";
    err.message = std::move(problem);
    return err;
  }
  err.position = positions.from_mark(p.problem_mark.line, p.problem_mark.column);
  const std::size_t offset = positions.offset_of(err.position);
  if (offset < text.size() && text[offset] == '\t')
    problem = "tab character used for indentation (YAML allows only spaces)";
  else if (p.context)
    problem = std::string(p.context) + ": " + problem;
  err.message = std::move(problem);
  return err;
}

}  // namespace

std::deque<DocumentResult> load_yaml_chunk(std::string_view file, std::string text, uint32_t first_line,
                                           uint32_t first_index, const LoadLimits& limits) {
  std::deque<DocumentResult> out;
  const auto shared = std::make_shared<const std::string>(std::move(text));
  const std::string_view view = *shared;
  const TextPositions positions(view, first_line);
  LibyamlParser parser(view);
  std::optional<Document> current;
  std::optional<TreeBuilder> builder;
  uint32_t index = first_index;
  for (;;) {
    if (!parser.next()) {
      out.emplace_back(std::unexpected(parser_error(file, parser.parser(), positions, view)));
      return out;
    }
    const yaml_event_t& e = parser.event();
    if (e.type == YAML_STREAM_END_EVENT) return out;
    if (e.type == YAML_DOCUMENT_START_EVENT) {
      // Documents of one chunk share its text.
      current.emplace(std::string(file), index++, shared, first_line);
      builder.emplace(*current, limits, positions);
      continue;
    }
    if (e.type == YAML_DOCUMENT_END_EVENT) {
      if (current) {
        if (builder->error()) {
          out.emplace_back(std::unexpected(std::move(*builder->error())));
        } else {
          current->set_root(builder->root());
          out.emplace_back(std::move(*current));
        }
      }
      builder.reset();
      current.reset();
      continue;
    }
    if (builder && !builder->on_event(e)) {
      out.emplace_back(std::unexpected(std::move(*builder->error())));
      return out;  // the rest of this chunk cannot be trusted; the next chunk starts afresh
    }
  }
}

YamlStreamLoader::YamlStreamLoader(ByteSource& source, std::string file, LoadLimits limits)
    : file_(std::move(file)), limits_(limits), splitter_(source, limits.max_document_bytes) {}

std::optional<DocumentResult> YamlStreamLoader::next() {
  while (ready_.empty()) {
    if (done_) return std::nullopt;
    auto chunk = splitter_.next();
    if (!chunk) {
      done_ = true;
      return DocumentResult(std::unexpected(LoadError{file_, {}, "read error: " + chunk.error()}));
    }
    if (!*chunk) {
      done_ = true;
      return std::nullopt;
    }
    DocumentChunk& c = **chunk;
    if (c.oversized) {
      ready_.emplace_back(std::unexpected(
          LoadError{file_, Position{c.first_line, 1},
                    "document is " + std::to_string(c.bytes >> 20) + " MiB, over the " +
                        std::to_string(limits_.max_document_bytes >> 20) + " MiB limit for one document"}));
      ++document_index_;
      continue;
    }
    auto docs = load_yaml_chunk(file_, std::move(c.text), c.first_line, document_index_, limits_);
    document_index_ += static_cast<uint32_t>(docs.size());
    for (auto& d : docs) ready_.push_back(std::move(d));
  }
  DocumentResult r = std::move(ready_.front());
  ready_.pop_front();
  return r;
}

}  // namespace bulwark::doc
