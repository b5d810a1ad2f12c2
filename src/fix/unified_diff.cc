#include "fix/unified_diff.h"

#include <algorithm>
#include <vector>

namespace bulwark::fix {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::size_t n = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(0, n));
    text.remove_prefix(n);
  }
  return lines;
}

enum class Op { Keep, Remove, Add };

// Myers' O(ND) shortest edit script, keeping each round's frontier to walk the path back.
std::vector<Op> edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  const int max = n + m, offset = max + 1;
  std::vector<int> v(static_cast<std::size_t>(2 * max + 3), 0);
  std::vector<std::vector<int>> trace;
  for (int d = 0; d <= max; ++d) {
    trace.push_back(v);
    bool done = false;
    for (int k = -d; k <= d; k += 2) {
      int x = (k == -d || (k != d && v[k - 1 + offset] < v[k + 1 + offset])) ? v[k + 1 + offset]
                                                                             : v[k - 1 + offset] + 1;
      int y = x - k;
      while (x < n && y < m && a[x] == b[y]) ++x, ++y;
      v[k + offset] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
    if (done) {
      trace.push_back(v);
      break;
    }
  }
  std::vector<Op> ops;
  int x = n, y = m;
  for (int d = static_cast<int>(trace.size()) - 2; d >= 0 && (x > 0 || y > 0); --d) {
    const std::vector<int>& pv = trace[static_cast<std::size_t>(d)];
    const int k = x - y;
    const int prev_k = (k == -d || (k != d && pv[k - 1 + offset] < pv[k + 1 + offset])) ? k + 1 : k - 1;
    const int prev_x = pv[prev_k + offset], prev_y = prev_x - prev_k;
    while (x > prev_x && y > prev_y) ops.push_back(Op::Keep), --x, --y;
    if (d > 0) ops.push_back(x == prev_x ? Op::Add : Op::Remove);
    x = prev_x, y = prev_y;
  }
  while (x > 0 && y > 0) ops.push_back(Op::Keep), --x, --y;
  std::reverse(ops.begin(), ops.end());
  return ops;
}

void put_line(std::string& out, char mark, std::string_view line) {
  out += mark;
  out += line;
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

// "start,count" as diff -u writes it: the count is left out when it is 1, and an empty range
// names the line before it.
std::string range(std::size_t start, std::size_t count) {
  if (count == 1) return std::to_string(start + 1);
  return std::to_string(count ? start + 1 : start) + "," + std::to_string(count);
}

}  // namespace

std::string unified_diff(std::string_view name, std::string_view before, std::string_view after,
                         int context) {
  if (before == after) return {};
  const auto a = split_lines(before), b = split_lines(after);
  const std::vector<Op> ops = edit_script(a, b);
  std::string out = "--- a/" + std::string(name) + "\n+++ b/" + std::string(name) + "\n";
  std::size_t i = 0;
  while (i < ops.size()) {
    if (ops[i] == Op::Keep) {
      ++i;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` after the last change
    // that is at most 2*context lines away from the previous one.
    std::size_t start = i >= static_cast<std::size_t>(context) ? i - static_cast<std::size_t>(context) : 0;
    while (start < i && ops[start] != Op::Keep) ++start;
    std::size_t end = i;
    std::size_t keep_run = 0;
    for (std::size_t j = i; j < ops.size(); ++j) {
      if (ops[j] == Op::Keep) {
        if (++keep_run > static_cast<std::size_t>(2 * context)) break;
      } else {
        keep_run = 0;
        end = j + 1;
      }
    }
    end = std::min(ops.size(), end + static_cast<std::size_t>(context));
    // Line numbers at `start`.
    std::size_t la = 0, lb = 0;
    for (std::size_t j = 0; j < start; ++j) {
      if (ops[j] != Op::Add) ++la;
      if (ops[j] != Op::Remove) ++lb;
    }
    std::size_t ca = 0, cb = 0;
    std::string body;
    std::size_t pa = la, pb = lb;
    for (std::size_t j = start; j < end; ++j) {
      switch (ops[j]) {
        case Op::Keep:
          put_line(body, ' ', a[pa++]);
          ++pb, ++ca, ++cb;
          break;
        case Op::Remove:
          put_line(body, '-', a[pa++]);
          ++ca;
          break;
        case Op::Add:
          put_line(body, '+', b[pb++]);
          ++cb;
          break;
      }
    }
    out += "@@ -" + range(la, ca) + " +" + range(lb, cb) + " @@\n" + body;
    i = end;
  }
  return out;
}

}  // namespace bulwark::fix
