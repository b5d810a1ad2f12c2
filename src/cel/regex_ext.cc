// Kubernetes regex library: find(), findAll() with RE2 (patterns that are constants are compiled once
// per call site by the compiler).
#include <re2/re2.h>

#include <memory>

#include "cel/functions.h"

namespace bulwark::cel {

namespace {

using Args = std::span<const Value>;

constexpr std::uint8_t kI = K(Kind::Int), kS = K(Kind::String);

// The call site's precompiled pattern, or a fresh compilation held by `owned`.
const RE2* pattern(Args a, CallContext& ctx, std::unique_ptr<RE2>& owned, Value& error) {
  if (ctx.prepared != nullptr) return static_cast<const RE2*>(ctx.prepared);
  RE2::Options opts;
  opts.set_log_errors(false);
  std::string_view p = a[1].as_string();
  owned = std::make_unique<RE2>(re2::StringPiece(p.data(), p.size()), opts);
  if (!owned->ok()) {
    error = Value::error("invalid regular expression: " + owned->error());
    return nullptr;
  }
  return owned.get();
}

Value find_all_impl(Args a, CallContext& ctx, std::int64_t limit) {
  std::unique_ptr<RE2> owned;
  Value error;
  const RE2* re = pattern(a, ctx, owned, error);
  if (re == nullptr) return error;
  std::string_view text = a[0].as_string();
  *ctx.cost += text.size() / 10 + 1;
  std::vector<Value> out;
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece match;
  std::size_t pos = 0;
  while ((limit < 0 || static_cast<std::int64_t>(out.size()) < limit) && pos <= text.size()) {
    if (!re->Match(input, pos, text.size(), RE2::UNANCHORED, &match, 1)) break;
    out.push_back(Value::string(std::string(match.data(), match.size())));
    std::size_t end = static_cast<std::size_t>(match.data() - text.data()) + match.size();
    pos = match.empty() ? end + 1 : end;
  }
  return Value::list(std::move(out));
}

Value find(Args a, CallContext& ctx) {
  Value all = find_all_impl(a, ctx, 1);
  if (all.is_error()) return all;
  if (all.size() == 0) return Value::string_view("");
  return all.element(0);
}

Value find_all(Args a, CallContext& ctx) {
  return find_all_impl(a, ctx, -1);
}
Value find_all_n(Args a, CallContext& ctx) {
  return find_all_impl(a, ctx, a[2].as_int());
}

}  // namespace

void register_regex(FunctionRegistry& r) {
  r.add("find", true, {kS, kS}, find);
  r.add("findAll", true, {kS, kS}, find_all);
  r.add("findAll", true, {kS, kS, kI}, find_all_n);
}

}  // namespace bulwark::cel
