#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cel/parser.h"
#include "cel/value.h"

namespace bulwark::cel {

/// Kubernetes' per-expression runtime cost limit (apiserver PerCallLimit).
inline constexpr std::uint64_t kKubernetesPerCallLimit = 1'000'000;

/// What an expression may reference: declared variables (dotted names such as "variables.foo" allowed)
/// and the container used to resolve names. Functions are the Kubernetes CEL environment's.
class Environment {
 public:
  /// Declares a variable and returns its slot.
  std::size_t declare(std::string name);
  void set_container(std::string container) { container_ = std::move(container); }
  /// Runtime cost limit; evaluation yields an error once exceeded (0 = unlimited).
  void set_cost_limit(std::uint64_t limit) { cost_limit_ = limit; }
  /// Unchecked mode (cel-spec "disableCheck"): undeclared names become runtime errors instead of
  /// compile errors. Off by default, as Kubernetes type-checks every expression.
  void set_unchecked(bool unchecked) { unchecked_ = unchecked; }
  bool unchecked() const { return unchecked_; }
  /// Kubernetes rejects list/map literals mixing element types ([1, 'a']); on by default. cel-spec's
  /// conformance tests use mixed literals, so their runner turns it off.
  void set_homogeneous_literals(bool on) { homogeneous_literals_ = on; }
  bool homogeneous_literals() const { return homogeneous_literals_; }

  const std::vector<std::string>& variables() const { return variables_; }
  const std::string& container() const { return container_; }
  std::uint64_t cost_limit() const { return cost_limit_; }
  /// Slot of a declared variable, or -1.
  int slot_of(std::string_view name) const;

 private:
  std::vector<std::string> variables_;
  std::string container_;
  std::uint64_t cost_limit_ = kKubernetesPerCallLimit;
  bool unchecked_ = false;
  bool homogeneous_literals_ = true;
};

/// Values of an environment's variables for one evaluation. A variable may be bound lazily: its producer
/// runs on first use and the result is kept for the rest of the activation's life.
class Activation {
 public:
  explicit Activation(const Environment& env);
  /// Returns false when the environment declares no such variable.
  bool set(std::string_view name, Value v);
  bool set_lazy(std::string_view name, std::function<Value()> producer);
  /// The bound value; an error Value when unbound.
  const Value& get(std::size_t slot) const;

 private:
  struct Slot {
    mutable Value value;
    mutable std::function<Value()> producer;
    bool bound = false;
  };
  const Environment* env_;
  std::vector<Slot> slots_;
};

struct Plan;

/// A compiled expression: parsed, resolved against the environment and ready to evaluate any number of
/// times (concurrently, with separate activations).
class Program {
 public:
  /// Evaluates; CEL errors (division by zero, no such key, cost limit exceeded...) come back as error Values.
  Value evaluate(const Activation& activation) const;
  /// Like evaluate, also reporting the runtime cost spent.
  Value evaluate(const Activation& activation, std::uint64_t& cost) const;
  /// Static upper bound of the cost for inputs of unknown size, saturating; Kubernetes' estimator
  /// counts lists/strings from the schema, which we do not have, so this is a coarse figure.
  std::uint64_t cost_estimate() const;

  explicit Program(std::shared_ptr<const Plan> plan) : plan_(std::move(plan)) {}

 private:
  std::shared_ptr<const Plan> plan_;
};

/// Parses and compiles an expression against an environment.
std::expected<Program, CompileError> compile(std::string_view expression, const Environment& env);

}  // namespace bulwark::cel
