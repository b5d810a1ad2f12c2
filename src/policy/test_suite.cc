// `bulwark policy test`: test files naming policies, resources and the outcome expected of each
// policy on each resource, run the way `scan --policy` evaluates them (each resource a CREATE).
#include "policy/test_suite.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include "doc/byte_source.h"
#include "doc/json_loader.h"
#include "doc/yaml_loader.h"
#include "k8s/object.h"
#include "policy/cluster_snapshot.h"
#include "policy/policy_set.h"
#include "policy/resource_name.h"

namespace bulwark::policy {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTestFileNames[] = {"bulwark-test.yaml", "bulwark-test.yml"};

bool is_test_file(const fs::path& p) {
  return std::ranges::find(kTestFileNames, p.filename().string()) != std::end(kTestFileNames);
}

bool is_manifest(const fs::path& p) {
  const std::string ext = p.extension().string();
  return (ext == ".yaml" || ext == ".yml" || ext == ".json") && !is_test_file(p);
}

/// Documents read from files, kept alive with the objects that point into them.
struct Manifests {
  std::vector<std::unique_ptr<doc::Document>> documents;
  std::vector<k8s::Object> objects;

  void read_file(const std::string& path, std::vector<doc::LoadError>& errors) {
    auto source = doc::FileByteSource::open(path);
    if (!source) return errors.push_back(doc::LoadError{path, {}, "cannot read: " + source.error()});
    auto keep = [&](doc::DocumentResult r) {
      if (!r) return errors.push_back(std::move(r.error()));
      documents.push_back(std::make_unique<doc::Document>(std::move(*r)));
      for (const k8s::Object& o : k8s::Object::in(*documents.back())) objects.push_back(o);
    };
    if (path.ends_with(".json")) {
      auto text = doc::read_all(*source, doc::LoadLimits{}.max_document_bytes);
      if (!text) return errors.push_back(doc::LoadError{path, {}, text.error()});
      return keep(doc::load_json_document(path, std::move(*text)));
    }
    doc::YamlStreamLoader loader(*source, path);
    while (auto d = loader.next()) keep(std::move(*d));
  }

  /// A file, or every manifest under a folder (recursively, in name order).
  void read(const fs::path& path, std::vector<doc::LoadError>& errors) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<fs::path> files;
      for (auto it = fs::recursive_directory_iterator(path, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec) && is_manifest(it->path())) files.push_back(it->path());
      std::ranges::sort(files);
      for (const fs::path& f : files) read_file(f.string(), errors);
      return;
    }
    read_file(path.string(), errors);
  }
};

doc::LoadError error_at(const std::string& file, const doc::Node* node, std::string message) {
  return doc::LoadError{file, node != nullptr ? node->range().begin : doc::Position{}, std::move(message)};
}

std::string describe(const k8s::Object& o) {
  std::string out(o.kind());
  out += ' ';
  if (!o.namespace_name().empty()) out += std::string(o.namespace_name()) + "/";
  return out + std::string(o.name());
}

/// One `results` entry, parsed.
struct Expectation {
  const doc::Node* node = nullptr;
  std::string policy, binding, kind;
  int validation = -1;
  std::vector<std::pair<std::string, const doc::Node*>> resources;
  TestOutcome result = TestOutcome::Pass;
  std::optional<std::string> message;
};

/// The test file's fields, checked; problems are reported at their node.
struct TestFile {
  std::string path;
  std::vector<fs::path> policies, resources, params, cluster;
  UserInfo user = default_scan_user();
  std::vector<Expectation> expectations;
};

class TestFileReader {
 public:
  TestFileReader(std::string path, std::vector<doc::LoadError>& errors)
      : path_(std::move(path)), errors_(errors) {}

  std::optional<TestFile> read(const doc::Node& root) {
    TestFile t;
    t.path = path_;
    if (!root.is_mapping()) return fail(&root, "a test file is a mapping (policies, resources, results)");
    static constexpr std::string_view kKnown[] = {"name",    "policies", "resources", "params",
                                                  "cluster", "user",     "results"};
    for (const auto& e : root.entries())
      if (std::ranges::find(kKnown, e.name) == std::end(kKnown))
        fail(e.value, "unknown field \"" + std::string(e.name) +
                          "\" (expected name, policies, resources, params, cluster, user, results)");
    paths(root, "policies", true, t.policies);
    paths(root, "resources", true, t.resources);
    paths(root, "params", false, t.params);
    paths(root, "cluster", false, t.cluster);
    if (const doc::Node* user = root.get("user"); user != nullptr && !user->is_null()) {
      if (!user->is_mapping() || user->get("username") == nullptr || !user->get("username")->as_string()) {
        fail(user, "user: a mapping with username (and optionally groups)");
      } else {
        t.user.username = std::string(*user->get("username")->as_string());
        for (const std::string& g : strings(user->get("groups"), "user.groups"))
          if (std::ranges::find(t.user.groups, g) == t.user.groups.end()) t.user.groups.push_back(g);
      }
    }
    const doc::Node* results = root.get("results");
    if (results == nullptr || !results->is_sequence() || results->size() == 0)
      fail(results != nullptr ? results : &root, "results: Required value: a list of expected results");
    else
      for (const doc::Node* r : results->items()) expectation(*r, t.expectations);
    if (failed_) return std::nullopt;
    return t;
  }

 private:
  std::nullopt_t fail(const doc::Node* at, std::string message) {
    failed_ = true;
    errors_.push_back(error_at(path_, at, std::move(message)));
    return std::nullopt;
  }

  std::vector<std::string> strings(const doc::Node* node, std::string_view field) {
    std::vector<std::string> out;
    if (node == nullptr || node->is_null()) return out;
    if (!node->is_sequence()) {
      fail(node, std::string(field) + ": must be a list of strings");
      return out;
    }
    for (const doc::Node* item : node->items()) {
      if (auto s = item->as_string())
        out.emplace_back(*s);
      else
        fail(item, std::string(field) + ": must be a list of strings");
    }
    return out;
  }

  void paths(const doc::Node& root, std::string_view key, bool required, std::vector<fs::path>& out) {
    const doc::Node* node = root.get(key);
    if (node == nullptr && required) {
      fail(&root, std::string(key) + ": Required value: files or folders, relative to the test file");
      return;
    }
    const fs::path base = fs::path(path_).parent_path();
    for (const std::string& s : strings(node, key)) {
      const fs::path p = base / s;
      std::error_code ec;
      if (!fs::exists(p, ec))
        fail(node, std::string(key) + ": " + p.string() + ": no such file or folder");
      else
        out.push_back(p);
    }
  }

  void expectation(const doc::Node& r, std::vector<Expectation>& out) {
    if (!r.is_mapping()) {
      fail(&r, "results: each entry is a mapping (policy, resources, result)");
      return;
    }
    Expectation e;
    e.node = &r;
    auto text = [&](std::string_view key, bool required) -> std::string {
      const doc::Node* n = r.get(key);
      if (n == nullptr) {
        if (required) fail(&r, "results: " + std::string(key) + ": Required value");
        return {};
      }
      auto s = n->as_string();
      if (!s) fail(n, "results: " + std::string(key) + ": must be a string");
      return std::string(s.value_or(""));
    };
    e.policy = text("policy", true);
    e.binding = text("binding", false);
    e.kind = text("kind", false);
    if (const doc::Node* v = r.get("validation")) {
      auto i = v->as_int();
      if (!i || *i < 0)
        fail(v, "results: validation: an index into the policy's spec.validations");
      else
        e.validation = static_cast<int>(*i);
    }
    const doc::Node* resources = r.get("resources");
    if (resources == nullptr || !resources->is_sequence() || resources->size() == 0)
      fail(resources != nullptr ? resources : &r,
           "results: resources: Required value: names or namespace/name");
    else
      for (const doc::Node* item : resources->items()) {
        if (auto s = item->as_string())
          e.resources.emplace_back(std::string(*s), item);
        else
          fail(item, "results: resources: must be a list of strings");
      }
    const std::string result = text("result", true);
    if (result == "pass")
      e.result = TestOutcome::Pass;
    else if (result == "fail")
      e.result = TestOutcome::Fail;
    else if (result == "skip")
      e.result = TestOutcome::Skip;
    else if (r.get("result") != nullptr)
      fail(r.get("result"), "results: result: must be pass, fail or skip");
    if (r.get("message") != nullptr) e.message = text("message", false);
    out.push_back(std::move(e));
  }

  std::string path_;
  std::vector<doc::LoadError>& errors_;
  bool failed_ = false;
};

/// What evaluating one resource gave, kept for every expectation naming it.
struct Evaluation {
  std::vector<Violation> violations;
  std::vector<AppliedBinding> applied;
};

bool names(const k8s::Object& o, std::string_view kind, std::string_view ref) {
  if (!kind.empty() && o.kind() != kind) return false;
  const auto slash = ref.find('/');
  if (slash == std::string_view::npos) return o.name() == ref;
  return o.namespace_name() == ref.substr(0, slash) && o.name() == ref.substr(slash + 1);
}

void run_file(const std::string& path, TestRun& run) {
  auto source = doc::FileByteSource::open(path);
  if (!source) return run.errors.push_back(doc::LoadError{path, {}, "cannot read: " + source.error()});
  doc::YamlStreamLoader loader(*source, path);
  auto first = loader.next();
  if (!first) return run.errors.push_back(doc::LoadError{path, {}, "empty test file"});
  if (!*first) return run.errors.push_back(std::move(first->error()));
  const doc::Document document = std::move(**first);
  if (document.root() == nullptr) return run.errors.push_back(doc::LoadError{path, {}, "empty test file"});
  const std::size_t errors_before = run.errors.size();
  auto test = TestFileReader(path, run.errors).read(*document.root());
  if (!test) return;

  Manifests policies, resources, params, cluster;
  for (const fs::path& p : test->policies) policies.read(p, run.errors);
  for (const fs::path& p : test->resources) resources.read(p, run.errors);
  for (const fs::path& p : test->params) params.read(p, run.errors);
  for (const fs::path& p : test->cluster) cluster.read(p, run.errors);
  std::vector<k8s::Object> candidates = params.objects;
  candidates.insert(candidates.end(), resources.objects.begin(), resources.objects.end());
  auto loaded = PolicySet::load(policies.objects, candidates);
  for (const PolicyError& e : loaded.errors)
    run.errors.push_back(doc::LoadError{e.file, e.range.begin, e.message});
  if (loaded.set.policy_count() == 0 && loaded.errors.empty())
    run.errors.push_back(doc::LoadError{path, {}, "policies: no ValidatingAdmissionPolicy found"});

  ClusterSnapshot snapshot(test->user);
  for (const auto* m : {&cluster, &policies, &params, &resources})
    for (const k8s::Object& o : m->objects) snapshot.add(o);

  // Resolve every named resource before running anything: a typo is a test-file error.
  std::vector<std::vector<std::vector<const k8s::Object*>>> targets;
  for (const Expectation& e : test->expectations) {
    auto& per_entry = targets.emplace_back();
    for (const auto& [ref, node] : e.resources) {
      auto& found = per_entry.emplace_back();
      for (const k8s::Object& o : resources.objects)
        if (names(o, e.kind, ref)) found.push_back(&o);
      if (found.empty())
        run.errors.push_back(error_at(path, node,
                                      "results: resource \"" + ref + "\"" +
                                          (e.kind.empty() ? "" : " of kind " + e.kind) +
                                          " is not in the test's resources"));
    }
  }
  if (run.errors.size() != errors_before) return;

  std::map<const k8s::Object*, Evaluation> evaluated;
  for (std::size_t i = 0; i < test->expectations.size(); ++i) {
    const Expectation& e = test->expectations[i];
    for (const auto& found : targets[i])
      for (const k8s::Object* o : found) {
        auto it = evaluated.find(o);
        if (it == evaluated.end()) {
          Evaluation ev;
          RequestContext context = RequestContext::in(snapshot, *o);
          context.applied = &ev.applied;
          ev.violations = loaded.set.evaluate(*o, context);
          it = evaluated.emplace(o, std::move(ev)).first;
        }
        const Evaluation& ev = it->second;
        TestCaseResult r;
        r.test_file = path;
        r.policy = e.policy;
        r.binding = e.binding;
        r.validation = e.validation;
        r.resource = describe(*o);
        r.expected = e.result;
        r.expected_message = e.message;
        const bool applied = std::ranges::any_of(ev.applied, [&](const AppliedBinding& a) {
          return a.policy == e.policy && (e.binding.empty() || a.binding == e.binding);
        });
        for (const Violation& v : ev.violations) {
          if (v.policy != e.policy || (!e.binding.empty() && v.binding != e.binding)) continue;
          if (e.validation >= 0 && v.validation_index != e.validation) continue;
          if (std::ranges::find(r.messages, v.detail) == r.messages.end()) r.messages.push_back(v.detail);
        }
        const bool failed_validation = !r.messages.empty();
        // Params not found deny before any validation runs: the binding applied and failed.
        r.actual = failed_validation ? TestOutcome::Fail : applied ? TestOutcome::Pass : TestOutcome::Skip;
        r.ok = r.actual == r.expected;
        if (r.ok && r.expected_message)
          r.ok = std::ranges::find(r.messages, *r.expected_message) != r.messages.end();
        run.results.push_back(std::move(r));
      }
  }
}

}  // namespace

std::string_view to_string(TestOutcome outcome) {
  switch (outcome) {
    case TestOutcome::Pass:
      return "pass";
    case TestOutcome::Fail:
      return "fail";
    case TestOutcome::Skip:
      return "skip";
  }
  return "pass";
}

bool TestRun::all_passed() const {
  return errors.empty() && std::ranges::all_of(results, [](const TestCaseResult& r) { return r.ok; });
}

std::vector<std::string> find_test_files(const std::string& path) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    if (fs::is_regular_file(path, ec)) out.push_back(path);
    return out;
  }
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file(ec) && is_test_file(it->path())) out.push_back(it->path().string());
  std::ranges::sort(out);
  return out;
}

TestRun run_policy_tests(const std::string& path) {
  TestRun run;
  run.test_files = find_test_files(path);
  std::error_code ec;
  if (!fs::exists(path, ec))
    run.errors.push_back(doc::LoadError{path, {}, "no such file or folder"});
  else if (run.test_files.empty())
    run.errors.push_back(doc::LoadError{path, {}, "no bulwark-test.yaml found"});
  for (const std::string& file : run.test_files) run_file(file, run);
  return run;
}

}  // namespace bulwark::policy
