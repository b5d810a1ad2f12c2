#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dockerfile/position.h"
#include "dockerfile/shell_arena.h"
#include "dockerfile/syntax.h"

namespace bulwark::dockerfile {

/// A shell word with quotes removed and backslash escapes applied; `$VAR`, `${...}` and `$(...)` stay as
/// written (the shell, not the builder, expands them at run time). The text lives in the ShellScript the
/// word came from.
struct ShellWord {
  std::string_view text;
  Position pos;
  bool quoted = false;  // some part of the word was quoted
};

/// A redirection such as `> /etc/file`, `2>&1` or a here-document `<<EOF` (target is the delimiter).
struct Redirect {
  std::string_view op;  // ">", ">>", "<", "<<", "<<-", "<<<", ">&", "&>", ...
  ShellWord target;
};

/// One program invocation of a shell script.
struct SimpleCommand {
  std::span<const ShellWord> assignments;  // leading NAME=value words
  std::span<const ShellWord> argv;         // never empty
  std::span<const Redirect> redirects;
  Position pos;
  unsigned depth = 0;          // 0: the instruction's own script; +1 per `sh -c`, `$(...)` or backquote level
  std::uint32_t pipeline = 0;  // commands joined by `|` share this id
  std::uint32_t pipe_index =
      0;  // 0 for the first command of a pipeline, 1 for the one reading its output, ...

  /// argv[0] without its directory (`/usr/bin/curl` -> `curl`).
  std::string_view program() const;
};

/// The simple commands of a script in the order they appear (commands found inside `$(...)` come before the
/// command whose word contains them; the commands of `sh -c '...'` come right after the `sh` command).
struct ShellScript {
  std::vector<SimpleCommand> commands;
  std::vector<Diagnostic> problems;  // unterminated quotes or substitutions, depth limit reached
  ShellArena arena;                  // what the commands' words and redirections live in
};

struct ShellOptions {
  unsigned max_depth = 4;  // how deep `sh -c` / `$(...)` nesting is followed
};

/// Splits a POSIX shell script into simple commands on `&&`, `||`, `;`, `&`, `|`, newlines, subshells and
/// braces, dropping the keywords of if/while/until/for/case, skipping here-document bodies, and following
/// `sh -c '...'`, `bash -c "..."`, `$(...)` and backquotes up to `max_depth`. `map` places the script's
/// bytes.
ShellScript split_commands(std::string_view script, const SourceMap& map, const ShellOptions& options = {});

/// The commands a RUN instruction runs: its shell-form arguments, plus any here-document whose contents go
/// to a shell (`RUN <<EOF`, `RUN bash <<EOF`). Exec form yields its argv as one command (and follows `sh
/// -c`).
ShellScript run_commands(const Instruction& run, const ShellOptions& options = {});

/// True for program names that are POSIX-like shells (sh, bash, ash, dash, zsh, ksh, mksh).
bool is_shell_program(std::string_view program);

}  // namespace bulwark::dockerfile
