#include "report/json_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <condition_variable>
#include <iterator>
#include <latch>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "doc/json_escape.h"
#include "engine/retired_threads.h"

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

// The members a finding of one rule at one severity starts with (`{"ruleId":...,"title":...,`), escaped
// once per rule instead of once per finding: a report repeats a few dozen rules over thousands of findings.
class RuleHeads {
 public:
  std::string_view of(const rules::Finding& f) {
    for (const Head& h : heads_)
      if (h.rule == f.rule && h.severity == f.severity) return h.text;
    std::string text = "{";
    field(text, "ruleId", f.rule->id);
    text += ",";
    field(text, "severity", rules::to_string(f.severity));
    text += ",";
    field(text, "family", rules::to_string(f.rule->family));
    text += ",";
    field(text, "title", f.rule->title);
    text += ",";
    return heads_.emplace_back(Head{f.rule, f.severity, std::move(text)}).text;
  }

 private:
  struct Head {
    const rules::RuleMeta* rule;
    rules::Severity severity;
    std::string text;
  };
  std::vector<Head> heads_;
};

// Appends `findings` as elements of the findings array; `first` when they start it.
void append_findings(std::string& out, std::span<const rules::Finding> findings, bool first,
                     RuleHeads& heads) {
  for (const auto& f : findings) {
    out += first ? "\n" : ",\n";
    first = false;
    out += heads.of(f);
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

// Below this many findings per thread, starting a thread costs more than it saves. A rendering
// thread takes chunks in turn, so one that starts late (on a VM, a woken vCPU can take a millisecond
// or two) holds the writing up: a few thousand findings (a couple of milliseconds on one thread) are
// rendered faster alone. Measured on the 1,736 findings of the Dockerfile corpus, 60 interleaved runs
// twice: 512 per thread (two threads) 21.24 / 18.90 ms, one thread 20.10 / 18.40 ms (medians).
constexpr std::size_t kFindingsPerThread = 4096;
// Findings are rendered and written this many at a time: a chunk's text (about 25 KiB) is all of
// the findings array that is ever in memory per thread, in one buffer reused from chunk to chunk.
constexpr std::size_t kFindingsPerChunk = 64;
// Chunks a thread may have rendered ahead of the writing.
constexpr std::size_t kBuffersPerThread = 2;

// The findings array's elements, in order. Rendering runs after the scan, on its critical path:
// with many findings (a finding-dense corpus) it is a visible part of the command's wall time, so
// chunk c is rendered by thread c % T, into one of a few buffers of that thread. A rendered chunk
// waits in its slot until the chunks before it are written: whichever thread finds the next
// chunk ready writes it (and every ready one after it) and gives the buffer back to its owner.
// No thread waits for a turn to write (a wait per chunk was a sleep and a wake-up per chunk, and
// on a busy machine a woken thread can wait for a core), and a buffer is always reused by the
// thread that made it, so the memory stays a few chunks per thread.
void write_findings(std::span<const rules::Finding> findings, ReportSink& sink, unsigned threads) {
  const std::size_t chunks = (findings.size() + kFindingsPerChunk - 1) / kFindingsPerChunk;
  const auto render = [&](std::size_t c, std::string& out, RuleHeads& heads) {
    out.clear();
    append_findings(out,
                    findings.subspan(c * kFindingsPerChunk,
                                     std::min(kFindingsPerChunk, findings.size() - c * kFindingsPerChunk)),
                    c == 0, heads);
  };
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t workers = std::clamp<std::size_t>(findings.size() / kFindingsPerThread, 1, threads);
  if (workers == 1) {
    std::string buffer;
    RuleHeads heads;
    for (std::size_t c = 0; c < chunks; ++c) {
      render(c, buffer, heads);
      sink.write(buffer);
    }
    return;
  }
  struct Buffer {
    std::string text;
    bool busy = false;  // rendered, not written yet
  };
  std::vector<std::array<Buffer, kBuffersPerThread>> buffers(workers);
  std::vector<Buffer*> ready(chunks, nullptr);  // a rendered chunk, until it is written
  std::size_t next = 0;                         // the chunk to write next
  bool writing = false;                         // some thread is writing; guarded, as all above, by mutex
  std::mutex mutex;
  std::condition_variable given_back;  // for a thread whose buffers all wait (rare: it is that far ahead)
  const auto work = [&](std::size_t first) {
    auto& mine = buffers[first];
    RuleHeads heads;  // this thread's
    for (std::size_t c = first; c < chunks; c += workers) {
      Buffer* buffer = nullptr;
      {
        std::unique_lock lock(mutex);
        given_back.wait(lock, [&] {
          for (Buffer& b : mine)
            if (!b.busy) buffer = &b;
          return buffer != nullptr;
        });
        buffer->busy = true;
      }
      render(c, buffer->text, heads);
      {
        std::lock_guard lock(mutex);
        ready[c] = buffer;
        if (writing) continue;  // the thread writing will find it
        writing = true;
      }
      for (;;) {
        Buffer* out = nullptr;
        {
          std::lock_guard lock(mutex);
          if (next == chunks || !ready[next]) {
            writing = false;
            break;
          }
          out = ready[next];
        }
        sink.write(out->text);  // outside the lock: only the writing thread touches the sink
        {
          std::lock_guard lock(mutex);
          out->busy = false;
          ++next;
        }
        given_back.notify_all();
      }
    }
  };
  // The helpers say when their part is done; their exit is not waited for (engine/retired_threads.h).
  auto working = std::make_shared<std::latch>(static_cast<std::ptrdiff_t>(workers - 1));
  std::vector<std::jthread> pool;
  for (std::size_t w = 1; w < workers; ++w)
    pool.emplace_back([&work, working, w] {
      work(w);
      working->count_down();
    });
  work(0);
  working->wait();
  for (std::jthread& t : pool) engine::retire_thread(std::move(t));
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
