// Any byte sequence through the Dockerfile parser, the shell splitter and every Dockerfile rule
// (including those off by default): the splitter and the rules read what the parser produced,
// shell words, heredocs and substitutions included, so they are parsers of their own.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dockerfile/parser.h"
#include "rules/dockerfile/dockerfile_rule.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto dockerfile = bulwark::dockerfile::parse(text);
  (void)dockerfile;
  bulwark::rules::dockerfile::DockerfileScanOptions options;
  options.include_disabled = true;
  const auto findings = bulwark::rules::dockerfile::check_dockerfile("fuzz.Dockerfile", text, options);
  for (const auto& f : findings)
    if (f.rule == nullptr) __builtin_trap();
  return 0;
}
