#include "dockerfile/parser.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "dockerfile/json_array.h"
#include "dockerfile/line_index.h"
#include "dockerfile/words.h"

namespace bulwark::dockerfile {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && lower(a) == lower(b);
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

/// Physical lines of the file, without their line terminator, read off the file's line index (which the
/// parsed Dockerfile keeps for the rules to quote lines).
class LineReader {
 public:
  LineReader(std::string_view text, const std::vector<std::uint32_t>& starts)
      : text_(text), starts_(starts) {}

  bool next(std::string_view& line) {
    if (line_ >= starts_.size() || starts_[line_] >= text_.size()) return false;
    const std::size_t begin = starts_[line_];
    const std::size_t end = line_ + 1 < starts_.size() ? starts_[line_ + 1] - 1 : text_.size();
    line = text_.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_;
    return true;
  }
  /// Steps back over the line just read.
  void unread() { --line_; }
  std::uint32_t line() const { return line_; }

 private:
  std::string_view text_;
  const std::vector<std::uint32_t>& starts_;
  std::uint32_t line_ = 0;  // lines read so far (the 1-based number of the last one)
};

std::size_t leading_blanks(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i;
}

/// If `line` ends with the escape character followed only by spaces/tabs, returns its length without them.
std::optional<std::size_t> continuation_cut(std::string_view line, char escape) {
  std::size_t end = line.size();
  while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) --end;
  if (end > 0 && line[end - 1] == escape) return end - 1;
  return std::nullopt;
}

/// `# name = value` at the top of the file.
struct DirectiveLine {
  std::string name;
  std::string value;
};

std::optional<DirectiveLine> directive_line(std::string_view line) {
  if (line.empty() || line[0] != '#') return std::nullopt;
  std::size_t i = 1;
  while (i < line.size() && is_blank(line[i])) ++i;
  const std::size_t name_start = i;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (i >= line.size() || !alpha(line[i])) return std::nullopt;
  while (i < line.size() && (alpha(line[i]) || (line[i] >= '0' && line[i] <= '9'))) ++i;
  const std::string_view name = line.substr(name_start, i - name_start);
  while (i < line.size() && is_blank(line[i])) ++i;
  if (i >= line.size() || line[i] != '=') return std::nullopt;
  ++i;
  std::string_view value = line.substr(i);
  while (!value.empty() && is_blank(value.front())) value.remove_prefix(1);
  value = trim_right(value);
  if (value.empty()) return std::nullopt;
  return DirectiveLine{lower(name), std::string(value)};
}

/// One instruction's text after continuation lines are joined.
struct LogicalLine {
  std::string text;
  SourceMap map;
  std::uint32_t first_line = 0;
};

std::string strip_matching_quotes(std::string_view s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
    return std::string(s.substr(1, s.size() - 2));
  return std::string(s);
}

bool valid_stage_name(std::string_view name) {
  if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

bool accepts_json_form(Keyword k) {
  switch (k) {
    case Keyword::Run:
    case Keyword::Cmd:
    case Keyword::Entrypoint:
    case Keyword::Shell:
    case Keyword::Volume:
    case Keyword::Copy:
    case Keyword::Add:
      return true;
    default:
      return false;
  }
}

bool takes_heredocs(Keyword k) {
  return k == Keyword::Run || k == Keyword::Copy || k == Keyword::Add;
}

class Parser {
 public:
  Parser(std::string_view text, const ParseOptions& options)
      : lines_(text, out_.line_starts), options_(options) {
    // BuildKit ignores a UTF-8 byte order mark: line 1 starts after it.
    out_.line_starts = line_starts(text, text.starts_with("\xEF\xBB\xBF") ? 3 : 0);
  }

  Dockerfile run() {
    // A Dockerfile has a dozen instructions or so: room for them up front spares moving each one
    // (a few hundred bytes of strings and vectors) through every regrowth.
    out_.instructions.reserve(16);
    read_directives();
    std::string_view line;
    while (lines_.next(line)) {
      const std::size_t indent = leading_blanks(line);
      const std::string_view body = line.substr(indent);
      if (body.empty()) continue;
      if (body[0] == '#') {
        add_comment(body, {lines_.line(), static_cast<std::uint32_t>(indent + 1)});
        continue;
      }
      const LogicalLine& logical = join_continuations(body, static_cast<std::uint32_t>(indent + 1));
      if (trim_right(logical.text).empty()) continue;
      auto instruction = parse_instruction(logical.text, logical.map, /*in_onbuild=*/false);
      if (!instruction) continue;
      if (takes_heredocs(instruction->keyword) && !instruction->exec_form &&
          instruction->args.find("<<") != std::string::npos)
        read_heredocs(*instruction);
      instruction->end_line = lines_.line();
      add_instruction(std::move(*instruction));
    }
    finish();
    return std::move(out_);
  }

 private:
  void error(Position pos, std::string reason) { out_.errors.push_back({pos, std::move(reason)}); }
  void warning(Position pos, std::string reason) { out_.warnings.push_back({pos, std::move(reason)}); }

  void add_comment(std::string_view body, Position pos) {
    std::string_view text = body.substr(1);
    while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
    out_.comments.push_back({std::string(trim_right(text)), pos});
  }

  void read_directives() {
    std::string_view line;
    while (true) {
      if (!lines_.next(line)) return;
      const std::size_t indent = leading_blanks(line);
      auto d = directive_line(line.substr(indent));
      const bool known = d && (d->name == "syntax" || d->name == "escape" || d->name == "check");
      if (!known) {
        lines_.unread();
        return;
      }
      const Position pos{lines_.line(), static_cast<std::uint32_t>(indent + 1)};
      if (out_.directive(d->name) != nullptr) {
        error(pos, "only one " + d->name + " parser directive can be used");
        continue;
      }
      if (d->name == "escape") {
        if (d->value != "`" && d->value != "\\") {
          error(pos, "invalid escape token '" + d->value + "' does not match ` or \\");
        } else {
          out_.escape = d->value[0];
        }
      }
      out_.directives.push_back({d->name, d->value, pos});
    }
  }

  // Fills the one LogicalLine the parser reuses: its buffers keep their capacity from one instruction to
  // the next instead of being allocated and grown line by line for each.
  const LogicalLine& join_continuations(std::string_view first, std::uint32_t column) {
    LogicalLine& logical = logical_;
    logical.text.clear();
    logical.map.clear();
    logical.first_line = lines_.line();
    std::string_view piece = first;
    Position at{lines_.line(), column};
    while (true) {
      const auto cut = continuation_cut(piece, out_.escape);
      logical.map.add(static_cast<std::uint32_t>(logical.text.size()), at);
      logical.text.append(cut ? piece.substr(0, *cut) : piece);
      if (!cut) break;
      // Continue with the next line that is neither a comment nor blank (BuildKit skips both).
      std::string_view next;
      bool found = false;
      while (lines_.next(next)) {
        const std::size_t indent = leading_blanks(next);
        const std::string_view body = next.substr(indent);
        if (!body.empty() && body[0] == '#') {
          add_comment(body, {lines_.line(), static_cast<std::uint32_t>(indent + 1)});
          continue;
        }
        if (trim_right(body).empty()) {
          warning({lines_.line(), 1}, "empty continuation line");
          continue;
        }
        found = true;
        break;
      }
      if (!found) break;
      piece = next;
      at = {lines_.line(), 1};
    }
    return logical;
  }

  /// Parses one logical line into an instruction (ONBUILD parses its trigger the same way).
  std::optional<Instruction> parse_instruction(std::string_view text, const SourceMap& map, bool in_onbuild) {
    std::size_t i = 0;
    while (i < text.size() && is_blank(text[i])) ++i;
    const std::size_t keyword_start = i;
    while (i < text.size() && !is_blank(text[i])) ++i;
    const std::string_view name = text.substr(keyword_start, i - keyword_start);
    const Position pos = map.at(keyword_start);
    const auto keyword = keyword_from_name(name);
    if (!keyword) {
      error(pos, "unknown instruction: " + std::string(name.substr(0, 64)));
      return std::nullopt;
    }
    Instruction ins;
    ins.keyword = *keyword;
    ins.pos = pos;
    ins.end_line = pos.line;
    while (i < text.size() && is_blank(text[i])) ++i;
    if (*keyword != Keyword::Onbuild) i = read_flags(text, i, map, ins);
    const std::string_view args = trim_right(text.substr(i));
    ins.args.assign(args);
    ins.args_pos = map.at(i);
    ins.args_map = map.suffix(i);

    if (*keyword == Keyword::Onbuild) {
      parse_onbuild(ins, in_onbuild);
      return ins;
    }
    if (accepts_json_form(*keyword) && !args.empty() && args.front() == '[') {
      if (auto elements = parse_json_string_array(args)) {
        ins.exec_form = true;
        ins.words.reserve(elements->size());
        ins.exec.reserve(elements->size());
        std::size_t hint = 0;
        for (auto& e : *elements) {
          const Position at = ins.args_map.at(e.offset, hint);
          ins.words.push_back({e.value, at});
          ins.exec.push_back({std::move(e.value), at});
        }
      } else if (*keyword != Keyword::Shell) {
        warning(ins.args_pos,
                std::string(keyword_name(*keyword)) +
                    " arguments start with '[' but are not a JSON array of strings: read as shell form");
      }
    }
    if (*keyword == Keyword::Shell && !ins.exec_form && !args.empty())
      error(ins.args_pos, "SHELL requires the arguments to be in JSON form");
    // A shell-form RUN is read by the shell splitter (shell_commands.h), never by its blank-split words:
    // they are left to argument_words().
    if (!ins.exec_form && *keyword != Keyword::Run) ins.words = argument_words(ins, out_.escape);
    check_arguments(ins);
    return ins;
  }

  std::size_t read_flags(std::string_view text, std::size_t i, const SourceMap& map, Instruction& ins) {
    while (i + 1 < text.size() && text[i] == '-' && text[i + 1] == '-') {
      const std::size_t length = first_word_length(text.substr(i), out_.escape);
      const std::string_view word = text.substr(i, length);
      const Position pos = map.at(i);
      i += length;
      while (i < text.size() && is_blank(text[i])) ++i;
      if (word == "--") break;  // ends the flags
      const std::string_view body = word.substr(2);
      const auto eq = body.find('=');
      Flag flag{std::string(body.substr(0, eq)), std::nullopt, pos};
      if (eq != std::string_view::npos) flag.value = strip_matching_quotes(body.substr(eq + 1));
      ins.flags.push_back(std::move(flag));
    }
    return i;
  }

  void parse_onbuild(Instruction& ins, bool in_onbuild) {
    if (in_onbuild) {
      error(ins.pos, "ONBUILD isn't allowed as an ONBUILD trigger");
      return;
    }
    if (ins.args.empty()) {
      error(ins.pos, "ONBUILD requires at least one argument");
      return;
    }
    auto trigger = parse_instruction(ins.args, ins.args_map, /*in_onbuild=*/true);
    if (!trigger) return;
    if (trigger->keyword == Keyword::Onbuild) return;  // already reported
    if (trigger->keyword == Keyword::From || trigger->keyword == Keyword::Maintainer) {
      error(trigger->pos,
            std::string(keyword_name(trigger->keyword)) + " isn't allowed as an ONBUILD trigger");
      return;
    }
    ins.trigger.push_back(std::move(*trigger));
  }

  void check_arguments(Instruction& ins) {
    const std::string name(keyword_name(ins.keyword));
    switch (ins.keyword) {
      case Keyword::Env:
      case Keyword::Label:
        parse_name_values(ins);
        break;
      case Keyword::Arg:
        parse_args(ins);
        break;
      case Keyword::From:
        if (ins.words.size() != 1 && !(ins.words.size() == 3 && equals_ignore_case(ins.words[1].text, "as")))
          error(ins.args_pos.line ? ins.args_pos : ins.pos, "FROM requires either one or three arguments");
        break;
      case Keyword::User:
      case Keyword::Workdir:
      case Keyword::Stopsignal:
      case Keyword::Expose:
      case Keyword::Volume:
      case Keyword::Maintainer:
      case Keyword::Shell:
      case Keyword::Healthcheck:
        if (ins.words.empty()) error(ins.pos, name + " requires at least one argument");
        break;
      case Keyword::Copy:
      case Keyword::Add:
        // Heredoc sources count as arguments too; they are only known after the body is read.
        if (ins.words.size() < 2 && ins.args.find("<<") == std::string::npos)
          error(ins.pos, name + " requires at least two arguments");
        break;
      default:
        break;
    }
  }

  void parse_name_values(Instruction& ins) {
    const std::string name(keyword_name(ins.keyword));
    if (ins.words.empty()) {
      error(ins.pos, name + " requires at least one argument");
      return;
    }
    if (ins.words.front().text.find('=') == std::string::npos) {
      // Legacy `ENV key value`: the value is the rest of the line.
      const std::string& key = ins.words.front().text;
      std::size_t v = key.size();
      while (v < ins.args.size() && is_blank(ins.args[v])) ++v;
      if (ins.words.size() < 2) {
        error(ins.pos, name + " must have two arguments");
        return;
      }
      ins.pairs.push_back({key, ins.args.substr(v), ins.words.front().pos, ins.args_map.at(v)});
      return;
    }
    for (const Word& w : ins.words) {
      const auto eq = w.text.find('=');
      if (eq == std::string::npos || eq == 0) {
        error(w.pos, "can't find = in \"" + w.text.substr(0, 64) + "\". Must be of the form: name=value");
        continue;
      }
      ins.pairs.push_back({w.text.substr(0, eq), w.text.substr(eq + 1), w.pos,
                           Position{w.pos.line, w.pos.column + static_cast<std::uint32_t>(eq + 1)}});
    }
  }

  void parse_args(Instruction& ins) {
    if (ins.words.empty()) {
      error(ins.pos, "ARG requires at least one argument");
      return;
    }
    for (const Word& w : ins.words) {
      const auto eq = w.text.find('=');
      if (eq == 0) {
        error(w.pos, "ARG names can not be blank");
        continue;
      }
      KeyValue kv{w.text.substr(0, eq), std::nullopt, w.pos, w.pos};
      if (eq != std::string::npos) {
        kv.value = w.text.substr(eq + 1);
        kv.value_pos = {w.pos.line, w.pos.column + static_cast<std::uint32_t>(eq + 1)};
      }
      ins.pairs.push_back(std::move(kv));
    }
  }

  void read_heredocs(Instruction& ins) {
    // BuildKit finds heredocs among the words of the line, read with the default escape character.
    for (const Span& span : split_words(ins.args, '\\')) {
      std::string_view word = std::string_view(ins.args).substr(span.offset, span.length);
      std::size_t k = 0;
      while (k < word.size() && word[k] >= '0' && word[k] <= '9') ++k;
      if (word.substr(k, 2) != "<<") continue;
      k += 2;
      Heredoc doc;
      if (k < word.size() && word[k] == '-') {
        doc.chomp = true;
        ++k;
      }
      const std::string_view raw = word.substr(k);
      if (raw.empty() || raw.find('<') != std::string_view::npos) continue;
      doc.expand = raw.find_first_of("'\"") == std::string_view::npos;
      auto name = expand(raw, Variables{}, '\\');
      doc.name = name ? name->text : std::string(raw);
      if (doc.name.empty()) continue;
      doc.pos = ins.args_map.at(span.offset);
      if (!read_heredoc_body(doc)) {
        error(doc.pos, "unterminated heredoc \"" + doc.name.substr(0, 64) + "\"");
        ins.heredocs.push_back(std::move(doc));
        return;  // the rest of the file was consumed
      }
      ins.heredocs.push_back(std::move(doc));
    }
  }

  bool read_heredoc_body(Heredoc& doc) {
    std::string_view line;
    doc.content_map.add(0, {lines_.line() + 1, 1});
    while (lines_.next(line)) {
      std::string_view candidate = line;
      if (doc.chomp)
        while (!candidate.empty() && candidate.front() == '\t') candidate.remove_prefix(1);
      if (candidate == doc.name) return true;
      doc.content_map.add(static_cast<std::uint32_t>(doc.content.size()), {lines_.line(), 1});
      doc.content.append(line);
      doc.content += '\n';
    }
    return false;
  }

  void add_instruction(Instruction ins) {
    const std::size_t index = out_.instructions.size();
    if (ins.keyword == Keyword::From) {
      if (!out_.stages.empty()) out_.stages.back().end = index;
      out_.stages.push_back(make_stage(ins, index));
    } else if (out_.stages.empty() && ins.keyword != Keyword::Arg) {
      error(ins.pos,
            std::string(keyword_name(ins.keyword)) + " before the first FROM: only ARG may come before FROM");
    } else if (out_.stages.empty()) {
      declare_global(ins);
    }
    ins.stage = static_cast<int>(out_.stages.size()) - 1;
    for (Instruction& t : ins.trigger) t.stage = ins.stage;
    out_.instructions.push_back(std::move(ins));
  }

  void declare_global(const Instruction& ins) {
    for (const KeyValue& kv : ins.pairs) {
      if (auto given = options_.build_args.find(kv.key)) {
        global_.set(kv.key, *given);
      } else if (kv.value) {
        auto value = expand(*kv.value, global_, out_.escape);
        global_.set(kv.key, value ? value->text : *kv.value);
      }
    }
  }

  Stage make_stage(const Instruction& ins, std::size_t index) {
    Stage stage;
    stage.from = index;
    stage.end = index + 1;
    if (ins.words.empty()) return stage;
    stage.base = ins.words.front();
    if (ins.words.size() == 3) {
      stage.name = lower(ins.words[2].text);
      if (!valid_stage_name(stage.name))
        error(ins.words[2].pos, "invalid name for build stage: \"" + ins.words[2].text.substr(0, 64) +
                                    "\", name can't start with a number or contain symbols");
      for (const Stage& earlier : out_.stages)
        if (!stage.name.empty() && earlier.name == stage.name)
          error(ins.words[2].pos, "duplicate stage name \"" + stage.name + "\"");
    }
    if (const Flag* platform = ins.flag("platform"); platform && platform->value)
      stage.platform = platform->value;
    if (auto resolved = expand(stage.base.text, global_, out_.escape)) {
      stage.base_resolved = std::move(resolved->text);
      stage.base_unresolved = !resolved->unset.empty();
    } else {
      error(stage.base.pos, "FROM " + stage.base.text.substr(0, 64) + ": " + resolved.error());
      stage.base_resolved = stage.base.text;
      stage.base_unresolved = true;
    }
    const std::string base_lower = lower(stage.base_resolved);
    for (std::size_t s = 0; s < out_.stages.size(); ++s)
      if (!out_.stages[s].name.empty() && out_.stages[s].name == base_lower)
        stage.base_stage = static_cast<int>(s);
    return stage;
  }

  void finish() {
    if (!out_.stages.empty()) out_.stages.back().end = out_.instructions.size();
    if (out_.stages.empty() && !out_.instructions.empty())
      error(out_.instructions.front().pos,
            "no FROM instruction: a Dockerfile must have at least one build stage");
  }

  Dockerfile out_;  // first: lines_ reads its line index
  LineReader lines_;
  LogicalLine logical_;
  const ParseOptions& options_;
  Variables global_;
};

}  // namespace

std::vector<Word> argument_words(const Instruction& ins, char escape) {
  if (ins.exec_form) return ins.exec;
  const std::vector<Span> spans = split_words(ins.args, escape);
  std::vector<Word> words;
  words.reserve(spans.size());
  std::size_t hint = 0;
  for (const Span& w : spans)
    words.push_back({ins.args.substr(w.offset, w.length), ins.args_map.at(w.offset, hint)});
  return words;
}

Dockerfile parse(std::string_view text, const ParseOptions& options) {
  return Parser(text, options).run();
}

}  // namespace bulwark::dockerfile
