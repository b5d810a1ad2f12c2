#include "cel/lexer.h"

#include <array>

#include "cel/unicode.h"

namespace bulwark::cel {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_ident_char(char c) {
  return is_ident_start(c) || is_digit(c);
}
int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

constexpr std::array<std::string_view, 17> kReserved = {
    "as",  "break", "const",   "continue",  "else",   "for", "function", "if",   "import",
    "let", "loop",  "package", "namespace", "return", "var", "void",     "while"};

Token make(Tok kind, std::uint32_t offset, std::string text = {}) {
  return Token{kind, offset, std::move(text)};
}

}  // namespace

void Lexer::skip_space() {
  while (pos_ < src_.size()) {
    char c = src_[pos_];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++pos_;
    } else if (c == '/' && pos_ + 1 < src_.size() && src_[pos_ + 1] == '/') {
      while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
    } else {
      break;
    }
  }
}

Token Lexer::next() {
  skip_space();
  auto start = static_cast<std::uint32_t>(pos_);
  if (pos_ >= src_.size()) return make(Tok::End, start);
  char c = src_[pos_];
  auto peek = [&](std::size_t k) { return pos_ + k < src_.size() ? src_[pos_ + k] : '\0'; };

  if (is_digit(c) || (c == '.' && is_digit(peek(1)))) return lex_number(start);

  if (c == '"' || c == '\'') return lex_string(start, false, false);
  if (is_ident_start(c)) {
    // String prefixes: r, b, rb, br in any case.
    char c0 = static_cast<char>(c | 0x20);
    char c1 = static_cast<char>(peek(1) | 0x20);
    bool q1 = peek(1) == '"' || peek(1) == '\'';
    bool q2 = peek(2) == '"' || peek(2) == '\'';
    if (q1 && (c0 == 'r' || c0 == 'b')) {
      pos_ += 1;
      return lex_string(start, c0 == 'r', c0 == 'b');
    }
    if (q2 && ((c0 == 'r' && c1 == 'b') || (c0 == 'b' && c1 == 'r'))) {
      pos_ += 2;
      return lex_string(start, true, true);
    }
    std::size_t end = pos_;
    while (end < src_.size() && is_ident_char(src_[end])) ++end;
    std::string word(src_.substr(pos_, end - pos_));
    pos_ = end;
    if (word == "true") return make(Tok::True, start);
    if (word == "false") return make(Tok::False, start);
    if (word == "null") return make(Tok::Null, start);
    if (word == "in") return make(Tok::In, start, word);
    for (auto r : kReserved) {
      if (word == r) return make(Tok::Reserved, start, word);
    }
    return make(Tok::Ident, start, word);
  }
  if (c == '`') {
    std::size_t end = pos_ + 1;
    while (end < src_.size()) {
      char d = src_[end];
      if (is_ident_char(d) || d == '.' || d == '-' || d == '/' || d == ' ') {
        ++end;
      } else {
        break;
      }
    }
    if (end >= src_.size() || src_[end] != '`' || end == pos_ + 1) {
      pos_ = end;
      return make(Tok::Error, start,
                  "Syntax error: token recognition error at: '" +
                      std::string(src_.substr(start, end - start + 1)) + "'");
    }
    std::string name(src_.substr(pos_ + 1, end - pos_ - 1));
    pos_ = end + 1;
    return make(Tok::EscIdent, start, name);
  }

  ++pos_;
  auto two = [&](char second, Tok yes, Tok no) {
    if (peek(0) == second) {
      ++pos_;
      return make(yes, start);
    }
    return make(no, start);
  };
  switch (c) {
    case '(':
      return make(Tok::LParen, start);
    case ')':
      return make(Tok::RParen, start);
    case '[':
      return make(Tok::LBracket, start);
    case ']':
      return make(Tok::RBracket, start);
    case '{':
      return make(Tok::LBrace, start);
    case '}':
      return make(Tok::RBrace, start);
    case '.':
      return make(Tok::Dot, start);
    case ',':
      return make(Tok::Comma, start);
    case ':':
      return make(Tok::Colon, start);
    case '?':
      return make(Tok::Question, start);
    case '+':
      return make(Tok::Plus, start);
    case '-':
      return make(Tok::Minus, start);
    case '*':
      return make(Tok::Star, start);
    case '/':
      return make(Tok::Slash, start);
    case '%':
      return make(Tok::Percent, start);
    case '!':
      return two('=', Tok::Ne, Tok::Not);
    case '<':
      return two('=', Tok::Le, Tok::Lt);
    case '>':
      return two('=', Tok::Ge, Tok::Gt);
    case '=':
      if (peek(0) == '=') {
        ++pos_;
        return make(Tok::Eq, start);
      }
      break;
    case '&':
      if (peek(0) == '&') {
        ++pos_;
        return make(Tok::And, start);
      }
      break;
    case '|':
      if (peek(0) == '|') {
        ++pos_;
        return make(Tok::Or, start);
      }
      break;
    default:
      break;
  }
  std::size_t len = 1;
  if ((c == '&' || c == '|' || c == '=') && pos_ < src_.size()) len = 2;
  if (static_cast<unsigned char>(c) >= 0x80) len = utf8_sequence_length(src_, start);
  return make(Tok::Error, start,
              "Syntax error: token recognition error at: '" + std::string(src_.substr(start, len)) + "'");
}

Token Lexer::lex_number(std::uint32_t start) {
  auto at = [&](std::size_t i) { return i < src_.size() ? src_[i] : '\0'; };
  std::size_t p = pos_;
  if (at(p) == '0' && (at(p + 1) == 'x' || at(p + 1) == 'X') && is_hex(at(p + 2))) {
    p += 2;
    while (is_hex(at(p))) ++p;
    Tok kind = Tok::Int;
    std::string text(src_.substr(pos_, p - pos_));
    if (at(p) == 'u' || at(p) == 'U') {
      kind = Tok::Uint;
      ++p;
    }
    pos_ = p;
    return make(kind, start, text);
  }
  bool is_float = false;
  while (is_digit(at(p))) ++p;
  if (at(p) == '.' && is_digit(at(p + 1))) {
    is_float = true;
    ++p;
    while (is_digit(at(p))) ++p;
  }
  if ((at(p) == 'e' || at(p) == 'E') &&
      (is_digit(at(p + 1)) || ((at(p + 1) == '+' || at(p + 1) == '-') && is_digit(at(p + 2))))) {
    is_float = true;
    p += 2;
    while (is_digit(at(p))) ++p;
  }
  std::string text(src_.substr(pos_, p - pos_));
  Tok kind = is_float ? Tok::Double : Tok::Int;
  if (!is_float && (at(p) == 'u' || at(p) == 'U')) {
    kind = Tok::Uint;
    ++p;
  }
  pos_ = p;
  return make(kind, start, text);
}

Token Lexer::lex_string(std::uint32_t start, bool raw, bool bytes) {
  char quote = src_[pos_];
  bool triple = pos_ + 2 < src_.size() && src_[pos_ + 1] == quote && src_[pos_ + 2] == quote;
  pos_ += triple ? 3 : 1;
  std::string out;
  auto fail = [&]() {
    std::size_t end = pos_ < src_.size() ? pos_ : src_.size();
    return make(
        Tok::Error, start,
        "Syntax error: token recognition error at: '" + std::string(src_.substr(start, end - start)) + "'");
  };
  while (true) {
    if (pos_ >= src_.size()) return fail();
    char c = src_[pos_];
    if (triple) {
      if (c == quote && pos_ + 2 < src_.size() && src_[pos_ + 1] == quote && src_[pos_ + 2] == quote) {
        pos_ += 3;
        break;
      }
    } else {
      if (c == quote) {
        ++pos_;
        break;
      }
      if (c == '\n' || c == '\r') return fail();
    }
    if (c != '\\' || raw) {
      if (raw && c == '\\' && pos_ + 1 < src_.size() && (src_[pos_ + 1] == quote || src_[pos_ + 1] == '\\')) {
        // In raw strings a backslash still keeps the next quote from closing the literal.
        out += c;
        out += src_[pos_ + 1];
        pos_ += 2;
        continue;
      }
      out += c;
      ++pos_;
      continue;
    }
    // Escape sequence.
    if (pos_ + 1 >= src_.size()) return fail();
    char e = src_[pos_ + 1];
    pos_ += 2;
    switch (e) {
      case 'a':
        out += '\a';
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
      case 'v':
        out += '\v';
        break;
      case '\\':
      case '\'':
      case '"':
      case '`':
      case '?':
        out += e;
        break;
      case 'x':
      case 'X': {
        if (pos_ + 1 >= src_.size() || !is_hex(src_[pos_]) || !is_hex(src_[pos_ + 1])) return fail();
        int v = hex_value(src_[pos_]) * 16 + hex_value(src_[pos_ + 1]);
        pos_ += 2;
        if (bytes) {
          out += static_cast<char>(v);
        } else {
          append_utf8(out, static_cast<char32_t>(v));
        }
        break;
      }
      case 'u':
      case 'U': {
        int n = e == 'u' ? 4 : 8;
        char32_t cp = 0;
        for (int i = 0; i < n; ++i) {
          if (pos_ >= src_.size() || !is_hex(src_[pos_])) return fail();
          cp = cp * 16 + static_cast<char32_t>(hex_value(src_[pos_]));
          ++pos_;
        }
        if ((cp >= 0xD800 && cp < 0xE000) || cp > 0x10FFFF) {
          return make(Tok::Error, start, "invalid unicode code point");
        }
        append_utf8(out, cp);
        break;
      }
      default: {
        if (e >= '0' && e <= '3' && pos_ + 1 < src_.size() && src_[pos_] >= '0' && src_[pos_] <= '7' &&
            src_[pos_ + 1] >= '0' && src_[pos_ + 1] <= '7') {
          int v = (e - '0') * 64 + (src_[pos_] - '0') * 8 + (src_[pos_ + 1] - '0');
          pos_ += 2;
          if (bytes) {
            out += static_cast<char>(v);
          } else {
            append_utf8(out, static_cast<char32_t>(v));
          }
          break;
        }
        return fail();
      }
    }
  }
  return make(bytes ? Tok::Bytes : Tok::String, start, std::move(out));
}

}  // namespace bulwark::cel
