#include <algorithm>

#include "rules/dockerfile/dockerfile_rule.h"

namespace bulwark::rules::dockerfile {

DockerfileContext::DockerfileContext(std::string_view file_name, std::string_view text,
                                     const df::Dockerfile& file, const df::ParseOptions& options)
    : file_name_(file_name), text_(text), file_(file), options_(options) {
  for (std::size_t i = 0; i < file_.instructions.size(); ++i) {
    const df::Instruction& ins = file_.instructions[i];
    const df::Instruction* run = nullptr;
    if (ins.keyword == df::Keyword::Run) run = &ins;
    if (ins.keyword == df::Keyword::Onbuild && !ins.trigger.empty() &&
        ins.trigger[0].keyword == df::Keyword::Run)
      run = &ins.trigger[0];
    if (run) runs_.push_back({i, run, df::run_commands(*run), {}, {}, {}});
  }
  // After runs_ stops growing: the cached spans point into each script's commands.
  for (RunView& view : runs_) {
    view.programs.reserve(view.script.commands.size());
    view.packages.reserve(view.script.commands.size());
    view.names.reserve(view.script.commands.size());
    for (const df::SimpleCommand& cmd : view.script.commands) {
      const Words program = program_argv(cmd);
      view.programs.push_back(program);
      view.packages.push_back(package_command(program));
      view.names.push_back(program.empty() ? std::string_view{} : base_name(program[0].text));
    }
  }
  secrets_ = find_secrets(*this);
  for (int s = final_stage(); s >= 0 && final_chain_.size() <= file_.stages.size();
       s = file_.stages[static_cast<std::size_t>(s)].base_stage)
    final_chain_.push_back(s);
}

std::string_view DockerfileContext::line_text(std::uint32_t line) const {
  // The parser's line index (line 1 starts after a UTF-8 BOM, which it skips).
  const std::vector<std::uint32_t>& starts = file_.line_starts;
  if (line == 0 || line > starts.size() || starts[line - 1] > text_.size()) return {};
  const std::size_t begin = starts[line - 1];
  std::size_t end = line < starts.size() ? starts[line] - 1 : text_.size();
  if (end > begin && text_[end - 1] == '\r') --end;
  return text_.substr(begin, end - begin);
}

Location DockerfileContext::location(df::Position pos) const {
  Location loc;
  loc.file = std::string(file_name_);
  const std::string_view line = line_text(pos.line);
  // Findings count columns in code points (doc::Position); the parser counts bytes.
  std::uint32_t column = 1;
  const std::size_t bytes = std::min<std::size_t>(pos.column > 0 ? pos.column - 1 : 0, line.size());
  for (std::size_t i = 0; i < bytes; ++i)
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++column;
  loc.range.begin = {pos.line, column};
  loc.range.end = {pos.line, column};
  constexpr std::size_t kMaxSnippet = 400;
  loc.snippet = std::string(line.substr(0, kMaxSnippet));
  return loc;
}

Finding DockerfileContext::finding(const RuleMeta& rule, df::Position pos, std::string field,
                                   std::string message) const {
  Finding f;
  f.rule = &rule;
  f.severity = rule.severity;
  f.message = std::move(message);
  f.field_path = std::move(field);
  f.location = location(pos);
  return f;
}

}  // namespace bulwark::rules::dockerfile
