// Any expression through the CEL compiler, and every program that compiles evaluated against a
// small object: errors are values, never crashes; the cost limit bounds every evaluation.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cel/program.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  const std::string_view expression(reinterpret_cast<const char*>(data), size);
  bulwark::cel::Environment env;
  env.declare("object");
  env.set_unchecked(true);
  env.set_cost_limit(100'000);
  auto program = bulwark::cel::compile(expression, env);
  if (!program) return 0;
  bulwark::cel::Activation activation(env);
  std::uint64_t cost = 0;
  (void)program->evaluate(activation, cost);
  return 0;
}
