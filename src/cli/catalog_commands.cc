#include "cli/catalog_commands.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "cli/exit_code.h"
#include "report/rule_docs.h"
#include "rules/catalog.h"

namespace bulwark::cli {

void add_catalog_commands(CLI::App& app, int& exit_code) {
  auto rule_id = std::make_shared<std::string>();
  CLI::App* explain =
      app.add_subcommand("explain", "Explain a rule: the attack it prevents, the fix, references");
  explain->add_option("rule", *rule_id, "Rule id, e.g. PSS-privileged")->required();
  auto explain_format = std::make_shared<std::string>("text");
  explain
      ->add_option("-f,--format", *explain_format, "text (default) or markdown (the page docs/rules/ID.md)")
      ->check(CLI::IsMember({"text", "markdown"}));
  explain->footer(
      "Examples:\n"
      "  bulwark explain BW-duplicate-key\n"
      "  bulwark explain PSS-privileged | less -R\n"
      "  bulwark explain --format markdown PSS-privileged > docs/rules/PSS-privileged.md");
  explain->callback([rule_id, explain_format, &exit_code] {
    const rules::RuleMeta* rule = rules::find_rule(*rule_id);
    if (!rule) {
      std::fprintf(stderr, "bulwark: no rule named %s (see `bulwark rules`)\n", rule_id->c_str());
      exit_code = kUsageOrLoadError;
      return;
    }
    const char* no_color = std::getenv("NO_COLOR");
    const bool color = !(no_color && *no_color) && isatty(STDOUT_FILENO);
    const std::string text = *explain_format == "markdown" ? report::render_rule_page_markdown(*rule)
                                                           : report::render_rule_explanation(*rule, color);
    std::fwrite(text.data(), 1, text.size(), stdout);
    exit_code = kClean;
  });

  auto format = std::make_shared<std::string>("text");
  CLI::App* list = app.add_subcommand("rules", "List every rule (the catalog)");
  list->add_option("-f,--format", *format, "text, json or markdown")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  list->footer(
      "Examples:\n"
      "  bulwark rules                         id, severity, family and title of every rule\n"
      "  bulwark rules --format json | jq '.[] | select(.severity == \"critical\") | .id'\n"
      "  bulwark rules --format markdown       the README's rule table");
  list->callback([format, &exit_code] {
    const std::string text = *format == "json"       ? report::render_rule_catalog_json()
                             : *format == "markdown" ? report::render_rule_catalog_markdown()
                                                     : report::render_rule_catalog_text();
    std::fwrite(text.data(), 1, text.size(), stdout);
    exit_code = kClean;
  });
}

}  // namespace bulwark::cli
