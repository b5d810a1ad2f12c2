#include "cli/shell_completion.h"

#include <fmt/format.h>

#include <cstdio>
#include <map>
#include <memory>

#include "cli/exit_code.h"
#include "rules/catalog.h"

namespace bulwark::cli {
namespace {

struct Flag {
  std::string long_name;   // without dashes
  std::string short_name;  // without the dash, or ""
  std::string help;
  bool takes_value = false;
};

struct Command {
  std::string name;
  std::string help;
  std::vector<Flag> flags;
};

std::vector<Command> commands_of(const CLI::App& app) {
  std::vector<Command> out;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    Command c{sub->get_name(), sub->get_description(), {}};
    for (const CLI::Option* o : sub->get_options()) {
      if (!o->nonpositional() || o->get_lnames().empty()) continue;
      c.flags.push_back(Flag{o->get_lnames().front(), o->get_snames().empty() ? "" : o->get_snames().front(),
                             o->get_description(), o->get_type_size() != 0});
    }
    out.push_back(std::move(c));
  }
  return out;
}

// The values a flag takes, where they are a fixed list.
std::map<std::string, std::string> value_words() {
  return {
      {"format", "text json sarif junit policyreport github markdown"},
      {"severity-threshold", "info low medium high critical"},
      {"pss-level", "privileged baseline restricted"},
      {"pss-version", "latest v1.25 v1.26 v1.27 v1.28 v1.29 v1.30 v1.31 v1.32 v1.33"},
  };
}

std::string rule_ids() {
  std::string out;
  for (const rules::RuleMeta* r : rules::all_rules()) {
    if (!out.empty()) out += ' ';
    out += r->id;
  }
  return out;
}

std::string single_quoted(std::string_view s) {
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string bash_script(const std::vector<Command>& commands) {
  std::string names, cases;
  for (const Command& c : commands) {
    names += (names.empty() ? "" : " ") + c.name;
    std::string flags;
    for (const Flag& f : c.flags) {
      flags += " --" + f.long_name;
      if (!f.short_name.empty()) flags += " -" + f.short_name;
    }
    std::string words = c.name == "explain" ? rule_ids() : c.name == "completion" ? "bash zsh fish" : "";
    cases += fmt::format(
        "    {})\n      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '{} --help' -- \"$cur\"))\n",
        c.name, flags);
    if (!words.empty())
      cases += fmt::format("      else COMPREPLY=($(compgen -W '{}' -- \"$cur\"))\n", words);
    else
      cases += "      else COMPREPLY=($(compgen -f -- \"$cur\"))\n";
    cases += "      fi ;;\n";
  }
  std::string values;
  for (const auto& [flag, words] : value_words())
    values += fmt::format("    --{}) COMPREPLY=($(compgen -W '{}' -- \"$cur\")); return ;;\n", flag, words);
  return fmt::format(
      "# bash completion for bulwark; load with: source <(bulwark completion bash)\n"
      "_bulwark() {{\n"
      "  local cur=\"${{COMP_WORDS[COMP_CWORD]}}\" prev=\"${{COMP_WORDS[COMP_CWORD-1]}}\"\n"
      "  if [[ $COMP_CWORD -eq 1 ]]; then COMPREPLY=($(compgen -W '{} --help' -- \"$cur\")); return; fi\n"
      "  case \"$prev\" in\n{}"
      "    -o|--output|--config|--baseline|--write-baseline) COMPREPLY=($(compgen -f -- \"$cur\")); return "
      ";;\n"
      "  esac\n"
      "  case \"${{COMP_WORDS[1]}}\" in\n{}"
      "  esac\n"
      "}}\n"
      "complete -o default -F _bulwark bulwark\n",
      names, values, cases);
}

std::string zsh_script(const std::vector<Command>& commands) {
  std::string subcommands, cases;
  for (const Command& c : commands) {
    subcommands += fmt::format("    {}\n", single_quoted(c.name + ":" + c.help));
    std::string specs;
    for (const Flag& f : c.flags) {
      std::string help;
      for (const char ch : f.help) help += (ch == '[' || ch == ']' || ch == '\'' || ch == ':') ? ' ' : ch;
      const auto words = value_words();
      std::string action;
      if (f.takes_value) {
        auto it = words.find(f.long_name);
        action = it != words.end() ? fmt::format(":value:({})", it->second) : ":value:_files";
      }
      specs += fmt::format("        '--{}[{}]{}' \\\n", f.long_name, help, action);
      if (!f.short_name.empty()) specs += fmt::format("        '-{}[{}]{}' \\\n", f.short_name, help, action);
    }
    const std::string rest = c.name == "explain"      ? fmt::format("'*:rule:({})'", rule_ids())
                             : c.name == "completion" ? std::string("'*:shell:(bash zsh fish)'")
                                                      : std::string("'*:path:_files'");
    cases += fmt::format("    {})\n      _arguments \\\n{}        {} ;;\n", c.name, specs, rest);
  }
  return fmt::format(
      "#compdef bulwark\n"
      "# zsh completion for bulwark; load with: source <(bulwark completion zsh)\n"
      "_bulwark() {{\n"
      "  local -a commands\n"
      "  commands=(\n{}  )\n"
      "  if (( CURRENT == 2 )); then _describe 'command' commands; return; fi\n"
      "  local cmd=$words[2]\n"
      "  shift words; (( CURRENT-- ))\n"
      "  case $cmd in\n{}"
      "  esac\n"
      "}}\n"
      "compdef _bulwark bulwark\n",
      subcommands, cases);
}

std::string fish_script(const std::vector<Command>& commands) {
  std::string out = "# fish completion for bulwark; load with: bulwark completion fish | source\n";
  std::string names;
  for (const Command& c : commands) names += (names.empty() ? "" : " ") + c.name;
  out += "complete -c bulwark -f\n";
  for (const Command& c : commands)
    out += fmt::format("complete -c bulwark -n 'not __fish_seen_subcommand_from {}' -a {} -d {}\n", names,
                       c.name, single_quoted(c.help));
  const auto words = value_words();
  for (const Command& c : commands) {
    const std::string when = fmt::format("-n '__fish_seen_subcommand_from {}'", c.name);
    for (const Flag& f : c.flags) {
      std::string line = fmt::format("complete -c bulwark {} -l {}", when, f.long_name);
      if (!f.short_name.empty()) line += " -s " + f.short_name;
      if (f.takes_value) {
        auto it = words.find(f.long_name);
        line += it != words.end() ? fmt::format(" -x -a {}", single_quoted(it->second)) : " -r -F";
      }
      out += line + " -d " + single_quoted(f.help) + "\n";
    }
    if (c.name == "explain")
      out += fmt::format("complete -c bulwark {} -a {}\n", when, single_quoted(rule_ids()));
    if (c.name == "completion") out += fmt::format("complete -c bulwark {} -a 'bash zsh fish'\n", when);
    if (c.name == "scan") out += fmt::format("complete -c bulwark {} -F\n", when);
  }
  return out;
}

}  // namespace

std::string completion_script(const CLI::App& app, std::string_view shell) {
  const std::vector<Command> commands = commands_of(app);
  if (shell == "bash") return bash_script(commands);
  if (shell == "zsh") return zsh_script(commands);
  if (shell == "fish") return fish_script(commands);
  return "";
}

void add_completion_command(CLI::App& app, int& exit_code) {
  auto shell = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand("completion", "Print a shell completion script (bash, zsh or fish)");
  sub->add_option("shell", *shell, "bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  sub->footer(
      "Examples:\n"
      "  source <(bulwark completion bash)              # this shell; add to ~/.bashrc to keep it\n"
      "  bulwark completion zsh > \"${fpath[1]}/_bulwark\"\n"
      "  bulwark completion fish > ~/.config/fish/completions/bulwark.fish");
  const CLI::App* root = &app;
  sub->callback([shell, root, &exit_code] {
    const std::string script = completion_script(*root, *shell);
    std::fwrite(script.data(), 1, script.size(), stdout);
    exit_code = kClean;
  });
}

}  // namespace bulwark::cli
