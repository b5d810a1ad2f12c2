#include "fix/file_fixer.h"

#include <algorithm>
#include <set>

#include "doc/byte_source.h"
#include "doc/json_loader.h"
#include "doc/text_position.h"
#include "doc/yaml_loader.h"
#include "fix/fix_checks.h"
#include "fix/tree_compare.h"

namespace bulwark::fix {
namespace {

std::expected<std::vector<doc::Document>, doc::LoadError> load_all(std::string_view file,
                                                                   std::string_view text) {
  doc::MemoryByteSource source(text);
  doc::YamlStreamLoader loader(source, std::string(file));
  std::vector<doc::Document> documents;
  while (auto result = loader.next()) {
    if (!*result) return std::unexpected(std::move(result->error()));
    documents.push_back(std::move(**result));
  }
  return documents;
}

// YAML also breaks lines at a lone CR, NEL, U+2028 and U+2029; the edits place text by LF lines
// and would land mid-line (a lone CR once made `privileged: true\rcontainers:` unparsable after
// the fix). Such files are rare enough to leave alone.
bool has_uncommon_line_break(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) return true;
    if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\x85') return true;
    if (c == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80' &&
        (text[i + 2] == '\xA8' || text[i + 2] == '\xA9'))
      return true;
  }
  return false;
}

std::string describe(const doc::LoadError& e) {
  return std::to_string(e.position.line) + ":" + std::to_string(e.position.column) + ": " + e.message;
}

/// A file's documents and objects, with which document each object is in.
struct LoadedFile {
  std::vector<doc::Document> documents;
  std::vector<k8s::Object> objects;
  std::vector<std::size_t> document_of;  // per object
  std::vector<std::size_t> objects_in;   // per document

  explicit LoadedFile(std::vector<doc::Document> docs) : documents(std::move(docs)) {
    objects_in.assign(documents.size(), 0);
    for (std::size_t d = 0; d < documents.size(); ++d) {
      for (k8s::Object& o : k8s::Object::in(documents[d])) {
        objects.push_back(std::move(o));
        document_of.push_back(d);
        ++objects_in[d];
      }
    }
  }
};

struct ClaimOf {
  std::size_t object;
  FixClaim claim;
};

/// What the fixes plan for one document.
struct DocumentPlan {
  std::vector<TextEdit> edits;
  std::vector<std::string> changed;
  std::vector<ClaimOf> claims;
  std::vector<std::string> applied;
};

const doc::Node* root_of(const doc::Document& d) {
  return d.root();
}

class FileFixer {
 public:
  FileFixer(std::string_view file, std::string_view text, const FileFixOptions& options)
      : file_(file), text_(text), options_(options) {}

  FileFixResult run();

 private:
  // Documents whose edits fail verification in `candidate`, with the reason; an empty optional
  // when the text as a whole no longer loads.
  std::optional<std::map<std::size_t, std::string>> verify(const LoadedFile& before,
                                                           std::string_view candidate,
                                                           const std::set<std::size_t>& active,
                                                           const std::vector<DocumentPlan>& plans) const;
  std::expected<std::string, std::string> apply(const std::set<std::size_t>& active,
                                                const std::vector<DocumentPlan>& plans) const;

  std::string_view file_;
  std::string_view text_;
  const FileFixOptions& options_;
};

std::expected<std::string, std::string> FileFixer::apply(const std::set<std::size_t>& active,
                                                         const std::vector<DocumentPlan>& plans) const {
  std::vector<TextEdit> edits;
  for (std::size_t d : active) edits.insert(edits.end(), plans[d].edits.begin(), plans[d].edits.end());
  return apply_edits(text_, edits);
}

std::optional<std::map<std::size_t, std::string>> FileFixer::verify(
    const LoadedFile& before, std::string_view candidate, const std::set<std::size_t>& active,
    const std::vector<DocumentPlan>& plans) const {
  auto docs = load_all(file_, candidate);
  if (!docs || docs->size() != before.documents.size()) return std::nullopt;
  LoadedFile after(std::move(*docs));
  std::map<std::size_t, std::string> failed;
  if (after.objects_in != before.objects_in) {
    for (std::size_t d : active)
      if (after.objects_in[d] != before.objects_in[d]) failed[d] = "the fixed text holds other objects";
    return failed;
  }
  for (std::size_t d : active) {
    const doc::Node* a = root_of(before.documents[d]);
    const doc::Node* b = root_of(after.documents[d]);
    if (!a || !b) {
      if (a != b) failed[d] = "the fixed document is empty";
      continue;
    }
    if (auto diff = first_difference(*a, *b, plans[d].changed))
      failed[d] = "the edit would also change " + *diff;
  }
  const auto findings =
      check_objects(after.objects, options_.context, options_.settings.selection.automount_token);
  for (std::size_t d : active) {
    if (failed.contains(d)) continue;
    for (const ClaimOf& c : plans[d].claims) {
      const bool still = std::ranges::any_of(findings[c.object], [&](const rules::Finding& f) {
        return f.rule->id == c.claim.rule_id &&
               fix_target(after.objects[c.object], f.field_path) == c.claim.target;
      });
      if (still) {
        failed[d] = c.claim.rule_id + " still reports " + c.claim.target + " after the edit";
        break;
      }
    }
  }
  return failed;
}

FileFixResult FileFixer::run() {
  FileFixResult result;
  result.text = std::string(text_);
  if (doc::looks_like_json(text_)) {
    result.notices.push_back("JSON is left untouched: fix edits YAML only");
    return result;
  }
  if (has_uncommon_line_break(text_)) {
    result.notices.push_back(
        "line breaks other than LF and CRLF (a lone CR, NEL, U+2028, U+2029): left untouched");
    return result;
  }
  auto docs = load_all(file_, text_);
  if (!docs) {
    result.notices.push_back(text_.find("{{") != std::string_view::npos
                                 ? "unrendered Helm template: left untouched"
                                 : "does not parse (" + describe(docs.error()) + "): left untouched");
    return result;
  }
  const LoadedFile loaded(std::move(*docs));
  result.documents = loaded.documents.size();
  result.objects = loaded.objects.size();
  const auto findings =
      check_objects(loaded.objects, options_.context, options_.settings.selection.automount_token);

  const doc::TextPositions positions(text_, 1);
  YamlLayoutDetector detector(text_);
  for (const doc::Document& d : loaded.documents)
    if (d.root()) detector.observe(*d.root());
  const YamlLayout layout = detector.result();

  std::vector<DocumentPlan> plans(loaded.documents.size());
  std::set<std::size_t> active;
  std::size_t next_object = 0;
  for (std::size_t d = 0; d < loaded.documents.size(); ++d) {
    DocumentEditor editor(text_, positions, layout);
    DocumentPlan& plan = plans[d];
    for (std::size_t n = 0; n < loaded.objects_in[d]; ++n, ++next_object) {
      const k8s::Object& object = loaded.objects[next_object];
      ObjectFixPlan object_plan;
      plan_object_fixes(object, object.path_in_document(), findings[next_object], options_.settings, editor,
                        object_plan);
      for (FixClaim& c : object_plan.claims) plan.claims.push_back(ClaimOf{next_object, std::move(c)});
      for (std::string& a : object_plan.applied) plan.applied.push_back(object.display_name() + ": " + a);
      for (UnfixedFinding& u : object_plan.unfixed) result.unfixed.push_back(std::move(u));
    }
    if (editor.empty()) continue;
    auto edits = editor.finish();
    if (!edits) {
      result.notices.push_back("document " + std::to_string(d + 1) + " left untouched: " + edits.error());
      continue;
    }
    plan.edits = std::move(*edits);
    plan.changed = editor.changed_paths();
    active.insert(d);
  }

  // Apply, verify, and drop the documents whose edits do not verify until what is left does.
  std::string fixed(text_);
  while (!active.empty()) {
    auto candidate = apply(active, plans);
    std::optional<std::map<std::size_t, std::string>> failed;
    if (candidate) failed = verify(loaded, *candidate, active, plans);
    if (!candidate || !failed) {
      // The text as a whole is broken: find the documents that break it on their own.
      std::map<std::size_t, std::string> alone;
      for (std::size_t d : active) {
        auto single = apply({d}, plans);
        auto f = single ? verify(loaded, *single, {d}, plans) : std::nullopt;
        if (!single || !f)
          alone[d] = single ? "the fixed text would not parse" : single.error();
        else if (f->contains(d))
          alone[d] = f->at(d);
      }
      if (alone.empty()) alone[*active.begin()] = "the edits conflict";
      failed = std::move(alone);
    }
    if (failed->empty()) {
      fixed = std::move(*candidate);
      break;
    }
    for (const auto& [d, why] : *failed) {
      result.notices.push_back("document " + std::to_string(d + 1) + " left untouched: " + why);
      active.erase(d);
    }
  }
  for (std::size_t d : active)
    for (const std::string& a : plans[d].applied) result.applied.push_back(a);
  result.changed = fixed != text_;
  result.text = std::move(fixed);
  return result;
}

}  // namespace

FileFixResult fix_text(std::string_view file, std::string_view text, const FileFixOptions& options) {
  return FileFixer(file, text, options).run();
}

}  // namespace bulwark::fix
