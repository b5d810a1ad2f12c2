// Tree-walking evaluation of a Plan. Errors are values, as CEL defines; && and || absorb errors when the
// other side decides the result, in either order.
#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>

#include "cel/plan.h"
#include "cel/program.h"

namespace bulwark::cel {

namespace {

const char* const kCostExceeded = "operation cancelled: actual cost limit exceeded";

struct State {
  const Activation* activation;
  std::vector<Value> locals;
  std::vector<Value> stack;
  std::uint64_t cost = 0;
  std::uint64_t limit = 0;
  bool exceeded = false;

  bool charge(std::uint64_t c) {
    cost += c;
    if (limit != 0 && cost > limit) exceeded = true;
    return !exceeded;
  }
};

Value no_overload(const Node& n) {
  return Value::error("no matching overload for '" + std::string(n.value.as_string()) + "'");
}

// Index of a list from an int, uint or integral double; false when out of range or not integral.
bool list_index(const Value& list, const Value& idx, std::size_t& out, Value& err) {
  std::int64_t i = 0;
  switch (idx.kind()) {
    case Kind::Int:
      i = idx.as_int();
      break;
    case Kind::Uint:
      if (idx.as_uint() > static_cast<std::uint64_t>(INT64_MAX)) {
        err = Value::error("index out of range");
        return false;
      }
      i = static_cast<std::int64_t>(idx.as_uint());
      break;
    case Kind::Double: {
      double d = idx.as_double();
      if (std::trunc(d) != d || !(d > -9.3e18 && d < 9.3e18)) {
        err = Value::error("unsupported index value");
        return false;
      }
      i = static_cast<std::int64_t>(d);
      break;
    }
    default:
      err = Value::error("no such overload: list index of type " + std::string(idx.type_name()));
      return false;
  }
  if (i < 0 || static_cast<std::uint64_t>(i) >= list.size()) {
    err = Value::error("index out of range: " + std::to_string(i));
    return false;
  }
  out = static_cast<std::size_t>(i);
  return true;
}

bool valid_key(const Value& k) {
  return k.kind() == Kind::Int || k.kind() == Kind::Uint || k.kind() == Kind::Bool ||
         k.kind() == Kind::String;
}

// Plain index: container[idx]. `absent` receives whether a missing key/index (rather than a type error)
// caused the failure, so optional indexing can turn it into optional.none().
Value index_value(const Value& c, const Value& idx, bool& absent) {
  absent = false;
  if (c.is_error()) return c;
  if (idx.is_error()) return idx;
  if (c.kind() == Kind::List) {
    std::size_t i = 0;
    Value err;
    if (!list_index(c, idx, i, err)) {
      absent = err.error_message().starts_with("index out of range");
      return err;
    }
    return c.element(i);
  }
  if (c.kind() == Kind::Map) {
    if (!valid_key(idx) && idx.kind() != Kind::Double) {
      return Value::error("unsupported key type: " + std::string(idx.type_name()));
    }
    Value out;
    if (c.find(idx, out)) return out;
    absent = true;
    return Value::error("no such key: " + debug_string(idx));
  }
  return Value::error("no such overload: index of type " + std::string(c.type_name()));
}

Value select_value(const Value& target, const Value& field, bool& absent) {
  absent = false;
  if (target.is_error()) return target;
  if (target.kind() == Kind::Map) {
    Value out;
    if (target.find(field, out)) return out;
    absent = true;
    return Value::error("no such key: " + std::string(field.as_string()));
  }
  return Value::error("type '" + std::string(target.type_name()) + "' does not support field selection");
}

class Evaluator {
 public:
  explicit Evaluator(State& s) : s_(s) {}

  Value eval(const Node& n) {
    if (s_.exceeded) return Value::error(kCostExceeded);
    switch (n.op) {
      case Node::Op::Const:
        return n.value;
      case Node::Op::Var:
        return s_.activation->get(static_cast<std::size_t>(n.index));
      case Node::Op::Local:
        return s_.locals[static_cast<std::size_t>(n.index)];
      case Node::Op::Select:
        s_.charge(1);
        return select(n);
      case Node::Op::Has:
        s_.charge(1);
        return has(n);
      case Node::Op::Index:
      case Node::Op::OptIndex:
        s_.charge(1);
        return index(n);
      case Node::Op::Call:
        s_.charge(1);
        return call(n);
      case Node::Op::And:
      case Node::Op::Or:
        return logic(n);
      case Node::Op::Cond: {
        Value c = eval(n.kids[0]);
        if (c.kind() == Kind::Bool) return eval(n.kids[c.as_bool() ? 1 : 2]);
        if (c.is_error()) return c;
        return Value::error("no matching overload for '_?_:_'");
      }
      case Node::Op::List:
        return list(n);
      case Node::Op::Map:
        return map(n);
      case Node::Op::Macro:
        return macro(n);
    }
    return Value::error("invalid plan node");
  }

 private:
  Value select(const Node& n) {
    Value t = eval(n.kids[0]);
    if (t.kind() == Kind::Optional) {
      if (!t.optional_has_value()) return t;
      bool absent = false;
      Value r = select_value(t.optional_value(), n.value, absent);
      if (absent) return Value::optional_none();
      if (r.is_error()) return r;
      return Value::optional(std::move(r));
    }
    bool absent = false;
    Value r = select_value(t, n.value, absent);
    if (n.optional) {
      if (absent) return Value::optional_none();
      if (r.is_error()) return r;
      return Value::optional(std::move(r));
    }
    return r;
  }

  Value has(const Node& n) {
    Value t = eval(n.kids[0]);
    if (t.is_error()) return t;
    if (t.kind() == Kind::Map) return Value::boolean(t.has_key(n.value));
    if (t.kind() == Kind::Optional) {
      if (!t.optional_has_value()) return Value::boolean(false);
      const Value& inner = t.optional_value();
      Value out;
      if (inner.kind() == Kind::Map) return Value::boolean(inner.find(n.value, out));
    }
    return Value::error("invalid type for field selection: " + std::string(t.type_name()));
  }

  Value index(const Node& n) {
    Value c = eval(n.kids[0]);
    Value i = eval(n.kids[1]);
    bool optional = n.op == Node::Op::OptIndex;
    if (c.kind() == Kind::Optional) {
      if (!c.optional_has_value()) return c;
      c = c.optional_value();
      optional = true;
    }
    bool absent = false;
    Value r = index_value(c, i, absent);
    if (!optional) return r;
    if (absent) return Value::optional_none();
    if (r.is_error()) return r;
    return Value::optional(std::move(r));
  }

  Value call(const Node& n) {
    std::size_t base = s_.stack.size();
    for (const Node& k : n.kids) s_.stack.push_back(eval(k));
    std::span<const Value> args(s_.stack.data() + base, n.kids.size());
    Value result;
    bool has_error = false;
    for (const Value& a : args) {
      if (a.is_error()) {
        result = a;
        has_error = true;
        break;
      }
    }
    if (!has_error) {
      const Overload* chosen = nullptr;
      for (const Overload* o : n.overloads) {
        if (o->matches(args)) {
          chosen = o;
          break;
        }
      }
      if (chosen == nullptr) {
        result = no_overload(n);
      } else {
        CallContext ctx{n.prepared.get(), &s_.cost};
        result = chosen->impl(args, ctx);
        if (s_.limit != 0 && s_.cost > s_.limit) s_.exceeded = true;
      }
    }
    s_.stack.resize(base);
    return result;
  }

  Value logic(const Node& n) {
    bool is_and = n.op == Node::Op::And;
    Value l = eval(n.kids[0]);
    if (l.kind() == Kind::Bool && l.as_bool() != is_and) return l;
    Value r = eval(n.kids[1]);
    if (r.kind() == Kind::Bool && r.as_bool() != is_and) return r;
    if (l.kind() == Kind::Bool && r.kind() == Kind::Bool) return l;
    if (l.is_error()) return l;
    if (r.is_error()) return r;
    return Value::error(is_and ? "no matching overload for '_&&_'" : "no matching overload for '_||_'");
  }

  Value list(const Node& n) {
    std::vector<Value> items;
    items.reserve(n.kids.size());
    for (std::size_t i = 0; i < n.kids.size(); ++i) {
      Value v = eval(n.kids[i]);
      if (v.is_error()) return v;
      if (n.optional_entries[i]) {
        if (v.kind() != Kind::Optional) return Value::error("optional list element is not an optional value");
        if (!v.optional_has_value()) continue;
        items.push_back(v.optional_value());
        continue;
      }
      items.push_back(std::move(v));
    }
    return Value::list(std::move(items));
  }

  Value map(const Node& n) {
    std::vector<std::pair<Value, Value>> entries;
    entries.reserve(n.kids.size() / 2);
    for (std::size_t i = 0; i + 1 < n.kids.size(); i += 2) {
      Value k = eval(n.kids[i]);
      if (k.is_error()) return k;
      Value v = eval(n.kids[i + 1]);
      if (v.is_error()) return v;
      if (!valid_key(k)) return Value::error("unsupported key type: " + std::string(k.type_name()));
      for (const auto& e : entries) {
        if (equals(e.first, k)) return Value::error("Failed with repeated key: " + debug_string(k));
      }
      if (n.optional_entries[i / 2]) {
        if (v.kind() != Kind::Optional) return Value::error("optional map entry is not an optional value");
        if (!v.optional_has_value()) continue;
        entries.emplace_back(std::move(k), v.optional_value());
        continue;
      }
      entries.emplace_back(std::move(k), std::move(v));
    }
    return Value::map(std::move(entries));
  }

  Value macro(const Node& n) {
    Value range = eval(n.kids[0]);
    if (range.is_error()) return range;
    if (n.macro == MacroKind::OptMap || n.macro == MacroKind::OptFlatMap) {
      if (range.kind() != Kind::Optional) return Value::error("no matching overload for optMap");
      if (!range.optional_has_value()) return range;
      s_.locals[static_cast<std::size_t>(n.index)] = range.optional_value();
      Value r = eval(n.kids[1]);
      if (r.is_error()) return r;
      if (n.macro == MacroKind::OptMap) return Value::optional(std::move(r));
      if (r.kind() != Kind::Optional) return Value::error("optFlatMap function must return an optional");
      return r;
    }
    if (range.kind() != Kind::List && range.kind() != Kind::Map) {
      return Value::error("expression of type '" + std::string(range.type_name()) +
                          "' cannot be range of a comprehension");
    }
    bool is_map = range.kind() == Kind::Map;
    bool two = n.index2 >= 0;
    std::size_t size = range.size();
    auto& v1 = s_.locals[static_cast<std::size_t>(n.index)];
    auto bind = [&](std::size_t i) {
      if (two) {
        v1 = is_map ? range.key_at(i) : Value::integer(static_cast<std::int64_t>(i));
        s_.locals[static_cast<std::size_t>(n.index2)] = is_map ? range.value_at(i) : range.element(i);
      } else {
        v1 = is_map ? range.key_at(i) : range.element(i);
      }
    };
    switch (n.macro) {
      case MacroKind::All:
      case MacroKind::Exists: {
        bool decisive = n.macro == MacroKind::Exists;
        Value err;
        for (std::size_t i = 0; i < size; ++i) {
          if (!s_.charge(1)) return Value::error(kCostExceeded);
          bind(i);
          Value p = eval(n.kids[1]);
          if (p.kind() == Kind::Bool) {
            if (p.as_bool() == decisive) return p;
          } else if (err.kind() != Kind::Error) {
            err = p.is_error() ? p : Value::error("no matching overload for predicate");
          }
        }
        if (err.is_error()) return err;
        return Value::boolean(!decisive);
      }
      case MacroKind::ExistsOne: {
        std::int64_t count = 0;
        for (std::size_t i = 0; i < size; ++i) {
          if (!s_.charge(1)) return Value::error(kCostExceeded);
          bind(i);
          Value p = eval(n.kids[1]);
          if (p.is_error()) return p;
          if (p.kind() != Kind::Bool) return Value::error("no matching overload for predicate");
          count += p.as_bool();
        }
        return Value::boolean(count == 1);
      }
      case MacroKind::Map:
      case MacroKind::Filter:
      case MacroKind::TransformList: {
        std::vector<Value> out;
        out.reserve(size);
        bool filtered = n.kids.size() == 3 || n.macro == MacroKind::Filter;
        for (std::size_t i = 0; i < size; ++i) {
          if (!s_.charge(1)) return Value::error(kCostExceeded);
          bind(i);
          if (filtered) {
            Value p = eval(n.kids[1]);
            if (p.is_error()) return p;
            if (p.kind() != Kind::Bool) return Value::error("no matching overload for predicate");
            if (!p.as_bool()) continue;
          }
          if (n.macro == MacroKind::Filter) {
            out.push_back(v1);
            continue;
          }
          Value t = eval(n.kids[filtered ? 2 : 1]);
          if (t.is_error()) return t;
          out.push_back(std::move(t));
        }
        return Value::list(std::move(out));
      }
      case MacroKind::TransformMap:
      case MacroKind::TransformMapEntry: {
        std::vector<std::pair<Value, Value>> out;
        bool filtered = n.kids.size() == 3;
        for (std::size_t i = 0; i < size; ++i) {
          if (!s_.charge(1)) return Value::error(kCostExceeded);
          bind(i);
          if (filtered) {
            Value p = eval(n.kids[1]);
            if (p.is_error()) return p;
            if (p.kind() != Kind::Bool) return Value::error("no matching overload for predicate");
            if (!p.as_bool()) continue;
          }
          Value t = eval(n.kids[filtered ? 2 : 1]);
          if (t.is_error()) return t;
          if (n.macro == MacroKind::TransformMap) {
            out.emplace_back(v1, std::move(t));
            continue;
          }
          if (t.kind() != Kind::Map) return Value::error("transformMapEntry expression must return a map");
          for (std::size_t k = 0; k < t.size(); ++k) {
            Value key = t.key_at(k);
            for (const auto& e : out) {
              if (equals(e.first, key))
                return Value::error("insert failed: key " + debug_string(key) + " already exists");
            }
            out.emplace_back(std::move(key), t.value_at(k));
          }
        }
        return Value::map(std::move(out));
      }
      case MacroKind::SortBy: {
        if (is_map) return Value::error("no matching overload for sortBy");
        std::vector<Value> keys;
        keys.reserve(size);
        for (std::size_t i = 0; i < size; ++i) {
          if (!s_.charge(1)) return Value::error(kCostExceeded);
          bind(i);
          Value k = eval(n.kids[1]);
          if (k.is_error()) return k;
          if (!keys.empty() && compare(keys.front(), k) > 1)
            return Value::error("sortBy keys are not comparable");
          keys.push_back(std::move(k));
        }
        std::vector<std::size_t> order(size);
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return compare(keys[a], keys[b]) == -1; });
        std::vector<Value> out;
        out.reserve(size);
        for (std::size_t i : order) out.push_back(range.element(i));
        return Value::list(std::move(out));
      }
      default:
        return Value::error("unsupported macro");
    }
  }

  State& s_;
};

}  // namespace

namespace {

// Scratch vectors reused across evaluations on a thread, so a steady-state evaluation allocates nothing
// for its own bookkeeping. A pool (not one buffer) because a lazy variable may evaluate another program
// in the middle of an evaluation.
struct Scratch {
  std::vector<Value> locals;
  std::vector<Value> stack;
};

thread_local std::vector<std::unique_ptr<Scratch>> scratch_pool;

}  // namespace

Value evaluate_plan(const Plan& plan, const Activation& activation, std::uint64_t& cost) {
  std::unique_ptr<Scratch> scratch;
  if (scratch_pool.empty()) {
    scratch = std::make_unique<Scratch>();
    scratch->stack.reserve(32);
  } else {
    scratch = std::move(scratch_pool.back());
    scratch_pool.pop_back();
  }
  scratch->locals.assign(plan.locals, Value());
  State s{&activation, std::move(scratch->locals), std::move(scratch->stack), 0, plan.cost_limit, false};
  Value r = Evaluator(s).eval(plan.root);
  cost = s.cost;
  s.locals.clear();
  s.stack.clear();
  scratch->locals = std::move(s.locals);
  scratch->stack = std::move(s.stack);
  scratch_pool.push_back(std::move(scratch));
  if (s.exceeded) return Value::error(kCostExceeded);
  return r;
}

}  // namespace bulwark::cel
