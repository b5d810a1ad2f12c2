#include "engine/scanner.h"

#include <fnmatch.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iterator>
#include <latch>
#include <memory>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "doc/byte_source.h"
#include "doc/json_loader.h"
#include "doc/yaml_loader.h"
#include "dockerfile/parser.h"
#include "engine/namespace_index.h"
#include "engine/policy_rules.h"
#include "engine/retired_threads.h"
#include "engine/suppression.h"
#include "image/cyclonedx.h"
#include "image/image.h"
#include "image/os_packages.h"
#include "rules/catalog.h"
#include "rules/dockerfile/dockerfile_rule.h"
#include "rules/image/image_rule.h"

namespace bulwark::engine {
namespace {

/// What one input produced; merged in input order so output never depends on thread timing.
struct InputOutcome {
  std::vector<rules::Finding> findings;
  std::vector<doc::LoadError> load_errors;
  std::vector<Notice> notices;
  std::vector<ImageSbom> sboms;
  ScanStats stats;
  // This input's own instances of the cross-object checks (created at its first object).
  std::vector<std::unique_ptr<rules::CrossObjectCheck>> cross;
};

bool matches_any(const std::string& value, const std::vector<std::string>& patterns) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return fnmatch(p.c_str(), value.c_str(), 0) == 0; });
}

bool exemption_covers(const Exemption& e, const k8s::Object& o, const rules::Finding& f) {
  if (!e.kind.empty() && e.kind != o.kind()) return false;
  if (!e.namespace_.empty() && e.namespace_ != o.namespace_name()) return false;
  if (!e.name.empty() && e.name != o.name()) return false;
  if (e.rules.empty()) return true;
  return std::any_of(e.rules.begin(), e.rules.end(), [&](const std::string& r) {
    return r == f.rule->id || r == rules::to_string(f.rule->family);
  });
}

// Puts `items[order[k]]` at position k, in place: a second vector of findings would be fresh
// memory touched once more. Consumes `order`.
template <typename T>
void apply_order(std::vector<std::size_t>& order, std::vector<T>& items) {
  for (std::size_t start = 0; start < order.size(); ++start) {
    if (order[start] == start) continue;
    // Walk the cycle through `start`: each position takes the item that belongs there.
    T held = std::move(items[start]);
    std::size_t at = start;
    while (order[at] != start) {
      const std::size_t from = order[at];
      items[at] = std::move(items[from]);
      order[at] = at;
      at = from;
    }
    items[at] = std::move(held);
    order[at] = at;
  }
}

class ScanRun {
 public:
  ScanRun(const ScanOptions& options) : options_(options) {
    defaults_.pss_level = options.pss_level;
    defaults_.pss_version = options.pss_version;
    for (const rules::ObjectRule& r : rules::object_rules())
      if (options.rules.is_enabled(*r.meta)) object_rules_.push_back(r);
    for (const rules::DocumentRule& r : rules::document_rules())
      if (options.rules.is_enabled(*r.meta)) document_rules_.push_back(r);
    // Each Dockerfile rule reports only its own id: a disabled one is not run at all.
    for (const rules::dockerfile::DockerfileRule& r : rules::dockerfile::dockerfile_rules())
      if (options.rules.is_enabled(*r.meta)) dockerfile_rules_.push_back(r);
    for (const rules::CrossObjectRule& r : rules::cross_object_rules())
      if (std::any_of(r.metas.begin(), r.metas.end(),
                      [&](const rules::RuleMeta* m) { return options.rules.is_enabled(*m); }))
        cross_factories_.push_back(r.make);
  }

  ScanResult run(const std::vector<Input>& inputs);

 private:
  void scan_input(const Input& input, InputOutcome& out);
  void scan_stdin(InputOutcome& out);
  void scan_manifest_file(const Input& input, InputOutcome& out);
  void scan_dockerfile(const Input& input, InputOutcome& out);
  void scan_image(const Input& input, InputOutcome& out);
  void scan_json_text(std::string name, std::string text, bool streaming, InputOutcome& out);
  void scan_manifest_stream(doc::ByteSource& source, const std::string& name, bool streaming,
                            InputOutcome& out);
  void scan_document(const doc::Document& document, bool streaming, InputOutcome& out);
  void check_object(const k8s::Object& object, InputOutcome& out);
  void finish_findings(std::vector<rules::Finding>& findings, const k8s::Object* object, InputOutcome& out);

  const ScanOptions& options_;
  rules::CheckContext defaults_;
  std::vector<rules::ObjectRule> object_rules_;
  std::vector<rules::DocumentRule> document_rules_;
  std::vector<rules::dockerfile::DockerfileRule> dockerfile_rules_;
  std::vector<std::unique_ptr<rules::CrossObjectCheck> (*)()> cross_factories_;
  NamespaceIndex namespaces_;
  PolicyRules policies_;
};

void ScanRun::finish_findings(std::vector<rules::Finding>& findings, const k8s::Object* object,
                              InputOutcome& out) {
  // Rules are filtered here as well as up front: cross-object and document checks may report
  // several ids, only some of which are enabled.
  const auto before = findings.size();
  std::erase_if(findings, [&](const rules::Finding& f) { return !options_.rules.is_enabled(*f.rule); });
  if (object) {
    std::erase_if(findings, [&](const rules::Finding& f) {
      return std::any_of(options_.exemptions.begin(), options_.exemptions.end(),
                         [&](const Exemption& e) { return exemption_covers(e, *object, f); });
    });
    out.stats.suppressed += before - findings.size();
    out.stats.suppressed += apply_suppressions(*object, findings);
  }
  for (rules::Finding& f : findings) f.severity = options_.rules.severity_of(*f.rule);
  // A Dockerfile's findings come in one batch: taking the vector whole spares a copy of every
  // finding into fresh memory (each copy of a few hundred findings is page faults, not just moves).
  if (out.findings.empty())
    out.findings = std::move(findings);
  else
    out.findings.insert(out.findings.end(), std::make_move_iterator(findings.begin()),
                        std::make_move_iterator(findings.end()));
}

void ScanRun::check_object(const k8s::Object& object, InputOutcome& out) {
  ++out.stats.objects;
  const rules::CheckContext context = namespaces_.context_for(object, defaults_);
  rules::FindingSink sink;
  for (const rules::ObjectRule& r : object_rules_) r.check(object, context, sink);
  policies_.check(object, sink);
  finish_findings(sink.findings(), &object, out);
  if (out.cross.empty())
    for (auto make : cross_factories_) out.cross.push_back(make());
  for (auto& c : out.cross) c->observe(object, context);
}

void ScanRun::scan_document(const doc::Document& document, bool streaming, InputOutcome& out) {
  if (!document.root() || document.root()->is_null()) return;  // empty documents, as kubectl skips them
  ++out.stats.documents;
  const std::vector<k8s::Object> objects = k8s::Object::in(document);
  rules::FindingSink sink;
  for (const rules::DocumentRule& r : document_rules_) r.check(document, sink);
  if (objects.size() == 1)
    for (rules::Finding& f : sink.findings()) f.object = objects.front().display_name();
  finish_findings(sink.findings(), objects.size() == 1 ? &objects.front() : nullptr, out);
  if (objects.empty()) {
    ++out.stats.skipped_documents;
    return;
  }
  if (streaming)
    for (const k8s::Object& o : objects) {
      namespaces_.observe(o);
      policies_.observe(o);
    }
  for (const k8s::Object& o : objects) check_object(o, out);
}

void ScanRun::scan_manifest_stream(doc::ByteSource& source, const std::string& name, bool streaming,
                                   InputOutcome& out) {
  doc::YamlStreamLoader loader(source, name);
  while (auto result = loader.next()) {
    if (!*result) {
      out.load_errors.push_back(std::move(result->error()));
      continue;
    }
    out.stats.bytes += (*result)->text().size();
    scan_document(**result, streaming, out);
  }
}

// An unrendered Helm template fails to parse as YAML; say so once, with the command to run,
// instead of listing the syntax errors its template directives cause.
void explain_helm_templates(const Input& input, InputOutcome& out) {
  if (out.load_errors.empty() || input.kind == InputKind::StandardInput) return;
  auto source = doc::FileByteSource::open(input.path);
  if (!source) return;
  auto text = doc::read_all(*source, std::size_t{256} << 20);
  if (!text || text->find("{{") == std::string::npos) return;
  out.load_errors.clear();
  out.notices.push_back(
      Notice{input.path,
             "unrendered Helm template: render it first, e.g. `helm template RELEASE CHART | "
             "bulwark scan -`"});
}

void ScanRun::scan_json_text(std::string name, std::string text, bool streaming, InputOutcome& out) {
  out.stats.bytes += text.size();
  auto d = doc::load_json_document(std::move(name), std::move(text));
  if (!d)
    out.load_errors.push_back(std::move(d.error()));
  else
    scan_document(*d, streaming, out);
}

void ScanRun::scan_stdin(InputOutcome& out) {
  doc::FileByteSource in = doc::FileByteSource::standard_input();
  // Sniff the first meaningful byte as kubectl's YAMLOrJSONDecoder does. JSON is read whole;
  // YAML streams, so a gigabyte of documents is scanned in constant memory.
  std::string head;
  char buffer[4096];
  while (head.size() < (1 << 20)) {
    auto n = in.read(buffer);
    if (!n) {
      out.load_errors.push_back(doc::LoadError{"<stdin>", {}, "read error: " + n.error()});
      return;
    }
    if (*n == 0) break;
    head.append(buffer, *n);
    if (head.find_first_not_of(" \t\r\n\xEF\xBB\xBF") != std::string::npos) break;
  }
  const bool json = doc::looks_like_json(head);
  doc::PrefixedByteSource replay(std::move(head), in);
  if (json) {
    auto text = doc::read_all(replay, doc::LoadLimits{}.max_document_bytes);
    if (!text)
      out.load_errors.push_back(doc::LoadError{"<stdin>", {}, text.error()});
    else
      scan_json_text("<stdin>", std::move(*text), true, out);
    return;
  }
  scan_manifest_stream(replay, "<stdin>", true, out);
}

void ScanRun::scan_manifest_file(const Input& input, InputOutcome& out) {
  auto source = doc::FileByteSource::open(input.path);
  if (!source) {
    out.load_errors.push_back(doc::LoadError{input.path, {}, "cannot read: " + source.error()});
    return;
  }
  if (input.path.ends_with(".json")) {
    auto text = doc::read_all(*source, doc::LoadLimits{}.max_document_bytes);
    if (!text)
      out.load_errors.push_back(doc::LoadError{input.path, {}, text.error()});
    else
      scan_json_text(input.path, std::move(*text), false, out);
    return;
  }
  scan_manifest_stream(*source, input.path, false, out);
  explain_helm_templates(input, out);
}

void ScanRun::scan_dockerfile(const Input& input, InputOutcome& out) {
  auto source = doc::FileByteSource::open(input.path);
  if (!source) {
    out.load_errors.push_back(doc::LoadError{input.path, {}, "cannot read: " + source.error()});
    return;
  }
  auto text = doc::read_all(*source, doc::LoadLimits{}.max_document_bytes);
  if (!text) {
    out.load_errors.push_back(doc::LoadError{input.path, {}, text.error()});
    return;
  }
  out.stats.bytes += text->size();
  ++out.stats.documents;
  const dockerfile::Dockerfile parsed = dockerfile::parse(*text);
  for (const auto& e : parsed.errors)
    out.load_errors.push_back(doc::LoadError{input.path, doc::Position{e.pos.line, e.pos.column}, e.reason});
  const rules::dockerfile::DockerfileContext context(input.path, *text, parsed);
  std::vector<rules::Finding> findings = rules::dockerfile::check_dockerfile(context, dockerfile_rules_);
  finish_findings(findings, nullptr, out);
}

void ScanRun::scan_image(const Input& input, InputOutcome& out) {
  image::ReadOptions read;
  read.keep_content = [](std::string_view path, std::uint64_t size) {
    return rules::image::wants_content(path, size);
  };
  if (!options_.image_platform.empty()) {
    auto platform = image::parse_platform(options_.image_platform);
    if (!platform) {
      out.load_errors.push_back(doc::LoadError{input.path, {}, platform.error().message});
      return;
    }
    read.platform = *platform;
  }
  auto img = image::read_image(input.path, read);
  if (!img) {
    out.load_errors.push_back(doc::LoadError{input.path, {}, img.error().message});
    return;
  }
  ++out.stats.documents;
  if (options_.collect_sboms)
    out.sboms.push_back(
        {input.path, image::cyclonedx_json(image::inventory_packages(img->fs), image::sbom_subject(*img))});
  std::vector<rules::Finding> findings = rules::image::check_image(*img);
  finish_findings(findings, nullptr, out);
}

void ScanRun::scan_input(const Input& input, InputOutcome& out) {
  ++out.stats.files;
  switch (input.kind) {
    case InputKind::StandardInput:
      return scan_stdin(out);
    case InputKind::Manifest:
      return scan_manifest_file(input, out);
    case InputKind::Dockerfile:
      return scan_dockerfile(input, out);
    case InputKind::ImageArchive:
    case InputKind::ImageLayout:
      return scan_image(input, out);
  }
}

ScanResult ScanRun::run(const std::vector<Input>& inputs) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<const Input*> selected;
  for (const Input& i : inputs)
    if (!matches_any(i.path, options_.exclude_paths)) selected.push_back(&i);
  // Only manifests can hold Namespaces, policy params or cluster objects: a scan of Dockerfiles
  // alone copies no input here and starts no pre-pass thread.
  std::vector<Input> manifests;
  for (const Input* i : selected)
    if (i->kind == InputKind::Manifest) manifests.push_back(*i);
  unsigned jobs = options_.jobs ? options_.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(1, selected.size())));
  namespaces_.collect(manifests, jobs);
  std::vector<doc::LoadError> policy_errors;
  policies_.load(options_.policy_paths, manifests, policy_user(options_), policy_errors);

  std::vector<InputOutcome> outcomes(selected.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < selected.size();) scan_input(*selected[i], outcomes[i]);
  };
  {
    // The helpers say when their last file is done; their exit need not be waited for (see
    // retired_threads.h). The counter is shared so that it outlives this scope for the helpers.
    auto working = std::make_shared<std::latch>(static_cast<std::ptrdiff_t>(jobs - 1));
    std::vector<std::jthread> threads;
    for (unsigned t = 1; t < jobs; ++t)
      threads.emplace_back([&worker, working] {
        worker();
        working->count_down();
      });
    worker();
    working->wait();
    for (std::jthread& t : threads) retire_thread(std::move(t));
  }

  // Each input observed into its own cross-object checks; fold them in input order.
  InputOutcome cross;
  for (std::size_t k = 0; k < cross_factories_.size(); ++k) {
    std::unique_ptr<rules::CrossObjectCheck> check;
    for (InputOutcome& o : outcomes) {
      if (o.cross.empty()) continue;
      if (!check)
        check = std::move(o.cross[k]);
      else
        check->absorb(*o.cross[k]);
      o.cross[k].reset();
    }
    if (!check) check = cross_factories_[k]();
    rules::FindingSink sink;
    check->finish(sink);
    finish_findings(sink.findings(), nullptr, cross);
  }

  ScanResult result;
  result.load_errors = std::move(policy_errors);
  // Sized once: growing a vector of a few thousand findings by doubling touches fresh memory
  // several times over, and each fresh page is a fault.
  std::size_t total = cross.findings.size();
  for (const InputOutcome& o : outcomes) total += o.findings.size();
  result.findings.reserve(total);
  for (InputOutcome& o : outcomes) {
    std::move(o.findings.begin(), o.findings.end(), std::back_inserter(result.findings));
    std::vector<rules::Finding>().swap(o.findings);  // freed now, for the allocator to reuse
    for (auto& e : o.load_errors) result.load_errors.push_back(std::move(e));
    for (auto& n : o.notices) result.notices.push_back(std::move(n));
    for (auto& s : o.sboms) result.sboms.push_back(std::move(s));
    result.stats.files += o.stats.files;
    result.stats.documents += o.stats.documents;
    result.stats.objects += o.stats.objects;
    result.stats.skipped_documents += o.stats.skipped_documents;
    result.stats.bytes += o.stats.bytes;
    result.stats.suppressed += o.stats.suppressed;
  }
  std::move(cross.findings.begin(), cross.findings.end(), std::back_inserter(result.findings));
  // Stable order: by file (in input order for files, as discovered), then position, then rule.
  // The file's rank is looked up once per finding, not once per comparison.
  std::unordered_map<std::string_view, std::size_t> rank_of;
  for (const Input* i : selected)
    rank_of.emplace(i->path == "-" ? std::string_view("<stdin>") : std::string_view(i->path), rank_of.size());
  std::vector<std::size_t> rank(result.findings.size());
  for (std::size_t k = 0; k < rank.size(); ++k) {
    auto it = rank_of.find(result.findings[k].location.file);
    rank[k] = it == rank_of.end() ? rank_of.size() : it->second;
  }
  // Cross-object checks see objects in whatever order the threads deliver them; every tie is
  // broken on content so that the report is identical whatever --jobs is.
  auto location_key = [](const rules::Location& l) { return std::tie(l.file, l.range.begin, l.range.end); };
  for (rules::Finding& f : result.findings)
    std::sort(f.related.begin(), f.related.end(),
              [&](const rules::RelatedLocation& a, const rules::RelatedLocation& b) {
                return std::tuple_cat(location_key(a.location), std::tie(a.message)) <
                       std::tuple_cat(location_key(b.location), std::tie(b.message));
              });
  std::vector<std::size_t> order(result.findings.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    if (rank[x] != rank[y]) return rank[x] < rank[y];
    const rules::Finding& a = result.findings[x];
    const rules::Finding& b = result.findings[y];
    return std::tie(a.location.file, a.location.range.begin, a.rule->id, a.object, a.field_path, a.message) <
           std::tie(b.location.file, b.location.range.begin, b.rule->id, b.object, b.field_path, b.message);
  });
  apply_order(order, result.findings);
  result.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace

bool RuleSelection::is_enabled(const rules::RuleMeta& rule) const {
  auto named = [&](const std::vector<std::string>& list) {
    return std::any_of(list.begin(), list.end(), [&](const std::string& s) {
      return s == rule.id || s == rules::to_string(rule.family);
    });
  };
  if (named(skip)) return false;
  if (!only.empty()) return named(only);
  return rule.enabled_by_default;
}

rules::Severity RuleSelection::severity_of(const rules::RuleMeta& rule) const {
  auto it = severity_overrides.find(rule.id);
  return it == severity_overrides.end() ? rule.severity : it->second;
}

ScanResult scan(const std::vector<Input>& inputs, const ScanOptions& options) {
  ScanRun run(options);
  return run.run(inputs);
}

}  // namespace bulwark::engine
