// List functions of the Kubernetes CEL environment: cel-go ext lists (slice, flatten, distinct,
// reverse, sort, first, last, lists.range; sortBy is a macro), the Kubernetes lists library (isSorted,
// sum, min, max, indexOf, lastIndexOf) and cel-go ext sets.
#include <algorithm>
#include <array>
#include <numeric>

#include "cel/functions.h"

namespace bulwark::cel {

namespace {

using Args = std::span<const Value>;

constexpr std::uint8_t kI = K(Kind::Int), kL = K(Kind::List), kAny = kAnyKind;

Value err(std::string m) {
  return Value::error(std::move(m));
}

std::vector<Value> items(const Value& list) {
  std::vector<Value> out;
  out.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) out.push_back(list.element(i));
  return out;
}

Value slice(Args a, CallContext&) {
  std::int64_t start = a[1].as_int(), end = a[2].as_int();
  auto n = static_cast<std::int64_t>(a[0].size());
  if (start < 0 || end < 0)
    return err("cannot slice(" + std::to_string(start) + ", " + std::to_string(end) +
               "), negative indexes not supported");
  if (start > end)
    return err("cannot slice(" + std::to_string(start) + ", " + std::to_string(end) +
               "), start index must be less than or equal to end index");
  if (end > n)
    return err("cannot slice(" + std::to_string(start) + ", " + std::to_string(end) + "), list is length " +
               std::to_string(n));
  std::vector<Value> out;
  for (std::int64_t i = start; i < end; ++i) out.push_back(a[0].element(static_cast<std::size_t>(i)));
  return Value::list(std::move(out));
}

void flatten_into(const Value& list, std::int64_t depth, std::vector<Value>& out) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    Value e = list.element(i);
    if (e.kind() == Kind::List && depth > 0) {
      flatten_into(e, depth - 1, out);
    } else {
      out.push_back(std::move(e));
    }
  }
}

Value flatten(Args a, CallContext&) {
  std::vector<Value> out;
  flatten_into(a[0], 1, out);
  return Value::list(std::move(out));
}

Value flatten_depth(Args a, CallContext&) {
  if (a[1].as_int() < 0) return err("level must be non-negative");
  std::vector<Value> out;
  flatten_into(a[0], a[1].as_int(), out);
  return Value::list(std::move(out));
}

Value distinct(Args a, CallContext& ctx) {
  std::vector<Value> out;
  std::size_t n = a[0].size();
  *ctx.cost += n * n / 10;
  for (std::size_t i = 0; i < n; ++i) {
    Value e = a[0].element(i);
    bool seen = std::any_of(out.begin(), out.end(), [&](const Value& o) { return equals(o, e); });
    if (!seen) out.push_back(std::move(e));
  }
  return Value::list(std::move(out));
}

Value reverse(Args a, CallContext&) {
  std::vector<Value> out = items(a[0]);
  std::reverse(out.begin(), out.end());
  return Value::list(std::move(out));
}

// Elements must be mutually comparable (same kind, or all numbers).
bool comparable_list(const std::vector<Value>& v) {
  for (std::size_t i = 1; i < v.size(); ++i) {
    if (compare(v[0], v[i]) == 3) return false;
  }
  return v.empty() || compare(v[0], v[0]) != 3;
}

Value sort(Args a, CallContext& ctx) {
  std::vector<Value> out = items(a[0]);
  if (!comparable_list(out)) return err("list elements must be comparable");
  *ctx.cost += out.size();
  std::stable_sort(out.begin(), out.end(),
                   [](const Value& x, const Value& y) { return compare(x, y) == -1; });
  return Value::list(std::move(out));
}

Value first(Args a, CallContext&) {
  if (a[0].size() == 0) return Value::optional_none();
  return Value::optional(a[0].element(0));
}

Value last(Args a, CallContext&) {
  if (a[0].size() == 0) return Value::optional_none();
  return Value::optional(a[0].element(a[0].size() - 1));
}

Value range(Args a, CallContext&) {
  if (a[0].as_int() < 0) return err("lists.range requires a non-negative count");
  if (a[0].as_int() > 1'000'000) return err("lists.range count too large");
  std::vector<Value> out;
  for (std::int64_t i = 0; i < a[0].as_int(); ++i) out.push_back(Value::integer(i));
  return Value::list(std::move(out));
}

Value is_sorted(Args a, CallContext&) {
  std::vector<Value> v = items(a[0]);
  if (!comparable_list(v)) return err("list elements must be comparable");
  for (std::size_t i = 1; i < v.size(); ++i) {
    if (compare(v[i - 1], v[i]) == 1) return Value::boolean(false);
  }
  return Value::boolean(true);
}

Value sum(Args a, CallContext& ctx) {
  std::size_t n = a[0].size();
  if (n == 0) return Value::integer(0);
  Value acc = a[0].element(0);
  const auto* add = kubernetes_registry().find("_+_");
  for (std::size_t i = 1; i < n; ++i) {
    Value e = a[0].element(i);
    std::array<Value, 2> pair = {acc, e};
    const Overload* chosen = nullptr;
    for (const Overload& o : *add) {
      if (o.matches(pair) && e.kind() != Kind::String && e.kind() != Kind::Bytes && e.kind() != Kind::List) {
        chosen = &o;
        break;
      }
    }
    if (chosen == nullptr) return err("sum: list elements must be numbers or durations of one type");
    acc = chosen->impl(pair, ctx);
    if (acc.is_error()) return acc;
  }
  if (acc.kind() == Kind::String || acc.kind() == Kind::Bytes || acc.kind() == Kind::List) {
    return err("sum: list elements must be numbers or durations");
  }
  return acc;
}

template <bool Max>
Value extreme(Args a, CallContext&) {
  std::size_t n = a[0].size();
  if (n == 0) return err(Max ? "max of empty list" : "min of empty list");
  Value best = a[0].element(0);
  for (std::size_t i = 1; i < n; ++i) {
    Value e = a[0].element(i);
    int c = compare(e, best);
    if (c == 3) return err("list elements must be comparable");
    if (Max ? c == 1 : c == -1) best = std::move(e);
  }
  if (compare(best, best) == 3) return err("list elements must be comparable");
  return best;
}

Value index_of(Args a, CallContext&) {
  for (std::size_t i = 0; i < a[0].size(); ++i) {
    if (equals(a[0].element(i), a[1])) return Value::integer(static_cast<std::int64_t>(i));
  }
  return Value::integer(-1);
}

Value last_index_of(Args a, CallContext&) {
  for (std::size_t i = a[0].size(); i > 0; --i) {
    if (equals(a[0].element(i - 1), a[1])) return Value::integer(static_cast<std::int64_t>(i - 1));
  }
  return Value::integer(-1);
}

bool list_contains(const Value& list, const Value& x) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (equals(list.element(i), x)) return true;
  }
  return false;
}

Value sets_contains(Args a, CallContext& ctx) {
  *ctx.cost += a[0].size() * a[1].size() / 10;
  for (std::size_t i = 0; i < a[1].size(); ++i) {
    if (!list_contains(a[0], a[1].element(i))) return Value::boolean(false);
  }
  return Value::boolean(true);
}

Value sets_equivalent(Args a, CallContext& ctx) {
  Value ab = sets_contains(a, ctx);
  Value swapped[2] = {a[1], a[0]};
  return Value::boolean(ab.as_bool() && sets_contains(swapped, ctx).as_bool());
}

Value sets_intersects(Args a, CallContext& ctx) {
  *ctx.cost += a[0].size() * a[1].size() / 10;
  for (std::size_t i = 0; i < a[1].size(); ++i) {
    if (list_contains(a[0], a[1].element(i))) return Value::boolean(true);
  }
  return Value::boolean(false);
}

}  // namespace

void register_lists_ext(FunctionRegistry& r) {
  r.add("slice", true, {kL, kI, kI}, slice);
  r.add("flatten", true, {kL}, flatten);
  r.add("flatten", true, {kL, kI}, flatten_depth);
  r.add("distinct", true, {kL}, distinct);
  r.add("reverse", true, {kL}, reverse);
  r.add("sort", true, {kL}, sort);
  r.add("first", true, {kL}, first);
  r.add("last", true, {kL}, last);
  r.add("lists.range", false, {kI}, range);
  r.add("isSorted", true, {kL}, is_sorted);
  r.add("sum", true, {kL}, sum);
  r.add("min", true, {kL}, extreme<false>);
  r.add("max", true, {kL}, extreme<true>);
  r.add("indexOf", true, {kL, kAny}, index_of);
  r.add("lastIndexOf", true, {kL, kAny}, last_index_of);
  r.add("sets.contains", false, {kL, kL}, sets_contains);
  r.add("sets.equivalent", false, {kL, kL}, sets_equivalent);
  r.add("sets.intersects", false, {kL, kL}, sets_intersects);
}

}  // namespace bulwark::cel
