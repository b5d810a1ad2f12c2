#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace bulwark::cel {

/// Token kinds of the CEL grammar.
enum class Tok : std::uint8_t {
  End,
  Error,
  Int,
  Uint,
  Double,
  String,
  Bytes,
  Ident,
  EscIdent,  // `backquoted`
  True,
  False,
  Null,
  In,
  Reserved,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Dot,
  Comma,
  Colon,
  Question,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Not,
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  And,
  Or,
};

/// One token: its kind, byte offset and decoded text (identifier name, string/bytes contents, or the
/// raw numeric literal). For Error tokens `text` holds the message.
struct Token {
  Tok kind = Tok::End;
  std::uint32_t offset = 0;
  std::string text;
};

/// Splits CEL source into tokens on demand.
class Lexer {
 public:
  explicit Lexer(std::string_view src) : src_(src) {}
  Token next();

 private:
  Token lex_number(std::uint32_t start);
  Token lex_string(std::uint32_t start, bool raw, bool bytes);
  void skip_space();

  std::string_view src_;
  std::size_t pos_ = 0;
};

}  // namespace bulwark::cel
