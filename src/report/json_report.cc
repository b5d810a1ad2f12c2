#include "report/json_report.h"

#include <fmt/format.h>

#include <algorithm>
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

// The findings array's elements, in order. Rendering runs after the scan, on its critical path:
// with many findings (a finding-dense corpus) it is a visible part of the command's wall time, so
// chunk c is rendered by thread c % T, and each thread writes its chunk when all before it are.
void write_findings(std::span<const rules::Finding> findings, ReportSink& sink, unsigned threads) {
  const std::size_t chunks = (findings.size() + kFindingsPerChunk - 1) / kFindingsPerChunk;
  const auto chunk = [&](std::size_t c) {
    return findings.subspan(c * kFindingsPerChunk,
                            std::min(kFindingsPerChunk, findings.size() - c * kFindingsPerChunk));
  };
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t workers = std::clamp<std::size_t>(findings.size() / kFindingsPerThread, 1, threads);
  if (workers == 1) {
    std::string buffer;
    for (std::size_t c = 0; c < chunks; ++c) {
      buffer.clear();
      append_findings(buffer, chunk(c), c == 0);
      sink.write(buffer);
    }
    return;
  }
  std::mutex mutex;
  std::condition_variable turn;
  std::size_t next = 0;  // the chunk to write next
  const auto render = [&](std::size_t first) {
    std::string buffer;
    for (std::size_t c = first; c < chunks; c += workers) {
      buffer.clear();
      append_findings(buffer, chunk(c), c == 0);
      {
        std::unique_lock lock(mutex);
        turn.wait(lock, [&] { return next == c; });
      }
      // Only the thread whose turn it is writes: the sink needs no lock of its own.
      sink.write(buffer);
      {
        std::lock_guard lock(mutex);
        ++next;
      }
      turn.notify_all();
    }
  };
  std::vector<std::jthread> pool;
  for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(render, w);
  render(0);
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
