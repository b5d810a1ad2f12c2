#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "dockerfile/substitution.h"
#include "dockerfile/syntax.h"

namespace bulwark::dockerfile {

/// The ARGs declared before the first FROM, with their defaults (or the build args given), as FROM sees them.
Variables global_variables(const Dockerfile& file, const Variables& build_args = {});

/// The variables an instruction sees, following the Dockerfile rules: a stage starts with no ARGs; a global
/// ARG is visible in a stage only once redeclared there (`ARG NAME`); ENV outlives ARG of the same name and
/// is inherited from a stage this stage is built FROM; an ENV line sees the values from before that line.
Variables variables_before(const Dockerfile& file, std::size_t instruction, const Variables& build_args = {});

/// `word` as `instruction` would see it after substitution (nothing for a malformed word).
std::optional<Expansion> expand_at(const Dockerfile& file, std::size_t instruction, std::string_view word,
                                   const Variables& build_args = {});

}  // namespace bulwark::dockerfile
