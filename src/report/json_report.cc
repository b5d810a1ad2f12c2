#include "report/json_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <iterator>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "doc/json_escape.h"

namespace bulwark::report {
namespace {

using std::string_view_literals::operator""sv;  // appending a literal as a view skips its strlen

// Member names are our own plain ASCII literals: they need no escaping.
void field(std::string& out, std::string_view name, std::string_view value) {
  out.push_back('"');
  out.append(name);
  out.append("\":"sv);
  doc::append_json_string(out, value);
}

// `,"name":N`. Every finding has four of these; fmt's iterator output costs ten times as much.
void number(std::string& out, std::string_view name, std::uint64_t value) {
  out.append(",\""sv);
  out.append(name);
  out.append("\":"sv);
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

void location(std::string& out, const rules::Location& loc) {
  out += "{";
  field(out, "file", loc.file);
  number(out, "startLine", loc.range.begin.line);
  number(out, "startColumn", loc.range.begin.column);
  number(out, "endLine", loc.range.end.line);
  number(out, "endColumn", loc.range.end.column);
  out += ",";
  field(out, "snippet", loc.snippet);
  out += "}";
}

// Appends `findings` as elements of the findings array; `first` when they start it.
void append_findings(std::string& out, std::span<const rules::Finding> findings, bool first) {
  for (const auto& f : findings) {
    out += first ? "\n" : ",\n";
    first = false;
    out += "{";
    field(out, "ruleId", f.rule->id);
    out += ",";
    field(out, "severity", rules::to_string(f.severity));
    out += ",";
    field(out, "family", rules::to_string(f.rule->family));
    out += ",";
    field(out, "title", f.rule->title);
    out += ",";
    field(out, "message", f.message);
    out += ",";
    field(out, "object", f.object);
    out += ",";
    field(out, "fieldPath", f.field_path);
    out += ",\"location\":";
    location(out, f.location);
    out += ",\"related\":[";
    for (std::size_t i = 0; i < f.related.size(); ++i) {
      if (i) out += ",";
      out += "{";
      field(out, "message", f.related[i].message);
      out += ",\"location\":";
      location(out, f.related[i].location);
      out += "}";
    }
    out += "]}";
  }
}

// Below this many findings per thread, starting a thread costs more than it saves.
constexpr std::size_t kFindingsPerThread = 512;
// Findings are rendered and written this many at a time: a chunk's text (about 25 KiB) is all of
// the findings array that is ever in memory per thread, in one buffer reused from chunk to chunk.
constexpr std::size_t kFindingsPerChunk = 64;
// Checks of the turn before a thread waiting to write sleeps: tens of microseconds, less than
// rendering a chunk takes.
constexpr int kSpinsBeforeSleep = 20000;

// The findings array's elements, in order. Rendering runs after the scan, on its critical path:
// with many findings (a finding-dense corpus) it is a visible part of the command's wall time, so
// chunk c is rendered by thread c % T, and each thread writes its chunk when all before it are.
void write_findings(std::span<const rules::Finding> findings, ReportSink& sink, unsigned threads) {
  const std::size_t chunks = (findings.size() + kFindingsPerChunk - 1) / kFindingsPerChunk;
  const auto render = [&](std::size_t c, std::string& out) {
    out.clear();
    append_findings(out,
                    findings.subspan(c * kFindingsPerChunk,
                                     std::min(kFindingsPerChunk, findings.size() - c * kFindingsPerChunk)),
                    c == 0);
  };
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t workers = std::clamp<std::size_t>(findings.size() / kFindingsPerThread, 1, threads);
  if (workers == 1) {
    std::string buffer;
    for (std::size_t c = 0; c < chunks; ++c) {
      render(c, buffer);
      sink.write(buffer);
    }
    return;
  }
  std::atomic<std::size_t> next{0};  // the chunk to write next
  std::mutex mutex;                  // with turn: for a thread that waited long enough to sleep
  std::condition_variable turn;
  const auto work = [&](std::size_t first) {
    std::string buffer;
    for (std::size_t c = first; c < chunks; c += workers) {
      render(c, buffer);
      // The threads render at the same pace, so a turn is mostly a few microseconds away: spin
      // for it first. Sleeping at every chunk costs a wake-up each, and on a busy machine a woken
      // thread can wait for a core.
      for (int spin = 0; next.load(std::memory_order_acquire) != c; ++spin) {
        if (spin < kSpinsBeforeSleep) continue;
        std::unique_lock lock(mutex);
        turn.wait(lock, [&] { return next.load(std::memory_order_acquire) == c; });
      }
      sink.write(buffer);  // only the thread whose turn it is writes: the sink needs no lock of its own
      {
        std::lock_guard lock(mutex);
        next.store(c + 1, std::memory_order_release);
      }
      turn.notify_all();
    }
  };
  std::vector<std::jthread> pool;
  for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work, w);
  work(0);
}

}  // namespace

void write_json(const engine::ScanResult& r, std::string_view tool_version, ReportSink& sink,
                unsigned threads) {
  std::string out = "{\"schemaVersion\":1,\"tool\":{\"name\":\"bulwark\",";
  field(out, "version", tool_version);
  out += "},\n\"findings\":[";
  sink.write(out);
  write_findings(r.findings, sink, threads);
  out.clear();
  out += "],\n\"loadErrors\":[";
  for (std::size_t i = 0; i < r.load_errors.size(); ++i) {
    const auto& e = r.load_errors[i];
    out += i ? ",\n{" : "\n{";
    field(out, "file", e.file);
    fmt::format_to(std::back_inserter(out), R"(,"line":{},"column":{},)", e.position.line, e.position.column);
    field(out, "message", e.message);
    out += "}";
  }
  out += "],\n\"notices\":[";
  for (std::size_t i = 0; i < r.notices.size(); ++i) {
    out += i ? ",{" : "{";
    field(out, "file", r.notices[i].file);
    out += ",";
    field(out, "message", r.notices[i].message);
    out += "}";
  }
  const auto& s = r.stats;
  fmt::format_to(
      std::back_inserter(out),
      "],\n\"summary\":{{\"findings\":{},\"files\":{},\"documents\":{},\"objects\":{},\"skippedDocuments\":{}"
      ","
      "\"loadErrors\":{},\"suppressed\":{},\"bytes\":{},\"seconds\":{:.6f}}}}}\n",
      r.findings.size(), s.files, s.documents, s.objects, s.skipped_documents, r.load_errors.size(),
      s.suppressed, s.bytes, s.seconds);
  sink.write(out);
}

std::string render_json(const engine::ScanResult& r, std::string_view tool_version, unsigned threads) {
  std::string out;
  out.reserve(512 * (r.findings.size() + 1));  // a finding takes about 400 bytes: grow once, not log n times
  StringSink sink(out);
  write_json(r, tool_version, sink, threads);
  return out;
}

}  // namespace bulwark::report
