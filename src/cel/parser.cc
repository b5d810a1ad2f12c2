#include "cel/parser.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "cel/lexer.h"
#include "cel/unicode.h"

namespace bulwark::cel {

CompileError error_at(std::string_view src, std::uint32_t offset, std::string message) {
  int line = 1;
  std::size_t line_start = 0;
  if (offset > src.size()) offset = static_cast<std::uint32_t>(src.size());
  for (std::size_t i = 0; i < offset; ++i) {
    if (src[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  int col = static_cast<int>(code_point_count(src.substr(line_start, offset - line_start))) + 1;
  return CompileError{std::move(message), line, col};
}

namespace {

constexpr int kMaxDepth = 250;
constexpr std::string_view kAccumulator = "__result__";

struct ParseFailure {
  std::uint32_t offset;
  std::string message;
};

std::string describe(const Token& t) {
  switch (t.kind) {
    case Tok::End:
      return "<EOF>";
    case Tok::String:
    case Tok::Bytes:
      return "'\"" + t.text + "\"'";
    case Tok::True:
      return "'true'";
    case Tok::False:
      return "'false'";
    case Tok::Null:
      return "'null'";
    case Tok::EscIdent:
      return "'`" + t.text + "`'";
    case Tok::Int:
    case Tok::Uint:
    case Tok::Double:
    case Tok::Ident:
    case Tok::In:
    case Tok::Reserved:
      return "'" + t.text + "'";
    default:
      return "token";
  }
}

class Parser {
 public:
  explicit Parser(std::string_view src) : src_(src), lexer_(src) {
    cur_ = lexer_.next();
    ahead_ = lexer_.next();
  }

  std::expected<Expr, CompileError> run() {
    Expr e = parse_expr();
    if (!failed_ && cur_.kind != Tok::End)
      fail_here("Syntax error: mismatched input " + describe(cur_) + " expecting <EOF>");
    if (failed_) return std::unexpected(error_at(src_, failure_.offset, failure_.message));
    return e;
  }

 private:
  void advance() {
    cur_ = std::move(ahead_);
    ahead_ = cur_.kind == Tok::End ? Token{Tok::End, cur_.offset, {}} : lexer_.next();
  }

  void fail(std::uint32_t offset, std::string message) {
    if (failed_) return;
    failed_ = true;
    failure_ = {offset, std::move(message)};
  }

  void fail_here(std::string message) {
    if (cur_.kind == Tok::Error) {
      fail(cur_.offset, cur_.text);
    } else if (cur_.kind == Tok::Reserved && message.find("mismatched") == std::string::npos) {
      fail(cur_.offset, "reserved identifier: " + cur_.text);
    } else {
      fail(cur_.offset, std::move(message));
    }
  }

  bool accept(Tok k) {
    if (cur_.kind != k) return false;
    advance();
    return true;
  }

  void expect(Tok k, std::string_view what) {
    if (failed_) return;
    if (!accept(k))
      fail_here("Syntax error: mismatched input " + describe(cur_) + " expecting " + std::string(what));
  }

  static Expr make(Expr::Kind kind, std::uint32_t offset) {
    Expr e;
    e.kind = kind;
    e.offset = offset;
    return e;
  }

  static Expr call(std::string name, std::uint32_t offset, std::vector<Expr> args) {
    Expr e = make(Expr::Kind::Call, offset);
    e.name = std::move(name);
    e.args = std::move(args);
    return e;
  }

  Expr parse_expr() {
    if (++depth_ > kMaxDepth) {
      fail(cur_.offset, "expression recursion limit exceeded");
      --depth_;
      return Expr{};
    }
    Expr cond = parse_or();
    if (cur_.kind == Tok::Question && !failed_) {
      std::uint32_t at = cur_.offset;
      advance();
      Expr yes = parse_or();
      expect(Tok::Colon, "':'");
      Expr no = parse_expr();
      std::vector<Expr> args;
      args.push_back(std::move(cond));
      args.push_back(std::move(yes));
      args.push_back(std::move(no));
      cond = call("_?_:_", at, std::move(args));
    }
    --depth_;
    return cond;
  }

  Expr binary(std::string op, std::uint32_t at, Expr lhs, Expr rhs) {
    std::vector<Expr> args;
    args.push_back(std::move(lhs));
    args.push_back(std::move(rhs));
    return call(std::move(op), at, std::move(args));
  }

  // Operator chains build left-deep trees; bound them like nesting so evaluation depth stays bounded.
  bool chain_too_long(int& links) {
    if (++links <= kMaxDepth) return false;
    fail(cur_.offset, "expression recursion limit exceeded");
    return true;
  }

  Expr parse_or() {
    Expr lhs = parse_and();
    int links = 0;
    while (cur_.kind == Tok::Or && !failed_ && !chain_too_long(links)) {
      std::uint32_t at = cur_.offset;
      advance();
      lhs = binary("_||_", at, std::move(lhs), parse_and());
    }
    return lhs;
  }

  Expr parse_and() {
    Expr lhs = parse_relation();
    int links = 0;
    while (cur_.kind == Tok::And && !failed_ && !chain_too_long(links)) {
      std::uint32_t at = cur_.offset;
      advance();
      lhs = binary("_&&_", at, std::move(lhs), parse_relation());
    }
    return lhs;
  }

  Expr parse_relation() {
    Expr lhs = parse_addition();
    int links = 0;
    while (!failed_) {
      const char* op = nullptr;
      switch (cur_.kind) {
        case Tok::Eq:
          op = "_==_";
          break;
        case Tok::Ne:
          op = "_!=_";
          break;
        case Tok::Lt:
          op = "_<_";
          break;
        case Tok::Le:
          op = "_<=_";
          break;
        case Tok::Gt:
          op = "_>_";
          break;
        case Tok::Ge:
          op = "_>=_";
          break;
        case Tok::In:
          op = "@in";
          break;
        default:
          break;
      }
      if (op == nullptr || chain_too_long(links)) break;
      std::uint32_t at = cur_.offset;
      advance();
      lhs = binary(op, at, std::move(lhs), parse_addition());
    }
    return lhs;
  }

  Expr parse_addition() {
    Expr lhs = parse_multiplication();
    int links = 0;
    while ((cur_.kind == Tok::Plus || cur_.kind == Tok::Minus) && !failed_ && !chain_too_long(links)) {
      const char* op = cur_.kind == Tok::Plus ? "_+_" : "_-_";
      std::uint32_t at = cur_.offset;
      advance();
      lhs = binary(op, at, std::move(lhs), parse_multiplication());
    }
    return lhs;
  }

  Expr parse_multiplication() {
    Expr lhs = parse_unary();
    int links = 0;
    while ((cur_.kind == Tok::Star || cur_.kind == Tok::Slash || cur_.kind == Tok::Percent) && !failed_ &&
           !chain_too_long(links)) {
      const char* op = cur_.kind == Tok::Star ? "_*_" : cur_.kind == Tok::Slash ? "_/_" : "_%_";
      std::uint32_t at = cur_.offset;
      advance();
      lhs = binary(op, at, std::move(lhs), parse_unary());
    }
    return lhs;
  }

  Expr parse_unary() {
    if (++depth_ > kMaxDepth) {
      fail(cur_.offset, "expression recursion limit exceeded");
      --depth_;
      return Expr{};
    }
    Expr result;
    if (cur_.kind == Tok::Not) {
      std::uint32_t at = cur_.offset;
      int n = 0;
      while (accept(Tok::Not)) ++n;
      Expr operand = parse_member();
      if (n % 2 == 0) {
        result = std::move(operand);
      } else {
        std::vector<Expr> args;
        args.push_back(std::move(operand));
        result = call("!_", at, std::move(args));
      }
    } else if (cur_.kind == Tok::Minus) {
      std::uint32_t at = cur_.offset;
      int n = 0;
      while (cur_.kind == Tok::Minus && !(ahead_.kind == Tok::Int || ahead_.kind == Tok::Double)) {
        advance();
        ++n;
      }
      Expr operand = parse_member();
      if (n % 2 == 0) {
        result = std::move(operand);
      } else {
        std::vector<Expr> args;
        args.push_back(std::move(operand));
        result = call("-_", at, std::move(args));
      }
    } else {
      result = parse_member();
    }
    --depth_;
    return result;
  }

  std::vector<Expr> parse_args(Tok close) {
    std::vector<Expr> args;
    if (cur_.kind == close) {
      advance();
      return args;
    }
    while (!failed_) {
      args.push_back(parse_expr());
      if (accept(Tok::Comma)) continue;
      expect(close, close == Tok::RParen ? "')'" : "']'");
      break;
    }
    return args;
  }

  // Ident chains a.b.c (possibly with a leading dot) name a message type in `a.b.c{...}`.
  static bool qualified_name(const Expr& e, std::string& out) {
    if (e.kind == Expr::Kind::Ident) {
      out = e.name;
      return true;
    }
    if (e.kind == Expr::Kind::Select && !e.optional && !e.test_only && qualified_name(*e.target, out)) {
      out += "." + e.name;
      return true;
    }
    return false;
  }

  Expr parse_member() {
    Expr e = parse_primary();
    int steps = 0;
    while (!failed_) {
      if (++steps > kMaxDepth) {
        fail(cur_.offset, "expression recursion limit exceeded");
        break;
      }
      if (cur_.kind == Tok::Dot) {
        std::uint32_t at = cur_.offset;
        advance();
        bool opt = accept(Tok::Question);
        // Reserved words are fine as field and method names: {'as': 1}.as, a.import().
        if (cur_.kind != Tok::Ident && cur_.kind != Tok::EscIdent && cur_.kind != Tok::Reserved) {
          fail_here("Syntax error: mismatched input " + describe(cur_) + " expecting IDENTIFIER");
          break;
        }
        bool escaped = cur_.kind == Tok::EscIdent;
        std::string name = cur_.text;
        std::uint32_t name_at = cur_.offset;
        advance();
        if (!opt && !escaped && cur_.kind == Tok::LParen) {
          std::uint32_t paren = cur_.offset;
          advance();
          std::vector<Expr> args = parse_args(Tok::RParen);
          if (failed_) break;
          e = member_call(std::move(e), std::move(name), paren, std::move(args));
          continue;
        }
        (void)name_at;
        Expr sel = make(Expr::Kind::Select, at);
        sel.name = std::move(name);
        sel.optional = opt;
        sel.target = std::make_unique<Expr>(std::move(e));
        e = std::move(sel);
      } else if (cur_.kind == Tok::LBracket) {
        std::uint32_t at = cur_.offset;
        advance();
        bool opt = accept(Tok::Question);
        Expr index = parse_expr();
        expect(Tok::RBracket, "']'");
        e = binary(opt ? "_[?_]" : "_[_]", at, std::move(e), std::move(index));
      } else if (cur_.kind == Tok::LBrace) {
        std::string type_name;
        if (!qualified_name(e, type_name) || e.kind == Expr::Kind::Call) break;
        e = parse_struct(std::move(type_name), cur_.offset);
      } else {
        break;
      }
    }
    return e;
  }

  Expr parse_struct(std::string type_name, std::uint32_t at) {
    advance();  // '{'
    Expr s = make(Expr::Kind::Map, at);
    s.name = std::move(type_name);
    while (!failed_ && cur_.kind != Tok::RBrace) {
      bool opt = accept(Tok::Question);
      if (cur_.kind != Tok::Ident && cur_.kind != Tok::EscIdent) {
        fail_here("Syntax error: extraneous input " + describe(cur_) + " expecting IDENTIFIER");
        break;
      }
      Expr key = make(Expr::Kind::Literal, cur_.offset);
      key.literal = Value::string(cur_.text);
      advance();
      expect(Tok::Colon, "':'");
      Expr value = parse_expr();
      s.args.push_back(std::move(key));
      s.args.push_back(std::move(value));
      s.optional_entries.push_back(opt);
      if (!accept(Tok::Comma)) break;
    }
    expect(Tok::RBrace, "'}'");
    return s;
  }

  Expr literal_number(const Token& t, bool negative) {
    Expr e = make(Expr::Kind::Literal, t.offset);
    std::string_view text = t.text;
    bool hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    if (t.kind == Tok::Double) {
      std::string s = (negative ? "-" : "") + t.text;
      char* end = nullptr;
      double d = std::strtod(s.c_str(), &end);
      if (std::isinf(d)) fail(t.offset, "invalid double literal");
      e.literal = Value::dbl(d);
      return e;
    }
    if (t.kind == Tok::Uint) {
      std::uint64_t u = 0;
      auto digits = hex ? text.substr(2) : text;
      auto r = std::from_chars(digits.data(), digits.data() + digits.size(), u, hex ? 16 : 10);
      if (r.ec != std::errc() || r.ptr != digits.data() + digits.size())
        fail(t.offset, "invalid uint literal");
      e.literal = Value::uinteger(u);
      return e;
    }
    std::uint64_t mag = 0;
    auto digits = hex ? text.substr(2) : text;
    auto r = std::from_chars(digits.data(), digits.data() + digits.size(), mag, hex ? 16 : 10);
    bool ok = r.ec == std::errc() && r.ptr == digits.data() + digits.size();
    if (ok && negative && mag <= static_cast<std::uint64_t>(INT64_MAX) + 1) {
      e.literal = Value::integer(static_cast<std::int64_t>(0 - mag));
    } else if (ok && !negative && mag <= static_cast<std::uint64_t>(INT64_MAX)) {
      e.literal = Value::integer(static_cast<std::int64_t>(mag));
    } else {
      fail(t.offset, "invalid int literal");
    }
    return e;
  }

  Expr parse_primary() {
    Token t = cur_;
    switch (t.kind) {
      case Tok::Minus: {
        // Only reached for '-' directly before a numeric literal: the sign belongs to the literal.
        advance();
        Token num = cur_;
        advance();
        Expr e = literal_number(num, true);
        e.offset = t.offset;
        return e;
      }
      case Tok::Int:
      case Tok::Uint:
      case Tok::Double:
        advance();
        return literal_number(t, false);
      case Tok::String: {
        advance();
        Expr e = make(Expr::Kind::Literal, t.offset);
        e.literal = Value::string(std::move(t.text));
        return e;
      }
      case Tok::Bytes: {
        advance();
        Expr e = make(Expr::Kind::Literal, t.offset);
        e.literal = Value::bytes(std::move(t.text));
        return e;
      }
      case Tok::True:
      case Tok::False: {
        advance();
        Expr e = make(Expr::Kind::Literal, t.offset);
        e.literal = Value::boolean(t.kind == Tok::True);
        return e;
      }
      case Tok::Null:
        advance();
        return make(Expr::Kind::Literal, t.offset);
      case Tok::LParen: {
        advance();
        Expr e = parse_expr();
        expect(Tok::RParen, "')'");
        return e;
      }
      case Tok::LBracket: {
        advance();
        Expr list = make(Expr::Kind::List, t.offset);
        while (!failed_ && cur_.kind != Tok::RBracket) {
          bool opt = accept(Tok::Question);
          list.args.push_back(parse_expr());
          list.optional_entries.push_back(opt);
          if (!accept(Tok::Comma)) break;
        }
        expect(Tok::RBracket, "']'");
        return list;
      }
      case Tok::LBrace: {
        advance();
        Expr map = make(Expr::Kind::Map, t.offset);
        while (!failed_ && cur_.kind != Tok::RBrace) {
          bool opt = accept(Tok::Question);
          map.args.push_back(parse_expr());
          expect(Tok::Colon, "':'");
          map.args.push_back(parse_expr());
          map.optional_entries.push_back(opt);
          if (!accept(Tok::Comma)) break;
        }
        expect(Tok::RBrace, "'}'");
        return map;
      }
      case Tok::Dot:
      case Tok::Ident: {
        bool leading_dot = false;
        if (t.kind == Tok::Dot) {
          advance();
          leading_dot = true;
          if (cur_.kind != Tok::Ident) {
            fail_here("Syntax error: mismatched input " + describe(cur_) + " expecting IDENTIFIER");
            return Expr{};
          }
          t = cur_;
        }
        advance();
        std::string name = (leading_dot ? "." : "") + t.text;
        if (cur_.kind == Tok::LParen) {
          std::uint32_t paren = cur_.offset;
          advance();
          std::vector<Expr> args = parse_args(Tok::RParen);
          return global_call(std::move(name), paren, std::move(args));
        }
        Expr e = make(Expr::Kind::Ident, t.offset);
        e.name = std::move(name);
        return e;
      }
      case Tok::Reserved:
        fail(t.offset, "reserved identifier: " + t.text);
        return Expr{};
      case Tok::Error:
        fail(t.offset, t.text);
        return Expr{};
      default:
        fail(t.offset,
             "Syntax error: mismatched input " + describe(t) +
                 " expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, "
                 "NUM_UINT, STRING, BYTES, IDENTIFIER}");
        return Expr{};
    }
  }

  Expr global_call(std::string name, std::uint32_t at, std::vector<Expr> args) {
    if (name == "has" && args.size() == 1) {
      Expr& arg = args[0];
      if (arg.kind != Expr::Kind::Select || arg.optional || arg.test_only) {
        fail(arg.offset, "invalid argument to has() macro");
        return Expr{};
      }
      arg.test_only = true;
      return std::move(arg);
    }
    return call(std::move(name), at, std::move(args));
  }

  bool iteration_var(const Expr& arg, std::string& out, const char* not_ident_message) {
    if (arg.kind != Expr::Kind::Ident || arg.name.starts_with(".")) {
      fail(arg.offset, not_ident_message);
      return false;
    }
    if (arg.name == kAccumulator) {
      fail(arg.offset, "iteration variable overwrites accumulator variable");
      return false;
    }
    out = arg.name;
    return true;
  }

  Expr member_call(Expr target, std::string name, std::uint32_t at, std::vector<Expr> args) {
    std::size_t n = args.size();
    int vars = 0;
    std::string macro = name;
    if ((name == "all" || name == "exists" || name == "exists_one" || name == "existsOne") &&
        (n == 2 || n == 3)) {
      vars = static_cast<int>(n) - 1;
      if (name == "existsOne") macro = "exists_one";
    } else if (name == "map" && (n == 2 || n == 3)) {
      vars = 1;
    } else if (name == "filter" && n == 2) {
      vars = 1;
    } else if ((name == "transformList" || name == "transformMap" || name == "transformMapEntry") &&
               (n == 3 || n == 4)) {
      vars = 2;
    } else if ((name == "optMap" || name == "optFlatMap" || name == "sortBy") && n == 2) {
      vars = 1;
    }
    if (vars == 0) {
      Expr e = call(std::move(name), at, std::move(args));
      e.target = std::make_unique<Expr>(std::move(target));
      return e;
    }
    const char* not_ident = (name == "map" || name == "filter") ? "argument is not an identifier"
                                                                : "argument must be a simple name";
    Expr m = make(Expr::Kind::Macro, at);
    m.name = std::move(macro);
    if (!iteration_var(args[0], m.iter_var, not_ident)) return Expr{};
    if (vars == 2 && !iteration_var(args[1], m.iter_var2, not_ident)) return Expr{};
    m.target = std::make_unique<Expr>(std::move(target));
    for (std::size_t i = static_cast<std::size_t>(vars); i < n; ++i) m.args.push_back(std::move(args[i]));
    return m;
  }

  std::string_view src_;
  Lexer lexer_;
  Token cur_;
  Token ahead_;
  int depth_ = 0;
  bool failed_ = false;
  ParseFailure failure_{};
};

}  // namespace

std::expected<Expr, CompileError> parse(std::string_view src) {
  return Parser(src).run();
}

}  // namespace bulwark::cel
