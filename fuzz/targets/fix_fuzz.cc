// Any text through `bulwark fix` with every fix selected: a fix must never turn a file that loads
// into one that does not, nor change how many documents and objects it holds, and the fixed text
// must re-scan. fix_text verifies this itself; the target checks it independently.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "doc/yaml_loader.h"
#include "fix/file_fixer.h"
#include "k8s/object.h"
#include "rules/catalog.h"

namespace {

struct Loaded {
  bool ok = true;
  std::size_t documents = 0;
  std::size_t objects = 0;
};

// Loads `text` as `bulwark fix` does and runs every object rule over it (the re-scan).
Loaded load_and_scan(std::string_view text, const bulwark::rules::CheckContext& context) {
  bulwark::doc::MemoryByteSource source(text);
  bulwark::doc::YamlStreamLoader loader(source, "fuzz.yaml");
  Loaded loaded;
  while (auto d = loader.next()) {
    if (!*d) {
      loaded.ok = false;
      return loaded;
    }
    ++loaded.documents;
    bulwark::rules::FindingSink sink;
    for (const auto& object : bulwark::k8s::Object::in(**d)) {
      ++loaded.objects;
      for (const auto& r : bulwark::rules::object_rules()) r.check(object, context, sink);
    }
  }
  return loaded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16384) return 0;  // fix re-loads and re-scans the file per document; keep runs fast
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  bulwark::fix::FileFixOptions options;
  options.context.pss_level = bulwark::rules::PssLevel::Restricted;
  options.settings.selection.read_only_root = true;
  options.settings.selection.automount_token = true;
  const bulwark::fix::FileFixResult result = bulwark::fix::fix_text("fuzz.yaml", text, options);
  // fix_text drops a document whose edits break the YAML; that it had to is still a bug in the
  // edit planner: a fix must never produce unparsable YAML.
  for (const std::string& notice : result.notices)
    if (notice.find("would not parse") != std::string::npos) __builtin_trap();
  if (!result.changed) {
    if (result.text != text) __builtin_trap();  // unchanged means byte for byte
    return 0;
  }
  const Loaded before = load_and_scan(text, options.context);
  const Loaded after = load_and_scan(result.text, options.context);
  if (!before.ok) __builtin_trap();  // files that do not load are left alone
  if (!after.ok) __builtin_trap();   // a fix produced text that no longer loads
  if (after.documents != before.documents || after.objects != before.objects) __builtin_trap();
  if (result.applied.empty()) __builtin_trap();  // a change names the fix that made it
  return 0;
}
