#include "dockerfile/scope.h"

namespace bulwark::dockerfile {
namespace {

std::string expanded_or_raw(std::string_view value, const Variables& vars, char escape) {
  auto e = expand(value, vars, escape);
  return e ? std::move(e->text) : std::string(value);
}

struct StageVariables {
  Variables args;
  Variables env;

  Variables merged() const {
    Variables all = args;
    for (const auto& [k, v] : env.entries()) all.set(k, v);
    return all;
  }
};

StageVariables stage_variables(const Dockerfile& file, int stage_index, std::size_t upto,
                               const Variables& global, const Variables& build_args, int depth) {
  StageVariables out;
  if (stage_index < 0 || static_cast<std::size_t>(stage_index) >= file.stages.size()) return out;
  const Stage& stage = file.stages[static_cast<std::size_t>(stage_index)];
  // The base stage is always earlier, so this terminates; the depth bound is a second guard.
  if (stage.base_stage >= 0 && stage.base_stage < stage_index && depth < 64)
    out.env =
        stage_variables(file, stage.base_stage, file.stages[static_cast<std::size_t>(stage.base_stage)].end,
                        global, build_args, depth + 1)
            .env;
  for (std::size_t i = stage.from + 1; i < upto && i < stage.end; ++i) {
    const Instruction& ins = file.instructions[i];
    if (ins.keyword == Keyword::Arg) {
      for (const KeyValue& kv : ins.pairs) {
        if (auto given = build_args.find(kv.key)) {
          out.args.set(kv.key, *given);
        } else if (kv.value) {
          out.args.set(kv.key, expanded_or_raw(*kv.value, out.merged(), file.escape));
        } else if (auto inherited = global.find(kv.key)) {
          out.args.set(kv.key, *inherited);
        }
      }
    } else if (ins.keyword == Keyword::Env) {
      const Variables before = out.merged();
      for (const KeyValue& kv : ins.pairs)
        out.env.set(kv.key, expanded_or_raw(kv.value.value_or(""), before, file.escape));
    }
  }
  return out;
}

}  // namespace

Variables global_variables(const Dockerfile& file, const Variables& build_args) {
  Variables vars;
  for (std::size_t i = 0; i < file.global_end(); ++i) {
    const Instruction& ins = file.instructions[i];
    if (ins.keyword != Keyword::Arg) continue;
    for (const KeyValue& kv : ins.pairs) {
      if (auto given = build_args.find(kv.key)) {
        vars.set(kv.key, *given);
      } else if (kv.value) {
        vars.set(kv.key, expanded_or_raw(*kv.value, vars, file.escape));
      }
    }
  }
  return vars;
}

Variables variables_before(const Dockerfile& file, std::size_t instruction, const Variables& build_args) {
  const Variables global = global_variables(file, build_args);
  if (instruction >= file.instructions.size()) return global;
  const int stage = file.instructions[instruction].stage;
  if (stage < 0) return global;
  return stage_variables(file, stage, instruction, global, build_args, 0).merged();
}

std::optional<Expansion> expand_at(const Dockerfile& file, std::size_t instruction, std::string_view word,
                                   const Variables& build_args) {
  // Only a `$` reads variables: without one, the scope (a walk over the stage) is not built at all.
  const bool reads_variables = word.find('$') != std::string_view::npos;
  auto e = expand(word, reads_variables ? variables_before(file, instruction, build_args) : Variables{},
                  file.escape);
  if (!e) return std::nullopt;
  return std::move(*e);
}

}  // namespace bulwark::dockerfile
