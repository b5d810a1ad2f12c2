#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "fix/object_fix_planner.h"
#include "rules/check_context.h"

namespace bulwark::fix {

/// How to fix: which fixes, with what, and at which Pod Security level the findings are read.
struct FileFixOptions {
  FixSettings settings;
  rules::CheckContext context;
};

/// The outcome of fixing one file's text.
struct FileFixResult {
  std::string text;  // the fixed text; the input itself when nothing changed
  bool changed = false;
  std::vector<std::string> applied;  // "Deployment web: drop-capabilities: spec.template.spec.containers[0]"
  std::vector<UnfixedFinding> unfixed;
  std::vector<std::string> notices;  // why the file, or one of its documents, was left untouched
  std::size_t documents = 0;
  std::size_t objects = 0;
};

/// Fixes the YAML text of one file. Edits go on the source text at the loader's positions; the
/// result is then re-loaded and checked before it is returned: it must parse into the same
/// documents and objects, differ from the input only at the fixed fields, and re-scan clean for
/// every finding a fix claimed. A document that fails any of that keeps its original text and
/// is reported. JSON files, files that do not parse (such as Helm templates) and files with
/// nothing to fix come back unchanged.
FileFixResult fix_text(std::string_view file, std::string_view text, const FileFixOptions& options);

}  // namespace bulwark::fix
