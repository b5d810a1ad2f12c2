// Turns a parsed expression into a Plan: resolves names against the environment (containers, dotted
// variable names, type identifiers, namespaced functions), picks overload sets and precompiles regexes.
#include <re2/re2.h>

#include <array>

#include "cel/ast.h"
#include "cel/plan.h"
#include "cel/program.h"

namespace bulwark::cel {

namespace {

constexpr std::array<std::string_view, 13> kTypeIdents = {
    type_names::kInt,     type_names::kUint,  type_names::kDouble,   type_names::kBool,
    type_names::kString,  type_names::kBytes, type_names::kList,     type_names::kMap,
    type_names::kNull,    type_names::kType,  type_names::kOptional, type_names::kTimestamp,
    type_names::kDuration};

struct CompileFailure {
  std::uint32_t offset;
  std::string message;
};

class Compiler {
 public:
  Compiler(std::string_view src, const Environment& env, const FunctionRegistry& fns)
      : src_(src), env_(env), fns_(fns) {}

  std::expected<Plan, CompileError> run(const Expr& e) {
    Plan plan;
    plan.root = compile(e);
    if (failed_) return std::unexpected(error_at(src_, failure_.offset, failure_.message));
    plan.locals = max_locals_;
    plan.cost_limit = env_.cost_limit();
    plan.cost_estimate = estimate(plan.root, 1);
    return plan;
  }

 private:
  void fail(std::uint32_t offset, std::string message) {
    if (failed_) return;
    failed_ = true;
    failure_ = {offset, std::move(message)};
  }

  // Undeclared names fail compilation, or in unchecked mode evaluate to an error.
  void undeclared(Node& n, std::uint32_t offset, std::string message) {
    if (!env_.unchecked()) {
      fail(offset, std::move(message));
      return;
    }
    n.op = Node::Op::Const;
    n.kids.clear();
    n.value = Value::error(std::move(message));
  }

  int local_slot(std::string_view name) const {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      if (it->first == name) return it->second;
    }
    return -1;
  }

  // Candidate full names for `name` under the container, most qualified first.
  std::vector<std::string> candidates(std::string_view name) const {
    if (name.starts_with(".")) return {std::string(name.substr(1))};
    std::vector<std::string> out;
    std::string c = env_.container();
    while (!c.empty()) {
      out.push_back(c + "." + std::string(name));
      auto dot = c.rfind('.');
      c = dot == std::string::npos ? std::string() : c.substr(0, dot);
    }
    out.emplace_back(name);
    return out;
  }

  bool resolve_global(std::string_view name, std::uint32_t offset, Node& out) const {
    for (const std::string& cand : candidates(name)) {
      int slot = env_.slot_of(cand);
      if (slot >= 0) {
        out.op = Node::Op::Var;
        out.index = slot;
        out.offset = offset;
        return true;
      }
      for (auto t : kTypeIdents) {
        if (cand == t) {
          out.op = Node::Op::Const;
          out.value = Value::type(t);
          out.offset = offset;
          return true;
        }
      }
    }
    return false;
  }

  // Collects an identifier chain a.b.c (not through locals); returns false for anything else.
  static bool ident_chain(const Expr& e, std::vector<const Expr*>& parts) {
    if (e.kind == Expr::Kind::Ident) {
      parts.push_back(&e);
      return true;
    }
    if (e.kind == Expr::Kind::Select && !e.optional && !e.test_only && ident_chain(*e.target, parts)) {
      parts.push_back(&e);
      return true;
    }
    return false;
  }

  // Resolves the longest dotted prefix of a Select chain that names a declared variable or type.
  bool resolve_qualified(const Expr& e, Node& out) {
    std::vector<const Expr*> parts;
    if (!ident_chain(e, parts)) return false;
    if (local_slot(parts[0]->name) >= 0) return false;
    for (std::size_t k = parts.size(); k >= 2; --k) {
      std::string name = parts[0]->name;
      for (std::size_t i = 1; i < k; ++i) name += "." + parts[i]->name;
      Node base;
      if (!resolve_global(name, parts[0]->offset, base)) continue;
      for (std::size_t i = k; i < parts.size(); ++i) {
        Node sel;
        sel.op = Node::Op::Select;
        sel.offset = parts[i]->offset;
        sel.value = Value::string(parts[i]->name);
        sel.kids.push_back(std::move(base));
        base = std::move(sel);
      }
      out = std::move(base);
      return true;
    }
    return false;
  }

  Node compile(const Expr& e) {
    Node n;
    n.offset = e.offset;
    if (failed_) return n;
    switch (e.kind) {
      case Expr::Kind::Literal:
        n.op = Node::Op::Const;
        n.value = e.literal;
        return n;
      case Expr::Kind::Ident: {
        int slot = local_slot(e.name);
        if (slot >= 0) {
          n.op = Node::Op::Local;
          n.index = slot;
          return n;
        }
        if (!resolve_global(e.name, e.offset, n)) {
          std::string shown = e.name.starts_with(".") ? e.name.substr(1) : e.name;
          undeclared(n, e.offset,
                     "undeclared reference to '" + shown + "' (in container '" + env_.container() + "')");
        }
        return n;
      }
      case Expr::Kind::Select: {
        if (!e.test_only && !e.optional) {
          Node q;
          if (resolve_qualified(e, q)) return q;
        }
        n.op = e.test_only ? Node::Op::Has : Node::Op::Select;
        n.optional = e.optional;
        n.value = Value::string(e.name);
        n.kids.push_back(compile(*e.target));
        return n;
      }
      case Expr::Kind::Call:
        return compile_call(e);
      case Expr::Kind::List:
        n.op = Node::Op::List;
        for (const Expr& a : e.args) n.kids.push_back(compile(a));
        n.optional_entries = e.optional_entries;
        check_homogeneous(n.kids, 0, 1);
        return n;
      case Expr::Kind::Map:
        if (!e.name.empty()) {
          fail(e.offset, "undeclared reference to '" + e.name + "': message types are not supported");
          return n;
        }
        n.op = Node::Op::Map;
        for (const Expr& a : e.args) n.kids.push_back(compile(a));
        n.optional_entries = e.optional_entries;
        check_homogeneous(n.kids, 0, 2);
        check_homogeneous(n.kids, 1, 2);
        return n;
      case Expr::Kind::Macro:
        return compile_macro(e);
    }
    return n;
  }

  Node compile_macro(const Expr& e) {
    Node n;
    n.op = Node::Op::Macro;
    n.offset = e.offset;
    static const std::array<std::pair<std::string_view, MacroKind>, 11> kinds = {{
        {"all", MacroKind::All},
        {"exists", MacroKind::Exists},
        {"exists_one", MacroKind::ExistsOne},
        {"map", MacroKind::Map},
        {"filter", MacroKind::Filter},
        {"transformList", MacroKind::TransformList},
        {"transformMap", MacroKind::TransformMap},
        {"transformMapEntry", MacroKind::TransformMapEntry},
        {"optMap", MacroKind::OptMap},
        {"optFlatMap", MacroKind::OptFlatMap},
        {"sortBy", MacroKind::SortBy},
    }};
    for (const auto& [name, kind] : kinds) {
      if (e.name == name) n.macro = kind;
    }
    n.kids.push_back(compile(*e.target));
    std::size_t saved = scopes_.size();
    n.index = static_cast<std::int32_t>(next_local_++);
    scopes_.emplace_back(e.iter_var, n.index);
    if (!e.iter_var2.empty()) {
      n.index2 = static_cast<std::int32_t>(next_local_++);
      scopes_.emplace_back(e.iter_var2, n.index2);
    }
    max_locals_ = std::max(max_locals_, next_local_);
    for (const Expr& a : e.args) n.kids.push_back(compile(a));
    scopes_.resize(saved);
    next_local_ -= e.iter_var2.empty() ? 1 : 2;
    return n;
  }

  Node compile_call(const Expr& e) {
    Node n;
    n.offset = e.offset;
    const std::string& fn = e.name;
    if (!e.target) {
      if (fn == "_&&_" || fn == "_||_") {
        n.op = fn == "_&&_" ? Node::Op::And : Node::Op::Or;
      } else if (fn == "_?_:_") {
        n.op = Node::Op::Cond;
      } else if (fn == "_[_]") {
        n.op = Node::Op::Index;
      } else if (fn == "_[?_]") {
        n.op = Node::Op::OptIndex;
      }
      if (n.op != Node::Op::Const) {
        for (const Expr& a : e.args) n.kids.push_back(compile(a));
        return n;
      }
      std::string name = fn.starts_with(".") ? fn.substr(1) : fn;
      return finish_call(std::move(name), false, nullptr, e.args, e.offset);
    }
    // A member call on an identifier chain that is not a variable may be a namespaced global
    // function: optional.of(x), sets.contains(a, b), strings.quote(s).
    std::vector<const Expr*> parts;
    if (ident_chain(*e.target, parts) && local_slot(parts[0]->name) < 0) {
      std::string qualified;
      for (const Expr* p : parts) qualified += (qualified.empty() ? "" : ".") + p->name;
      Node probe;
      bool is_variable = resolve_qualified(*e.target, probe) || resolve_global(qualified, 0, probe);
      std::string full = qualified + "." + fn;
      if (!is_variable && fns_.find(full.starts_with(".") ? full.substr(1) : full) != nullptr) {
        return finish_call(full.starts_with(".") ? full.substr(1) : full, false, nullptr, e.args, e.offset);
      }
    }
    return finish_call(fn, true, e.target.get(), e.args, e.offset);
  }

  Node finish_call(std::string name, bool member, const Expr* target, const std::vector<Expr>& args,
                   std::uint32_t offset) {
    Node n;
    n.op = Node::Op::Call;
    n.offset = offset;
    if (target) n.kids.push_back(compile(*target));
    for (const Expr& a : args) n.kids.push_back(compile(a));
    const std::vector<Overload>* all = fns_.find(name);
    if (all == nullptr) {
      undeclared(n, offset,
                 "undeclared reference to '" + name + "' (in container '" + env_.container() + "')");
      return n;
    }
    for (const Overload& o : *all) {
      if (o.member == member && o.arity == n.kids.size()) n.overloads.push_back(&o);
    }
    if (n.overloads.empty()) {
      undeclared(n, offset,
                 "found no matching overload for '" + name + "' with " + std::to_string(args.size()) +
                     " argument(s)");
      return n;
    }
    if ((name == "matches" || name == "find" || name == "findAll") && n.kids.size() >= 2 &&
        n.kids[1].op == Node::Op::Const && n.kids[1].value.kind() == Kind::String) {
      RE2::Options opts;
      opts.set_log_errors(false);
      auto re = std::make_shared<const RE2>(
          re2::StringPiece(n.kids[1].value.as_string().data(), n.kids[1].value.as_string().size()), opts);
      if (!re->ok()) {
        fail(n.kids[1].offset, "invalid regular expression: " + re->error());
        return n;
      }
      n.prepared = re;
    }
    // Kubernetes validates duration and timestamp literals at compile time (cel.ValidateDurationLiterals,
    // cel.ValidateTimestampLiterals).
    if ((name == "duration" || name == "timestamp") && n.kids.size() == 1 &&
        n.kids[0].op == Node::Op::Const && n.kids[0].value.kind() == Kind::String) {
      CallContext ctx{nullptr, &scratch_cost_};
      std::array<Value, 1> arg = {n.kids[0].value};
      for (const Overload* o : n.overloads) {
        if (!o->matches(arg)) continue;
        Value v = o->impl(arg, ctx);
        if (v.is_error()) {
          fail(n.kids[0].offset, "invalid " + name + " literal: " + v.error_message());
          return n;
        }
      }
    }
    n.value = Value::string(std::move(name));
    return n;
  }

  // Kubernetes compiles with cel.HomogeneousAggregateLiterals: the elements of a list literal (and the keys
  // and values of a map literal) must have one type. Without a type checker this is enforced for
  // literal constants, the case a policy author can write by mistake.
  void check_homogeneous(const std::vector<Node>& kids, std::size_t start, std::size_t step) {
    if (!env_.homogeneous_literals()) return;
    const Node* first = nullptr;
    for (std::size_t i = start; i < kids.size(); i += step) {
      const Node& k = kids[i];
      if (k.op != Node::Op::Const || k.value.is_error()) continue;
      if (first == nullptr) {
        first = &k;
      } else if (first->value.kind() != k.value.kind()) {
        fail(k.offset, "expected type '" + std::string(first->value.type_name()) + "' but found '" +
                           std::string(k.value.type_name()) + "'");
        return;
      }
    }
  }

  // Worst-case cost with unknown input sizes: each comprehension is assumed to iterate kAssumedSize times.
  static std::uint64_t estimate(const Node& n, std::uint64_t multiplier) {
    constexpr std::uint64_t kAssumedSize = 100;
    constexpr std::uint64_t kCap = UINT64_MAX / 4;
    std::uint64_t total = multiplier;
    for (std::size_t i = 0; i < n.kids.size(); ++i) {
      std::uint64_t m = multiplier;
      if (n.op == Node::Op::Macro && i > 0) m = std::min(kCap, multiplier * kAssumedSize);
      total = std::min(kCap, total + estimate(n.kids[i], m));
    }
    return total;
  }

  std::string_view src_;
  const Environment& env_;
  const FunctionRegistry& fns_;
  std::vector<std::pair<std::string, int>> scopes_;
  std::size_t next_local_ = 0;
  std::size_t max_locals_ = 0;
  bool failed_ = false;
  CompileFailure failure_{};
  std::uint64_t scratch_cost_ = 0;
};

}  // namespace

std::expected<Program, CompileError> compile(std::string_view expression, const Environment& env) {
  auto ast = parse(expression);
  if (!ast) return std::unexpected(ast.error());
  auto plan = Compiler(expression, env, kubernetes_registry()).run(*ast);
  if (!plan) return std::unexpected(plan.error());
  return Program(std::make_shared<const Plan>(std::move(*plan)));
}

}  // namespace bulwark::cel
