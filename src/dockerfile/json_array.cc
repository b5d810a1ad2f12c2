#include "dockerfile/json_array.h"

#include "dockerfile/words.h"

namespace bulwark::dockerfile {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  void skip_blanks() {
    while (i_ < text_.size() && is_blank(text_[i_])) ++i_;
  }
  bool eat(char c) {
    if (i_ < text_.size() && text_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool at_end() const { return i_ >= text_.size(); }
  std::size_t offset() const { return i_; }

  std::optional<std::uint32_t> read_hex4() {
    if (i_ + 4 > text_.size()) return std::nullopt;
    std::uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      const int h = hex_value(text_[i_ + k]);
      if (h < 0) return std::nullopt;
      v = v * 16 + static_cast<std::uint32_t>(h);
    }
    i_ += 4;
    return v;
  }

  // Reads a JSON string starting at its opening quote.
  std::optional<std::string> read_string() {
    if (!eat('"')) return std::nullopt;
    std::string out;
    while (i_ < text_.size()) {
      const char c = text_[i_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;  // JSON forbids raw control bytes
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= text_.size()) return std::nullopt;
      const char e = text_[i_++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          auto cp = read_hex4();
          if (!cp) return std::nullopt;
          std::uint32_t code = *cp;
          if (code >= 0xD800 && code < 0xDC00 && i_ + 1 < text_.size() && text_[i_] == '\\' &&
              text_[i_ + 1] == 'u') {
            i_ += 2;
            auto low = read_hex4();
            if (!low) return std::nullopt;
            if (*low >= 0xDC00 && *low < 0xE000) {
              code = 0x10000 + ((code - 0xD800) << 10) + (*low - 0xDC00);
            } else {
              append_utf8(out, 0xFFFD);
              code = *low;
            }
          }
          if (code >= 0xD800 && code < 0xE000) code = 0xFFFD;
          append_utf8(out, code);
          break;
        }
        default:
          return std::nullopt;
      }
    }
    return std::nullopt;
  }

 private:
  std::string_view text_;
  std::size_t i_ = 0;
};

}  // namespace

std::optional<std::vector<JsonString>> parse_json_string_array(std::string_view text) {
  Reader r(text);
  r.skip_blanks();
  if (!r.eat('[')) return std::nullopt;
  std::vector<JsonString> out;
  r.skip_blanks();
  if (!r.eat(']')) {
    while (true) {
      r.skip_blanks();
      const auto offset = static_cast<std::uint32_t>(r.offset());
      auto s = r.read_string();
      if (!s) return std::nullopt;
      out.push_back({std::move(*s), offset});
      r.skip_blanks();
      if (r.eat(']')) break;
      if (!r.eat(',')) return std::nullopt;
    }
  }
  r.skip_blanks();
  if (!r.at_end()) return std::nullopt;
  return out;
}

}  // namespace bulwark::dockerfile
