#include "dockerfile/shell_commands.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

namespace bulwark::dockerfile {

std::string_view SimpleCommand::program() const {
  if (argv.empty()) return {};
  std::string_view p = argv.front().text;
  const auto slash = p.rfind('/');
  return slash == std::string_view::npos ? p : p.substr(slash + 1);
}

bool is_shell_program(std::string_view program) {
  // Every argv word is asked: reject most by length and last letters before comparing names.
  if (program.size() < 2 || program.size() > 4 || !program.ends_with("sh")) return false;
  constexpr std::array<std::string_view, 7> kShells{"sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"};
  for (std::string_view s : kShells)
    if (program == s) return true;
  return false;
}

namespace {

constexpr bool is_operator_char(char c) {
  return c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '<' || c == '>';
}
constexpr bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

constexpr bool is_word_char(char c) {
  return !is_space(c) && c != '\n' && !is_operator_char(c);
}

// Bytes that extend a word as they are: not a blank, operator, quote, escape or expansion. Looked up in a
// table, as every byte of every word goes through here.
constexpr std::array<bool, 256> kPlainWordBytes = [] {
  std::array<bool, 256> plain{};
  for (unsigned c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    plain[c] = is_word_char(ch) && ch != '\\' && ch != '\'' && ch != '"' && ch != '$' && ch != '`';
  }
  return plain;
}();

bool is_plain_word_char(char c) {
  return kPlainWordBytes[static_cast<unsigned char>(c)];
}

// Does the raw text at a word's start begin with `NAME=`? The name is read in place: no copy or search
// of the rest of the script.
bool starts_assignment(std::string_view raw) {
  auto name_char = [](char c, bool first) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (!first && c >= '0' && c <= '9');
  };
  std::size_t i = 0;
  while (i < raw.size() && name_char(raw[i], i == 0)) ++i;
  return i > 0 && i < raw.size() && raw[i] == '=';
}

/// A word being assembled from the bytes of a script. Every byte added is the script's own byte at the
/// given offset, so while each comes right after the last the word is a slice of the script and needs no
/// copy; the first gap (a quote or an escape dropped) moves it into `scratch`.
struct WordBuilder {
  std::string_view text;  // the word, once sealed
  std::size_t start = 0;
  bool quoted = false;

  // `origin`, when given, gets where each byte of the word came from (only `sh -c` scripts need it).
  void begin(std::string_view source, std::string& scratch, std::size_t at,
             std::vector<std::uint32_t>* origin) {
    source_ = source;
    scratch_ = &scratch;
    start = at;
    origin_ = origin;
  }
  // Forced inline: called for every piece of every word, and GCC keeps it out of line otherwise.
  [[gnu::always_inline]] void take(std::size_t at, std::size_t n) {
    if (origin_ != nullptr)
      for (std::size_t k = 0; k < n; ++k) origin_->push_back(static_cast<std::uint32_t>(at + k));
    if (copied_) {
      scratch_->append(source_.data() + at, n);
    } else if (end_ == kNone) {
      begin_ = at;
      end_ = at + n;
    } else if (at == end_) {
      end_ += n;
    } else {
      copied_ = true;
      scratch_->assign(source_.data() + begin_, end_ - begin_);
      scratch_->append(source_.data() + at, n);
    }
  }
  /// Fixes `text`: a slice of the script, or the rewritten bytes kept in `store`.
  void seal(ShellArena& store) {
    if (copied_) {
      text = store.keep(*scratch_);
      scratch_->clear();
    } else if (end_ != kNone) {
      text = source_.substr(begin_, end_ - begin_);
    }
  }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::string_view source_;
  std::string* scratch_ = nullptr;
  std::vector<std::uint32_t>* origin_ = nullptr;
  std::size_t begin_ = kNone;
  std::size_t end_ = kNone;
  bool copied_ = false;
};

class Splitter {
 public:
  // `base`: where `script` starts in the text `map` describes (a `$(...)` body is split in place).
  Splitter(std::string_view script, const SourceMap& map, unsigned depth, const ShellOptions& options,
           ShellScript& out, std::uint32_t& next_pipeline, std::size_t base = 0)
      : s_(script),
        map_(map),
        base_(base),
        depth_(depth),
        options_(options),
        out_(out),
        next_pipeline_(next_pipeline) {
    pipeline_ = next_pipeline_++;
    words_.reserve(8);  // most commands have a few words: one allocation instead of four
  }

  void run() {
    while (true) {
      skip_spaces();
      if (expect_pattern_ && case_depth_ > 0) {
        skip_case_pattern();
        skip_spaces();
      }
      if (i_ >= s_.size()) break;
      const char c = s_[i_];
      if (c == '#') {  // a word that starts with # starts a comment
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
        continue;
      }
      if (c == '\n') {
        ++i_;
        finish(false);
        skip_pending_heredocs();
        continue;
      }
      if (c == ';') {
        ++i_;
        if (i_ < s_.size() && (s_[i_] == ';' || s_[i_] == '&')) {
          ++i_;
          if (i_ < s_.size() && s_[i_] == '&') ++i_;
          finish(false);
          if (case_depth_ > 0) expect_pattern_ = true;
          continue;
        }
        finish(false);
        continue;
      }
      if (c == '&') {
        if (i_ + 1 < s_.size() && s_[i_ + 1] == '>') {
          read_redirect();
          continue;
        }
        i_ += (i_ + 1 < s_.size() && s_[i_ + 1] == '&') ? 2 : 1;
        finish(false);
        continue;
      }
      if (c == '|') {
        if (i_ + 1 < s_.size() && s_[i_ + 1] == '|') {
          i_ += 2;
          finish(false);
          continue;
        }
        i_ += (i_ + 1 < s_.size() && s_[i_ + 1] == '&') ? 2 : 1;
        finish(true);
        continue;
      }
      if (c == '(' || c == ')') {
        ++i_;
        if (c == '(' && !words_.empty() && i_ < s_.size() && s_[i_] == ')') {
          ++i_;  // `name()` starts a function definition: the body's commands follow
          words_.clear();
          continue;
        }
        finish(false);
        continue;
      }
      if (c == '<' || c == '>' || starts_fd_redirect()) {
        read_redirect();
        continue;
      }
      if (is_plain_word_char(c)) {
        // Most words are one run of plain bytes up to a blank or an operator: a slice of the script.
        const std::size_t end = plain_run_end(i_);
        if (end == s_.size() || !is_word_char(s_[end])) {
          words_.push_back({s_.substr(i_, end - i_), i_, false});
          i_ = end;
          added_word();
          continue;
        }
      }
      WordBuilder w;
      read_word(w, /*recurse=*/true);
      w.seal(out_.arena);
      if (i_ == w.start) {
        ++i_;  // cannot happen for a word byte; a guard against looping forever on unforeseen input
        continue;
      }
      words_.push_back({w.text, w.start, w.quoted});
      added_word();
    }
    finish(false);
  }

 private:
  // The end of the run of plain word bytes (no blank, operator, quote, escape or expansion) that
  // starts with the plain byte at `from`.
  std::size_t plain_run_end(std::size_t from) const {
    std::size_t end = from + 1;
    while (end < s_.size() && is_plain_word_char(s_[end])) ++end;
    return end;
  }

  // Words are placed mostly in increasing order: each lookup resumes where the last one ended.
  Position at(std::size_t offset) { return map_.at(base_ + offset, map_hint_); }

  void problem(std::size_t offset, std::string reason) {
    out_.problems.push_back({at(offset), std::move(reason)});
  }

  void skip_spaces() {
    while (i_ < s_.size()) {
      if (is_space(s_[i_])) {
        ++i_;
      } else if (s_[i_] == '\\' && i_ + 1 < s_.size() && s_[i_ + 1] == '\n') {
        i_ += 2;
      } else {
        break;
      }
    }
  }

  bool starts_fd_redirect() const {
    std::size_t k = i_;
    while (k < s_.size() && s_[k] >= '0' && s_[k] <= '9') ++k;
    return k > i_ && k < s_.size() && (s_[k] == '<' || s_[k] == '>');
  }

  // Skips a case pattern such as `amd64)`, `'x86_64' | i?86)` or `(*)`, unless the next word is `esac`.
  void skip_case_pattern() {
    while (i_ < s_.size() && (is_space(s_[i_]) || s_[i_] == '\n')) ++i_;
    if (s_.substr(i_, 4) == "esac" && (i_ + 4 == s_.size() || !is_word_char(s_[i_ + 4]))) {
      expect_pattern_ = false;
      return;
    }
    std::size_t k = i_;
    if (k < s_.size() && s_[k] == '(') ++k;
    char quote = 0;
    for (; k < s_.size(); ++k) {
      const char ch = s_[k];
      if (quote != 0) {
        if (ch == quote) quote = 0;
      } else if (ch == '\'' || ch == '"') {
        quote = ch;
      } else if (ch == '\\') {
        ++k;
      } else if (ch == ')') {
        i_ = k + 1;
        expect_pattern_ = false;
        return;
      } else if (ch == '\n' || ch == ';') {
        break;  // not a pattern after all
      }
    }
    expect_pattern_ = false;
  }

  void read_redirect() {
    const std::size_t start = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    std::string_view op;
    auto take = [&](std::string_view candidate) {
      if (s_.substr(i_, candidate.size()) == candidate) {
        op = candidate;
        i_ += candidate.size();
        return true;
      }
      return false;
    };
    take("<<<") || take("<<-") || take("<<") || take("<>") || take("<&") || take("<") || take(">>") ||
        take(">&") || take(">|") || take(">") || take("&>>") || take("&>");
    skip_spaces();
    Redirect r;
    r.op = op;
    if (i_ < s_.size() && is_word_char(s_[i_])) {
      WordBuilder w;
      read_word(w, /*recurse=*/true);
      w.seal(out_.arena);
      r.target = {w.text, at(w.start), w.quoted};
    } else {
      r.target.pos = at(start);
    }
    if (op == "<<" || op == "<<-") pending_heredocs_.push_back({r.target.text, op == "<<-"});
    redirects_.push_back(std::move(r));
  }

  void skip_pending_heredocs() {
    for (const auto& [delimiter, chomp] : pending_heredocs_) {
      while (i_ < s_.size()) {
        const std::size_t nl = s_.find('\n', i_);
        std::string_view line =
            s_.substr(i_, nl == std::string_view::npos ? std::string_view::npos : nl - i_);
        i_ = nl == std::string_view::npos ? s_.size() : nl + 1;
        if (chomp)
          while (!line.empty() && line.front() == '\t') line.remove_prefix(1);
        if (line == delimiter) break;
      }
    }
    pending_heredocs_.clear();
  }

  // Reads one word starting at i_ into `w` (a fresh builder). With `recurse`, commands inside $(...) and
  // backquotes are split too; they go to other splitters, never to this one's words_.
  void read_word(WordBuilder& w, bool recurse, std::vector<std::uint32_t>* origin = nullptr) {
    w.begin(s_, scratch_, i_, origin);
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (is_space(c) || c == '\n' || is_operator_char(c)) break;
      if (c == '\\') {
        if (i_ + 1 >= s_.size()) {
          ++i_;
          break;
        }
        if (s_[i_ + 1] != '\n') w.take(i_ + 1, 1);
        i_ += 2;
      } else if (c == '\'') {
        w.quoted = true;
        const auto close = s_.find('\'', i_ + 1);
        if (close == std::string_view::npos) {
          problem(i_, "unterminated single quote");
          w.take(i_ + 1, s_.size() - i_ - 1);
          i_ = s_.size();
          break;
        }
        w.take(i_ + 1, close - i_ - 1);
        i_ = close + 1;
      } else if (c == '"') {
        w.quoted = true;
        read_double_quoted(w, recurse);
      } else if (c == '$') {
        read_dollar(w, recurse);
      } else if (c == '`') {
        read_backquote(w, recurse);
      } else {
        // A run of bytes with no quoting or expansion is taken whole.
        const std::size_t end = plain_run_end(i_);
        w.take(i_, end - i_);
        i_ = end;
      }
    }
  }

  void read_double_quoted(WordBuilder& w, bool recurse) {
    const std::size_t open = i_++;
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == '"') {
        ++i_;
        return;
      }
      if (c == '\\' && i_ + 1 < s_.size()) {
        const char next = s_[i_ + 1];
        if (next == '\n') {
          i_ += 2;
          continue;
        }
        if (next == '"' || next == '\\' || next == '$' || next == '`') {
          w.take(i_ + 1, 1);
          i_ += 2;
          continue;
        }
        w.take(i_, 1);
        ++i_;
      } else if (c == '$') {
        read_dollar(w, recurse);
      } else if (c == '`') {
        read_backquote(w, recurse);
      } else {
        w.take(i_, 1);
        ++i_;
      }
    }
    problem(open, "unterminated double quote");
  }

  // Finds the ')' closing a `$(` whose body starts at `from`; quotes, escapes and nesting are skipped.
  std::optional<std::size_t> matching_paren(std::size_t from) const {
    int depth = 1;
    char quote = 0;
    for (std::size_t k = from; k < s_.size(); ++k) {
      const char ch = s_[k];
      if (quote == '\'') {
        if (ch == '\'') quote = 0;
        continue;
      }
      if (ch == '\\') {
        ++k;
        continue;
      }
      if (quote == '"') {
        if (ch == '"')
          quote = 0;
        else if (ch == '$' && k + 1 < s_.size() && s_[k + 1] == '(') {
          ++depth;
          ++k;
        } else if (ch == ')' && depth > 1) {
          --depth;
        }
        continue;
      }
      if (ch == '\'' || ch == '"') {
        quote = ch;
      } else if (ch == '(') {
        ++depth;
      } else if (ch == ')') {
        if (--depth == 0) return k;
      }
    }
    return std::nullopt;
  }

  void read_dollar(WordBuilder& w, bool recurse) {
    const std::size_t start = i_;
    if (i_ + 1 < s_.size() && s_[i_ + 1] == '(') {
      const bool arithmetic = i_ + 2 < s_.size() && s_[i_ + 2] == '(';
      const auto close = matching_paren(i_ + 2);
      const std::size_t end = close ? *close + 1 : s_.size();
      if (!close) problem(start, "unterminated command substitution");
      if (recurse && !arithmetic && close) nested(i_ + 2, *close);
      w.take(start, end - start);
      i_ = end;
      return;
    }
    if (i_ + 1 < s_.size() && s_[i_ + 1] == '{') {
      std::size_t k = i_ + 2;
      int depth = 1;
      for (; k < s_.size() && depth > 0; ++k) {
        if (s_[k] == '\\')
          ++k;
        else if (s_[k] == '{')
          ++depth;
        else if (s_[k] == '}')
          --depth;
      }
      if (depth > 0) problem(start, "unterminated ${");
      const std::size_t end = std::min(k, s_.size());
      w.take(start, end - start);
      i_ = end;
      return;
    }
    w.take(i_, 1);
    ++i_;
  }

  void read_backquote(WordBuilder& w, bool recurse) {
    const std::size_t start = i_;
    std::size_t k = i_ + 1;
    while (k < s_.size() && s_[k] != '`') k += (s_[k] == '\\') ? 2 : 1;
    if (k >= s_.size()) {
      problem(start, "unterminated backquote");
      w.take(start, s_.size() - start);
      i_ = s_.size();
      return;
    }
    if (recurse) nested(start + 1, k);
    w.take(start, k + 1 - start);
    i_ = k + 1;
  }

  // Splits s_[from, to) as a script one level deeper.
  void nested(std::size_t from, std::size_t to) {
    if (depth_ + 1 > options_.max_depth) {
      problem(from,
              "command nesting deeper than " + std::to_string(options_.max_depth) + " levels not followed");
      return;
    }
    Splitter(s_.substr(from, to - from), map_, depth_ + 1, options_, out_, next_pipeline_, base_ + from)
        .run();
  }

  // Called once words_.back() is read.
  void added_word() {
    // `case WORD in` opens pattern lists; the keyword words themselves are no command.
    const Word& w = words_.back();
    if (words_.size() == 3 && w.text == "in" && !w.quoted && words_.front().text == "case") {
      words_.clear();
      ++case_depth_;
      expect_pattern_ = true;
    }
  }

  static bool is_prefix_keyword(std::string_view w) {
    return w == "if" || w == "then" || w == "else" || w == "elif" || w == "do" || w == "while" ||
           w == "until" || w == "!" || w == "{" || w == "time";
  }
  static bool is_closing_keyword(std::string_view w) { return w == "fi" || w == "done" || w == "}"; }

  void finish(bool piped) {
    std::size_t first = 0;
    while (first < words_.size() && !words_[first].quoted) {
      const std::string_view t = words_[first].text;
      if (is_prefix_keyword(t) || is_closing_keyword(t)) {
        ++first;
      } else if (t == "esac") {
        ++first;
        if (case_depth_ > 0) --case_depth_;
        expect_pattern_ = false;
      } else {
        break;
      }
    }
    const bool loop_header = first < words_.size() && !words_[first].quoted &&
                             (words_[first].text == "for" || words_[first].text == "select");
    if (!loop_header && first < words_.size()) emit(first, piped);
    words_.clear();
    redirects_.clear();
    if (piped) {
      ++pipe_index_;
    } else {
      pipeline_ = next_pipeline_++;
      pipe_index_ = 0;
    }
  }

  void emit(std::size_t first, bool /*piped*/) {
    // Leading NAME=value words are assignments; the first other word starts argv, which takes the rest.
    std::size_t argv_first = first;  // words_ index of argv[0]
    while (argv_first < words_.size() && starts_assignment(s_.substr(words_[argv_first].start))) ++argv_first;
    if (argv_first == words_.size()) {  // assignments only: their $(...) commands were already collected
      redirects_.clear();
      return;
    }
    // Assignments then argv, one run of words in the arena (built here, then copied there whole).
    command_words_.clear();
    for (std::size_t k = first; k < words_.size(); ++k)
      command_words_.push_back({words_[k].text, at(words_[k].start), words_[k].quoted});
    const std::span<const ShellWord> all = out_.arena.keep(std::span<const ShellWord>(command_words_));
    SimpleCommand& cmd = out_.commands.emplace_back();
    cmd.assignments = all.first(argv_first - first);
    cmd.argv = all.subspan(argv_first - first);
    cmd.redirects = out_.arena.keep(std::span<const Redirect>(redirects_));
    redirects_.clear();
    cmd.depth = depth_;
    cmd.pipeline = pipeline_;
    cmd.pipe_index = pipe_index_;
    cmd.pos = all.front().pos;
    // `cmd` is not used past here: following `sh -c` adds commands to the list.
    const std::size_t script_arg = shell_script_argument(cmd);
    if (script_arg != 0) {
      const std::size_t raw_start = words_[argv_first + script_arg].start;
      follow_shell_c(raw_start);
    }
  }

  // For `sh -c SCRIPT ...` (options may be grouped: `-ec`, `-xc`), the argv index of SCRIPT, else 0. The
  // shell may be run by another program (`find -exec sh -c`, `xargs sh -c`, `sudo bash -c`, `env sh -c`).
  static std::size_t shell_script_argument(const SimpleCommand& cmd) {
    for (std::size_t j = 0; j < cmd.argv.size(); ++j) {
      std::string_view name = cmd.argv[j].text;
      if (!name.ends_with("sh")) continue;  // a shell's name ends so, whatever its directory
      if (const auto slash = name.rfind('/'); slash != std::string_view::npos) name = name.substr(slash + 1);
      if (!is_shell_program(name)) continue;
      if (const std::size_t a = script_after_shell(cmd, j); a != 0) return a;
    }
    return 0;
  }

  static std::size_t script_after_shell(const SimpleCommand& cmd, std::size_t shell) {
    bool has_c = false;
    for (std::size_t a = shell + 1; a < cmd.argv.size(); ++a) {
      const std::string_view arg = cmd.argv[a].text;
      if (arg == "-o" || arg == "+o") {
        ++a;
        continue;
      }
      if (arg == "--") continue;
      if (arg.size() > 1 && (arg[0] == '-' || arg[0] == '+') && arg[1] != '-') {
        if (arg.find('c') != std::string_view::npos) has_c = true;
        continue;
      }
      if (arg.starts_with("--")) continue;
      return has_c ? a : 0;
    }
    return 0;
  }

  std::vector<std::uint32_t> shifted(std::vector<std::uint32_t> origin) const {
    if (base_ != 0)
      for (std::uint32_t& o : origin) o += static_cast<std::uint32_t>(base_);
    return origin;
  }

  // Re-reads the word at `raw_start` keeping where each byte came from, and splits it as a script.
  void follow_shell_c(std::size_t raw_start) {
    if (depth_ + 1 > options_.max_depth) {
      problem(raw_start,
              "command nesting deeper than " + std::to_string(options_.max_depth) + " levels not followed");
      return;
    }
    const std::size_t saved = i_;
    i_ = raw_start;
    const std::size_t problems_before = out_.problems.size();
    WordBuilder w;
    std::vector<std::uint32_t> origin;
    read_word(w, /*recurse=*/false, &origin);
    w.seal(out_.arena);
    out_.problems.resize(problems_before);  // already reported on the first read
    i_ = saved;
    SourceMap inner_map = map_.compose(shifted(std::move(origin)));
    Splitter(w.text, inner_map, depth_ + 1, options_, out_, next_pipeline_).run();
  }

  std::string_view s_;
  const SourceMap& map_;
  std::size_t base_;
  unsigned depth_;
  const ShellOptions& options_;
  ShellScript& out_;
  std::uint32_t& next_pipeline_;
  std::size_t i_ = 0;
  // A word of the command being read: its text (a slice of the script, or kept in the arena), where it
  // starts in the script, and whether any of it was quoted.
  struct Word {
    std::string_view text;
    std::size_t start;
    bool quoted;
  };
  std::vector<Word> words_;
  std::vector<Redirect> redirects_;
  std::vector<std::pair<std::string_view, bool>> pending_heredocs_;
  std::string scratch_;                   // the word being rewritten (words are read one at a time)
  std::vector<ShellWord> command_words_;  // the command being emitted, before it moves to the arena
  std::size_t map_hint_ = 0;
  std::uint32_t pipeline_ = 0;
  std::uint32_t pipe_index_ = 0;
  int case_depth_ = 0;
  bool expect_pattern_ = false;
};

}  // namespace

ShellScript split_commands(std::string_view script, const SourceMap& map, const ShellOptions& options) {
  ShellScript out;
  std::uint32_t next_pipeline = 0;
  Splitter(out.arena.keep(script), map, 0, options, out, next_pipeline).run();
  return out;
}

ShellScript run_commands(const Instruction& run, const ShellOptions& options) {
  ShellScript out;
  out.commands.reserve(8);  // a RUN runs ten simple commands on average: fewer regrowths
  std::uint32_t next_pipeline = 0;
  if (run.exec_form) {
    if (run.exec.empty()) return out;
    // Quote each element so the splitter sees exactly this argv; positions stay those of the JSON strings.
    std::string script;
    std::vector<std::uint32_t> origin;
    SourceMap map;
    for (const Word& w : run.exec) {
      if (!script.empty()) script += ' ';
      map.add(static_cast<std::uint32_t>(script.size()), w.pos);
      script += '\'';
      for (char c : w.text) {
        if (c == '\'') {
          script += "'\\''";
        } else {
          script += c;
        }
      }
      script += '\'';
    }
    // A single quoted argv is one command; splitting it also follows `sh -c`.
    Splitter(out.arena.keep(script), map, 0, options, out, next_pipeline).run();
    return out;
  }
  Splitter(out.arena.keep(run.args), run.args_map, 0, options, out, next_pipeline).run();
  if (run.heredocs.empty()) return out;
  const bool only_heredocs = out.commands.empty();
  for (const Heredoc& doc : run.heredocs) {
    bool feeds_shell = only_heredocs;
    unsigned depth = 0;
    for (const SimpleCommand& cmd : out.commands) {
      for (const Redirect& r : cmd.redirects) {
        if ((r.op == "<<" || r.op == "<<-") && r.target.text == doc.name && is_shell_program(cmd.program()) &&
            cmd.argv.size() == 1) {
          feeds_shell = true;
          depth = cmd.depth + 1;
        }
      }
    }
    if (feeds_shell)
      Splitter(out.arena.keep(doc.content), doc.content_map, depth, options, out, next_pipeline).run();
  }
  return out;
}

}  // namespace bulwark::dockerfile
