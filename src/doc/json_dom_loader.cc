#include "doc/json_dom_loader.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <memory>
#include <span>

#include "doc/mapping_assembler.h"

namespace bulwark::doc {
namespace {

namespace dom = simdjson::dom;

// Documents up to this size reuse one parser per thread (its tape and buffers stay allocated, a
// few times this size); larger ones, rare for the callers of this path, get a parser of their own
// so that one huge request does not pin its memory for the life of the thread.
constexpr std::size_t kReusedParserLimit = std::size_t{64} << 10;

/// What one thread keeps between parses.
struct DomScratch {
  dom::parser parser;
  std::string padded;  // the text plus simdjson's padding
};

bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// simdjson reads "-0" as the integer 0, so the tree would say "0" where the text says "-0" (the
// On-Demand loader keeps the text). A number starts after '[', ':' or ','; a string holding
// such a sequence is a false alarm that only costs the slower path.
bool has_negative_zero(std::string_view text) {
  for (std::size_t i = text.find('-'); i != std::string_view::npos; i = text.find('-', i + 1)) {
    if (i + 1 >= text.size() || text[i + 1] != '0') continue;
    if (i + 2 < text.size() && (std::isdigit(static_cast<unsigned char>(text[i + 2])) || text[i + 2] == '.' ||
                                text[i + 2] == 'e' || text[i + 2] == 'E'))
      continue;
    std::size_t j = i;
    while (j > 0 && is_json_space(text[j - 1])) --j;
    if (j > 0 && (text[j - 1] == ':' || text[j - 1] == '[' || text[j - 1] == ',')) return true;
  }
  return false;
}

// Builds the nodes from simdjson's DOM tape itself (the format its doc/tape.md documents): one
// 64-bit word per value with its type in the top byte, containers with their member count and the
// index past their end, strings as offsets into one buffer. Reading the words directly costs a few
// instructions per value where the element API cost about a hundred, and knowing a container's size
// up front lets its members be written in place in the arena. Strings are not copied one by one:
// nodes point into room set aside in the arena, and the part of the parser's string buffer they use
// is copied there once the walk knows how far that is (copy_strings).
class TapeTreeBuilder {
 public:
  TapeTreeBuilder(NodeFactory& factory, const uint64_t* tape, const char* parsed_strings,
                  std::span<char> string_room, uint32_t max_depth)
      : factory_(factory),
        tape_(tape),
        parsed_strings_(parsed_strings),
        strings_(string_room.data()),
        string_room_(string_room.size()),
        max_depth_(max_depth) {}

  // Whether an integer 0 was built: its text may have been "-0", which the caller checks.
  bool saw_zero() const { return saw_zero_; }

  // Fills the room the string nodes point into; false when it was too small (nothing may then
  // read those nodes).
  bool copy_strings() const {
    if (strings_end_ > string_room_) return false;
    if (strings_end_) std::memcpy(strings_, parsed_strings_, strings_end_);
    return true;
  }

  // Builds the value whose first word is tape_[at] at `place` (room from node_room); `at` moves
  // past it. nullptr: hand the text back.
  const Node* value(std::size_t& at, uint32_t depth, Node* place) {
    if (depth >= max_depth_) return nullptr;
    const uint64_t word = tape_[at];
    switch (static_cast<char>(word >> 56)) {
      case '"':
        ++at;
        return factory_.string_in_text_at(place, {}, string_at(word), ScalarStyle::Json);
      case 'l': {
        int64_t value;
        std::memcpy(&value, &tape_[at + 1], sizeof value);
        at += 2;
        saw_zero_ |= value == 0;
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
        return factory_.integer_at(place, {}, value,
                                   std::string_view(digits, static_cast<std::size_t>(end - digits)));
      }
      case 't':
        ++at;
        return factory_.boolean_at(place, {}, true, "true");
      case 'f':
        ++at;
        return factory_.boolean_at(place, {}, false, "false");
      case 'n':
        ++at;
        return factory_.null_at(place, {}, "null");
      case '{':
        return object(at, depth, place);
      case '[':
        return array(at, depth, place);
      default:  // 'u' (beyond int64: a float whose text we do not have), 'd'
        return nullptr;
    }
  }

 private:
  static constexpr uint64_t kPayload = simdjson::internal::JSON_VALUE_MASK;
  static constexpr uint64_t kCount = simdjson::internal::JSON_COUNT_MASK;

  static char type_of(uint64_t word) { return static_cast<char>(word >> 56); }

  // Where a view into the room reads in the parser's buffer (the same offset).
  std::string_view parsed(std::string_view in_room) const {
    return {parsed_strings_ + (in_room.data() - strings_), in_room.size()};
  }

  // A string as stored by the parser (its length, then its bytes), seen at the same offset of the room.
  std::string_view string_at(uint64_t word) {
    const std::size_t offset = word & kPayload;
    uint32_t size;
    std::memcpy(&size, parsed_strings_ + offset, sizeof size);
    strings_end_ = std::max(strings_end_, offset + sizeof size + size);
    return {strings_ + offset + sizeof size, size};
  }

  // A member of a container: a string (the most common value) built here, anything else by
  // value(), whose call is most of what building a string cost.
  const Node* member(std::size_t& at, uint32_t depth, Node* place) {
    const uint64_t word = tape_[at];
    if (type_of(word) != '"' || depth >= max_depth_) return value(at, depth, place);
    ++at;
    return factory_.string_in_text_at(place, {}, string_at(word), ScalarStyle::Json);
  }

  // A container's words: its start ('{' or '[') holds the member count (saturated) and the index
  // just past its end word. Anything unexpected hands the text back rather than guess. The nodes
  // of a container's members (and of an object's keys) are built in one piece of room.
  const Node* object(std::size_t& at, uint32_t depth, Node* place) {
    const uint64_t start = tape_[at];
    const std::size_t count = (start >> 32) & kCount;
    const std::size_t after = static_cast<uint32_t>(start);
    if (count == kCount) return nullptr;
    MapEntry* const entries = factory_.entry_room(count);
    Node* const keys = factory_.node_room(2 * count);
    Node* const values = keys + count;
    ++at;
    for (std::size_t i = 0; i < count; ++i) {
      const uint64_t key_word = tape_[at];
      if (type_of(key_word) != '"') return nullptr;
      ++at;
      const std::string_view name = string_at(key_word);
      const Node* key = factory_.string_in_text_at(keys + i, {}, name, ScalarStyle::Json);
      const Node* value = member(at, depth + 1, values + i);
      if (!value) return nullptr;
      std::construct_at(entries + i, MapEntry{name, key, value});
    }
    if (at + 1 != after || type_of(tape_[at]) != '}') return nullptr;
    at = after;
    const std::span<MapEntry> built(entries, count);
    // The room holds no bytes yet: the names are read in the parser's copy.
    if (has_repeated_name(built, [this](const MapEntry& e) { return parsed(e.name); })) return nullptr;
    return factory_.mapping_at(place, {}, built, true);
  }

  const Node* array(std::size_t& at, uint32_t depth, Node* place) {
    const uint64_t start = tape_[at];
    const std::size_t count = (start >> 32) & kCount;
    const std::size_t after = static_cast<uint32_t>(start);
    if (count == kCount) return nullptr;
    const std::span<const Node*> items = factory_.item_array(count);
    Node* const nodes = factory_.node_room(count);
    ++at;
    for (std::size_t i = 0; i < count; ++i)
      if (!(items[i] = member(at, depth + 1, nodes + i))) return nullptr;
    if (at + 1 != after || type_of(tape_[at]) != ']') return nullptr;
    at = after;
    return factory_.sequence_at(place, {}, items, true);
  }

  NodeFactory& factory_;
  const uint64_t* tape_;
  const char* parsed_strings_;
  char* strings_;
  std::size_t string_room_;
  std::size_t strings_end_ = 0;
  uint32_t max_depth_;
  bool saw_zero_ = false;
};

std::optional<Document> build_document(DomScratch& scratch, std::string& file, std::string& text,
                                       const LoadLimits& limits) {
  scratch.padded.assign(text);
  scratch.padded.resize(text.size() + simdjson::SIMDJSON_PADDING, '\0');
  dom::element root;
  if (scratch.parser.parse(scratch.padded.data(), text.size(), false).get(root) != simdjson::SUCCESS)
    return std::nullopt;
  if (!root.is_object() && !root.is_array()) return std::nullopt;
  Document doc(std::move(file), 0, std::move(text), 1);
  NodeFactory factory(doc.arena());
  const dom::document& parsed = scratch.parser.doc;
  // The parser stores each string as 4 bytes of length, its bytes and a NUL; the text spends at least
  // 3 bytes on each (quotes and a separator), so the store never exceeds 5/3 of the text (simdjson
  // sizes its buffer the same way). copy_strings checks it all the same.
  const std::size_t room = doc.text().size() / 3 * 5 + 64;
  TapeTreeBuilder builder(factory, parsed.tape.get(), reinterpret_cast<const char*>(parsed.string_buf.get()),
                          {static_cast<char*>(doc.arena()->allocate(room, 1)), room}, limits.max_depth);
  std::size_t at = 1;  // the root value follows the tape's root word
  if (const Node* node = builder.value(at, 0, factory.node_room(1));
      node && builder.copy_strings() && !(builder.saw_zero() && has_negative_zero(doc.text()))) {
    doc.set_root(node);
    return doc;
  }
  // Give the caller back what it gave, for the On-Demand loader.
  file = doc.file();
  text = std::string(doc.text());
  return std::nullopt;
}

}  // namespace

std::optional<Document> load_json_without_positions(std::string& file, std::string& text,
                                                    const LoadLimits& limits) {
  if (text.size() > limits.max_document_bytes || text.starts_with("\xEF\xBB\xBF")) return std::nullopt;
  if (text.size() <= kReusedParserLimit) {
    thread_local DomScratch scratch;
    return build_document(scratch, file, text, limits);
  }
  DomScratch scratch;
  return build_document(scratch, file, text, limits);
}

}  // namespace bulwark::doc
