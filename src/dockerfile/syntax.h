#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dockerfile/position.h"

namespace bulwark::dockerfile {

/// Every instruction the Dockerfile reference defines.
enum class Keyword {
  From,
  Run,
  Cmd,
  Label,
  Maintainer,
  Expose,
  Env,
  Add,
  Copy,
  Entrypoint,
  Volume,
  User,
  Workdir,
  Arg,
  Onbuild,
  Stopsignal,
  Healthcheck,
  Shell,
};

/// The keyword for an instruction name in any letter case, or nothing for an unknown instruction.
std::optional<Keyword> keyword_from_name(std::string_view name);
/// The canonical upper-case spelling ("RUN").
std::string_view keyword_name(Keyword keyword);

/// A word as written (quotes and escapes kept; see substitution.h to expand it) and where it starts.
struct Word {
  std::string text;
  Position pos;
};

/// A `--name=value` flag of FROM, RUN, COPY, ADD or HEALTHCHECK.
struct Flag {
  std::string name;                  // without the leading "--"
  std::optional<std::string> value;  // absent for a bare `--link`
  Position pos;
};

/// `key=value` of ENV, LABEL and ARG (ARG may have no value). Both parts are kept as written.
struct KeyValue {
  std::string key;
  std::optional<std::string> value;
  Position key_pos;
  Position value_pos;
};

/// A here-document attached to RUN, COPY or ADD.
struct Heredoc {
  std::string name;     // the delimiter, unquoted
  std::string content;  // the lines between the instruction and the delimiter, each ending in '\n'
  bool expand = true;   // false when any part of the delimiter was quoted
  bool chomp = false;   // `<<-`: leading tabs are stripped from the content when it is used
  Position pos;         // the `<<` operator
  SourceMap content_map;
};

/// One instruction of the file, with the positions of its parts.
struct Instruction {
  Keyword keyword{};
  Position pos;                // the instruction keyword
  std::uint32_t end_line = 0;  // last line, including continuation and heredoc lines
  std::vector<Flag> flags;     // leading `--flags`
  std::string args;        // the arguments after the flags: continuation lines joined, comment lines dropped
  Position args_pos;       // where `args` starts
  SourceMap args_map;      // offset in `args` -> position
  bool exec_form = false;  // JSON array form of RUN/CMD/ENTRYPOINT/SHELL/VOLUME etc.
  std::vector<Word> exec;  // JSON elements, decoded (positions are those of each string literal)
  // `args` split on blanks outside quotes (shell form) or `exec` (exec form). Left empty for a shell-form
  // RUN: its words are the shell's (shell_commands.h), and argument_words() splits them when wanted.
  std::vector<Word> words;
  std::vector<KeyValue> pairs;       // ENV, LABEL, ARG
  std::vector<Heredoc> heredocs;     // RUN/COPY/ADD here-documents, in order
  std::vector<Instruction> trigger;  // ONBUILD: the one instruction it registers
  int stage = -1;                    // index into Dockerfile::stages; -1 before the first FROM

  /// The flag named `name` (the last one when repeated), or null.
  const Flag* flag(std::string_view name) const;
};

/// The words of an instruction as `Instruction::words` describes them, for any instruction, including a
/// shell-form RUN (whose `words` the parser leaves empty). `escape` is the file's escape character.
std::vector<Word> argument_words(const Instruction& ins, char escape);

/// A parser directive at the top of the file (`# syntax=`, `# escape=`, `# check=`).
struct Directive {
  std::string name;  // lower case
  std::string value;
  Position pos;
};

/// A `#` comment line, kept so that inline suppressions (`# bulwark:ignore ...`) can be honoured.
struct Comment {
  std::string text;  // after the '#', trimmed
  Position pos;
};

/// A build stage: one FROM and the instructions up to the next FROM.
struct Stage {
  std::size_t from = 0;          // index of the FROM instruction in Dockerfile::instructions
  std::size_t end = 0;           // one past the last instruction of the stage
  std::string name;              // `AS name`, lower-cased as BuildKit does; empty when unnamed
  Word base;                     // the image word as written, e.g. `${BASE:-debian}:12`
  std::string base_resolved;     // `base` with the global ARG defaults substituted
  bool base_unresolved = false;  // some variable in `base` had no value
  int base_stage = -1;           // index of an earlier stage this stage builds on, or -1 for an image
  std::optional<std::string> platform;
};

/// A parsed Dockerfile. Parsing never stops at the first problem: `errors` lists what BuildKit would reject,
/// `warnings` what it accepts but flags; instructions around them are still parsed.
struct Dockerfile {
  std::vector<Directive> directives;
  char escape = '\\';
  std::vector<Instruction> instructions;
  std::vector<Stage> stages;
  std::vector<Comment> comments;
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;
  // Where each line starts in the parsed text (a byte order mark before line 1 counted): line n is
  // [line_starts[n - 1], line_starts[n] - 1), the last one up to the end of the text.
  std::vector<std::uint32_t> line_starts;

  /// The directive named `name` (lower case), or null.
  const Directive* directive(std::string_view name) const;
  /// Instructions before the first FROM (only ARGs are valid there).
  std::size_t global_end() const { return stages.empty() ? instructions.size() : stages.front().from; }
};

}  // namespace bulwark::dockerfile
