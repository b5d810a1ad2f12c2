// Properties of `fix` over every real-world manifest and every PSA fixture: the output parses,
// differs from the input only in lines about the fixed fields, re-scans clean for what was
// fixed, and is a fixed point. Also counts the PSA restricted `fail` fixtures that pass
// restricted after fixing. Skips when ../shared/corpus is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <iostream>
#include <map>

#include "doc/byte_source.h"
#include "doc/yaml_loader.h"
#include "fix/fix_checks.h"
#include "fix/unified_diff.h"
#include "fix_test_support.h"
#include "rules/catalog.h"

namespace bulwark::fix {
namespace {

namespace fs = std::filesystem;
using testing::default_options;
using testing::read_file;

const fs::path kCorpus = "../shared/corpus";

std::vector<fs::path> yaml_files(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && (e.path().extension() == ".yaml" || e.path().extension() == ".yml"))
      out.push_back(e.path());
  std::ranges::sort(out);
  return out;
}

bool loads(std::string_view text) {
  doc::MemoryByteSource source(text);
  doc::YamlStreamLoader loader(source, "t");
  while (auto d = loader.next())
    if (!*d) return false;
  return true;
}

// Every line the fix adds or removes names a fixed field or its new value.
std::optional<std::string> unrelated_line(const std::string& diff) {
  // (the last row: the emptyDir at /tmp that --read-only-root mounts)
  constexpr std::array<std::string_view, 21> kFields{"type: ",
                                                     "allowPrivilegeEscalation",
                                                     "privileged",
                                                     "runAsNonRoot",
                                                     "seccompProfile",
                                                     "RuntimeDefault",
                                                     "capabilities",
                                                     "drop",
                                                     "ALL",
                                                     "hostNetwork",
                                                     "hostPID",
                                                     "hostIPC",
                                                     "securityContext",
                                                     "readOnlyRootFilesystem",
                                                     "automountServiceAccountToken",
                                                     "volumeMounts",
                                                     "volumes:",
                                                     "name: tmp",
                                                     "mountPath: /tmp",
                                                     "emptyDir: {}"};
  std::size_t at = 0;
  while (at < diff.size()) {
    const auto nl = diff.find('\n', at);
    const std::string_view line(diff.data() + at, (nl == std::string::npos ? diff.size() : nl) - at);
    at = nl == std::string::npos ? diff.size() : nl + 1;
    if (line.starts_with("---") || line.starts_with("+++") || line.empty()) continue;
    if (line[0] != '+' && line[0] != '-') continue;
    if (std::ranges::none_of(kFields,
                             [&](std::string_view f) { return line.find(f) != std::string_view::npos; }))
      return std::string(line);
  }
  return std::nullopt;
}

struct Tally {
  std::size_t files = 0, changed = 0, untouched_docs = 0;
};

void check_file(const fs::path& path, const FileFixOptions& options, Tally& tally) {
  const std::string text = read_file(path);
  ++tally.files;
  const FileFixResult r = fix_text(path.string(), text, options);
  for (const std::string& n : r.notices)
    if (n.find("document") == 0) ++tally.untouched_docs;
  if (!r.changed) return;
  ++tally.changed;
  EXPECT_TRUE(loads(r.text)) << path;
  // Appending to a file without a final line break ends its last line: not a change of it.
  std::string base = text;
  if (!text.empty() && text.back() != '\n' && r.text.ends_with('\n'))
    base += text.find("\r\n") != std::string::npos ? "\r\n" : "\n";
  const std::string diff = unified_diff(path.string(), base, r.text);
  if (auto line = unrelated_line(diff))
    ADD_FAILURE() << path << ": unrelated line changed: " << *line << "\n" << diff;
  const FileFixResult again = fix_text(path.string(), r.text, options);
  EXPECT_EQ(again.text, r.text) << path << ": not a fixed point\n"
                                << unified_diff(path.string(), r.text, again.text);
}

TEST(CorpusFix, RealWorldManifests) {
  const auto files = yaml_files(kCorpus / "realworld");
  if (files.empty()) GTEST_SKIP() << "../shared/corpus/realworld is absent";
  Tally tally;
  FileFixOptions all = default_options();
  all.settings.selection.read_only_root = true;
  all.settings.selection.automount_token = true;
  for (const fs::path& f : files) check_file(f, default_options(), tally);
  for (const fs::path& f : files) check_file(f, all, tally);
  std::cout << "realworld: " << files.size() << " files, " << tally.changed
            << " fixes applied (default + opt-in runs), " << tally.untouched_docs
            << " documents left untouched\n";
}

std::optional<rules::PssVersion> version_of(const fs::path& fixture) {
  return rules::parse_pss_version(fixture.parent_path().parent_path().filename().string());
}

bool passes_restricted(std::string_view text, const rules::PssVersion& version) {
  doc::MemoryByteSource source(text);
  doc::YamlStreamLoader loader(source, "t");
  rules::CheckContext context{rules::PssLevel::Restricted, version, "test"};
  while (auto d = loader.next()) {
    if (!*d) return false;
    for (const k8s::Object& o : k8s::Object::in(**d)) {
      rules::FindingSink sink;
      for (const rules::ObjectRule& r : rules::object_rules())
        if (std::string_view(r.meta->id).starts_with("PSS-")) r.check(o, context, sink);
      if (!sink.findings().empty()) return false;
    }
  }
  return true;
}

TEST(CorpusFix, PsaFixtures) {
  const auto files = yaml_files(kCorpus / "psa");
  if (files.empty()) GTEST_SKIP() << "../shared/corpus/psa is absent";
  Tally tally;
  std::size_t restricted_fail = 0, now_pass = 0;
  std::map<std::string, std::pair<std::size_t, std::size_t>> by_check;  // check → (fail fixtures, fixed)
  for (const fs::path& f : files) {
    const auto version = version_of(f);
    ASSERT_TRUE(version) << f;
    FileFixOptions options = default_options();
    options.context.pss_version = *version;
    check_file(f, options, tally);
    const bool restricted = f.string().find("/restricted/") != std::string::npos;
    const bool fail = f.parent_path().filename() == "fail";
    if (!restricted || !fail) continue;
    ++restricted_fail;
    const std::string text = read_file(f);
    EXPECT_FALSE(passes_restricted(text, *version)) << f << " is a fail fixture";
    // The check a fixture is about: its file name without the trailing number.
    std::string check = f.stem().string();
    while (!check.empty() && std::isdigit(static_cast<unsigned char>(check.back()))) check.pop_back();
    auto& [total, fixed] = by_check[check];
    ++total;
    if (passes_restricted(fix_text(f.string(), text, options).text, *version)) ++now_pass, ++fixed;
  }
  for (const auto& [check, counts] : by_check)
    std::cout << "  " << check << ": " << counts.second << " of " << counts.first << "\n";
  std::cout << "psa: " << files.size() << " fixtures, " << tally.changed
            << " changed; restricted fail fixtures "
            << "passing restricted after fix: " << now_pass << " of " << restricted_fail << "\n";
  RecordProperty("restricted_fail_fixed", static_cast<int>(now_pass));
  RecordProperty("restricted_fail_total", static_cast<int>(restricted_fail));
  EXPECT_GT(now_pass, 0u);
}

}  // namespace
}  // namespace bulwark::fix
